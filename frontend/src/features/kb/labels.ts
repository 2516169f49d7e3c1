import type { ArticleStatus } from "./search";

export const STATUS_COLORS: Record<ArticleStatus, string> = {
  draft: "default",
  published: "green",
  archived: "orange",
};
