/** Table sorting ↔ the API's `sort` parameter (`field` ascending, `-field` descending). */

export type SortOrder = "ascend" | "descend" | null;

/** The antd sort order a column shows for the current `sort` value. */
export function sortOrder(field: string, sort: string): SortOrder {
  if (sort === field) return "ascend";
  if (sort === `-${field}`) return "descend";
  return null;
}

/** The `sort` value for a column's new sort order, if the API allows it (undefined = default). */
export function sortParam<S extends string>(
  allowed: readonly S[],
  field: string | undefined,
  order: SortOrder | undefined,
): S | undefined {
  if (!field || !order) return undefined;
  const wanted = order === "ascend" ? field : `-${field}`;
  return allowed.find((s) => s === wanted);
}
