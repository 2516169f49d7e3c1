/** Which list columns the user hid; remembered per browser. */
export const COLUMN_KEYS = [
  "name",
  "phone",
  "email",
  "stage",
  "tags",
  "home_store",
  "created_at",
  "updated_at",
] as const;
export type ColumnKey = (typeof COLUMN_KEYS)[number];
const STORAGE_KEY = "crm.customers.hiddenColumns";

function isColumnKey(value: unknown): value is ColumnKey {
  return COLUMN_KEYS.some((k) => k === value);
}

export function loadHiddenColumns(): ColumnKey[] {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "[]");
    return Array.isArray(raw) ? raw.filter(isColumnKey) : [];
  } catch {
    return [];
  }
}

export function saveHiddenColumns(hidden: ColumnKey[]): void {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(hidden));
}
