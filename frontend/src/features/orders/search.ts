/** The orders list's URL state: status tab, filters, sort and the keyset cursor. */
import { optionalString, type PageState, parsePageSearch } from "../../lib/paging";

export const STATUSES = [
  "draft",
  "pending_approval",
  "approved",
  "processing",
  "fulfilled",
  "shipped",
  "delivered",
  "completed",
  "cancelled",
  "rejected",
] as const;
export type Status = (typeof STATUSES)[number];
export const CHANNELS = ["store", "phone", "online", "api"] as const;
export type Channel = (typeof CHANNELS)[number];

export const SORTS = ["-created_at", "created_at", "-updated_at", "updated_at", "-total", "total"] as const;
export type Sort = (typeof SORTS)[number];
export const DEFAULT_SORT: Sort = "-created_at";

export interface OrderSearch extends PageState {
  status?: Status;
  store_id?: string;
  channel?: Channel;
  q?: string;
  /** The customer's phone: whole, a prefix or its last 4 digits. */
  phone?: string;
  created_from?: string;
  created_to?: string;
  sort?: Sort;
}

const isStatus = (v: unknown): v is Status => STATUSES.some((s) => s === v);
const isSort = (v: unknown): v is Sort => SORTS.some((s) => s === v);
const isChannel = (v: unknown): v is Channel => CHANNELS.some((c) => c === v);
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function validateOrderSearch(search: Record<string, unknown>): OrderSearch {
  const day = (v: unknown) => {
    const s = optionalString(v);
    return s && DAY.test(s) ? s : undefined;
  };
  return {
    status: isStatus(search.status) ? search.status : undefined,
    store_id: optionalString(search.store_id),
    channel: isChannel(search.channel) ? search.channel : undefined,
    q: optionalString(search.q),
    phone: optionalString(search.phone),
    created_from: day(search.created_from),
    created_to: day(search.created_to),
    sort: isSort(search.sort) ? search.sort : undefined,
    ...parsePageSearch(search),
  };
}
