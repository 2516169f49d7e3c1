import { keepPreviousData, type QueryClient, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./api/client";
import type { QueryOf, ResponseOf } from "./api/types";

export type ProductSummary = ResponseOf<"/api/v1/products", "get">["items"][number];
type ProductQuery = QueryOf<"/api/v1/products", "get">;

/** Every product picker search lives under this key; catalogue writes invalidate it. */
export const PRODUCT_SEARCH_KEY = ["products", "search"] as const;

function searchProducts(query: ProductQuery) {
  return unwrap(api.GET("/api/v1/products", { params: { query } }));
}

/**
 * Products matching `q` (name, SKU or pinyin initials), for pickers. `activeOnly` leaves out
 * archived products (what can be sold); `limit` is the page size of the picker.
 */
export function useProductSearch(q: string, { activeOnly, limit }: { activeOnly: boolean; limit: number }) {
  const query: ProductQuery = { q: q || undefined, status: activeOnly ? "active" : undefined, limit };
  return useQuery({
    queryKey: [...PRODUCT_SEARCH_KEY, query],
    queryFn: () => searchProducts(query),
    placeholderData: keepPreviousData,
  });
}

/** Looks a scanned barcode up; resolves the active product whose barcode matches exactly, or null. */
export async function findByBarcode(barcode: string): Promise<ProductSummary | null> {
  const page = await searchProducts({ q: barcode, status: "active", limit: 20 });
  return page.items.find((p) => p.barcode === barcode) ?? null;
}

/** Call after creating, editing, archiving or restoring a product so pickers are fresh. */
export function invalidateProductSearch(queryClient: QueryClient) {
  return queryClient.invalidateQueries({ queryKey: PRODUCT_SEARCH_KEY });
}
