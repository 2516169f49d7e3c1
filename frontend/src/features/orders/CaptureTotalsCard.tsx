import { Button, Card, Descriptions, Flex, Form, Input, InputNumber, Spin, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { LoyaltyAccount } from "../../lib/loyalty";
import { useFormat } from "../../lib/useFormat";
import type { Quote } from "./api";

/** Order discount, the member's points to redeem, note, the quoted totals (spinning while
 * repricing), submit and park. A disabled button always says why (`blocker`). */
export function CaptureTotalsCard({
  quote,
  discount,
  setDiscount,
  note,
  setNote,
  member,
  points,
  setPoints,
  pointsLocked,
  pricing,
  blocker,
  busy,
  onSubmit,
  onPark,
}: {
  quote: Quote | undefined;
  discount: string;
  setDiscount: (v: string) => void;
  note: string;
  setNote: (v: string) => void;
  member: LoyaltyAccount | null;
  points: number;
  setPoints: (v: number) => void;
  pointsLocked: boolean;
  pricing: boolean;
  blocker: string | null;
  busy: boolean;
  onSubmit: () => void;
  onPark: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = (v: string | undefined) => (v === undefined ? "—" : fmt.money(v));
  return (
    <Card size="small" title={t("orders.totals")}>
      <Form layout="vertical">
        <Form.Item label={t("orders.fields.orderDiscount")}>
          <InputNumber
            data-testid="order-discount"
            min={0}
            precision={fmt.places}
            value={Number(discount)}
            onChange={(v) => setDiscount(String(v ?? 0))}
            style={{ width: "100%" }}
          />
        </Form.Item>
        {member?.enabled ? (
          <Form.Item
            label={t("orders.capture.points")}
            extra={
              <span data-testid="member-balance" data-points={member.balance}>
                {t("orders.capture.memberBalance", {
                  points: member.balance,
                  value: fmt.money(member.balance_value),
                  rate: member.redeem_rate,
                  one: fmt.money("1"),
                })}
              </span>
            }
          >
            <InputNumber
              data-testid="order-points"
              min={0}
              max={pointsLocked ? undefined : member.balance}
              precision={0}
              disabled={pointsLocked || member.balance === 0}
              value={points}
              onChange={(v) => setPoints(Math.max(0, Math.floor(v ?? 0)))}
              style={{ width: "100%" }}
            />
          </Form.Item>
        ) : null}
        <Form.Item label={t("orders.fields.note")}>
          <Input.TextArea
            data-testid="order-note"
            rows={2}
            maxLength={1000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </Form.Item>
      </Form>
      <Spin spinning={pricing}>
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t("orders.fields.subtotal")}>{money(quote?.subtotal)}</Descriptions.Item>
          <Descriptions.Item label={t("orders.fields.discountTotal")}>
            {money(quote?.discount_total)}
          </Descriptions.Item>
          {quote && Number(quote.tier_discount) > 0 ? (
            <Descriptions.Item label={t("orders.fields.tierDiscount")}>
              <span data-testid="order-tier-discount">{money(quote.tier_discount)}</span>
            </Descriptions.Item>
          ) : null}
          {quote && quote.points_redeemed > 0 ? (
            <Descriptions.Item label={t("orders.fields.pointsDiscount", { points: quote.points_redeemed })}>
              <span data-testid="order-points-discount">{money(quote.points_discount)}</span>
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t("orders.fields.taxTotal")}>{money(quote?.tax_total)}</Descriptions.Item>
          <Descriptions.Item label={t("orders.fields.total")}>
            <Typography.Text strong data-testid="order-total">
              {money(quote?.total)}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      </Spin>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t("orders.capture.keyboardHint")}
      </Typography.Paragraph>
      {blocker ? (
        <Typography.Paragraph type="warning" data-testid="order-submit-blocker">
          {blocker}
        </Typography.Paragraph>
      ) : null}
      <Flex vertical gap={8}>
        <Button
          type="primary"
          block
          size="large"
          disabled={blocker !== null}
          loading={busy}
          onClick={onSubmit}
          data-testid="order-submit"
        >
          {t("orders.capture.submit")}
        </Button>
        <Button block disabled={blocker !== null || busy} onClick={onPark} data-testid="order-park">
          {t("orders.capture.park")}
        </Button>
      </Flex>
    </Card>
  );
}
