/** Keyset paging state kept in the URL: the current cursor and the stack of cursors before it. */

export interface PageState {
  cursor?: string;
  prev?: string[];
}

export function nextPage(state: PageState, nextCursor: string): PageState {
  return { cursor: nextCursor, prev: [...(state.prev ?? []), state.cursor ?? ""] };
}

export function previousPage(state: PageState): PageState {
  const prev = [...(state.prev ?? [])];
  const cursor = prev.pop();
  return { cursor: cursor || undefined, prev: prev.length ? prev : undefined };
}

/** Changing a filter or the sort starts again from the first page. */
export const FIRST_PAGE: PageState = { cursor: undefined, prev: undefined };

/** Reads paging fields from raw search params (validateSearch input). */
export function parsePageSearch(search: Record<string, unknown>): PageState {
  const cursor = typeof search.cursor === "string" && search.cursor ? search.cursor : undefined;
  const prev = Array.isArray(search.prev)
    ? search.prev.filter((c): c is string => typeof c === "string")
    : undefined;
  return { cursor, prev: prev?.length ? prev : undefined };
}

export function optionalString(value: unknown): string | undefined {
  if (typeof value === "number") return String(value);
  return typeof value === "string" && value !== "" ? value : undefined;
}
