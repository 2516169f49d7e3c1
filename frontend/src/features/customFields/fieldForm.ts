/** The custom field dialog's values and the API bodies they make. */
import type {
  CustomField,
  CustomFieldEntity,
  CustomFieldOption,
  CustomFieldType,
} from "../../lib/customFields";
import type { CustomFieldCreate, CustomFieldUpdate } from "./api";

export interface FieldFormValues {
  key: string;
  type: CustomFieldType;
  label_zh: string;
  label_en: string;
  required: boolean;
  filterable: boolean;
  options: CustomFieldOption[];
}

export function dialogValues(field?: CustomField): FieldFormValues {
  return {
    key: field?.key ?? "",
    type: field?.type ?? "text",
    label_zh: field?.label_zh ?? "",
    label_en: field?.label_en ?? "",
    required: field?.required ?? false,
    filterable: field?.filterable ?? false,
    options: field?.options.map((o) => ({ ...o })) ?? [],
  };
}

const isChoice = (type: CustomFieldType) => type === "select" || type === "multiselect";

function options(v: FieldFormValues): CustomFieldOption[] {
  if (!isChoice(v.type)) return [];
  return (v.options ?? []).map((o) => ({
    value: o.value.trim(),
    label_zh: (o.label_zh ?? "").trim(),
    label_en: (o.label_en ?? "").trim(),
  }));
}

export function toCreate(entity: CustomFieldEntity, v: FieldFormValues): CustomFieldCreate {
  return {
    entity,
    key: v.key.trim(),
    type: v.type,
    label_zh: (v.label_zh ?? "").trim(),
    label_en: (v.label_en ?? "").trim(),
    required: v.required ?? false,
    filterable: v.filterable ?? false,
    options: options(v),
  };
}

export function toUpdate(v: FieldFormValues): CustomFieldUpdate {
  return {
    type: v.type,
    label_zh: (v.label_zh ?? "").trim(),
    label_en: (v.label_en ?? "").trim(),
    required: v.required ?? false,
    filterable: v.filterable ?? false,
    options: options(v),
  };
}

/** The fields in their new order after moving the one at `index` by `step` (−1 up, +1 down);
 * the same order when it would leave the list. */
export function movedOrder<T>(items: T[], index: number, step: -1 | 1): T[] {
  const target = index + step;
  if (index < 0 || index >= items.length || target < 0 || target >= items.length) return items;
  const next = [...items];
  [next[index], next[target]] = [next[target] as T, next[index] as T];
  return next;
}
