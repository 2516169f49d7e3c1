/**
 * The tenant's custom fields, shared by every page that shows customers or products: one query
 * and cache key per entity, and the helpers that turn a field's value into text, into the value
 * of its form input and back into what the API takes (its canonical form), and list filters into
 * the `cf.<key>` query parameters the lists read.
 */
import { type QueryClient, useQuery } from "@tanstack/react-query";
import dayjs, { type Dayjs } from "dayjs";
import { api, unwrap } from "./api/client";
import type { components } from "./api/schema";
import { formatDate } from "./format";

export type CustomField = components["schemas"]["CustomField"];
export type CustomFieldOption = components["schemas"]["CustomFieldOption"];
export type CustomFieldEntity = CustomField["entity"];
export type CustomFieldType = CustomField["type"];
export const FIELD_TYPES: CustomFieldType[] = [
  "text",
  "number",
  "decimal",
  "date",
  "boolean",
  "select",
  "multiselect",
];
export const ENTITIES: CustomFieldEntity[] = ["customer", "product"];

/** A record's custom values as the API carries them. */
export type CustomValues = { [key: string]: unknown };
/** What a custom field's form input holds. */
export type InputValue = string | number | boolean | string[] | Dayjs | null | undefined;

export const CUSTOM_FIELDS_KEY = ["custom-fields"] as const;

/** Every field of `entity` (archived ones too: values stay on the records), in form order. */
export function useCustomFields(entity: CustomFieldEntity) {
  return useQuery({
    queryKey: [...CUSTOM_FIELDS_KEY, entity],
    queryFn: () => unwrap(api.GET("/api/v1/custom-fields", { params: { query: { entity } } })),
    staleTime: 5 * 60_000,
    // While a field's filter is being prepared (a job indexes the records), ask again until ready.
    refetchInterval: (query) =>
      query.state.data?.items.some((f) => f.filter_state === "preparing") ? 5_000 : false,
    select: (list) => list.items,
  });
}

/** Call after changing a definition so every form, list and page uses it. */
export function invalidateCustomFields(queryClient: QueryClient) {
  return queryClient.invalidateQueries({ queryKey: CUSTOM_FIELDS_KEY });
}

/** The fields forms offer and lists show: the archived ones are hidden. */
export function activeFields(fields: CustomField[] | undefined): CustomField[] {
  return (fields ?? []).filter((f) => !f.archived);
}

const isZh = (lang: string) => lang.toLowerCase().startsWith("zh");

/** A label in the reader's language, else the other one, else the key. */
export function fieldLabel(field: { label_zh: string; label_en: string; key: string }, lang: string): string {
  const [first, second] = isZh(lang) ? [field.label_zh, field.label_en] : [field.label_en, field.label_zh];
  return first || second || field.key;
}

export function optionLabel(option: CustomFieldOption, lang: string): string {
  const [first, second] = isZh(lang)
    ? [option.label_zh, option.label_en]
    : [option.label_en, option.label_zh];
  return first || second || option.value;
}

/** The option values of `value` the field no longer offers (removed since a record took them). */
export function removedOptions(field: CustomField, value: unknown): string[] {
  if (field.type !== "select" && field.type !== "multiselect") return [];
  const held = Array.isArray(value) ? value.map(String) : typeof value === "string" ? [value] : [];
  const offered = new Set(field.options.map((o) => o.value));
  return held.filter((v) => v !== "" && !offered.has(v));
}

/** A value as a reader reads it ("—" for none); `yesNo` are the words for true and false and
 * `removed` marks an option value the field no longer offers ("bronze (removed option)"). */
export function formatValue(
  field: CustomField,
  value: unknown,
  lang: string,
  yesNo: [string, string],
  removed: (value: string) => string = (v) => v,
): string {
  if (value === null || value === undefined || value === "") return "—";
  const byValue = new Map(field.options.map((o) => [o.value, optionLabel(o, lang)]));
  switch (field.type) {
    case "number":
      return typeof value === "number" ? new Intl.NumberFormat(lang).format(value) : String(value);
    case "decimal": {
      // A decimal string of at most 15 + 6 digits: shown grouped, every place it has kept.
      const text = String(value);
      const places = text.includes(".") ? (text.split(".")[1]?.length ?? 0) : 0;
      const number = Number(text);
      if (Number.isNaN(number)) return text;
      return new Intl.NumberFormat(lang, {
        minimumFractionDigits: places,
        maximumFractionDigits: places,
      }).format(number);
    }
    case "date":
      return formatDate(String(value), lang);
    case "boolean":
      return value === true ? yesNo[0] : yesNo[1];
    case "select":
      return byValue.get(String(value)) ?? removed(String(value));
    case "multiselect":
      return Array.isArray(value)
        ? value.map((v) => byValue.get(String(v)) ?? removed(String(v))).join(isZh(lang) ? "、" : ", ")
        : String(value);
    default:
      return String(value);
  }
}

/** The value a field's form input starts with. */
export function toInputValue(field: CustomField, value: unknown): InputValue {
  if (value === null || value === undefined) return field.type === "multiselect" ? [] : undefined;
  switch (field.type) {
    case "date":
      return typeof value === "string" ? dayjs(value) : undefined;
    case "multiselect":
      return Array.isArray(value) ? value.map(String) : [];
    case "number":
      return typeof value === "number" ? value : undefined;
    case "boolean":
      return value === true;
    default:
      return String(value);
  }
}

/** What the API takes for an input's value (null: no value, which a PATCH removes). */
export function fromInputValue(field: CustomField, input: InputValue): unknown {
  if (input === null || input === undefined) return field.type === "boolean" ? false : null;
  switch (field.type) {
    case "text": {
      const text = String(input).trim();
      return text || null;
    }
    case "number":
      return typeof input === "number" ? Math.trunc(input) : null;
    case "decimal": {
      const text = String(input).trim();
      return text === "" ? null : text;
    }
    case "date":
      return dayjs.isDayjs(input) ? input.format("YYYY-MM-DD") : null;
    case "boolean":
      return input === true;
    case "select":
      return typeof input === "string" && input ? input : null;
    case "multiselect":
      return Array.isArray(input) && input.length ? [...input].sort() : null;
    default:
      return null;
  }
}

/** The form inputs' values for a record's custom values (the fields forms show). */
export function inputValues(
  fields: CustomField[],
  values: CustomValues | undefined,
): Record<string, InputValue> {
  return Object.fromEntries(activeFields(fields).map((f) => [f.key, toInputValue(f, values?.[f.key])]));
}

/** The `custom` body of a write: every field the form showed (archived ones keep their values). */
export function customBody(
  fields: CustomField[],
  inputs: Record<string, InputValue> | undefined,
): CustomValues {
  return Object.fromEntries(activeFields(fields).map((f) => [f.key, fromInputValue(f, inputs?.[f.key])]));
}

/** List filters kept in the URL (`cf`: key → value) as the list's query parameters. */
export type CustomFilters = Record<string, string>;
export type CustomFilterParams = { [name: `cf.${string}`]: string };

export function filterParams(cf: CustomFilters | undefined): CustomFilterParams {
  const out: CustomFilterParams = {};
  for (const [key, value] of Object.entries(cf ?? {})) if (value !== "") out[`cf.${key}`] = value;
  return out;
}

/** The `cf` URL state from raw search params: string values only, known keys' shape. */
export function parseCustomFilters(raw: unknown): CustomFilters | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
  const out: CustomFilters = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!/^[a-z][a-z0-9_]{0,39}$/.test(key)) continue;
    if (typeof value === "string" && value !== "") out[key] = value;
    else if (typeof value === "number" || typeof value === "boolean") out[key] = String(value);
  }
  return Object.keys(out).length ? out : undefined;
}
