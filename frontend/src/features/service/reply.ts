/** Inserting text into the reply at the caret (or over the selection): pure, so it is unit-tested. */

export interface Inserted {
  value: string;
  caret: number;
}

export function insertAt(value: string, start: number, end: number, text: string): Inserted {
  const from = Math.max(0, Math.min(start, value.length));
  const to = Math.max(from, Math.min(end, value.length));
  return { value: value.slice(0, from) + text + value.slice(to), caret: from + text.length };
}
