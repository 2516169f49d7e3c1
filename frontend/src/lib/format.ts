/** Locale-aware formatting with Intl; the active language decides the locale. */

export function formatDateTime(value: string | null | undefined, locale: string): string {
  if (!value) return "—";
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(d);
}

export function formatDate(value: string | null | undefined, locale: string): string {
  if (!value) return "—";
  // A bare date (YYYY-MM-DD) is a calendar day, not an instant: format it in UTC so it never shifts.
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(d);
}

export function formatMoney(amount: number | string, locale: string, currency = "CNY"): string {
  const n = typeof amount === "string" ? Number(amount) : amount;
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(n);
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

/** +8613800138000 → +86 138 0013 8000; other numbers are shown as stored. */
export function formatPhone(e164: string | null | undefined): string {
  if (!e164) return "—";
  const m = /^\+86(1\d{2})(\d{4})(\d{4})$/.exec(e164);
  return m ? `+86 ${m[1]} ${m[2]} ${m[3]}` : e164;
}
