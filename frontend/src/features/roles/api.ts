import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, unwrapEmpty } from "../../lib/api/client";
import type { BodyOf, ResponseOf } from "../../lib/api/types";

export type Role = ResponseOf<"/api/v1/roles/{role_id}", "get">;
export type RoleCreate = BodyOf<"/api/v1/roles", "post">;
export type Permission = ResponseOf<"/api/v1/permissions", "get">["items"][number];

export function useRoles() {
  return useQuery({ queryKey: ["roles", "list"], queryFn: () => unwrap(api.GET("/api/v1/roles")) });
}

export function usePermissions() {
  return useQuery({
    queryKey: ["roles", "permissions"],
    queryFn: () => unwrap(api.GET("/api/v1/permissions")),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ["roles"] }),
      // The signed-in user's own permissions may have changed.
      queryClient.invalidateQueries({ queryKey: ["me"] }),
    ]);
}

export function useSaveRole() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: RoleCreate }) =>
      id
        ? unwrap(api.PATCH("/api/v1/roles/{role_id}", { params: { path: { role_id: id } }, body }))
        : unwrap(api.POST("/api/v1/roles", { body })),
    onSuccess: invalidate,
  });
}

export function useDeleteRole() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: string) =>
      unwrapEmpty(api.DELETE("/api/v1/roles/{role_id}", { params: { path: { role_id: id } } })),
    onSuccess: invalidate,
  });
}
