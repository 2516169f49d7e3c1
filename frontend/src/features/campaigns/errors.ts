/** Where a 422 about a campaign shows in the wizard: each field error on its field
 * (`include_segment_ids.1` on the segment picker, `content.zh-CN.subject` on that subject), a
 * missing language on its tab, and the step to open — the first one holding an error. Pure. */
import type { FieldError } from "../../lib/api/problem";
import { CONTENT_LANGUAGES, type ContentLanguage } from "./content";

export const STEPS = ["audience", "content", "send", "review"] as const;
export type Step = (typeof STEPS)[number];

/** The form fields of each step, for validating one step before leaving it. */
export const STEP_FIELDS: Record<Step, (string | number)[][]> = {
  audience: [["name"], ["channel"], ["include_segment_ids"], ["exclude_segment_ids"], ["store_ids"]],
  content: CONTENT_LANGUAGES.flatMap((lang) =>
    ["subject", "html", "text"].map((part) => ["content", lang, part]),
  ),
  send: [["coupon_code"], ["control_percent"], ["cost"], ["scheduled_at"]],
  review: [],
};

const STEP_OF: Record<string, Step> = {
  name: "audience",
  channel: "audience",
  include_segment_ids: "audience",
  exclude_segment_ids: "audience",
  store_ids: "audience",
  content: "content",
  coupon_code: "send",
  control_percent: "send",
  cost: "send",
  scheduled_at: "send",
};
const PARTS = new Set(["subject", "html", "text"]);

function isLanguage(value: string | undefined): value is ContentLanguage {
  return CONTENT_LANGUAGES.some((l) => l === value);
}

export interface PlacedErrors {
  fields: { name: (string | number)[]; errors: string[] }[];
  /** A language missing as a whole (`content.zh-CN`: the tenant's language is required). */
  languages: Partial<Record<ContentLanguage, string[]>>;
  /** Errors no field shows, for an alert. */
  unmatched: FieldError[];
  /** The earliest step an error belongs to, or null when none does. */
  step: Step | null;
}

export function placeErrors(errors: readonly FieldError[]): PlacedErrors {
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  const languages: Partial<Record<ContentLanguage, string[]>> = {};
  const unmatched: FieldError[] = [];
  const steps = new Set<Step>();
  for (const e of errors) {
    const [top = "", lang, part] = e.field.split(".");
    const step = STEP_OF[top];
    if (step) steps.add(step);
    let name: (string | number)[] | null = null;
    if (top === "content") {
      if (isLanguage(lang) && part && PARTS.has(part)) name = ["content", lang, part];
      else if (isLanguage(lang) && !part) {
        languages[lang] = [...(languages[lang] ?? []), e.message];
        continue;
      }
    } else if (step) {
      // An item of a list (`store_ids.2`) is the list's error.
      name = [top];
    }
    if (!name) {
      unmatched.push(e);
      continue;
    }
    const key = name.join(".");
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(e.message);
    byField.set(key, entry);
  }
  return {
    fields: [...byField.values()],
    languages,
    unmatched,
    step: STEPS.find((s) => steps.has(s)) ?? null,
  };
}

/** The step shown for a `?step=` value (out of range: the first). */
export function stepIndex(value: unknown): number {
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : 0;
  return Number.isInteger(n) && n >= 0 && n < STEPS.length ? n : 0;
}
