/** The segment pages' URL state: the list's kind filter and cursor, the detail's member page and
 * whether it is being edited. */
import { type PageState, parsePageSearch } from "../../lib/paging";

export const KINDS = ["dynamic", "static"] as const;
export type SegmentKind = (typeof KINDS)[number];

export interface SegmentSearch extends PageState {
  kind?: SegmentKind;
}

function isKind(value: unknown): value is SegmentKind {
  return KINDS.some((k) => k === value);
}

export function validateSegmentSearch(search: Record<string, unknown>): SegmentSearch {
  return { kind: isKind(search.kind) ? search.kind : undefined, ...parsePageSearch(search) };
}

export interface SegmentDetailSearch extends PageState {
  /** The builder instead of the rules in words. */
  edit?: boolean;
}

export function validateSegmentDetailSearch(search: Record<string, unknown>): SegmentDetailSearch {
  const edit = search.edit === true || search.edit === "true" || search.edit === 1 || search.edit === "1";
  return { edit: edit || undefined, ...parsePageSearch(search) };
}
