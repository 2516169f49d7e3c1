import { useEffect, useRef, useState } from "react";

/**
 * A text filter kept in the URL: the box updates at once, the URL 400 ms after the typing stops
 * (`apply` gets the trimmed text, undefined when empty), and the box follows the URL when it
 * changes by other means (back button, a cleared filter).
 */
export function useUrlText(value: string | undefined, apply: (next: string | undefined) => void) {
  const [text, setText] = useState(value ?? "");
  const applyRef = useRef(apply);
  applyRef.current = apply;
  const current = value ?? "";
  useEffect(() => {
    const next = text.trim();
    if (next === current) return;
    const timer = setTimeout(() => applyRef.current(next || undefined), 400);
    return () => clearTimeout(timer);
  }, [text, current]);
  useEffect(() => setText((typed) => (typed.trim() === current ? typed : current)), [current]);
  return [text, setText] as const;
}
