import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./api/client";
import { useDebounced } from "./useDebounced";

/** The first customers matching what is being typed (debounced), for pickers. */
export function useCustomerSearch(typed: string) {
  const q = useDebounced(typed, 250);
  return useQuery({
    queryKey: ["customers", "search", q],
    queryFn: () =>
      unwrap(api.GET("/api/v1/customers", { params: { query: { q: q || undefined, limit: 10 } } })),
    placeholderData: keepPreviousData,
  });
}
