/**
 * Locale-aware formatting with Intl, in one place: the active language decides the locale, the
 * tenant decides the time zone and the currency (see useFormat for the bound versions).
 */

/** An instant in the tenant's time zone (the browser's when none is known, e.g. on public pages). */
export function formatDateTime(value: string | null | undefined, locale: string, timeZone?: string): string {
  if (!value) return "—";
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(d);
}

/** A calendar day (YYYY-MM-DD) as it is, or the day an instant falls on in the tenant's time zone. */
export function formatDate(value: string | null | undefined, locale: string, timeZone?: string): string {
  if (!value) return "—";
  // A bare date is a calendar day, not an instant: format it in UTC so it never shifts.
  const bare = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const d = new Date(bare ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: bare ? "UTC" : timeZone }).format(
    d,
  );
}

/** ¥103.95 in both languages: the narrow symbol, never "CN¥". */
export function formatMoney(amount: number | string, locale: string, currency = "CNY"): string {
  const n = typeof amount === "string" ? Number(amount) : amount;
  if (Number.isNaN(n)) return String(amount);
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    currencyDisplay: "narrowSymbol",
  }).format(n);
}

/** Accepts what people type (13800138000, 138-0013-8000, +86 138…) and returns E.164, or null. */
export function normalizePhone(input: string): string | null {
  const trimmed = input.trim();
  if (!trimmed) return null;
  const digits = trimmed.replace(/[\s\-()]/g, "");
  if (/^1\d{10}$/.test(digits)) return `+86${digits}`;
  if (/^0086\d+$/.test(digits)) return `+${digits.slice(2)}`;
  if (/^861\d{10}$/.test(digits)) return `+${digits}`;
  return digits;
}

/** Chinese numbers in groups: mobiles 3-4-4, landlines area code (2 digits for 10/2x, else 3) then the rest. */
function chineseGroups(national: string): string[] | null {
  const mobile = /^(1\d{2})(\d{4})(\d{4})$/.exec(national);
  if (mobile) return mobile.slice(1);
  const landline = /^((?:10|2\d)|[3-9]\d{2})(\d{3,4})(\d{4})$/.exec(national);
  return landline ? landline.slice(1) : null;
}

/**
 * +8613800138000 → "+86 138 0013 8000" in English and "138 0013 8000" in Chinese (landlines get
 * their trunk 0: "021 6123 4567"); numbers of other countries are shown as stored.
 */
export function formatPhone(e164: string | null | undefined, locale = "en"): string {
  if (!e164) return "—";
  const groups = e164.startsWith("+86") ? chineseGroups(e164.slice(3)) : null;
  if (!groups) return e164;
  const mobile = groups[0]?.startsWith("1") && groups[0] !== "10";
  if (locale === "zh-CN") return (mobile ? groups : [`0${groups[0]}`, ...groups.slice(1)]).join(" ");
  return `+86 ${groups.join(" ")}`;
}

/** The href that dials the number (tap-to-call), or null when there is nothing to dial. */
export function phoneHref(e164: string | null | undefined): string | null {
  if (!e164) return null;
  const dialable = e164.replace(/[^\d+]/g, "");
  return dialable ? `tel:${dialable}` : null;
}
