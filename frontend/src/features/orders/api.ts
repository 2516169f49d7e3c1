import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import dayjs from "dayjs";
import { api, unwrap } from "../../lib/api/client";
import { ApiError, parseProblem } from "../../lib/api/problem";
import type { BodyOf, QueryOf, ResponseOf } from "../../lib/api/types";
import { saveBlob } from "../../lib/download";
import { idempotencyKey } from "../../lib/idempotency";
import { useDebounced } from "../../lib/useDebounced";
import type { OrderSearch } from "./search";

export type Order = ResponseOf<"/api/v1/orders/{order_id}", "get">;
export type OrderSummary = ResponseOf<"/api/v1/orders", "get">["items"][number];
export type OrderLine = Order["lines"][number];
export type OrderCreate = BodyOf<"/api/v1/orders", "post">;
export type LineIn = OrderCreate["lines"][number];
export type { ProductSummary as Product } from "../../lib/products";
export type Tracking = ResponseOf<"/api/v1/public/orders/{token}", "get">;
export type FulfilBody = BodyOf<"/api/v1/orders/{order_id}/fulfil", "post">;
export type ShipBody = BodyOf<"/api/v1/orders/{order_id}/ship", "post">;
export type Quote = ResponseOf<"/api/v1/orders/quote", "post">;
export type QuoteIn = BodyOf<"/api/v1/orders/quote", "post">;
export type PaymentState = OrderSummary["payment_state"];
type ListQuery = QueryOf<"/api/v1/orders", "get">;

export const PAGE_SIZE = 20;

function listQuery(search: OrderSearch): ListQuery {
  return {
    status: search.status,
    store_id: search.store_id,
    channel: search.channel,
    q: search.q,
    phone: search.phone,
    created_from: search.created_from ? dayjs(search.created_from).startOf("day").toISOString() : undefined,
    created_to: search.created_to ? dayjs(search.created_to).endOf("day").toISOString() : undefined,
    sort: search.sort,
    cursor: search.cursor,
    limit: PAGE_SIZE,
  };
}

export function useOrders(search: OrderSearch) {
  const query = listQuery(search);
  return useQuery({
    queryKey: ["orders", "list", query],
    queryFn: () => unwrap(api.GET("/api/v1/orders", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function orderQuery(id: string) {
  return queryOptions({
    queryKey: ["orders", "detail", id],
    queryFn: () => unwrap(api.GET("/api/v1/orders/{order_id}", { params: { path: { order_id: id } } })),
  });
}

export function useOrder(id: string) {
  return useQuery(orderQuery(id));
}

export function useTracking(token: string) {
  return useQuery({
    queryKey: ["tracking", token],
    queryFn: () => unwrap(api.GET("/api/v1/public/orders/{token}", { params: { path: { token } } })),
    refetchInterval: 30_000,
  });
}

export async function createDraft(body: OrderCreate): Promise<Order> {
  return unwrap(api.POST("/api/v1/orders", { body, headers: idempotencyKey() }));
}

/** Prices the cart at the till (and its stock at the store) without saving anything: one request
 * per distinct cart, once it has stopped changing for a moment. */
export function useCartQuote(body: QuoteIn | null) {
  const key = useDebounced(body ? JSON.stringify(body) : "", 300);
  return useQuery({
    queryKey: ["orders", "quote", key],
    queryFn: () => unwrap(api.POST("/api/v1/orders/quote", { body: JSON.parse(key) as QuoteIn })),
    enabled: key !== "",
    placeholderData: keepPreviousData,
  });
}

/** The store's parked carts (drafts), newest first. */
export function useParkedCarts(storeId: string | undefined) {
  return useQuery({
    queryKey: ["orders", "list", "parked", storeId],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/orders", {
          params: { query: { status: "draft", store_id: storeId, limit: 50, sort: "-updated_at" } },
        }),
      ),
    enabled: Boolean(storeId),
  });
}

export async function getOrder(id: string): Promise<Order> {
  return unwrap(api.GET("/api/v1/orders/{order_id}", { params: { path: { order_id: id } } }));
}

export async function updateDraft(id: string, version: number, body: OrderUpdate): Promise<Order> {
  return unwrap(
    api.PATCH("/api/v1/orders/{order_id}", {
      params: { path: { order_id: id }, header: { "If-Match": `"${version}"` } },
      body,
    }),
  );
}

export async function discardOrder(id: string): Promise<Order> {
  return unwrap(
    api.POST("/api/v1/orders/{order_id}/discard", {
      params: { path: { order_id: id } },
      headers: idempotencyKey(),
    }),
  );
}

export async function attachCustomer(order: Order, customerId: string): Promise<Order> {
  return unwrap(
    api.POST("/api/v1/orders/{order_id}/customer", {
      params: { path: { order_id: order.id }, header: { "If-Match": `"${order.version}"` } },
      headers: idempotencyKey(),
      body: { customer_id: customerId },
    }),
  );
}

export async function replaceLines(id: string, lines: LineIn[], discount: string): Promise<Order> {
  return unwrap(
    api.PUT("/api/v1/orders/{order_id}/lines", {
      params: { path: { order_id: id } },
      body: { lines, discount },
    }),
  );
}

/** Downloads the invoice PDF with the bearer token (a plain link could not authenticate). */
export async function downloadInvoice(id: string, number: string): Promise<void> {
  const { data, error, response } = await api.GET("/api/v1/orders/{order_id}/invoice.pdf", {
    params: { path: { order_id: id } },
    parseAs: "blob",
  });
  if (!response.ok || !data) throw new ApiError(parseProblem(error, response.status));
  saveBlob(data, `${number}.pdf`);
}

export type OrderUpdate = BodyOf<"/api/v1/orders/{order_id}", "patch">;
export type PaymentIn = BodyOf<"/api/v1/orders/{order_id}/payments", "post">;
export type PaymentMethod = PaymentIn["method"];
export type Return = ResponseOf<"/api/v1/orders/{order_id}/returns", "get">[number];
export type ReturnCreate = BodyOf<"/api/v1/orders/{order_id}/returns", "post">;
export type RefundIn = BodyOf<"/api/v1/returns/{return_id}/refund", "post">;

/** Refreshes everything on the order page after a change to the order or its returns. */
export function useRefreshOrder(id: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ["orders", "detail", id] }),
      queryClient.invalidateQueries({ queryKey: ["orders", "returns", id] }),
      queryClient.invalidateQueries({ queryKey: ["orders", "list"] }),
    ]);
}

export function useUpdateDraft(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, version }: { body: OrderUpdate; version: number }) =>
      unwrap(
        api.PATCH("/api/v1/orders/{order_id}", {
          params: { path: { order_id: id }, header: { "If-Match": `"${version}"` } },
          body,
        }),
      ),
    onSuccess: (order) => queryClient.setQueryData(orderQuery(id).queryKey, order),
  });
}

export function useRecordPayment(id: string) {
  const refresh = useRefreshOrder(id);
  return useMutation({
    mutationFn: (body: PaymentIn) =>
      unwrap(
        api.POST("/api/v1/orders/{order_id}/payments", {
          params: { path: { order_id: id } },
          body,
          headers: idempotencyKey(),
        }),
      ),
    onSuccess: refresh,
  });
}

export function useOrderReturns(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ["orders", "returns", id],
    queryFn: () =>
      unwrap(api.GET("/api/v1/orders/{order_id}/returns", { params: { path: { order_id: id } } })),
    enabled,
  });
}

export function useRequestReturn(id: string) {
  const refresh = useRefreshOrder(id);
  return useMutation({
    mutationFn: (body: ReturnCreate) =>
      unwrap(
        api.POST("/api/v1/orders/{order_id}/returns", {
          params: { path: { order_id: id } },
          body,
          headers: idempotencyKey(),
        }),
      ),
    onSuccess: refresh,
  });
}
