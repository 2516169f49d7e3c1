import {
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Progress,
  Skeleton,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useCan } from "../../lib/auth/me";
import {
  type AdjustmentIn,
  type LoyaltyAccount,
  tierName,
  useAdjustPoints,
  useLoyaltyAccount,
  useLoyaltyTransactions,
} from "../../lib/loyalty";
import { useFormat } from "../../lib/useFormat";

/** How far she is on the way to the next tier, in percent. */
function progressOf(a: LoyaltyAccount): number {
  if (!a.next_tier) return 100;
  const goal = Number(a.next_tier.tier.threshold);
  return goal > 0 ? Math.min(100, Math.floor((Number(a.rolling_figure) / goal) * 100)) : 0;
}

function AdjustDialog({
  customerId,
  open,
  onClose,
}: {
  customerId: string;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AdjustmentIn>();
  const adjust = useAdjustPoints(customerId);
  return (
    <Modal
      title={t("loyalty.adjust.title")}
      open={open}
      onCancel={onClose}
      okText={t("loyalty.adjust.save")}
      okButtonProps={{ loading: adjust.isPending, "data-testid": "loyalty-adjust-save" }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <ProblemAlert error={adjust.error} />
      <Form<AdjustmentIn>
        form={form}
        layout="vertical"
        onFinish={(values) =>
          adjust.mutate({ points: values.points, reason: values.reason.trim() }, { onSuccess: onClose })
        }
      >
        <Form.Item
          name="points"
          label={t("loyalty.adjust.points")}
          extra={t("loyalty.adjust.pointsHint")}
          rules={[{ required: true, message: t("loyalty.adjust.pointsRequired") }]}
        >
          <InputNumber precision={0} style={{ width: "100%" }} data-testid="loyalty-adjust-points" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t("loyalty.adjust.reason")}
          rules={[{ required: true, whitespace: true, message: t("loyalty.adjust.reasonRequired") }]}
        >
          <Input.TextArea rows={2} maxLength={500} data-testid="loyalty-adjust-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Transactions({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const query = useLoyaltyTransactions(customerId);
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <List
      size="small"
      loading={query.isPending}
      dataSource={items}
      locale={{ emptyText: t("loyalty.noTransactions") }}
      data-testid="loyalty-transactions"
      renderItem={(e) => (
        <List.Item data-testid="loyalty-transaction" data-kind={e.kind}>
          <Flex justify="space-between" style={{ width: "100%" }} gap={8} wrap>
            <span>
              <Tag>{t(`loyalty.kind.${e.kind}`)}</Tag>
              <Typography.Text type="secondary">{fmt.dateTime(e.created_at)}</Typography.Text>
              {e.kind === "adjust" && e.reason ? <Typography.Text> · {e.reason}</Typography.Text> : null}
            </span>
            <Typography.Text strong type={e.points < 0 ? "danger" : "success"}>
              {e.points > 0 ? `+${e.points}` : e.points}
            </Typography.Text>
          </Flex>
        </List.Item>
      )}
      loadMore={
        query.hasNextPage ? (
          <Button type="link" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
            {t("timeline.loadMore")}
          </Button>
        ) : null
      }
    />
  );
}

/** The member's points on the 360 page: balance, tier and the way to the next, what expires soon,
 * her movements, and a manual adjustment for those who may make one. */
export function LoyaltyCard({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const canAdjust = useCan("loyalty:adjust");
  const [adjusting, setAdjusting] = useState(false);
  const query = useLoyaltyAccount(customerId);
  if (query.isPending) {
    return (
      <Card title={t("loyalty.title")} style={{ marginBottom: 16 }}>
        <Skeleton active paragraph={{ rows: 3 }} />
      </Card>
    );
  }
  if (query.isError) return <ProblemAlert error={query.error} />;
  const a = query.data;
  const figure = (value: string) =>
    a.tier_basis === "spend"
      ? fmt.money(value, a.currency)
      : t("loyalty.pointsValue", { points: Number(value) });
  return (
    <Card
      title={t("loyalty.title")}
      style={{ marginBottom: 16 }}
      data-testid="loyalty-card"
      extra={
        canAdjust ? (
          <Button size="small" onClick={() => setAdjusting(true)} data-testid="loyalty-adjust">
            {t("loyalty.adjust.open")}
          </Button>
        ) : null
      }
    >
      {a.enabled ? null : (
        <Typography.Paragraph type="secondary" data-testid="loyalty-off">
          {t("loyalty.programOff")}
        </Typography.Paragraph>
      )}
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t("loyalty.memberNumber")}>
          {a.member_number ?? t("loyalty.notMember")}
        </Descriptions.Item>
        <Descriptions.Item label={t("loyalty.balance")}>
          <span data-testid="loyalty-balance" data-points={a.balance}>
            {t("loyalty.pointsValue", { points: a.balance })} ≈ {fmt.money(a.balance_value, a.currency)}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t("loyalty.tier")}>
          {a.tier ? (
            <Tag color="gold" data-testid="loyalty-tier">
              {tierName(a.tier, i18n.language)}
            </Tag>
          ) : (
            "—"
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t(`loyalty.rolling.${a.tier_basis}`)}>
          {figure(a.rolling_figure)}
        </Descriptions.Item>
        {a.expiring_points > 0 && a.expiring_by ? (
          <Descriptions.Item label={t("loyalty.expiringSoon")}>
            <Typography.Text type="warning" data-testid="loyalty-expiring">
              {t("loyalty.expiring", { points: a.expiring_points, date: fmt.date(a.expiring_by) })}
            </Typography.Text>
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      {a.next_tier ? (
        <div style={{ marginTop: 8 }} data-testid="loyalty-next-tier">
          <Typography.Text type="secondary">
            {t("loyalty.nextTier", {
              tier: tierName(a.next_tier.tier, i18n.language),
              missing: figure(a.next_tier.missing),
            })}
          </Typography.Text>
          <Progress percent={progressOf(a)} size="small" showInfo={false} />
        </div>
      ) : null}
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {t("loyalty.transactions")}
      </Typography.Title>
      <Transactions customerId={customerId} />
      {canAdjust ? (
        <AdjustDialog customerId={customerId} open={adjusting} onClose={() => setAdjusting(false)} />
      ) : null}
    </Card>
  );
}
