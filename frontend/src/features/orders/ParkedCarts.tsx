import { Button, Drawer, Empty, List, Popconfirm, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../lib/useFormat";
import { type OrderSummary, useParkedCarts } from "./api";

/** The store's parked carts (drafts): resume one into the till, or discard it. */
export function ParkedCarts({
  open,
  storeId,
  onClose,
  onResume,
  onDiscard,
}: {
  open: boolean;
  storeId: string | undefined;
  onClose: () => void;
  onResume: (o: OrderSummary) => void;
  onDiscard: (o: OrderSummary) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const carts = useParkedCarts(open ? storeId : undefined);
  return (
    <Drawer open={open} onClose={onClose} title={t("orders.capture.parked")} size="default">
      <List<OrderSummary>
        loading={carts.isLoading}
        dataSource={carts.data?.items ?? []}
        locale={{ emptyText: <Empty description={t("orders.capture.noParked")} /> }}
        renderItem={(o) => (
          <List.Item
            data-testid="parked-cart"
            data-id={o.id}
            actions={[
              <Button key="resume" type="link" onClick={() => onResume(o)} data-testid="parked-resume">
                {t("orders.capture.resume")}
              </Button>,
              <Popconfirm
                key="discard"
                title={t("orders.capture.discardConfirm")}
                onConfirm={() => onDiscard(o)}
                okButtonProps={{ danger: true, "data-testid": "parked-discard-ok" }}
              >
                <Button type="link" danger data-testid="parked-discard">
                  {t("orders.actions.discard")}
                </Button>
              </Popconfirm>,
            ]}
          >
            <List.Item.Meta
              title={
                <Space>
                  {o.number}
                  <Typography.Text strong>{fmt.money(o.total, o.currency)}</Typography.Text>
                </Space>
              }
              description={`${o.customer_name ?? t("orders.walkIn")} · ${fmt.dateTime(o.updated_at)}`}
            />
          </List.Item>
        )}
      />
    </Drawer>
  );
}
