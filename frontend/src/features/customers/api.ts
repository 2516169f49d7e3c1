import {
  keepPreviousData,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import dayjs from "dayjs";
import { api, unwrap, unwrapEmpty, unwrapWithResponse } from "../../lib/api/client";
import type { paths } from "../../lib/api/schema";
import { invalidateCustomerPickers } from "../../lib/customers";
import { type CustomFilterParams, filterParams } from "../../lib/customFields";
import { idempotencyKey } from "../../lib/idempotency";
import type { CustomerSearch } from "./search";
import type { TimelineFilter } from "./timeline";

type Json<T> = T extends { content: { "application/json": infer B } } ? B : never;
export type Customer = Json<paths["/api/v1/customers/{customer_id}"]["get"]["responses"][200]>;
export type CustomerCreate = paths["/api/v1/customers"]["post"]["requestBody"]["content"]["application/json"];
export type CustomerUpdate = NonNullable<
  paths["/api/v1/customers/{customer_id}"]["patch"]["requestBody"]
>["content"]["application/json"];
/** What the customer form produces: valid both as a create and as an update body. */
export type CustomerBody = Omit<CustomerCreate, "consent"> & {
  consent?: NonNullable<CustomerCreate["consent"]>;
};
type ListQuery = NonNullable<paths["/api/v1/customers"]["get"]["parameters"]["query"]>;

export const PAGE_SIZE = 20;

function listQuery(search: CustomerSearch): ListQuery & CustomFilterParams {
  return {
    ...filterParams(search.cf),
    q: search.q,
    tag: search.tag,
    stage: search.stage,
    home_store_id: search.home_store_id,
    // The URL keeps calendar days; the API takes instants (start of the first day, end of the last).
    created_from: search.created_from ? dayjs(search.created_from).startOf("day").toISOString() : undefined,
    created_to: search.created_to ? dayjs(search.created_to).endOf("day").toISOString() : undefined,
    sort: search.sort,
    cursor: search.cursor,
    limit: PAGE_SIZE,
  };
}

export function useCustomers(search: CustomerSearch) {
  const query = listQuery(search);
  return useQuery({
    queryKey: ["customers", "list", query],
    queryFn: () => unwrap(api.GET("/api/v1/customers", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function customerQuery(id: string) {
  return queryOptions({
    queryKey: ["customers", "detail", id],
    queryFn: async () => {
      const { data, response } = await unwrapWithResponse(
        api.GET("/api/v1/customers/{customer_id}", { params: { path: { customer_id: id } } }),
      );
      // The ETag is the optimistic-lock token sent back as If-Match on PATCH.
      return { customer: data, etag: response.headers.get("ETag") ?? `"${data.version}"` };
    },
  });
}

export function useCustomer(id: string) {
  return useQuery(customerQuery(id));
}

export function useCreateCustomer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CustomerCreate) => unwrap(api.POST("/api/v1/customers", { body })),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ["customers", "list"] }),
        invalidateCustomerPickers(queryClient),
      ]),
  });
}

export function useUpdateCustomer(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, etag }: { body: CustomerUpdate; etag: string }) =>
      unwrapWithResponse(
        api.PATCH("/api/v1/customers/{customer_id}", {
          params: { path: { customer_id: id }, header: { "If-Match": etag } },
          body,
        }),
      ),
    onSuccess: ({ data, response }) => {
      queryClient.setQueryData(customerQuery(id).queryKey, {
        customer: data,
        etag: response.headers.get("ETag") ?? `"${data.version}"`,
      });
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: ["customers", "list"] }),
        invalidateCustomerPickers(queryClient),
      ]);
    },
  });
}

export function useDeleteCustomer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrapEmpty(api.DELETE("/api/v1/customers/{customer_id}", { params: { path: { customer_id: id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["customers"] }),
  });
}

/** Staff for the "assigned to" field; only asked for when the user may read users. */
export function useUserOptions(enabled: boolean) {
  return useQuery({
    queryKey: ["customers", "user-options"],
    queryFn: () => unwrap(api.GET("/api/v1/users", { params: { query: { limit: 200, status: "active" } } })),
    enabled,
    staleTime: 5 * 60_000,
    select: (page) => page.items.map((u) => ({ value: u.id, label: `${u.name} <${u.email}>` })),
  });
}

export type CustomerSettings = Json<paths["/api/v1/settings/customers"]["get"]["responses"][200]>;

export function useCustomerSettings() {
  return useQuery({
    queryKey: ["customers", "settings"],
    queryFn: () => unwrap(api.GET("/api/v1/settings/customers")),
  });
}

export function useSaveCustomerSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CustomerSettings) => unwrap(api.PUT("/api/v1/settings/customers", { body })),
    onSuccess: (data) => {
      queryClient.setQueryData(["customers", "settings"], data);
      // Who sees which member changed: every customer list and picker reads again.
      void queryClient.invalidateQueries({ queryKey: ["customers"] });
      invalidateCustomerPickers(queryClient);
    },
  });
}

// ---- Customer 360: the figures, the timeline and the activities logged on it ----

export type CustomerSummary = Json<paths["/api/v1/customers/{customer_id}/summary"]["get"]["responses"][200]>;
export type Activity = Json<
  paths["/api/v1/customers/{customer_id}/activities/{activity_id}"]["get"]["responses"][200]
>;
export type ActivityCreate =
  paths["/api/v1/customers/{customer_id}/activities"]["post"]["requestBody"]["content"]["application/json"];
export type ActivityUpdate = NonNullable<
  paths["/api/v1/customers/{customer_id}/activities/{activity_id}"]["patch"]["requestBody"]
>["content"]["application/json"];

export const TIMELINE_PAGE_SIZE = 20;

export function useCustomerSummary(id: string) {
  return useQuery({
    queryKey: ["customers", "summary", id],
    queryFn: () =>
      unwrap(api.GET("/api/v1/customers/{customer_id}/summary", { params: { path: { customer_id: id } } })),
  });
}

/** Her timeline, newest first, a page at a time along the cursor. */
export function useCustomerTimeline(id: string, filter: TimelineFilter) {
  return useInfiniteQuery({
    queryKey: ["customers", "timeline", id, filter],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/customers/{customer_id}/timeline", {
          params: {
            path: { customer_id: id },
            query: {
              kind: filter === "all" ? undefined : filter,
              limit: TIMELINE_PAGE_SIZE,
              cursor: pageParam,
            },
          },
        }),
      ),
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
}

/** One activity with its version (the If-Match of a change) and how long it stays editable. */
export function activityQuery(customerId: string, activityId: string) {
  return queryOptions({
    queryKey: ["customers", "activity", customerId, activityId],
    queryFn: async () => {
      const { data, response } = await unwrapWithResponse(
        api.GET("/api/v1/customers/{customer_id}/activities/{activity_id}", {
          params: { path: { customer_id: customerId, activity_id: activityId } },
        }),
      );
      return { activity: data, etag: response.headers.get("ETag") ?? `"${data.version}"` };
    },
    staleTime: 60_000,
  });
}

export function useActivity(customerId: string, activityId: string, enabled: boolean) {
  return useQuery({ ...activityQuery(customerId, activityId), enabled });
}

function useRefreshTimeline(customerId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ["customers", "timeline", customerId] });
}

export function useLogActivity(customerId: string) {
  const refresh = useRefreshTimeline(customerId);
  return useMutation({
    mutationFn: (body: ActivityCreate) =>
      unwrap(
        api.POST("/api/v1/customers/{customer_id}/activities", {
          params: { path: { customer_id: customerId } },
          body,
          headers: idempotencyKey(),
        }),
      ),
    onSuccess: refresh,
  });
}

export function useUpdateActivity(customerId: string, activityId: string) {
  const queryClient = useQueryClient();
  const refresh = useRefreshTimeline(customerId);
  return useMutation({
    mutationFn: ({ body, etag }: { body: ActivityUpdate; etag: string }) =>
      unwrapWithResponse(
        api.PATCH("/api/v1/customers/{customer_id}/activities/{activity_id}", {
          params: {
            path: { customer_id: customerId, activity_id: activityId },
            header: { "If-Match": etag },
          },
          body,
        }),
      ),
    onSuccess: ({ data, response }) => {
      queryClient.setQueryData(activityQuery(customerId, activityId).queryKey, {
        activity: data,
        etag: response.headers.get("ETag") ?? `"${data.version}"`,
      });
      return refresh();
    },
  });
}

export function useRemoveActivity(customerId: string, activityId: string) {
  const queryClient = useQueryClient();
  const refresh = useRefreshTimeline(customerId);
  return useMutation({
    mutationFn: () =>
      unwrapEmpty(
        api.DELETE("/api/v1/customers/{customer_id}/activities/{activity_id}", {
          params: { path: { customer_id: customerId, activity_id: activityId } },
        }),
      ),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: activityQuery(customerId, activityId).queryKey });
      return refresh();
    },
  });
}

// ---- Duplicates and merge ----

export type DuplicateCheck =
  paths["/api/v1/customers/duplicates/check"]["post"]["requestBody"]["content"]["application/json"];
export type DuplicatePair = Json<
  paths["/api/v1/customers/duplicates"]["get"]["responses"][200]
>["items"][number];
export type MergeBody =
  paths["/api/v1/customers/{customer_id}/merge"]["post"]["requestBody"]["content"]["application/json"];

/** Who the customer being entered may already be; asked only once there is a name. */
export function useDuplicateCheck(body: DuplicateCheck | null) {
  return useQuery({
    queryKey: ["customers", "duplicate-check", body],
    queryFn: () => unwrap(api.POST("/api/v1/customers/duplicates/check", { body: body as DuplicateCheck })),
    enabled: body !== null,
    placeholderData: keepPreviousData,
  });
}

/** The review queue: pairs of likely duplicates, a page at a time. */
export function useDuplicatePairs(cursor: string | undefined) {
  return useQuery({
    queryKey: ["customers", "duplicates", cursor],
    queryFn: () =>
      unwrap(api.GET("/api/v1/customers/duplicates", { params: { query: { limit: 20, cursor } } })),
    placeholderData: keepPreviousData,
  });
}

/** Merge `other_id` into the survivor; every customer list, picker and queue reads again when
 * next shown (not at once: the merge page itself shows the other record, which is gone now). */
export function useMergeCustomer(survivorId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MergeBody) =>
      unwrap(
        api.POST("/api/v1/customers/{customer_id}/merge", {
          params: { path: { customer_id: survivorId } },
          body,
          headers: idempotencyKey(),
        }),
      ),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ["customers"] }),
        invalidateCustomerPickers(queryClient),
      ]),
  });
}
