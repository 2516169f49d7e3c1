import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap, unwrapWithResponse } from "../../lib/api/client";
import type { BodyOf, QueryOf, ResponseOf } from "../../lib/api/types";
import type { HelpSearch, KbSearch } from "./search";

export type Article = ResponseOf<"/api/v1/kb-articles/{article_id}", "get">;
export type ArticleSummary = ResponseOf<"/api/v1/kb-articles", "get">["items"][number];
export type ArticleCreate = BodyOf<"/api/v1/kb-articles", "post">;
export type ArticleUpdate = BodyOf<"/api/v1/kb-articles/{article_id}", "patch">;
export type PublicArticle = ResponseOf<"/api/v1/public/kb/{tenant_slug}/articles/{ref}", "get">;
type ListQuery = QueryOf<"/api/v1/kb-articles", "get">;

export const PAGE_SIZE = 20;

export function useArticles(search: KbSearch) {
  const query: ListQuery = {
    q: search.q,
    status: search.status,
    category: search.category,
    tag: search.tag,
    cursor: search.cursor,
    limit: PAGE_SIZE,
  };
  return useQuery({
    queryKey: ["kb", "articles", query],
    queryFn: () => unwrap(api.GET("/api/v1/kb-articles", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

/** The article and its ETag (the optimistic-lock token for If-Match). */
export async function fetchArticle(id: string): Promise<{ article: Article; etag: string }> {
  const { data, response } = await unwrapWithResponse(
    api.GET("/api/v1/kb-articles/{article_id}", { params: { path: { article_id: id } } }),
  );
  return { article: data, etag: response.headers.get("ETag") ?? `"${data.version}"` };
}

export function usePublicKb(tenantSlug: string, search: HelpSearch) {
  const query = { q: search.q, cursor: search.cursor, limit: PAGE_SIZE };
  return useQuery({
    queryKey: ["help", tenantSlug, query],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/public/kb/{tenant_slug}/articles", {
          params: { path: { tenant_slug: tenantSlug }, query },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function usePublicArticle(tenantSlug: string, ref: string) {
  return useQuery({
    queryKey: ["help", tenantSlug, "article", ref],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/public/kb/{tenant_slug}/articles/{ref}", {
          params: { path: { tenant_slug: tenantSlug, ref } },
        }),
      ),
    retry: false,
  });
}
