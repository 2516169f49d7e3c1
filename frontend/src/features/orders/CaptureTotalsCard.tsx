import { Button, Card, Descriptions, Form, Input, InputNumber, Spin, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../lib/useFormat";
import type { Order } from "./api";

/** Order discount and note, the priced totals (spinning while repricing) and the submit button. */
export function CaptureTotalsCard({
  draft,
  discount,
  setDiscount,
  note,
  setNote,
  pricing,
  canSubmit,
  submitting,
  onSubmit,
}: {
  draft: Order | null;
  discount: string;
  setDiscount: (v: string) => void;
  note: string;
  setNote: (v: string) => void;
  pricing: boolean;
  canSubmit: boolean;
  submitting: boolean;
  onSubmit: () => void;
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
            precision={2}
            value={Number(discount)}
            onChange={(v) => setDiscount(String(v ?? 0))}
            style={{ width: "100%" }}
          />
        </Form.Item>
        <Form.Item label={t("orders.fields.note")} extra={draft ? t("orders.capture.noteLocked") : undefined}>
          <Input.TextArea
            data-testid="order-note"
            rows={2}
            maxLength={1000}
            value={note}
            disabled={Boolean(draft)}
            onChange={(e) => setNote(e.target.value)}
          />
        </Form.Item>
      </Form>
      <Spin spinning={pricing}>
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t("orders.fields.subtotal")}>{money(draft?.subtotal)}</Descriptions.Item>
          <Descriptions.Item label={t("orders.fields.discountTotal")}>
            {money(draft?.discount_total)}
          </Descriptions.Item>
          <Descriptions.Item label={t("orders.fields.taxTotal")}>{money(draft?.tax_total)}</Descriptions.Item>
          <Descriptions.Item label={t("orders.fields.total")}>
            <Typography.Text strong data-testid="order-total">
              {money(draft?.total)}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      </Spin>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t("orders.capture.keyboardHint")}
      </Typography.Paragraph>
      <Button
        type="primary"
        block
        size="large"
        disabled={!canSubmit}
        loading={submitting}
        onClick={onSubmit}
        data-testid="order-submit"
      >
        {t("orders.capture.submit")}
      </Button>
    </Card>
  );
}
