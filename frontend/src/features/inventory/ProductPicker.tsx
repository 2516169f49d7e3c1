import { Select } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useProductSearch } from "../../lib/products";

/** A form control picking any product (archived included) by name or SKU. */
export function ProductPicker({ value, onChange }: { value?: string; onChange?: (v: string) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const products = useProductSearch(q, { activeOnly: false, limit: 20 });
  return (
    <Select
      aria-label={t("orders.fields.product")}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      options={(products.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.sku} · ${p.name_zh}` }))}
      style={{ width: "100%" }}
    />
  );
}
