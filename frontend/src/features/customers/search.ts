/** The customer list's URL state: filters, sort and the keyset cursor all live in the search params. */
import { type CustomFilters, parseCustomFilters } from "../../lib/customFields";
import { optionalString, type PageState, parsePageSearch } from "../../lib/paging";
import { isTimelineFilter, type TimelineFilter } from "./timeline";

export const SORTS = ["-created_at", "created_at", "name", "-name", "updated_at", "-updated_at"] as const;
export type Sort = (typeof SORTS)[number];
export const STAGES = ["lead", "prospect", "customer", "vip", "churned"] as const;
export type Stage = (typeof STAGES)[number];

export interface CustomerSearch extends PageState {
  q?: string;
  tag?: string;
  stage?: Stage;
  home_store_id?: string;
  created_from?: string;
  created_to?: string;
  sort?: Sort;
  /** Custom field filters: key → value (`?cf.<key>=` on the API). */
  cf?: CustomFilters;
}

function isSort(value: unknown): value is Sort {
  return SORTS.some((s) => s === value);
}

function isStage(value: unknown): value is Stage {
  return STAGES.some((s) => s === value);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function validateCustomerSearch(search: Record<string, unknown>): CustomerSearch {
  const day = (v: unknown) => {
    const s = optionalString(v);
    return s && DAY.test(s) ? s : undefined;
  };
  return {
    q: optionalString(search.q),
    tag: optionalString(search.tag),
    stage: isStage(search.stage) ? search.stage : undefined,
    home_store_id: optionalString(search.home_store_id),
    created_from: day(search.created_from),
    created_to: day(search.created_to),
    sort: isSort(search.sort) ? search.sort : undefined,
    cf: parseCustomFilters(search.cf),
    ...parsePageSearch(search),
  };
}

/** The customer page's URL state: which moments of her timeline are shown. */
export interface CustomerDetailSearch {
  timeline?: Exclude<TimelineFilter, "all">;
}

export function validateCustomerDetailSearch(search: Record<string, unknown>): CustomerDetailSearch {
  const filter = search.timeline;
  return { timeline: isTimelineFilter(filter) && filter !== "all" ? filter : undefined };
}
