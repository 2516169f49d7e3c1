/** Cash at the till: the change due, and remembering it for the receipt. The API records only
 * the amount paid; what was tendered and given back is the till's business, kept in this
 * browser session so the receipt printed next can show it. */

/** tendered − amount in cents, as a decimal string; null when not both given or too little. */
export function changeDue(
  amount: string | number | null | undefined,
  tendered: string | number | null | undefined,
): string | null {
  if (amount === null || amount === undefined || tendered === null || tendered === undefined) return null;
  if (tendered === "" || amount === "") return null;
  const cents = Math.round(Number(tendered) * 100) - Math.round(Number(amount) * 100);
  if (!Number.isFinite(cents) || cents < 0) return null;
  return (cents / 100).toFixed(2);
}

const key = (paymentId: string) => `crm.cash.${paymentId}`;

export interface CashNote {
  tendered: string;
  change: string;
}

export function rememberChange(paymentId: string, tendered: string, change: string): void {
  try {
    sessionStorage.setItem(key(paymentId), JSON.stringify({ tendered, change }));
  } catch {
    // Storage may be unavailable (private mode); the receipt then shows no change line.
  }
}

export function rememberedChange(paymentId: string): CashNote | null {
  try {
    const raw = sessionStorage.getItem(key(paymentId));
    if (!raw) return null;
    const value: unknown = JSON.parse(raw);
    if (typeof value !== "object" || value === null) return null;
    const tendered = "tendered" in value && typeof value.tendered === "string" ? value.tendered : null;
    const change = "change" in value && typeof value.change === "string" ? value.change : null;
    return tendered !== null && change !== null ? { tendered, change } : null;
  } catch {
    return null;
  }
}
