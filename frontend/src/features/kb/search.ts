/** The article list's URL state. */
import { optionalString, type PageState, parsePageSearch } from "../../lib/paging";

export const ARTICLE_STATUSES = ["draft", "published", "archived"] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export interface KbSearch extends PageState {
  q?: string;
  status?: ArticleStatus;
  category?: string;
  tag?: string;
}

export function validateKbSearch(search: Record<string, unknown>): KbSearch {
  return {
    q: optionalString(search.q),
    status: ARTICLE_STATUSES.find((s) => s === search.status),
    category: optionalString(search.category),
    tag: optionalString(search.tag),
    ...parsePageSearch(search),
  };
}

export interface HelpSearch extends PageState {
  q?: string;
}

export function validateHelpSearch(search: Record<string, unknown>): HelpSearch {
  return { q: optionalString(search.q), ...parsePageSearch(search) };
}
