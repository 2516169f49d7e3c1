/** How segment data reads to people: catalogue labels in the UI language, fields grouped for the
 * picker, operator keys, month names, shares as percentages, the tags' colours. */
import type { FieldGroup, FieldKind, Operator, SegmentField } from "./rules";

/** The order the field picker shows its groups in. */
export const GROUP_ORDER: readonly FieldGroup[] = ["attribute", "behaviour", "loyalty", "rfm", "custom"];

/** A catalogue label (fields, options, RFM segments) in the UI language, the other one if blank. */
export function localLabel(x: { label_zh: string; label_en: string }, language: string): string {
  return (language === "en" ? x.label_en || x.label_zh : x.label_zh || x.label_en) || "";
}

/** The catalogue's fields by group, groups in GROUP_ORDER, fields in the catalogue's order. */
export function groupFields(fields: readonly SegmentField[]): [FieldGroup, SegmentField[]][] {
  return GROUP_ORDER.map((g): [FieldGroup, SegmentField[]] => [
    g,
    fields.filter((f) => f.group === g),
  ]).filter(([, list]) => list.length > 0);
}

/** The i18n key of an operator; "equals" reads "is" for a yes/no field. */
export function operatorKey(kind: FieldKind, operator: Operator): string {
  return kind === "boolean" && operator === "eq" ? "segments.operators.is" : `segments.operators.${operator}`;
}

/** Month 1–12 by name in the locale (一月 / January), from Intl rather than a word list. */
export function monthName(month: number, locale: string): string {
  const format = new Intl.DateTimeFormat(locale, { month: "long", timeZone: "UTC" });
  return format.format(new Date(Date.UTC(2000, month - 1, 1)));
}

/** A share 0–1 as the API writes it ("0.2291") → "22.9%". */
export function formatShare(share: string | number, locale: string): string {
  const n = typeof share === "string" ? Number(share) : share;
  if (Number.isNaN(n)) return String(share);
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(n);
}

/** A calendar day (YYYY-MM-DD) short, for a chart's axis: 12/4 or 12月4日. */
export function shortDay(day: string, locale: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return day;
  return new Intl.DateTimeFormat(locale, { month: "numeric", day: "numeric", timeZone: "UTC" }).format(d);
}

export const STATE_COLORS = { building: "processing", ready: "success" } as const;
export const KIND_COLORS = { dynamic: "blue", static: "default" } as const;
