import {
  keepPreviousData,
  type QueryClient,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { api, unwrap } from "./api/client";
import type { ResponseOf } from "./api/types";
import { idempotencyKey } from "./idempotency";
import { useDebounced } from "./useDebounced";

export type CustomerSummary = ResponseOf<"/api/v1/customers", "get">["items"][number];

/** Every picker search lives under this key; customer writes invalidate it. */
export const CUSTOMER_SEARCH_KEY = ["customers", "search"] as const;

/** The first customers matching what is being typed (debounced), for pickers. */
export function useCustomerSearch(typed: string) {
  const q = useDebounced(typed, 250);
  return useQuery({
    queryKey: [...CUSTOMER_SEARCH_KEY, q],
    queryFn: () =>
      unwrap(api.GET("/api/v1/customers", { params: { query: { q: q || undefined, limit: 10 } } })),
    placeholderData: keepPreviousData,
  });
}

/** One customer for display elsewhere (an order's header); shares the cache with pickers' writes. */
export function useCustomerSummary(id: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ["customers", "summary", id],
    queryFn: () =>
      unwrap(api.GET("/api/v1/customers/{customer_id}", { params: { path: { customer_id: id ?? "" } } })),
    enabled: Boolean(id) && enabled,
    staleTime: 5 * 60_000,
  });
}

/** Call after creating, editing or deleting a customer so pickers and summaries are fresh. */
export function invalidateCustomerPickers(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: CUSTOMER_SEARCH_KEY }),
    queryClient.invalidateQueries({ queryKey: ["customers", "summary"] }),
  ]);
}

/** Creates a customer from just a name and phone (at the till), then refreshes the pickers. */
export function useQuickCreateCustomer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; phone: string | null }) =>
      unwrap(api.POST("/api/v1/customers", { body, headers: idempotencyKey() })),
    onSuccess: () => invalidateCustomerPickers(queryClient),
  });
}
