/** Staff for pickers (the audit log's actor filter): searched as typed, first few only. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./api/client";
import { useDebounced } from "./useDebounced";

export function useUserSearch(typed: string, enabled = true) {
  const q = useDebounced(typed, 250);
  return useQuery({
    queryKey: ["users", "search", q],
    queryFn: () => unwrap(api.GET("/api/v1/users", { params: { query: { q: q || undefined, limit: 10 } } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}
