import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../lib/api/client";
import type { BodyOf, ResponseOf } from "../../lib/api/types";
import { useStoreOptions } from "../../lib/stores";
import type { UserSearch } from "./search";

export type User = ResponseOf<"/api/v1/users/{user_id}", "get">;
export type UserCreate = BodyOf<"/api/v1/users", "post">;
export type UserUpdate = BodyOf<"/api/v1/users/{user_id}", "patch">;
export type Scope = User["scope"];

export function useUsers(search: UserSearch) {
  const query = {
    q: search.q,
    status: search.status,
    role_id: search.role_id,
    cursor: search.cursor,
    limit: 20,
  };
  return useQuery({
    queryKey: ["users", "list", query],
    queryFn: () => unwrap(api.GET("/api/v1/users", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useRoleOptions() {
  return useQuery({
    queryKey: ["users", "role-options"],
    queryFn: () => unwrap(api.GET("/api/v1/roles")),
    select: (page) => page.items.map((r) => ({ value: r.id, label: r.name })),
    staleTime: 60_000,
  });
}

export function useScopeOptions() {
  const regions = useQuery({
    queryKey: ["users", "region-options"],
    queryFn: () => unwrap(api.GET("/api/v1/regions")),
    select: (page) => page.items.map((r) => ({ value: r.id, label: r.name })),
    staleTime: 60_000,
  });
  const stores = useStoreOptions();
  return { regions: regions.data ?? [], stores: stores.data ?? [] };
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ["users"] });
}

export function useCreateUser() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: UserCreate) => unwrap(api.POST("/api/v1/users", { body })),
    onSuccess: invalidate,
  });
}

export function useUpdateUser() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UserUpdate }) =>
      unwrap(api.PATCH("/api/v1/users/{user_id}", { params: { path: { user_id: id } }, body })),
    onSuccess: invalidate,
  });
}

export function useSetUserActive() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) =>
      unwrap(
        active
          ? api.POST("/api/v1/users/{user_id}/activate", { params: { path: { user_id: id } } })
          : api.POST("/api/v1/users/{user_id}/deactivate", { params: { path: { user_id: id } } }),
      ),
    onSuccess: invalidate,
  });
}

/** A new invitation for a user who has not accepted yet: emailed again; the old link stops working. */
export function useReinviteUser() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST("/api/v1/users/{user_id}/reinvite", { params: { path: { user_id: id } } })),
    onSuccess: invalidate,
  });
}
