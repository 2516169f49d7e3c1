/** Pickers for conditions on ids: stores and regions from their lists, products searched as
 * typed (as the order form finds them, archived ones included: they were bought once), and
 * categories from the tree. */
import { Select, Spin, TreeSelect } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useCan } from "../../lib/auth/me";
import { localName } from "../../lib/names";
import { useProductSearch } from "../../lib/products";
import { useStoreOptions } from "../../lib/stores";
import { useDebounced } from "../../lib/useDebounced";
import { type CategoryNode, useCategoryTree, useProductsById, useRegions } from "./api";
import type { DraftValue } from "./rules";
import type { ValueEditorProps } from "./ValueEditor";

function ids(value: DraftValue): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** Stores or regions, by id. */
export function PlaceSelect({ field, value, onChange, invalid, disabled }: ValueEditorProps) {
  const { t } = useTranslation();
  const canRead = useCan("stores:read");
  const stores = useStoreOptions(canRead && field.ref === "store");
  const regions = useRegions(canRead && field.ref === "region");
  const options = field.ref === "region" ? regions.data : stores.data;
  return (
    <Select<string[]>
      mode="multiple"
      value={ids(value)}
      onChange={onChange}
      options={options ?? []}
      loading={stores.isLoading || regions.isLoading}
      showSearch={{ optionFilterProp: "label" }}
      placeholder={t("segments.builder.chooseValues")}
      status={invalid ? "error" : undefined}
      disabled={disabled}
      aria-label={t("segments.builder.value")}
      data-testid="rule-value"
      style={{ width: "100%" }}
    />
  );
}

/** A product in the UI language with its SKU (the same words the order form shows). */
export function productLabel(p: { name_zh: string; name_en: string; sku: string }, language: string): string {
  const name = language === "en" && p.name_en ? p.name_en : p.name_zh || p.name_en;
  return name ? `${name} · ${p.sku}` : p.sku;
}

export function ProductMultiSelect({ value, onChange, invalid, disabled }: ValueEditorProps) {
  const { t, i18n } = useTranslation();
  const [q, setQ] = useState("");
  const picked = ids(value);
  const found = useProductSearch(useDebounced(q, 250), { activeOnly: false, limit: 10 });
  const named = useProductsById(picked);
  const options = useMemo(() => {
    const labels = new Map<string, string>();
    for (const result of named)
      if (result.data) labels.set(result.data.id, productLabel(result.data, i18n.language));
    for (const p of found.data?.items ?? []) labels.set(p.id, productLabel(p, i18n.language));
    return [...labels].map(([id, label]) => ({ value: id, label }));
  }, [named, found.data, i18n.language]);
  return (
    <Select<string[]>
      mode="multiple"
      value={picked}
      onChange={(next) => {
        onChange(next);
        setQ("");
      }}
      showSearch={{ filterOption: false, onSearch: setQ, searchValue: q }}
      options={options}
      notFoundContent={found.isFetching ? <Spin size="small" /> : null}
      placeholder={t("segments.builder.productSearch")}
      status={invalid ? "error" : undefined}
      disabled={disabled}
      aria-label={t("segments.builder.value")}
      data-testid="rule-value"
      style={{ width: "100%" }}
    />
  );
}

interface TreeOption {
  value: string;
  title: string;
  children: TreeOption[];
}

function treeOptions(nodes: CategoryNode[], language: string): TreeOption[] {
  return nodes.map((n) => ({
    value: n.id,
    title: localName(n, language),
    children: treeOptions(n.children, language),
  }));
}

export function CategorySelect({ value, onChange, invalid, disabled }: ValueEditorProps) {
  const { t, i18n } = useTranslation();
  const tree = useCategoryTree(useCan("products:read"));
  const data = useMemo(() => treeOptions(tree.data ?? [], i18n.language), [tree.data, i18n.language]);
  return (
    <TreeSelect<string[]>
      multiple
      treeDefaultExpandAll
      value={ids(value)}
      onChange={(next) => onChange(next)}
      treeData={data}
      showSearch={{ treeNodeFilterProp: "title" }}
      loading={tree.isLoading}
      placeholder={t("segments.builder.chooseValues")}
      status={invalid ? "error" : undefined}
      disabled={disabled}
      aria-label={t("segments.builder.value")}
      data-testid="rule-value"
      style={{ width: "100%" }}
    />
  );
}
