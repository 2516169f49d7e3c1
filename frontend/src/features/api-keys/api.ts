import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, unwrapEmpty } from "../../lib/api/client";
import type { BodyOf, ResponseOf } from "../../lib/api/types";

export type ApiKey = ResponseOf<"/api/v1/api-keys", "get">["items"][number];
export type ApiKeyCreate = BodyOf<"/api/v1/api-keys", "post">;

export function useApiKeys() {
  return useQuery({ queryKey: ["api-keys", "list"], queryFn: () => unwrap(api.GET("/api/v1/api-keys")) });
}

/** The permission catalogue (never changes while the app runs); the page labels it per language. */
export function usePermissionCatalogue() {
  return useQuery({
    queryKey: ["api-keys", "permissions"],
    queryFn: () => unwrap(api.GET("/api/v1/permissions")),
    select: (list) => list.items,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ApiKeyCreate) => unwrap(api.POST("/api/v1/api-keys", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["api-keys", "list"] }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrapEmpty(api.DELETE("/api/v1/api-keys/{api_key_id}", { params: { path: { api_key_id: id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["api-keys", "list"] }),
  });
}
