import { Card, Descriptions, Timeline, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { ActorName } from "../../components/ActorName";
import { useFormat } from "../../lib/useFormat";
import type { Order } from "./api";
import { TrackingCard } from "./TrackingCard";

/** Totals and balance, the tracking link, and the order's timeline of events. */
export function OrderSidebar({ order: o }: { order: Order }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = (v: string) => fmt.money(v, o.currency);
  return (
    <>
      <Card size="small" title={t("orders.totals")} style={{ marginBottom: 16 }}>
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t("orders.fields.subtotal")}>{money(o.subtotal)}</Descriptions.Item>
          <Descriptions.Item label={t("orders.fields.discountTotal")}>
            {money(o.discount_total)}
          </Descriptions.Item>
          {Number(o.tier_discount) > 0 ? (
            <Descriptions.Item label={t("orders.fields.tierDiscount")}>
              {money(o.tier_discount)}
            </Descriptions.Item>
          ) : null}
          {o.points_redeemed > 0 ? (
            <Descriptions.Item label={t("orders.fields.pointsDiscount", { points: o.points_redeemed })}>
              <span data-testid="order-points-discount">{money(o.points_discount)}</span>
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t("orders.fields.taxTotal")}>{money(o.tax_total)}</Descriptions.Item>
          <Descriptions.Item label={t("orders.fields.total")}>
            <Typography.Text strong data-testid="order-total">
              {money(o.total)}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t("orders.fields.paidTotal")}>
            {money(o.payments.paid_total)}
          </Descriptions.Item>
          <Descriptions.Item label={t("orders.fields.refundedTotal")}>
            {money(o.payments.refunded_total)}
          </Descriptions.Item>
          <Descriptions.Item label={t("orders.fields.balanceDue")}>
            <Typography.Text strong>{money(o.payments.balance_due)}</Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <TrackingCard order={o} />
      <Card size="small" title={t("orders.timeline")}>
        <Timeline
          data-testid="order-timeline"
          items={o.events.map((e) => ({
            key: e.id,
            content: (
              <>
                <Typography.Text strong>{t(`orders.event.${e.kind}`)}</Typography.Text>
                {e.from_status && e.to_status && e.from_status !== e.to_status ? (
                  <Typography.Text type="secondary">
                    {" "}
                    {t(`orders.status.${e.from_status}`)} → {t(`orders.status.${e.to_status}`)}
                  </Typography.Text>
                ) : null}
                <div>
                  <Typography.Text type="secondary">
                    {fmt.dateTime(e.created_at)} · <ActorName name={e.actor_name} label={e.actor_label} />
                  </Typography.Text>
                </div>
                {e.note ? <div>{e.note}</div> : null}
              </>
            ),
          }))}
        />
      </Card>
    </>
  );
}
