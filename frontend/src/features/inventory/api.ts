import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../lib/api/client";
import type { BodyOf, ResponseOf } from "../../lib/api/types";
import { idempotencyKey } from "../../lib/idempotency";
import type { InventorySearch } from "./search";

export type StockItem = ResponseOf<"/api/v1/inventory", "get">["items"][number];
export type Movement = ResponseOf<"/api/v1/inventory/movements", "get">["items"][number];
export type Transfer = ResponseOf<"/api/v1/transfers/{transfer_id}", "get">;
export type AdjustmentCreate = BodyOf<"/api/v1/inventory/adjustments", "post">;
export type TransferCreate = BodyOf<"/api/v1/transfers", "post">;

export const PAGE_SIZE = 20;

export function useStock(s: InventorySearch, enabled: boolean) {
  const query = {
    store_id: s.store_id,
    product_id: s.product_id,
    low_stock: s.low_stock,
    cursor: s.cursor,
    limit: PAGE_SIZE,
  };
  return useQuery({
    queryKey: ["inventory", "stock", query],
    queryFn: () => unwrap(api.GET("/api/v1/inventory", { params: { query } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useMovements(s: InventorySearch, enabled: boolean) {
  const query = {
    store_id: s.store_id,
    product_id: s.product_id,
    kind: s.kind,
    cursor: s.cursor,
    limit: PAGE_SIZE,
  };
  return useQuery({
    queryKey: ["inventory", "movements", query],
    queryFn: () => unwrap(api.GET("/api/v1/inventory/movements", { params: { query } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useTransfers(s: InventorySearch, enabled: boolean) {
  const query = { store_id: s.store_id, status: s.status, cursor: s.cursor, limit: PAGE_SIZE };
  return useQuery({
    queryKey: ["inventory", "transfers", query],
    queryFn: () => unwrap(api.GET("/api/v1/transfers", { params: { query } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useAdjust() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AdjustmentCreate) =>
      unwrap(api.POST("/api/v1/inventory/adjustments", { body, headers: idempotencyKey() })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["inventory"] }),
  });
}

export function useCreateTransfer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TransferCreate) =>
      unwrap(api.POST("/api/v1/transfers", { body, headers: idempotencyKey() })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["inventory"] }),
  });
}
