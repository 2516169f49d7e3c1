import { DeleteOutlined } from "@ant-design/icons";
import { Button, InputNumber, Table, Tag } from "antd";
import type { Dispatch, HTMLAttributes, SetStateAction } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../lib/useFormat";
import type { Quote } from "./api";
import type { DraftLine } from "./draft";

/** Stable hooks for browser tests on each line. */
function lineAttributes(l: DraftLine): HTMLAttributes<HTMLElement> & { [data: `data-${string}`]: string } {
  return { "data-testid": "order-line", "data-product": l.product_id };
}

/** The cart's lines: quantity and discount editable; price, total and the store's available
 * units as the server quoted them (a line asking for more than is available is flagged). */
export function CaptureLinesTable({
  lines,
  setLines,
  quote,
}: {
  lines: DraftLine[];
  setLines: Dispatch<SetStateAction<DraftLine[]>>;
  quote: Quote | undefined;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const quoted = (productId: string) => quote?.lines.find((l) => l.product_id === productId);
  const money = (v: string | undefined) => (v === undefined ? "—" : fmt.money(v));
  return (
    <Table<DraftLine>
      rowKey="product_id"
      size="small"
      pagination={false}
      dataSource={lines}
      onRow={lineAttributes}
      scroll={{ x: "max-content" }}
      locale={{ emptyText: t("orders.capture.noLines") }}
      columns={[
        { key: "name", title: t("orders.fields.product"), render: (_, l) => `${l.name} (${l.sku})` },
        {
          key: "price",
          title: t("orders.fields.unitPrice"),
          render: (_, l) => money(quoted(l.product_id)?.unit_price),
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
              style={{ width: 72 }}
              onChange={(v) =>
                setLines((prev) =>
                  prev.map((x) => (x.product_id === l.product_id ? { ...x, quantity: v ?? 1 } : x)),
                )
              }
            />
          ),
        },
        {
          key: "available",
          title: t("orders.capture.available"),
          render: (_, l) => {
            const available = quoted(l.product_id)?.available;
            if (available === undefined || available === null) return "—";
            return available < l.quantity ? (
              <Tag color="red" data-testid="line-short">
                {t("orders.capture.short", { available })}
              </Tag>
            ) : (
              <span data-testid="line-available">{available}</span>
            );
          },
        },
        {
          key: "discount",
          title: t("orders.fields.lineDiscount"),
          render: (_, l) => (
            <InputNumber
              aria-label={t("orders.fields.lineDiscount")}
              min={0}
              precision={fmt.places}
              value={Number(l.discount)}
              style={{ width: 90 }}
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
          render: (_, l) => money(quoted(l.product_id)?.line_total),
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
