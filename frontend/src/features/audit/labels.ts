/** How audit codes read: an action code, a record type and an actor type each have a label. */
import type { TFunction } from "i18next";
import i18n from "../../i18n";

/** `order.approved` → audit.actions.order.approved; the code only for one this SPA does not know. */
export function actionLabel(t: TFunction, code: string): string {
  const key = `audit.actions.${code}`;
  return i18n.exists(key) ? t(key) : code;
}

export function targetTypeLabel(t: TFunction, type: string): string {
  const key = `audit.targetTypes.${type}`;
  return i18n.exists(key) ? t(key) : type;
}

export function actorTypeLabel(t: TFunction, type: string): string {
  const key = `audit.actorTypes.${type}`;
  return i18n.exists(key) ? t(key) : type;
}

/** The action filter's options, grouped by record type, from the translations (which the i18n
 * test keeps equal to the server's catalogue). */
export function actionOptions(
  t: TFunction,
): { label: string; options: { value: string; label: string }[] }[] {
  const areas = i18n.getResource(i18n.language, "translation", "audit.actions") as Record<
    string,
    Record<string, string>
  >;
  return Object.entries(areas ?? {}).map(([area, verbs]) => ({
    label: i18n.exists(`audit.areas.${area}`) ? t(`audit.areas.${area}`) : targetTypeLabel(t, area),
    options: Object.keys(verbs).map((verb) => ({
      value: `${area}.${verb}`,
      label: actionLabel(t, `${area}.${verb}`),
    })),
  }));
}

export function targetTypeOptions(t: TFunction): { value: string; label: string }[] {
  const types = i18n.getResource(i18n.language, "translation", "audit.targetTypes") as Record<string, string>;
  return Object.keys(types ?? {}).map((type) => ({ value: type, label: targetTypeLabel(t, type) }));
}

/** A changed field's name ("status" → 状态); the field as written for one without a label. */
export function fieldLabel(t: TFunction, field: string): string {
  const key = `audit.fields.${field}`;
  return i18n.exists(key) ? t(key) : field;
}

/** Where a record type's status values are labelled (the pages that show those records). */
const STATUS_LABELS: Record<string, string> = {
  order: "orders.status",
  ticket: "tickets.status",
  kb_article: "kb.status",
  transfer: "inventory.transferStatus",
  user: "users.status",
  store: "stores.status",
  product: "catalog.status",
};

/** A status value in words for the record's type; other values as they are. */
export function valueLabel(t: TFunction, targetType: string, field: string, value: string): string {
  const family = field === "status" ? STATUS_LABELS[targetType] : undefined;
  return family && i18n.exists(`${family}.${value}`) ? t(`${family}.${value}`) : value;
}
