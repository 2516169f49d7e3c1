import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import {
  App,
  Button,
  Card,
  Flex,
  Form,
  Input,
  InputNumber,
  Select,
  Skeleton,
  Switch,
  Typography,
} from "antd";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState, ProblemAlert } from "../../components/ProblemAlert";
import { useCan } from "../../lib/auth/me";
import { useServerErrors } from "../../lib/forms";
import { type LoyaltySettingsUpdate, useLoyaltySettings, useSaveLoyaltySettings } from "../../lib/loyalty";

type Values = LoyaltySettingsUpdate;

const FIELDS = ["earn_rate", "expiry_months", "redeem_rate", "member_prefix", "member_digits", "tiers"];
const EARN_ON = ["approved", "delivered", "completed"] as const;

/** Settings → Loyalty: how members earn, keep and spend points, and the tiers they reach. */
export function LoyaltySettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const settings = useLoyaltySettings();
  const save = useSaveLoyaltySettings();
  const canEdit = useCan("loyalty:manage");
  const [form] = Form.useForm<Values>();
  const server = useServerErrors(form, FIELDS);

  useEffect(() => {
    if (settings.data) {
      const { currency: _c, version: _v, ...values } = settings.data;
      form.setFieldsValue(values);
    }
  }, [settings.data, form]);

  if (settings.isError) return <ErrorState error={settings.error} />;
  if (!settings.data) return <Skeleton active />;
  const currency = settings.data.currency;

  const finish = (v: Values) => {
    server.reset();
    const tiers = (v.tiers ?? []).map((tier) => ({
      code: tier.code,
      name_zh: tier.name_zh ?? "",
      name_en: tier.name_en ?? "",
      threshold: String(tier.threshold ?? "0"),
      discount_percent: String(tier.discount_percent ?? "0"),
    }));
    save.mutate(
      { ...v, earn_rate: String(v.earn_rate), tiers },
      { onSuccess: () => message.success(t("common.saved")), onError: server.handle },
    );
  };

  return (
    <>
      <PageHeader title={t("loyalty.settings.title")} />
      <ProblemAlert error={server.error} />
      <Card style={{ maxWidth: 820 }}>
        <Form
          form={form}
          layout="vertical"
          onFinish={finish}
          disabled={!canEdit}
          data-testid="loyalty-settings"
        >
          <Form.Item name="enabled" label={t("loyalty.settings.enabled")} valuePropName="checked">
            <Switch data-testid="loyalty-enabled" />
          </Form.Item>
          <Flex wrap gap={16}>
            <Form.Item
              name="earn_rate"
              label={t("loyalty.settings.earnRate", { currency })}
              rules={[{ required: true }]}
            >
              <InputNumber<string>
                stringMode
                min="0"
                precision={4}
                style={{ width: 160 }}
                data-testid="loyalty-earn-rate"
              />
            </Form.Item>
            <Form.Item name="earn_rounding" label={t("loyalty.settings.rounding")}>
              <Select
                style={{ width: 160 }}
                options={["floor", "half_up"].map((r) => ({
                  value: r,
                  label: t(`loyalty.settings.roundings.${r}`),
                }))}
              />
            </Form.Item>
            <Form.Item name="earn_on" label={t("loyalty.settings.earnOn")}>
              <Select
                style={{ width: 160 }}
                options={EARN_ON.map((s) => ({ value: s, label: t(`orders.status.${s}`) }))}
              />
            </Form.Item>
          </Flex>
          <Flex wrap gap={16}>
            <Form.Item
              name="expiry_months"
              label={t("loyalty.settings.expiryMonths")}
              extra={t("loyalty.settings.expiryHelp")}
            >
              <InputNumber min={0} max={120} precision={0} style={{ width: 160 }} />
            </Form.Item>
            <Form.Item
              name="redeem_rate"
              label={t("loyalty.settings.redeemRate", { currency })}
              rules={[{ required: true }]}
            >
              <InputNumber
                min={1}
                max={100000}
                precision={0}
                style={{ width: 160 }}
                data-testid="loyalty-redeem-rate"
              />
            </Form.Item>
            <Form.Item name="member_prefix" label={t("loyalty.settings.memberPrefix")}>
              <Input maxLength={10} style={{ width: 120 }} />
            </Form.Item>
            <Form.Item name="member_digits" label={t("loyalty.settings.memberDigits")}>
              <InputNumber min={4} max={12} precision={0} style={{ width: 120 }} />
            </Form.Item>
          </Flex>
          <Form.Item name="tier_basis" label={t("loyalty.settings.tierBasis")}>
            <Select
              style={{ width: 240 }}
              options={["spend", "points"].map((b) => ({ value: b, label: t(`loyalty.rolling.${b}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="apply_tier_discount"
            label={t("loyalty.settings.applyTierDiscount")}
            extra={t("loyalty.settings.applyTierDiscountHelp")}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
          <Typography.Title level={5}>{t("loyalty.settings.tiers")}</Typography.Title>
          <Form.List name="tiers">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Flex key={field.key} wrap gap={8} align="flex-start" data-testid="loyalty-tier-row">
                    <Form.Item
                      name={[field.name, "code"]}
                      label={t("loyalty.settings.tierCode")}
                      rules={[{ required: true }]}
                    >
                      <Input style={{ width: 100 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, "name_zh"]} label={t("loyalty.settings.tierNameZh")}>
                      <Input style={{ width: 110 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, "name_en"]} label={t("loyalty.settings.tierNameEn")}>
                      <Input style={{ width: 110 }} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, "threshold"]}
                      label={t("loyalty.settings.threshold")}
                      rules={[{ required: true }]}
                    >
                      <InputNumber<string> stringMode min="0" precision={2} style={{ width: 120 }} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, "discount_percent"]}
                      label={t("loyalty.settings.discountPercent")}
                    >
                      <InputNumber<string> stringMode min="0" max="99" precision={2} style={{ width: 100 }} />
                    </Form.Item>
                    <Button
                      icon={<DeleteOutlined />}
                      aria-label={t("common.delete")}
                      onClick={() => remove(field.name)}
                      style={{ marginTop: 30 }}
                    />
                  </Flex>
                ))}
                <Button
                  icon={<PlusOutlined />}
                  onClick={() =>
                    add({ code: "", name_zh: "", name_en: "", threshold: "0", discount_percent: "0" })
                  }
                  style={{ marginBottom: 16 }}
                >
                  {t("loyalty.settings.addTier")}
                </Button>
              </>
            )}
          </Form.List>
          <div>
            <Button
              type="primary"
              htmlType="submit"
              loading={save.isPending}
              data-testid="loyalty-settings-save"
            >
              {t("common.save")}
            </Button>
          </div>
        </Form>
      </Card>
    </>
  );
}
