/** Turns an audit entry's `changes` into rows of field, before, after. */

export interface DiffRow {
  field: string;
  from: unknown;
  to: unknown;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Accepts the shapes an audit writer commonly uses: `{field: [from, to]}`, `{field: {from, to}}`
 * (or `old`/`new`), and `{before: {...}, after: {...}}`; anything else is shown as a new value.
 */
export function diffRows(changes: Record<string, unknown> | null | undefined): DiffRow[] {
  if (!changes) return [];
  if (isRecord(changes.before) || isRecord(changes.after)) {
    const before = isRecord(changes.before) ? changes.before : {};
    const after = isRecord(changes.after) ? changes.after : {};
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.map((field) => ({ field, from: before[field], to: after[field] }));
  }
  return Object.entries(changes).map(([field, value]) => {
    if (Array.isArray(value) && value.length === 2) return { field, from: value[0], to: value[1] };
    if (isRecord(value) && ("from" in value || "to" in value))
      return { field, from: value.from, to: value.to };
    if (isRecord(value) && ("old" in value || "new" in value))
      return { field, from: value.old, to: value.new };
    return { field, from: undefined, to: value };
  });
}

export function show(value: unknown): string {
  if (value === undefined) return "—";
  if (value === null) return "null";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}
