/** A segment's rules read out in words ("性别 是其中之一 女"), groups nested as the builder draws
 * them, values by their names: options, stores, regions, categories and products, months,
 * amounts in the tenant's currency, days in the tenant's calendar. */
import { Flex, Typography } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useCan } from "../../lib/auth/me";
import { localName } from "../../lib/names";
import { useStoreOptions } from "../../lib/stores";
import { useFormat } from "../../lib/useFormat";
import { type CategoryNode, useCategoryTree, useProductsById, useRegions } from "./api";
import { localLabel, monthName, operatorKey } from "./labels";
import { productLabel } from "./RefSelects";
import { type Condition, type RuleGroup, type SegmentField, valueShape } from "./rules";

/** Names of the things rules point at by id. */
type Names = ReadonlyMap<string, string>;

function flattenCategories(nodes: CategoryNode[], language: string, into: Map<string, string>) {
  for (const n of nodes) {
    into.set(n.id, localName(n, language));
    flattenCategories(n.children, language, into);
  }
  return into;
}

function productIds(group: RuleGroup, fields: ReadonlyMap<string, SegmentField>): string[] {
  return group.conditions.flatMap((c) => {
    if (c.type === "group") return productIds(c, fields);
    const ref = fields.get(c.field)?.ref;
    return ref === "product" && Array.isArray(c.value) ? c.value.map(String) : [];
  });
}

function useNames(rules: RuleGroup, fields: ReadonlyMap<string, SegmentField>): Names {
  const { i18n } = useTranslation();
  const canStores = useCan("stores:read");
  const stores = useStoreOptions(canStores);
  const regions = useRegions(canStores);
  const categories = useCategoryTree(useCan("products:read"));
  const products = useProductsById(useMemo(() => [...new Set(productIds(rules, fields))], [rules, fields]));
  return useMemo(() => {
    const names = flattenCategories(categories.data ?? [], i18n.language, new Map());
    for (const o of [...(stores.data ?? []), ...(regions.data ?? [])]) names.set(o.value, o.label);
    for (const p of products) if (p.data) names.set(p.data.id, productLabel(p.data, i18n.language));
    return names;
  }, [categories.data, stores.data, regions.data, products, i18n.language]);
}

function ConditionText({ c, field, names }: { c: Condition; field: SegmentField | undefined; names: Names }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  if (!field) {
    return (
      <Typography.Text type="warning">{t("segments.rules.unknownField", { key: c.field })}</Typography.Text>
    );
  }
  const lang = i18n.language;
  const item = (v: string | number | boolean): string => {
    if (typeof v === "boolean") return v ? t("common.yes") : t("common.no");
    if (field.kind === "month") return monthName(Number(v), lang);
    if (field.kind === "money") return fmt.money(v);
    if (field.kind === "date" || c.operator === "before" || c.operator === "after")
      return fmt.date(String(v));
    if (field.kind === "number" || field.kind === "decimal") return Number(v).toLocaleString(fmt.locale);
    const option = field.options.find((o) => o.value === v);
    if (option) return localLabel(option, lang);
    if (field.kind === "ref") return names.get(String(v)) ?? t("segments.rules.unknownRef");
    return String(v);
  };
  const shape = valueShape(c.operator);
  const list = Array.isArray(c.value) ? c.value : [];
  let value = "";
  if (shape === "days") value = t("segments.rules.daysValue", { count: Number(c.value) });
  else if (shape === "range")
    value = t("segments.rules.range", { low: item(list[0] ?? ""), high: item(list[1] ?? "") });
  else if (shape === "list") value = list.map(item).join(t("segments.rules.listSeparator"));
  else if (shape === "scalar" && c.value !== null && c.value !== undefined && !Array.isArray(c.value))
    value = item(c.value);
  return (
    <span data-testid="rule-text" data-field={c.field}>
      <Typography.Text strong>{localLabel(field, lang)}</Typography.Text>{" "}
      {t(operatorKey(field.kind, c.operator))}{" "}
      {value ? <Typography.Text code>{value}</Typography.Text> : null}
      {field.windowed ? (
        <Typography.Text type="secondary">
          {" "}
          {c.days ? t("segments.rules.window", { count: c.days }) : t("segments.rules.ever")}
        </Typography.Text>
      ) : null}
    </span>
  );
}

function GroupText({
  group,
  fields,
  names,
  depth,
}: {
  group: RuleGroup;
  fields: ReadonlyMap<string, SegmentField>;
  names: Names;
  depth: number;
}) {
  const { t } = useTranslation();
  return (
    <Flex
      vertical
      gap={6}
      data-testid="rule-text-group"
      data-match={group.match}
      style={depth > 1 ? { borderLeft: "3px solid #d9d9d9", paddingLeft: 12 } : undefined}
    >
      <Typography.Text type="secondary">
        {group.match === "all" ? t("segments.rules.matchAll") : t("segments.rules.matchAny")}
      </Typography.Text>
      {group.conditions.map((c, index) => (
        // Rules read-only have no ids: the position is the identity.
        // biome-ignore lint/suspicious/noArrayIndexKey: a saved rule's conditions have no id of their own
        <div key={index} style={{ paddingLeft: 12 }}>
          {c.type === "group" ? (
            <GroupText group={c} fields={fields} names={names} depth={depth + 1} />
          ) : (
            <ConditionText c={c} field={fields.get(c.field)} names={names} />
          )}
        </div>
      ))}
    </Flex>
  );
}

export function RulesText({ rules, fields }: { rules: RuleGroup; fields: readonly SegmentField[] }) {
  const fieldMap = useMemo(() => new Map(fields.map((f) => [f.key, f])), [fields]);
  const names = useNames(rules, fieldMap);
  return <GroupText group={rules} fields={fieldMap} names={names} depth={1} />;
}
