/** The KB article lifecycle's actions: where each control sits and which call it makes. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ActionSpec, barActions } from "../../lib/actions";
import { api, unwrap } from "../../lib/api/client";
import { idempotencyKey } from "../../lib/idempotency";
import type { Article, ArticleCreate, ArticleUpdate } from "./api";

export type ArticleAction = Article["allowed_actions"][number];

/** Every article action is optimistically locked: `etag` is the If-Match of the version the user saw. */
export interface ArticleActionValues {
  etag: string;
  /** The editor's fields; only "edit" reads them. */
  body: ArticleUpdate;
}

/** The values of a lifecycle move on the article as shown. */
export const moveValues = (a: Article): ArticleActionValues => ({ etag: `"${a.version}"`, body: {} });

/** none: runs on click; editor: the editor's form and its save button. */
export type ArticleForm = "none" | "editor";
type ArticleActionSpec = ActionSpec<ArticleForm, (id: string, v: ArticleActionValues) => Promise<Article>>;

function move(path: `/api/v1/kb-articles/{article_id}/${"publish" | "unpublish" | "archive" | "restore"}`) {
  return (id: string, v: ArticleActionValues) =>
    unwrap(
      api.POST(path, {
        params: { path: { article_id: id }, header: { "If-Match": v.etag } },
        headers: idempotencyKey(),
      }),
    );
}

export const ARTICLE_ACTIONS = {
  edit: {
    rank: 0,
    placement: "inline",
    tone: "primary",
    form: "editor",
    label: "common.save",
    run: (id, v) =>
      unwrap(
        api.PATCH("/api/v1/kb-articles/{article_id}", {
          params: { path: { article_id: id }, header: { "If-Match": v.etag } },
          body: v.body,
        }),
      ),
  },
  publish: {
    rank: 10,
    placement: "bar",
    tone: "primary",
    form: "none",
    label: "kb.actions.publish",
    run: move("/api/v1/kb-articles/{article_id}/publish"),
  },
  unpublish: {
    rank: 20,
    placement: "bar",
    tone: "default",
    form: "none",
    label: "kb.actions.unpublish",
    run: move("/api/v1/kb-articles/{article_id}/unpublish"),
  },
  archive: {
    rank: 30,
    placement: "bar",
    tone: "danger",
    form: "none",
    label: "kb.actions.archive",
    run: move("/api/v1/kb-articles/{article_id}/archive"),
  },
  restore: {
    rank: 40,
    placement: "bar",
    tone: "default",
    form: "none",
    label: "kb.actions.restore",
    run: move("/api/v1/kb-articles/{article_id}/restore"),
  },
} satisfies Record<ArticleAction, ArticleActionSpec>;

export function articleActionSpec(action: ArticleAction): ArticleActionSpec {
  return ARTICLE_ACTIONS[action];
}

/** The article's allowed lifecycle moves that are buttons, in display order. */
export const articleBarActions = (a: Article) =>
  barActions<ArticleAction>(ARTICLE_ACTIONS, a.allowed_actions);

/** Runs one article action through the registry, then refreshes every KB query. */
export function useArticleAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      action,
      values,
    }: {
      id: string;
      action: ArticleAction;
      values: ArticleActionValues;
    }) => articleActionSpec(action).run(id, values),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["kb"] }),
  });
}

/** Saves the editor: a new article is created; an existing one goes through its "edit" action. */
export function useSaveArticle() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (v: { id?: string; etag?: string; body: ArticleCreate }) => {
      if (!v.id) return unwrap(api.POST("/api/v1/kb-articles", { body: v.body, headers: idempotencyKey() }));
      // An update is the article's "edit" action (one call, in the registry).
      const body: ArticleUpdate = v.body;
      return articleActionSpec("edit").run(v.id, { etag: v.etag ?? "", body });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["kb"] }),
  });
}
