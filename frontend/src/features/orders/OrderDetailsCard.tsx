import { Card, Descriptions } from "antd";
import { useTranslation } from "react-i18next";
import { CustomerRef } from "../../components/CustomerRef";
import { formatDateTime } from "../../lib/format";
import type { Order } from "./api";

/** Who and where: customer, store, channel, approval and the reasons an order was refused. */
export function OrderDetailsCard({ order: o, storeName }: { order: Order; storeName: string | undefined }) {
  const { t, i18n } = useTranslation();
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
        <Descriptions.Item label={t("orders.fields.store")}>{storeName ?? "—"}</Descriptions.Item>
        <Descriptions.Item label={t("orders.fields.channel")}>
          {t(`orders.channel.${o.channel}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t("common.createdAt")}>
          {formatDateTime(o.created_at, i18n.language)}
        </Descriptions.Item>
        <Descriptions.Item label={t("orders.fields.requiresApproval")}>
          {o.requires_approval ? t("common.yes") : t("common.no")}
        </Descriptions.Item>
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
