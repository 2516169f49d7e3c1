/** Side-by-side merge: which fields differ between two records of one person, whose value each
 * keeps, and the body the merge endpoint takes. Tags are united and consent takes the more
 * restrictive answer on the server, so they are shown, not chosen. */
import type { Customer, MergeBody } from "./api";

/** The fields a merge can take from either record, in the order the profile shows them (the
 * contract's `propertyNames` of `keep`, which the generated types cannot express). */
export const MERGE_FIELDS = [
  "name",
  "gender",
  "birthday",
  "phone",
  "email",
  "address",
  "lifecycle_stage",
  "home_store_id",
  "assigned_to",
  "external_id",
  "language",
  "notes",
] as const satisfies readonly (keyof Customer)[];

export type MergeField = (typeof MERGE_FIELDS)[number];
export type Whose = NonNullable<MergeBody["keep"]>[string];
export type KeepChoice = Partial<Record<MergeField, Whose>>;

/** A field's value as compared: empty (null) when the record has none. */
export function fieldValue(c: Customer, field: MergeField): string | null {
  if (field === "address") {
    const line = [c.address.province, c.address.city, c.address.district, c.address.detail]
      .filter(Boolean)
      .join(" ");
    return line || null;
  }
  if (field === "gender") return c.gender === "unknown" ? null : c.gender;
  const value = c[field];
  return value === null || value === undefined || value === "" ? null : String(value);
}

/** The fields whose values differ: the only ones there is anything to choose about. */
export function differingFields(survivor: Customer, other: Customer): MergeField[] {
  return MERGE_FIELDS.filter((f) => fieldValue(survivor, f) !== fieldValue(other, f));
}

/** The survivor keeps its own value, unless it has none and the other record has one. */
export function defaultKeep(survivor: Customer, other: Customer): KeepChoice {
  const keep: KeepChoice = {};
  for (const field of differingFields(survivor, other)) {
    keep[field] = fieldValue(survivor, field) === null ? "other" : "this";
  }
  return keep;
}

/** Tags after the merge: both records' tags, once each, in the server's (code point) order. */
export function unitedTags(survivor: Customer, other: Customer): string[] {
  return [...new Set([...survivor.tags, ...other.tags])].sort();
}

/** The merge request: only the fields taken from the other record need saying. */
export function mergeBody(other: Customer, keep: KeepChoice): MergeBody {
  const taken: Record<string, Whose> = {};
  for (const field of MERGE_FIELDS) if (keep[field] === "other") taken[field] = "other";
  return { other_id: other.id, keep: taken };
}
