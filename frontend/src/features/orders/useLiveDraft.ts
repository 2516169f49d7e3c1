import { useCallback, useEffect, useRef, useState } from "react";
import { createDraft, type Order, replaceLines } from "./api";
import { type DraftLine, pricingKey, toDecimal, toLineIn } from "./draft";

/** What the till has entered so far. */
export interface CaptureInput {
  lines: DraftLine[];
  discount: string;
  note: string;
  customer: { id: string; label: string } | null;
  storeId: string | undefined;
}

/**
 * Live pricing: the draft order is created with the first line, then its lines replaced as they
 * change (debounced, one request at a time). `sync` prices what is entered now and resolves
 * once the draft matches; `draftRef` holds the latest draft for code that runs after it.
 */
export function useLiveDraft(input: CaptureInput) {
  const { lines, discount, customer, storeId } = input;
  const [draft, setDraft] = useState<Order | null>(null);
  const [syncedKey, setSyncedKey] = useState("");
  const [syncError, setSyncError] = useState<unknown>(null);
  const state = useRef({ ...input, draft });
  state.current = { ...input, draft };
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const sync = useCallback((): Promise<unknown> => {
    chain.current = chain.current.then(async () => {
      const s = state.current;
      const key = pricingKey(s.lines, s.discount);
      const body = toLineIn(s.lines);
      if (!s.customer || !s.storeId || body.length === 0) return;
      if (s.draft && key === pricingKey(draftLines(s.draft), s.draft.discount)) {
        setSyncedKey(key);
        return;
      }
      try {
        const order = s.draft
          ? await replaceLines(s.draft.id, body, toDecimal(s.discount))
          : await createDraft({
              customer_id: s.customer.id,
              store_id: s.storeId,
              channel: "store",
              lines: body,
              discount: toDecimal(s.discount),
              note: s.note,
            });
        state.current.draft = order;
        setDraft(order);
        setSyncedKey(key);
        setSyncError(null);
      } catch (err) {
        setSyncError(err);
      }
    });
    return chain.current;
  }, []);

  const key = pricingKey(lines, discount);
  const hasLines = toLineIn(lines).length > 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` is what changes the price; sync reads refs.
  useEffect(() => {
    if (!customer || !storeId || !hasLines) return;
    const timer = setTimeout(() => void sync(), 300);
    return () => clearTimeout(timer);
  }, [key, customer, storeId, hasLines, sync]);

  return { draft, draftRef: state, priced: key === syncedKey, sync, syncError, setSyncError };
}

function draftLines(order: Order): DraftLine[] {
  return order.lines.map((l) => ({
    product_id: l.product_id,
    name: l.name,
    sku: l.sku,
    quantity: l.quantity,
    discount: l.discount,
  }));
}
