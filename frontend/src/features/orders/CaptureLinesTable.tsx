import { DeleteOutlined } from "@ant-design/icons";
import { Button, InputNumber, Table } from "antd";
import type { Dispatch, HTMLAttributes, SetStateAction } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../lib/useFormat";
import type { Order } from "./api";
import type { DraftLine } from "./draft";

/** Stable hooks for browser tests on each line. */
function lineAttributes(l: DraftLine): HTMLAttributes<HTMLElement> & { [data: `data-${string}`]: string } {
  return { "data-testid": "order-line", "data-product": l.product_id };
}

/** The lines being captured: quantity and discount editable, price and total as the server priced them. */
export function CaptureLinesTable({
  lines,
  setLines,
  draft,
}: {
  lines: DraftLine[];
  setLines: Dispatch<SetStateAction<DraftLine[]>>;
  draft: Order | null;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const serverLine = (productId: string) => draft?.lines.find((l) => l.product_id === productId);
  const money = (v: string | undefined) => (v === undefined ? "—" : fmt.money(v));
  return (
    <Table<DraftLine>
      rowKey="product_id"
      size="small"
      pagination={false}
      dataSource={lines}
      onRow={lineAttributes}
      locale={{ emptyText: t("orders.capture.noLines") }}
      columns={[
        { key: "name", title: t("orders.fields.product"), render: (_, l) => `${l.name} (${l.sku})` },
        {
          key: "price",
          title: t("orders.fields.unitPrice"),
          render: (_, l) => money(serverLine(l.product_id)?.unit_price),
        },
        {
          key: "qty",
          title: t("orders.fields.quantity"),
          render: (_, l) => (
            <InputNumber
              aria-label={t("orders.fields.quantity")}
              data-testid="line-quantity"
              min={1}
              precision={0}
              value={l.quantity}
              onChange={(v) =>
                setLines((prev) =>
                  prev.map((x) => (x.product_id === l.product_id ? { ...x, quantity: v ?? 1 } : x)),
                )
              }
            />
          ),
        },
        {
          key: "discount",
          title: t("orders.fields.lineDiscount"),
          render: (_, l) => (
            <InputNumber
              aria-label={t("orders.fields.lineDiscount")}
              min={0}
              precision={2}
              value={Number(l.discount)}
              onChange={(v) =>
                setLines((prev) =>
                  prev.map((x) => (x.product_id === l.product_id ? { ...x, discount: String(v ?? 0) } : x)),
                )
              }
            />
          ),
        },
        {
          key: "total",
          title: t("orders.fields.lineTotal"),
          align: "right",
          render: (_, l) => money(serverLine(l.product_id)?.line_total),
        },
        {
          key: "remove",
          render: (_, l) => (
            <Button
              type="text"
              danger
              icon={<DeleteOutlined />}
              aria-label={t("common.delete")}
              onClick={() => setLines((prev) => prev.filter((x) => x.product_id !== l.product_id))}
            />
          ),
        },
      ]}
    />
  );
}
