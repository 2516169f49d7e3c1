/** Puts 422 field errors on the matching Form.Item (`address.city` → ["address", "city"]). */
import type { FormInstance } from "antd";
import { useCallback, useEffect, useRef, useState } from "react";
import { type Problem, toProblem } from "./api/problem";

export function fieldPath(field: string): (string | number)[] {
  return field.split(".").map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** Returns the errors that matched no field on the form, to be shown in an alert instead. */
export function applyFieldErrors(
  form: FormInstance,
  error: unknown,
  knownFields: string[],
): Problem["errors"] {
  const problem = toProblem(error);
  const unmatched: Problem["errors"] = [];
  const byField = new Map<string, string[]>();
  for (const e of problem.errors) {
    const top = e.field.split(".")[0] ?? "";
    if (knownFields.includes(e.field) || knownFields.includes(top)) {
      byField.set(e.field, [...(byField.get(e.field) ?? []), e.message]);
    } else {
      unmatched.push(e);
    }
  }
  form.setFields([...byField].map(([field, errors]) => ({ name: fieldPath(field), errors })));
  return unmatched;
}

/**
 * Server-side errors of a form: field errors go inline; anything else (or a 422 naming fields the
 * form does not have) is returned as `error` for a ProblemAlert. `handle` and `reset` are stable.
 */
export function useServerErrors(form: FormInstance, fields: string[]) {
  const [error, setError] = useState<unknown>(null);
  const fieldsRef = useRef(fields);
  fieldsRef.current = fields;
  const handle = useCallback(
    (err: unknown) => {
      const problem = toProblem(err);
      const unmatched = applyFieldErrors(form, err, fieldsRef.current);
      setError(problem.errors.length > 0 && unmatched.length === 0 ? null : err);
    },
    [form],
  );
  const reset = useCallback(() => setError(null), []);
  return { error, handle, reset };
}

/**
 * Runs `fill` each time a dialog opens, before the user can type, and never again while it stays
 * open (a live update that re-renders the dialog must not wipe what the user entered).
 */
export function useOnOpen(open: boolean, fill: () => void) {
  const fillRef = useRef(fill);
  fillRef.current = fill;
  useEffect(() => {
    if (open) fillRef.current();
  }, [open]);
}
