import { Select } from "antd";
import { type CSSProperties, useState } from "react";
import { useTranslation } from "react-i18next";
import { useProductSearch } from "../../lib/products";
import { useDebounced } from "../../lib/useDebounced";
import { useFormat } from "../../lib/useFormat";
import type { OrderLine, Product } from "./api";

/** A product's name in the UI language (Chinese name, else English, else the SKU). */
export function productName(p: Product, language: string): string {
  return language === "en" && p.name_en ? p.name_en : p.name_zh || p.sku;
}

/** An order line's product name in the UI language, as captured (the English name where the
 * catalog had one, else the snapshot shown by default). */
export function lineName(l: Pick<OrderLine, "name" | "name_zh" | "name_en">, language: string): string {
  return (language === "en" ? l.name_en : l.name_zh) || l.name;
}

/** Search active products by name, SKU or pinyin initials; picking one calls `onPick`. */
export function ProductSearchSelect({
  onPick,
  style,
  testId,
}: {
  onPick: (product: Product) => void;
  style?: CSSProperties;
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const [q, setQ] = useState("");
  const products = useProductSearch(useDebounced(q, 250), { activeOnly: true, limit: 10 });
  return (
    <Select
      data-testid={testId}
      aria-label={t("orders.capture.productSearch")}
      placeholder={t("orders.capture.productSearch")}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={null}
      onChange={(id) => {
        const p = products.data?.items.find((x) => x.id === id);
        if (p) onPick(p);
        setQ("");
      }}
      options={(products.data?.items ?? []).map((p) => ({
        value: p.id,
        label: `${productName(p, i18n.language)} · ${p.sku} · ${fmt.money(p.list_price, p.currency)}`,
      }))}
      style={style}
    />
  );
}
