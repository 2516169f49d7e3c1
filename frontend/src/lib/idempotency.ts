/** A fresh Idempotency-Key per user action: a retried request (same key, same body) is answered once. */
export function idempotencyKey(): { "Idempotency-Key": string } {
  return { "Idempotency-Key": globalThis.crypto.randomUUID() };
}
