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

/** The narrow symbol of a currency as the locale writes it (¥, $, €), for input prefixes. */
export function currencySymbol(currency: string, locale: string): string {
  const parts = new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    currencyDisplay: "narrowSymbol",
  });
  return parts.formatToParts(0).find((p) => p.type === "currency")?.value ?? currency;
}

/** How many decimal places amounts of a currency take (CNY 2, JPY 0), at most the 2 amounts are stored with. */
export function currencyPlaces(currency: string): number {
  const places = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
    .maximumFractionDigits;
  return Math.min(places ?? 2, 2);
}

/** An amount as the API takes it in a currency with `places` decimal places: no sign, no
 * exponent; places past the currency's only as zeros ("500.00" yen is 500 yen, as the API answers). */
export function amountPattern(places: number): RegExp {
  const zeros = 2 - places;
  const fraction = places > 0 ? `\\d{1,${places}}0{0,${zeros}}` : "0{1,2}";
  return new RegExp(`^(0|[1-9]\\d{0,11})(\\.${fraction})?$`);
}

/** An example amount for hints: 12.50, or 1200 where the currency has no minor units. */
export function amountExample(places: number): string {
  return places > 0 ? (12.5).toFixed(places) : "1200";
}
