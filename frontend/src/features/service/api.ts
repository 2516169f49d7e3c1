import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../lib/api/client";
import type { BodyOf, QueryOf, ResponseOf } from "../../lib/api/types";
import { useMe } from "../../lib/auth/me";
import { idempotencyKey } from "../../lib/idempotency";
import type { TicketSearch } from "./search";

export type Ticket = ResponseOf<"/api/v1/tickets/{ticket_id}", "get">;
export type TicketSummary = ResponseOf<"/api/v1/tickets", "get">["items"][number];
export type Comment = ResponseOf<"/api/v1/tickets/{ticket_id}/comments", "get">[number];
export type TicketCreate = BodyOf<"/api/v1/tickets", "post">;
export type TicketUpdate = BodyOf<"/api/v1/tickets/{ticket_id}", "patch">;
export type ServiceSettings = ResponseOf<"/api/v1/settings/service", "get">;
export type ServiceSettingsUpdate = BodyOf<"/api/v1/settings/service", "put">;
export type Category = ResponseOf<"/api/v1/ticket-categories", "get">["items"][number];
export type Survey = ResponseOf<"/api/v1/public/csat/{token}", "get">;
export type SurveyAnswer = BodyOf<"/api/v1/public/csat/{token}", "post">;
export type ReturnBody = BodyOf<"/api/v1/tickets/{ticket_id}/returns", "post">;
export type OrderDetail = ResponseOf<"/api/v1/orders/{order_id}", "get">;
type ListQuery = QueryOf<"/api/v1/tickets", "get">;

export const PAGE_SIZE = 20;

function listQuery(search: TicketSearch, me: string | undefined): ListQuery {
  return {
    assignee_id: search.view === "mine" ? me : undefined,
    unassigned: search.view === "unassigned" ? true : undefined,
    open_only: search.status ? undefined : search.view !== "all",
    status: search.status,
    priority: search.priority,
    sla_state: search.sla_state,
    store_id: search.store_id,
    q: search.q,
    cursor: search.cursor,
    limit: PAGE_SIZE,
  };
}

export function useTickets(search: TicketSearch) {
  const { data: me } = useMe();
  const query = listQuery(search, me?.user.id);
  return useQuery({
    queryKey: ["tickets", "list", query],
    queryFn: () => unwrap(api.GET("/api/v1/tickets", { params: { query } })),
    placeholderData: keepPreviousData,
    enabled: Boolean(me),
  });
}

export function ticketQuery(id: string) {
  return queryOptions({
    queryKey: ["tickets", "detail", id],
    queryFn: () => unwrap(api.GET("/api/v1/tickets/{ticket_id}", { params: { path: { ticket_id: id } } })),
  });
}

export function useTicket(id: string) {
  return useQuery(ticketQuery(id));
}

export function useComments(id: string) {
  return useQuery({
    queryKey: ["tickets", "comments", id],
    queryFn: () =>
      unwrap(api.GET("/api/v1/tickets/{ticket_id}/comments", { params: { path: { ticket_id: id } } })),
  });
}

export function useAddComment(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { body: string; public: boolean }) =>
      unwrap(
        api.POST("/api/v1/tickets/{ticket_id}/comments", {
          params: { path: { ticket_id: id } },
          body,
          headers: idempotencyKey(),
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["tickets"] }),
  });
}

export function useUpdateTicket(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, version }: { body: TicketUpdate; version: number }) =>
      unwrap(
        api.PATCH("/api/v1/tickets/{ticket_id}", {
          params: { path: { ticket_id: id }, header: { "If-Match": `"${version}"` } },
          body,
        }),
      ),
    onSuccess: (ticket) => {
      queryClient.setQueryData(ticketQuery(id).queryKey, ticket);
      return queryClient.invalidateQueries({ queryKey: ["tickets", "list"] });
    },
  });
}

export async function createTicket(body: TicketCreate): Promise<Ticket> {
  return unwrap(api.POST("/api/v1/tickets", { body, headers: idempotencyKey() }));
}

export async function startReturn(id: string, body: ReturnBody) {
  return unwrap(
    api.POST("/api/v1/tickets/{ticket_id}/returns", {
      params: { path: { ticket_id: id } },
      body,
      headers: idempotencyKey(),
    }),
  );
}

export function useOrderDetail(id: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ["tickets", "order", id],
    queryFn: () => unwrap(api.GET("/api/v1/orders/{order_id}", { params: { path: { order_id: id ?? "" } } })),
    enabled: Boolean(id) && enabled,
  });
}

export function useCustomerOrders(customerId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ["tickets", "customer-orders", customerId],
    queryFn: () =>
      unwrap(api.GET("/api/v1/orders", { params: { query: { customer_id: customerId, limit: 50 } } })),
    enabled: Boolean(customerId) && enabled,
  });
}

/** Whom this ticket can be given to: exactly the users the assign action accepts. */
export function useTicketAssignees(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ["tickets", "assignees", id],
    queryFn: () =>
      unwrap(api.GET("/api/v1/tickets/{ticket_id}/assignees", { params: { path: { ticket_id: id } } })),
    staleTime: 60_000,
    enabled,
    select: (list) => list.items.map((u) => ({ value: u.id, label: `${u.name} · ${u.email}` })),
  });
}

export function useUserOptions(enabled: boolean) {
  return useQuery({
    queryKey: ["tickets", "user-options"],
    queryFn: () => unwrap(api.GET("/api/v1/users", { params: { query: { status: "active", limit: 200 } } })),
    staleTime: 5 * 60_000,
    enabled,
    select: (page) => page.items.map((u) => ({ value: u.id, label: `${u.name} · ${u.email}` })),
  });
}

export function useServiceSettings() {
  return useQuery({
    queryKey: ["tickets", "settings"],
    queryFn: () => unwrap(api.GET("/api/v1/settings/service")),
  });
}

export function useSaveServiceSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ServiceSettingsUpdate) => unwrap(api.PUT("/api/v1/settings/service", { body })),
    onSuccess: (data) => queryClient.setQueryData(["tickets", "settings"], data),
  });
}

export function useCategories() {
  return useQuery({
    queryKey: ["tickets", "categories"],
    queryFn: () => unwrap(api.GET("/api/v1/ticket-categories")),
    staleTime: 60_000,
  });
}

export function useSaveCategory() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (c: { id?: string; name: string; active: boolean }) =>
      c.id
        ? unwrap(
            api.PATCH("/api/v1/ticket-categories/{ticket_category_id}", {
              params: { path: { ticket_category_id: c.id } },
              body: { name: c.name, active: c.active },
            }),
          )
        : unwrap(
            api.POST("/api/v1/ticket-categories", {
              body: { name: c.name, active: c.active },
              headers: idempotencyKey(),
            }),
          ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["tickets", "categories"] }),
  });
}

export function useSurvey(token: string) {
  return useQuery({
    queryKey: ["csat", token],
    queryFn: () => unwrap(api.GET("/api/v1/public/csat/{token}", { params: { path: { token } } })),
    retry: false,
  });
}

export function useAnswerSurvey(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SurveyAnswer) =>
      unwrap(api.POST("/api/v1/public/csat/{token}", { params: { path: { token } }, body })),
    onSuccess: (data) => queryClient.setQueryData(["csat", token], data),
  });
}
