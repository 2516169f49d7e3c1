import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, unwrapEmpty, unwrapWithResponse } from "../../lib/api/client";
import type { BodyOf, QueryOf, ResponseOf } from "../../lib/api/types";
import { type CustomFilterParams, filterParams } from "../../lib/customFields";
import { idempotencyKey } from "../../lib/idempotency";
import { localName } from "../../lib/names";
import { invalidateProductSearch } from "../../lib/products";
import type { ProductSearch } from "./search";

export type Product = ResponseOf<"/api/v1/products/{product_id}", "get">;
export type ProductCreate = BodyOf<"/api/v1/products", "post">;
export type ProductUpdate = BodyOf<"/api/v1/products/{product_id}", "patch">;
export type CategoryNode = ResponseOf<"/api/v1/product-categories", "get">["items"][number];
type ListQuery = QueryOf<"/api/v1/products", "get">;

export const PAGE_SIZE = 20;

export function useProducts(search: ProductSearch) {
  const query: ListQuery & CustomFilterParams = {
    ...filterParams(search.cf),
    q: search.q,
    category_id: search.category_id,
    status: search.status,
    sort: search.sort,
    cursor: search.cursor,
    limit: PAGE_SIZE,
  };
  return useQuery({
    queryKey: ["catalog", "products", query],
    queryFn: () => unwrap(api.GET("/api/v1/products", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

/** The product and its ETag (the optimistic-lock token for If-Match). */
export async function fetchProduct(id: string): Promise<{ product: Product; etag: string }> {
  const { data, response } = await unwrapWithResponse(
    api.GET("/api/v1/products/{product_id}", { params: { path: { product_id: id } } }),
  );
  return { product: data, etag: response.headers.get("ETag") ?? `"${data.version}"` };
}

export function useSaveProduct() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (v: { id?: string; etag?: string; body: ProductCreate }) => {
      if (!v.id) return unwrap(api.POST("/api/v1/products", { body: v.body, headers: idempotencyKey() }));
      const body: ProductUpdate = v.body;
      return unwrap(
        api.PATCH("/api/v1/products/{product_id}", {
          params: { path: { product_id: v.id }, header: { "If-Match": v.etag ?? "" } },
          body,
        }),
      );
    },
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ["catalog"] }),
        invalidateProductSearch(queryClient),
      ]),
  });
}

export function useArchiveProduct() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (p: { id: string; version: number; archive: boolean }) => {
      const init = {
        params: { path: { product_id: p.id }, header: { "If-Match": `"${p.version}"` } },
        headers: idempotencyKey(),
      };
      return unwrap(
        p.archive
          ? api.POST("/api/v1/products/{product_id}/archive", init)
          : api.POST("/api/v1/products/{product_id}/restore", init),
      );
    },
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ["catalog"] }),
        invalidateProductSearch(queryClient),
      ]),
  });
}

export function useCategories() {
  return useQuery({
    queryKey: ["catalog", "categories"],
    queryFn: () => unwrap(api.GET("/api/v1/product-categories")),
    staleTime: 60_000,
  });
}

export function useCategoryMutations() {
  const queryClient = useQueryClient();
  const onSuccess = () => queryClient.invalidateQueries({ queryKey: ["catalog", "categories"] });
  return {
    create: useMutation({
      mutationFn: (body: { name: string; name_en?: string; parent_id: string | null }) =>
        unwrap(api.POST("/api/v1/product-categories", { body, headers: idempotencyKey() })),
      onSuccess,
    }),
    rename: useMutation({
      mutationFn: (v: { id: string; name: string }) =>
        unwrap(
          api.PATCH("/api/v1/product-categories/{category_id}", {
            params: { path: { category_id: v.id } },
            body: { name: v.name },
          }),
        ),
      onSuccess,
    }),
    remove: useMutation({
      mutationFn: (id: string) =>
        unwrapEmpty(
          api.DELETE("/api/v1/product-categories/{category_id}", { params: { path: { category_id: id } } }),
        ),
      onSuccess,
    }),
  };
}

/** Flattens the tree into select options with an indented path label. */
export function categoryOptions(
  nodes: CategoryNode[],
  language = "zh-CN",
  prefix = "",
): { value: string; label: string }[] {
  return nodes.flatMap((n) => [
    { value: n.id, label: `${prefix}${localName(n, language)}` },
    ...categoryOptions(n.children, language, `${prefix}${localName(n, language)} / `),
  ]);
}
