import { optionalString, type PageState, parsePageSearch } from "../../lib/paging";

export const STORE_STATUSES = ["active", "closed"] as const;
export type StoreStatus = (typeof STORE_STATUSES)[number];

export interface StoreSearch extends PageState {
  q?: string;
  region_id?: string;
  status?: StoreStatus;
  tab?: "stores" | "regions";
}

function isStatus(v: unknown): v is StoreStatus {
  return STORE_STATUSES.some((s) => s === v);
}

export function validateStoreSearch(search: Record<string, unknown>): StoreSearch {
  return {
    q: optionalString(search.q),
    region_id: optionalString(search.region_id),
    status: isStatus(search.status) ? search.status : undefined,
    tab: search.tab === "regions" ? "regions" : undefined,
    ...parsePageSearch(search),
  };
}
