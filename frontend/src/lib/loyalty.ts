/** A member's loyalty points: one query and one cache key, read by the 360 page and the till. */
import {
  type QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { api, unwrap } from "./api/client";
import type { BodyOf, ResponseOf } from "./api/types";
import { idempotencyKey } from "./idempotency";

export type LoyaltyAccount = ResponseOf<"/api/v1/customers/{customer_id}/loyalty", "get">;
export type LedgerItem = ResponseOf<
  "/api/v1/customers/{customer_id}/loyalty/transactions",
  "get"
>["items"][number];
export type AdjustmentIn = BodyOf<"/api/v1/customers/{customer_id}/loyalty/adjustments", "post">;
export type LoyaltySettings = ResponseOf<"/api/v1/settings/loyalty", "get">;
export type LoyaltySettingsUpdate = BodyOf<"/api/v1/settings/loyalty", "put">;

export const LOYALTY_KEY = ["loyalty"] as const;

export function useLoyaltyAccount(customerId: string | undefined) {
  return useQuery({
    queryKey: [...LOYALTY_KEY, "account", customerId],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/customers/{customer_id}/loyalty", {
          params: { path: { customer_id: customerId ?? "" } },
        }),
      ),
    enabled: Boolean(customerId),
  });
}

export function useLoyaltyTransactions(customerId: string) {
  return useInfiniteQuery({
    queryKey: [...LOYALTY_KEY, "transactions", customerId],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/customers/{customer_id}/loyalty/transactions", {
          params: { path: { customer_id: customerId }, query: { limit: 10, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
}

/** After points move (an adjustment, a sale that redeemed or earned): every points view reads again. */
export function invalidateLoyalty(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: LOYALTY_KEY }),
    queryClient.invalidateQueries({ queryKey: ["customers", "summary"] }),
    queryClient.invalidateQueries({ queryKey: ["customers", "timeline"] }),
  ]);
}

export function useAdjustPoints(customerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AdjustmentIn) =>
      unwrap(
        api.POST("/api/v1/customers/{customer_id}/loyalty/adjustments", {
          params: { path: { customer_id: customerId } },
          body,
          headers: idempotencyKey(),
        }),
      ),
    onSuccess: () => invalidateLoyalty(queryClient),
  });
}

export function useLoyaltySettings() {
  return useQuery({
    queryKey: [...LOYALTY_KEY, "settings"],
    queryFn: () => unwrap(api.GET("/api/v1/settings/loyalty")),
  });
}

export function useSaveLoyaltySettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoyaltySettingsUpdate) => unwrap(api.PUT("/api/v1/settings/loyalty", { body })),
    onSuccess: (data) => {
      queryClient.setQueryData([...LOYALTY_KEY, "settings"], data);
      void queryClient.invalidateQueries({ queryKey: [...LOYALTY_KEY, "account"] });
    },
  });
}

/** A tier's name in the UI language (the other language when it has none). */
export function tierName(tier: { name_zh: string; name_en: string; code: string }, language: string): string {
  const zh = language.startsWith("zh");
  return (zh ? tier.name_zh || tier.name_en : tier.name_en || tier.name_zh) || tier.code;
}
