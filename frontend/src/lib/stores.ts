import { type QueryClient, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./api/client";

/** The one cache key of the store picker list; the stores page invalidates it on every save. */
export const STORE_OPTIONS_KEY = ["stores", "options"] as const;

/**
 * Stores as select options (`code · name`), for every picker and filter in the app. The first
 * page of 200 is plenty for a picker. Pass `enabled: false` where the user may not read stores.
 */
export function useStoreOptions(enabled = true) {
  return useQuery({
    queryKey: STORE_OPTIONS_KEY,
    queryFn: () => unwrap(api.GET("/api/v1/stores", { params: { query: { limit: 200 } } })),
    enabled,
    staleTime: 5 * 60_000,
    select: (page) => page.items.map((s) => ({ value: s.id, label: `${s.code} · ${s.name}` })),
  });
}

/** Call after creating or editing a store so every picker shows it. */
export function invalidateStoreOptions(queryClient: QueryClient) {
  return queryClient.invalidateQueries({ queryKey: STORE_OPTIONS_KEY });
}
