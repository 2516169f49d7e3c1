/** One customer found by name or phone (the last 4 digits work), for pickers outside the customer
 * pages; the search and its cache are the shared ones in lib/customers. */
import { Select, Spin } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useCustomerSearch } from "../lib/customers";
import { useFormat } from "../lib/useFormat";

export interface PickedCustomer {
  id: string;
  label: string;
}

export function CustomerSearchSelect({
  value,
  onChange,
  placeholder,
  testId,
  width = 280,
}: {
  value: PickedCustomer | null;
  onChange: (customer: PickedCustomer | null) => void;
  placeholder?: string;
  testId?: string;
  width?: number | string;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const found = useCustomerSearch(q);
  const fmt = useFormat();
  const label = (c: { name: string; phone: string | null }) =>
    `${c.name} ${c.phone ? fmt.phone(c.phone) : ""}`.trim();
  return (
    <Select
      data-testid={testId}
      aria-label={placeholder ?? t("customers.searchPlaceholder")}
      placeholder={placeholder ?? t("customers.searchPlaceholder")}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={value?.id}
      labelRender={() => value?.label}
      onChange={(id) => {
        const c = found.data?.items.find((x) => x.id === id);
        onChange(c ? { id: c.id, label: label(c) } : null);
      }}
      notFoundContent={found.isFetching ? <Spin size="small" /> : null}
      options={(found.data?.items ?? []).map((c) => ({ value: c.id, label: label(c) }))}
      style={{ width, maxWidth: "100%" }}
    />
  );
}
