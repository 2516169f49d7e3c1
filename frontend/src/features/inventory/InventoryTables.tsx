import { Button, Flex, Table, Tag } from "antd";
import type { HTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import { toneProps } from "../../lib/actions";
import { useFormat } from "../../lib/useFormat";
import type { Movement, StockItem, Transfer } from "./api";
import { transferActionSpec, transferBarActions, type useTransferAction } from "./transferActions";

/** Store id → "code · name", for the store columns. */
type StoreNames = Map<string, string>;

function stockRow(s: StockItem): HTMLAttributes<HTMLElement> & { [data: `data-${string}`]: string } {
  return { "data-testid": "stock-row", "data-product": s.product_id, "data-low": String(s.is_low) };
}

/** On hand, reserved, available (red when low) and in transit per store and product. */
export function StockTable({
  items,
  loading,
  storeName,
}: {
  items: StockItem[];
  loading: boolean;
  storeName: StoreNames;
}) {
  const { t } = useTranslation();
  return (
    <Table<StockItem>
      rowKey={(s) => `${s.store_id}:${s.product_id}`}
      dataSource={items}
      loading={loading}
      pagination={false}
      onRow={stockRow}
      columns={[
        {
          key: "store",
          title: t("orders.fields.store"),
          render: (_, s) => storeName.get(s.store_id) ?? "—",
        },
        { key: "sku", title: t("catalog.fields.sku"), dataIndex: "sku" },
        { key: "name", title: t("catalog.fields.name"), dataIndex: "name" },
        { key: "on_hand", title: t("inventory.fields.onHand"), dataIndex: "on_hand", align: "right" },
        { key: "reserved", title: t("inventory.fields.reserved"), dataIndex: "reserved", align: "right" },
        {
          key: "available",
          title: t("inventory.fields.available"),
          align: "right",
          render: (_, s) => (s.is_low ? <Tag color="red">{s.available}</Tag> : s.available),
        },
        {
          key: "in_transit",
          title: t("inventory.fields.inTransit"),
          dataIndex: "in_transit",
          align: "right",
        },
        {
          key: "threshold",
          title: t("inventory.fields.threshold"),
          dataIndex: "low_stock_threshold",
          align: "right",
        },
      ]}
    />
  );
}

/** The stock ledger: every change to on-hand or reserved units, with its reason. */
export function MovementsTable({
  items,
  loading,
  storeName,
}: {
  items: Movement[];
  loading: boolean;
  storeName: StoreNames;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Table<Movement>
      rowKey="id"
      dataSource={items}
      loading={loading}
      pagination={false}
      columns={[
        {
          key: "at",
          title: t("common.createdAt"),
          render: (_, m) => fmt.dateTime(m.created_at),
        },
        {
          key: "store",
          title: t("orders.fields.store"),
          render: (_, m) => storeName.get(m.store_id) ?? "—",
        },
        {
          key: "kind",
          title: t("inventory.fields.kind"),
          render: (_, m) => t(`inventory.kind.${m.kind}`),
        },
        { key: "product", title: t("orders.fields.product"), render: (_, m) => `${m.name} (${m.sku})` },
        {
          key: "on_hand",
          title: t("inventory.fields.onHandDelta"),
          dataIndex: "on_hand_delta",
          align: "right",
        },
        {
          key: "reserved",
          title: t("inventory.fields.reservedDelta"),
          dataIndex: "reserved_delta",
          align: "right",
        },
        {
          key: "reason",
          title: t("inventory.fields.reason"),
          render: (_, m) => m.reason || m.reference_type || "—",
        },
      ]}
    />
  );
}

/** Transfers between stores, each with its allowed actions (from the registry). */
export function TransfersTable({
  items,
  loading,
  storeName,
  run,
}: {
  items: Transfer[];
  loading: boolean;
  storeName: StoreNames;
  run: ReturnType<typeof useTransferAction>;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Table<Transfer>
      rowKey="id"
      dataSource={items}
      loading={loading}
      pagination={false}
      columns={[
        { key: "number", title: t("inventory.fields.transferNumber"), dataIndex: "number" },
        {
          key: "from",
          title: t("inventory.fields.from"),
          render: (_, x) => storeName.get(x.from_store_id) ?? "—",
        },
        {
          key: "to",
          title: t("inventory.fields.to"),
          render: (_, x) => storeName.get(x.to_store_id) ?? "—",
        },
        {
          key: "lines",
          title: t("orders.fields.lines"),
          render: (_, x) => x.lines.map((l) => `${l.sku} × ${l.quantity}`).join(", "),
        },
        {
          key: "status",
          title: t("orders.fields.status"),
          render: (_, x) => <Tag>{t(`inventory.transferStatus.${x.status}`)}</Tag>,
        },
        {
          key: "at",
          title: t("common.createdAt"),
          render: (_, x) => fmt.dateTime(x.created_at),
        },
        {
          key: "actions",
          title: t("common.actions"),
          render: (_, x) => (
            <Flex gap={4}>
              {transferBarActions(x).map((a) => (
                <Button
                  key={a}
                  size="small"
                  {...toneProps(transferActionSpec(a).tone)}
                  loading={run.isPending && run.variables?.id === x.id}
                  onClick={() => run.mutate({ id: x.id, action: a })}
                >
                  {t(transferActionSpec(a).label)}
                </Button>
              ))}
            </Flex>
          ),
        },
      ]}
    />
  );
}
