/**
 * URL search-param encoding: plain strings stay plain (`?q=8000`, not `?q=%228000%22`); only arrays,
 * objects and strings that would be ambiguous are JSON-encoded. parse(stringify(x)) === x.
 */
const JSON_START = /^[[{"]/;

export function encodeSearchValue(value: unknown): string {
  return typeof value === "string" && !JSON_START.test(value) ? value : JSON.stringify(value);
}

export function decodeSearchValue(raw: string): unknown {
  if (!JSON_START.test(raw)) return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
