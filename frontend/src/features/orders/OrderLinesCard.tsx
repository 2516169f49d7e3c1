import { Card, Empty, Grid, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../lib/useFormat";
import type { Order, OrderLine } from "./api";
import { lineName } from "./ProductSearchSelect";

/** The order's lines with their fulfilled and shipped units, then its fulfilments. */
export function OrderLinesCard({ order: o }: { order: Order }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const money = (v: string) => fmt.money(v, o.currency);
  // On a phone the eight columns do not fit: each line becomes its product with the figures
  // under it, and the line total beside it.
  const narrow = !(Grid.useBreakpoint().md ?? true);
  return (
    <>
      <Table<OrderLine>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={o.lines}
        style={{ marginBottom: 16 }}
        columns={
          narrow
            ? [
                {
                  key: "name",
                  title: t("orders.fields.product"),
                  render: (_, l) => (
                    <>
                      <div style={{ overflowWrap: "anywhere" }}>{lineName(l, i18n.language)}</div>
                      <Typography.Text type="secondary" style={{ fontSize: 12, overflowWrap: "anywhere" }}>
                        {l.sku} · {money(l.unit_price)} × {l.quantity}
                        {Number(l.discount) ? ` − ${money(l.discount)}` : ""}
                        {" · "}
                        {t("orders.fields.fulfilled")} {l.fulfilled_quantity} · {t("orders.fields.shipped")}{" "}
                        {l.shipped_quantity}
                      </Typography.Text>
                    </>
                  ),
                },
                {
                  key: "total",
                  title: t("orders.fields.lineTotal"),
                  align: "right",
                  render: (_, l) => <span style={{ whiteSpace: "nowrap" }}>{money(l.line_total)}</span>,
                },
              ]
            : [
                { key: "no", title: "#", dataIndex: "line_no" },
                {
                  key: "name",
                  title: t("orders.fields.product"),
                  render: (_, l) => `${lineName(l, i18n.language)} (${l.sku})`,
                },
                { key: "price", title: t("orders.fields.unitPrice"), render: (_, l) => money(l.unit_price) },
                { key: "qty", title: t("orders.fields.quantity"), dataIndex: "quantity" },
                { key: "disc", title: t("orders.fields.lineDiscount"), render: (_, l) => money(l.discount) },
                { key: "ful", title: t("orders.fields.fulfilled"), dataIndex: "fulfilled_quantity" },
                { key: "ship", title: t("orders.fields.shipped"), dataIndex: "shipped_quantity" },
                {
                  key: "total",
                  title: t("orders.fields.lineTotal"),
                  align: "right",
                  render: (_, l) => money(l.line_total),
                },
              ]
        }
        data-testid="order-lines"
      />
      <Card size="small" title={t("orders.fulfilments")} style={{ marginBottom: 16 }}>
        {o.fulfilments.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={o.fulfilments}
            scroll={{ x: "max-content" }}
            columns={[
              {
                key: "status",
                title: t("orders.fields.status"),
                render: (_, f) => t(`orders.fulfilmentStatus.${f.status}`),
              },
              {
                key: "lines",
                title: t("orders.fields.lines"),
                render: (_, f) =>
                  f.lines
                    .map((fl) => {
                      const line = o.lines.find((l) => l.id === fl.line_id);
                      return `${line?.sku ?? "?"} × ${fl.quantity}`;
                    })
                    .join(", "),
              },
              { key: "carrier", title: t("orders.fields.carrier"), render: (_, f) => f.carrier || "—" },
              {
                key: "tn",
                title: t("orders.fields.trackingNumber"),
                render: (_, f) => f.tracking_number || "—",
              },
              {
                key: "shipped",
                title: t("orders.fields.shippedAt"),
                render: (_, f) => fmt.dateTime(f.shipped_at),
              },
            ]}
          />
        )}
      </Card>
    </>
  );
}
