/** Segments over the typed client: the field catalogue, previews, definitions (with their ETag),
 * members, size history, the RFM overview, and the lookups value editors need (regions,
 * categories, products by id). */
import {
  keepPreviousData,
  type QueryClient,
  queryOptions,
  useMutation,
  useQueries,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { api, unwrap, unwrapEmpty, unwrapWithResponse } from "../../lib/api/client";
import type { components } from "../../lib/api/schema";
import { idempotencyKey } from "../../lib/idempotency";
import type { PageState } from "../../lib/paging";
import type { SegmentSearch } from "./search";

type Schemas = components["schemas"];
export type Segment = Schemas["Segment"];
export type SegmentCreate = Schemas["SegmentCreate"];
export type SegmentUpdate = Schemas["SegmentUpdate"];
export type SegmentMember = Schemas["SegmentMember"];
export type PreviewRequest = Schemas["PreviewRequest"];
export type Preview = Schemas["Preview"];
export type RfmCell = Schemas["RfmCell"];
export type CategoryNode = Schemas["CategoryNode"];

const ROOT = "segments";
export const PAGE_SIZE = 20;
export const MEMBERS_PAGE_SIZE = 20;

export function useSegmentFields() {
  return useQuery({
    queryKey: [ROOT, "fields"],
    queryFn: () => unwrap(api.GET("/api/v1/segments/fields")),
    staleTime: 60_000,
  });
}

export function useSegments(search: SegmentSearch) {
  const query = { kind: search.kind, cursor: search.cursor, limit: PAGE_SIZE };
  return useQuery({
    queryKey: [ROOT, "list", query],
    queryFn: () => unwrap(api.GET("/api/v1/segments", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

/** One segment and its ETag; asked again every 2 s while its members are being computed. */
export function segmentQuery(id: string) {
  return queryOptions({
    queryKey: [ROOT, "detail", id],
    queryFn: async () => {
      const { data, response } = await unwrapWithResponse(
        api.GET("/api/v1/segments/{segment_id}", { params: { path: { segment_id: id } } }),
      );
      return { segment: data, etag: response.headers.get("ETag") ?? `"${data.version}"` };
    },
    refetchInterval: (query) => (query.state.data?.segment.state === "building" ? 2000 : false),
  });
}

export function useSegment(id: string) {
  return useQuery(segmentQuery(id));
}

/** What changes when the stored members do: lists keyed on it are asked again. */
export function membersStamp(s: Segment): string {
  return `${s.state}:${s.built_at ?? ""}:${s.member_count}:${s.version}`;
}

export function useSegmentMembers(id: string, page: PageState, stamp: string) {
  return useQuery({
    queryKey: [ROOT, "members", id, page.cursor ?? "", stamp],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/segments/{segment_id}/members", {
          params: { path: { segment_id: id }, query: { cursor: page.cursor, limit: MEMBERS_PAGE_SIZE } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useSegmentHistory(id: string, stamp: string) {
  return useQuery({
    queryKey: [ROOT, "history", id, stamp],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/segments/{segment_id}/history", {
          params: { path: { segment_id: id }, query: { days: 90 } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** The live count of rules being edited (a read, though it is a POST); null: nothing to ask yet. */
export function usePreview(request: PreviewRequest | null) {
  return useQuery({
    queryKey: [ROOT, "preview", request],
    queryFn: () => {
      if (!request) throw new Error("no rules to preview");
      return unwrap(api.POST("/api/v1/segments/preview", { body: request }));
    },
    enabled: request !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useRfm() {
  return useQuery({ queryKey: [ROOT, "rfm"], queryFn: () => unwrap(api.GET("/api/v1/segments/rfm")) });
}

function invalidateSegments(queryClient: QueryClient) {
  return queryClient.invalidateQueries({ queryKey: [ROOT] });
}

export function useCreateSegment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SegmentCreate) =>
      unwrap(api.POST("/api/v1/segments", { body, headers: idempotencyKey() })),
    onSuccess: () => invalidateSegments(queryClient),
  });
}

/** A change sent with the ETag the page showed: someone else's change meanwhile is a 412. */
export function useUpdateSegment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; etag: string; body: SegmentUpdate }) =>
      unwrap(
        api.PATCH("/api/v1/segments/{segment_id}", {
          params: { path: { segment_id: v.id }, header: { "If-Match": v.etag } },
          body: v.body,
        }),
      ),
    onSuccess: () => invalidateSegments(queryClient),
  });
}

export function useDeleteSegment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; etag: string }) =>
      unwrapEmpty(
        api.DELETE("/api/v1/segments/{segment_id}", {
          params: { path: { segment_id: v.id }, header: { "If-Match": v.etag } },
        }),
      ),
    onSuccess: (_data, v) => {
      queryClient.removeQueries({ queryKey: [ROOT, "detail", v.id] });
      return queryClient.invalidateQueries({ queryKey: [ROOT, "list"] });
    },
  });
}

export function useRebuildSegment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.POST("/api/v1/segments/{segment_id}/rebuild", {
          params: { path: { segment_id: id }, header: idempotencyKey() },
        }),
      ),
    onSuccess: () => invalidateSegments(queryClient),
  });
}

export function useSnapshotSegment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; name: string }) =>
      unwrap(
        api.POST("/api/v1/segments/{segment_id}/snapshot", {
          params: { path: { segment_id: v.id } },
          body: { name: v.name },
          headers: idempotencyKey(),
        }),
      ),
    onSuccess: () => invalidateSegments(queryClient),
  });
}

/** Adds (`remove: false`) or takes off customers of a static segment. */
export function useChangeMembers() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; customerIds: string[]; remove: boolean }) => {
      const params = { path: { segment_id: v.id } };
      const body = { customer_ids: v.customerIds };
      return unwrap(
        v.remove
          ? api.POST("/api/v1/segments/{segment_id}/members/remove", { params, body })
          : api.POST("/api/v1/segments/{segment_id}/members", { params, body, headers: idempotencyKey() }),
      );
    },
    onSuccess: () => invalidateSegments(queryClient),
  });
}

// ---- lookups for the value editors and the rules in words ----------------------------------

export function useRegions(enabled: boolean) {
  return useQuery({
    queryKey: [ROOT, "lookups", "regions"],
    queryFn: () => unwrap(api.GET("/api/v1/regions")),
    enabled,
    staleTime: 5 * 60_000,
    select: (page) => page.items.map((r) => ({ value: r.id, label: r.name })),
  });
}

export function useCategoryTree(enabled: boolean) {
  return useQuery({
    queryKey: [ROOT, "lookups", "categories"],
    queryFn: () => unwrap(api.GET("/api/v1/product-categories")),
    enabled,
    staleTime: 5 * 60_000,
    select: (tree) => tree.items,
  });
}

/** The products named by id (a saved rule's), for their names; each is cached on its own. */
export function useProductsById(ids: readonly string[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: [ROOT, "lookups", "product", id],
      queryFn: () =>
        unwrap(api.GET("/api/v1/products/{product_id}", { params: { path: { product_id: id } } })),
      staleTime: 5 * 60_000,
      retry: false,
    })),
  });
}
