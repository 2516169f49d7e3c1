import { Card, Descriptions } from "antd";
import { useTranslation } from "react-i18next";
import { CustomerRef } from "../../components/CustomerRef";
import { PhoneLink } from "../../components/PhoneLink";
import { useFormat } from "../../lib/useFormat";
import type { Order } from "./api";

/** Who and where: customer, store, channel, approval and the reasons an order was refused. */
export function OrderDetailsCard({
  order: o,
  customerPhone,
  storeName,
}: {
  order: Order;
  customerPhone?: string | null;
  storeName: string | undefined;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t("orders.fields.customer")}>
          <CustomerRef
            id={o.customer_id}
            name={o.customer_name}
            masked={o.customer_masked}
            testId="order-customer"
          />
        </Descriptions.Item>
        {customerPhone ? (
          <Descriptions.Item label={t("customers.fields.phone")}>
            <PhoneLink value={customerPhone} testId="order-customer-phone" />
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t("orders.fields.store")}>{storeName ?? "—"}</Descriptions.Item>
        <Descriptions.Item label={t("orders.fields.channel")}>
          {t(`orders.channel.${o.channel}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t("common.createdAt")}>{fmt.dateTime(o.created_at)}</Descriptions.Item>
        <Descriptions.Item label={t("orders.fields.requiresApproval")}>
          {o.requires_approval ? t("common.yes") : t("common.no")}
        </Descriptions.Item>
        {o.approval_reasons.length > 0 ? (
          <Descriptions.Item label={t("orders.fields.approvalReasons")}>
            <span data-testid="order-approval-reasons">
              {o.approval_reasons
                .map((r) =>
                  r.code === "amount_above_threshold"
                    ? t("orders.approvalReason.amount_above_threshold", {
                        value: fmt.money(r.value, o.currency),
                        limit: fmt.money(r.limit, o.currency),
                      })
                    : t("orders.approvalReason.discount_above_limit", { value: r.value, limit: r.limit }),
                )
                .join("; ")}
            </span>
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t("orders.fields.note")}>{o.note || "—"}</Descriptions.Item>
        {o.reject_reason ? (
          <Descriptions.Item label={t("orders.fields.rejectReason")}>{o.reject_reason}</Descriptions.Item>
        ) : null}
        {o.cancel_reason ? (
          <Descriptions.Item label={t("orders.fields.cancelReason")}>{o.cancel_reason}</Descriptions.Item>
        ) : null}
      </Descriptions>
    </Card>
  );
}
