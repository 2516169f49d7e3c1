/** Pure helpers of the capture page: the lines the cashier builds before the server prices them. */

export interface DraftLine {
  product_id: string;
  name: string;
  sku: string;
  quantity: number;
  /** Line discount as a decimal string ("0", "5.50"). */
  discount: string;
}

/** Adds a product: a product already on the order gets one more unit instead of a second line. */
export function addProduct(
  lines: DraftLine[],
  product: { id: string; name: string; sku: string },
  quantity = 1,
): DraftLine[] {
  const existing = lines.find((l) => l.product_id === product.id);
  if (existing) {
    return lines.map((l) => (l.product_id === product.id ? { ...l, quantity: l.quantity + quantity } : l));
  }
  return [
    ...lines,
    { product_id: product.id, name: product.name, sku: product.sku, quantity, discount: "0" },
  ];
}

/** A money amount typed by a person → the API's decimal string (two places), "0.00" when not a valid amount. */
export function toDecimal(value: number | string | null | undefined): string {
  const n = typeof value === "string" ? Number(value.replace(/[,，\s]/g, "")) : (value ?? 0);
  if (!Number.isFinite(n) || n < 0) return "0.00";
  return n.toFixed(2);
}

/** The request lines (positive quantities only). */
export function toLineIn(lines: DraftLine[]): { product_id: string; quantity: number; discount: string }[] {
  return lines
    .filter((l) => l.quantity > 0)
    .map((l) => ({ product_id: l.product_id, quantity: l.quantity, discount: toDecimal(l.discount) }));
}

/** A stable signature of what the server needs to price, to skip redundant updates. */
export function pricingKey(lines: DraftLine[], discount: string): string {
  return JSON.stringify([toLineIn(lines), toDecimal(discount)]);
}

/** Units of a line not yet packed in a fulfilment. */
export function remainingToFulfil(line: { quantity: number; fulfilled_quantity: number }): number {
  return Math.max(0, line.quantity - line.fulfilled_quantity);
}

const OPEN_RETURN_STATUSES = new Set(["requested", "approved"]);

/** Units of each order line that can still be returned: shipped − already returned − held by
 * open (requested or approved) returns; the API applies the same rule. */
export function returnableUnits(
  lines: { id: string; shipped_quantity: number; returned_quantity: number }[],
  returns: { status: string; lines: { line_id: string; quantity: number }[] }[],
): Map<string, number> {
  const held = new Map<string, number>();
  for (const r of returns) {
    if (!OPEN_RETURN_STATUSES.has(r.status)) continue;
    for (const l of r.lines) held.set(l.line_id, (held.get(l.line_id) ?? 0) + l.quantity);
  }
  return new Map(
    lines.map((l) => [l.id, Math.max(0, l.shipped_quantity - l.returned_quantity - (held.get(l.id) ?? 0))]),
  );
}
