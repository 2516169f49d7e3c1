import { PlusOutlined } from "@ant-design/icons";
import { Button, Flex, Select, Spin } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useCustomerSearch } from "../../lib/customers";
import { formatPhone } from "../../lib/format";
import { QuickCustomerModal } from "./QuickCustomerModal";

export interface PickedCustomer {
  id: string;
  label: string;
}

export const customerLabel = (c: { name: string; phone: string | null }) =>
  `${c.name} ${c.phone ? formatPhone(c.phone) : ""}`.trim();

/** A member by phone (the last 4 digits work) or name, or created on the spot from a name and
 * phone; cleared, the sale is a walk-in. */
export function CustomerPicker({
  value,
  onChange,
  testId = "order-customer",
  width = 320,
}: {
  value: PickedCustomer | null;
  onChange: (c: PickedCustomer | null) => void;
  testId?: string;
  width?: number | string;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const [quickOpen, setQuickOpen] = useState(false);
  const customers = useCustomerSearch(q);
  return (
    <Flex wrap gap={8} style={{ minWidth: 0, maxWidth: "100%" }}>
      <Select
        data-testid={testId}
        aria-label={t("orders.fields.customer")}
        placeholder={t("orders.capture.customerSearch")}
        showSearch={{ filterOption: false, onSearch: setQ }}
        allowClear
        value={value?.id}
        labelRender={() => value?.label}
        onChange={(id) => {
          const c = customers.data?.items.find((x) => x.id === id);
          onChange(c ? { id: c.id, label: customerLabel(c) } : null);
        }}
        notFoundContent={customers.isFetching ? <Spin size="small" /> : null}
        options={(customers.data?.items ?? []).map((c) => ({ value: c.id, label: customerLabel(c) }))}
        style={{ width, maxWidth: "100%" }}
      />
      <Button icon={<PlusOutlined />} onClick={() => setQuickOpen(true)} data-testid={`${testId}-new`}>
        {t("orders.capture.newCustomer")}
      </Button>
      <QuickCustomerModal
        open={quickOpen}
        onClose={() => setQuickOpen(false)}
        onCreated={(c) => {
          onChange({ id: c.id, label: customerLabel(c) });
          setQuickOpen(false);
        }}
      />
    </Flex>
  );
}
