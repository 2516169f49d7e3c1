/** The product list's URL state. */
import { type CustomFilters, parseCustomFilters } from "../../lib/customFields";
import { optionalString, type PageState, parsePageSearch } from "../../lib/paging";

export const SORTS = ["name_zh", "-name_zh", "sku", "-sku", "created_at", "-created_at"] as const;
export type Sort = (typeof SORTS)[number];
export const PRODUCT_STATUSES = ["active", "archived"] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export interface ProductSearch extends PageState {
  q?: string;
  category_id?: string;
  status?: ProductStatus;
  sort?: Sort;
  /** Custom field filters: key → value (`?cf.<key>=` on the API). */
  cf?: CustomFilters;
}

export function validateProductSearch(search: Record<string, unknown>): ProductSearch {
  return {
    q: optionalString(search.q),
    category_id: optionalString(search.category_id),
    status: PRODUCT_STATUSES.find((s) => s === search.status),
    sort: SORTS.find((s) => s === search.sort),
    cf: parseCustomFilters(search.cf),
    ...parsePageSearch(search),
  };
}
