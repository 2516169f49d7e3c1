/** The wizard's third step: the coupon the templates may name, the control group held out to
 * measure uplift, what the campaign costs (for its ROI), when to send it — now, or at a time on
 * the tenant's clock — and a test send. */
import { Alert, Card, Col, DatePicker, Form, Input, InputNumber, Radio, Row } from "antd";
import type { Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";
import { useCan } from "../../lib/auth/me";
import { amountPattern, currencySymbol } from "../../lib/format";
import { useFormat } from "../../lib/useFormat";
import { useMarketingSettings } from "./api";
import type { Campaign, Channel, WizardForm } from "./content";
import { wallNow } from "./schedule";
import { TestSendCard } from "./TestSendCard";

export function SendStep({
  channel,
  ensureSaved,
}: {
  channel: Channel;
  ensureSaved: () => Promise<Campaign | null>;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const settings = useMarketingSettings();
  const canTest = useCan("campaigns:manage");
  const when: WizardForm["when"] | undefined = Form.useWatch("when");
  const zone = fmt.timeZone;
  const inFuture = (_: unknown, value: Dayjs | null | undefined) => {
    if (when !== "later") return Promise.resolve();
    if (!value) return Promise.reject(new Error(t("campaigns.send.atRequired")));
    return value.isAfter(wallNow(zone))
      ? Promise.resolve()
      : Promise.reject(new Error(t("campaigns.send.atFuture")));
  };
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <Card size="small">
          <Form.Item
            name="coupon_code"
            label={t("campaigns.fields.coupon")}
            extra={t("campaigns.send.couponHelp", { placeholder: "{{ coupon }}" })}
            rules={[{ pattern: /^[A-Za-z0-9_-]*$/, message: t("campaigns.send.couponPattern") }]}
          >
            <Input maxLength={40} style={{ maxWidth: 240 }} data-testid="campaign-coupon" />
          </Form.Item>
          <Form.Item
            name="control_percent"
            label={t("campaigns.fields.control")}
            extra={t("campaigns.send.controlHelp")}
          >
            <InputNumber
              min={0}
              max={50}
              precision={0}
              suffix="%"
              style={{ width: 140 }}
              data-testid="campaign-control"
            />
          </Form.Item>
          <Form.Item
            name="cost"
            label={t("campaigns.fields.cost")}
            extra={t("campaigns.send.costHelp")}
            rules={[{ pattern: amountPattern(fmt.places), message: t("campaigns.send.costPattern") }]}
          >
            <InputNumber<string>
              stringMode
              min="0"
              precision={fmt.places}
              prefix={currencySymbol(fmt.currency, fmt.locale)}
              style={{ width: 200 }}
              data-testid="campaign-cost"
            />
          </Form.Item>
          <Form.Item name="when" label={t("campaigns.send.when")}>
            <Radio.Group data-testid="send-when">
              <Radio value="now" data-testid="send-now">
                {t("campaigns.send.now")}
              </Radio>
              <Radio value="later" data-testid="send-later">
                {t("campaigns.send.later")}
              </Radio>
            </Radio.Group>
          </Form.Item>
          {when === "later" ? (
            <Form.Item
              name="scheduled_at"
              label={t("campaigns.fields.scheduledAt")}
              extra={t("campaigns.send.zone", { zone: zone ?? "—" })}
              rules={[{ validator: inFuture }]}
              dependencies={["when"]}
            >
              <DatePicker
                showTime={{ format: "HH:mm" }}
                format="YYYY-MM-DD HH:mm"
                disabledDate={(d) => d.isBefore(wallNow(zone), "day")}
                data-testid="send-at"
              />
            </Form.Item>
          ) : null}
          {settings.data?.settings.require_approval ? (
            <Alert
              type="info"
              showIcon
              title={t("campaigns.send.needsApproval")}
              data-testid="send-approval-note"
            />
          ) : null}
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        {canTest ? <TestSendCard channel={channel} ensureSaved={ensureSaved} /> : null}
      </Col>
    </Row>
  );
}
