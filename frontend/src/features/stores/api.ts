import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, unwrapEmpty } from "../../lib/api/client";
import type { BodyOf, ResponseOf } from "../../lib/api/types";
import { invalidateStoreOptions } from "../../lib/stores";
import type { StoreSearch } from "./search";

export type Store = ResponseOf<"/api/v1/stores/{store_id}", "get">;
export type StoreCreate = BodyOf<"/api/v1/stores", "post">;
export type StoreUpdate = BodyOf<"/api/v1/stores/{store_id}", "patch">;
export type Region = ResponseOf<"/api/v1/regions", "get">["items"][number];

export function useStores(search: StoreSearch) {
  const query = {
    q: search.q,
    region_id: search.region_id,
    status: search.status,
    cursor: search.cursor,
    limit: 20,
  };
  return useQuery({
    queryKey: ["stores", "list", query],
    queryFn: () => unwrap(api.GET("/api/v1/stores", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useRegions() {
  return useQuery({ queryKey: ["stores", "regions"], queryFn: () => unwrap(api.GET("/api/v1/regions")) });
}

export function useSaveStore() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: StoreUpdate & StoreCreate }) =>
      id
        ? unwrap(api.PATCH("/api/v1/stores/{store_id}", { params: { path: { store_id: id } }, body }))
        : unwrap(api.POST("/api/v1/stores", { body })),
    // The list and every store picker elsewhere (one shared key, see lib/stores).
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ["stores", "list"] }),
        invalidateStoreOptions(queryClient),
      ]),
  });
}

export function useSaveRegion() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, name }: { id: string | null; name: string }) =>
      id
        ? unwrap(
            api.PATCH("/api/v1/regions/{region_id}", { params: { path: { region_id: id } }, body: { name } }),
          )
        : unwrap(api.POST("/api/v1/regions", { body: { name } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["stores", "regions"] }),
  });
}

export function useDeleteRegion() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrapEmpty(api.DELETE("/api/v1/regions/{region_id}", { params: { path: { region_id: id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["stores", "regions"] }),
  });
}
