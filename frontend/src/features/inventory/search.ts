/** The inventory page's URL state: the tab and its filters. */
import { optionalString, type PageState, parsePageSearch } from "../../lib/paging";

export const TABS = ["stock", "movements", "transfers"] as const;
export type Tab = (typeof TABS)[number];
export const TRANSFER_STATUSES = ["requested", "shipped", "received", "cancelled"] as const;
export const MOVEMENT_KINDS = [
  "receipt",
  "adjustment",
  "sale",
  "return",
  "transfer_out",
  "transfer_in",
  "reserve",
  "release",
] as const;

export interface InventorySearch extends PageState {
  tab?: Tab;
  store_id?: string;
  product_id?: string;
  low_stock?: boolean;
  kind?: (typeof MOVEMENT_KINDS)[number];
  status?: (typeof TRANSFER_STATUSES)[number];
}

export function validateInventorySearch(search: Record<string, unknown>): InventorySearch {
  return {
    tab: TABS.find((t) => t === search.tab),
    store_id: optionalString(search.store_id),
    product_id: optionalString(search.product_id),
    low_stock: search.low_stock === true || search.low_stock === "true" ? true : undefined,
    kind: MOVEMENT_KINDS.find((k) => k === search.kind),
    status: TRANSFER_STATUSES.find((s) => s === search.status),
    ...parsePageSearch(search),
  };
}
