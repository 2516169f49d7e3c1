import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../lib/api/client";
import type { ResponseOf } from "../../lib/api/types";
import { idempotencyKey } from "../../lib/idempotency";

export type Notification = ResponseOf<"/api/v1/notifications", "get">["items"][number];

export function useUnreadNotifications() {
  return useQuery({
    queryKey: ["notifications", "unread"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/notifications", { params: { query: { unread: true, limit: 50 } } })),
    refetchInterval: 120_000,
  });
}

export function useRecentNotifications(enabled: boolean) {
  return useQuery({
    queryKey: ["notifications", "recent"],
    queryFn: () => unwrap(api.GET("/api/v1/notifications", { params: { query: { limit: 20 } } })),
    enabled,
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.POST("/api/v1/notifications/{notification_id}/read", {
          params: { path: { notification_id: id } },
          headers: idempotencyKey(),
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["notifications"] }),
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/notifications/read-all", { headers: idempotencyKey() })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["notifications"] }),
  });
}
