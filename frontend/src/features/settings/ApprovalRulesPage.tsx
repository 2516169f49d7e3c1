import { App, Button, Card, Form, InputNumber, Skeleton, Typography } from "antd";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState, ProblemAlert } from "../../components/ProblemAlert";
import { useCan, useMe } from "../../lib/auth/me";
import { currencyPlaces } from "../../lib/format";
import { useServerErrors } from "../../lib/forms";
import { useOrderSettings, useSaveOrderSettings } from "./api";

interface Values {
  approval_amount_threshold: string | null;
  approval_discount_percent: string | null;
  draft_ttl_hours: number;
}

const FIELDS = ["approval_amount_threshold", "approval_discount_percent", "draft_ttl_hours"];

/** A blank number switches its rule off (null); numbers go to the API as decimal strings. */
function decimal(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined || value === "") return null;
  return String(value);
}

/** Settings → Approval rules: which orders wait for a manager before they go ahead. */
export function ApprovalRulesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const settings = useOrderSettings();
  const save = useSaveOrderSettings();
  const canEdit = useCan("tenant:manage");
  const [form] = Form.useForm<Values>();
  const server = useServerErrors(form, FIELDS);

  useEffect(() => {
    if (settings.data) {
      form.setFieldsValue({
        approval_amount_threshold: settings.data.approval_amount_threshold ?? null,
        approval_discount_percent: settings.data.approval_discount_percent ?? null,
        draft_ttl_hours: settings.data.draft_ttl_hours,
      });
    }
  }, [settings.data, form]);

  if (settings.isError) return <ErrorState error={settings.error} />;
  if (!settings.data) return <Skeleton active />;
  const currency = me?.tenant.currency ?? "CNY";

  const finish = (v: Values) => {
    server.reset();
    save.mutate(
      {
        approval_amount_threshold: decimal(v.approval_amount_threshold),
        approval_discount_percent: decimal(v.approval_discount_percent),
        draft_ttl_hours: v.draft_ttl_hours,
      },
      { onSuccess: () => message.success(t("common.saved")), onError: server.handle },
    );
  };

  return (
    <>
      <PageHeader title={t("approvalRules.title")} />
      <ProblemAlert error={server.error} />
      <Card style={{ maxWidth: 640 }}>
        <Typography.Paragraph data-testid="approval-rules-explained">
          {t("approvalRules.explain")}
        </Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={finish} disabled={!canEdit}>
          <Form.Item
            label={t("approvalRules.amount", { currency })}
            name="approval_amount_threshold"
            extra={t("approvalRules.amountHelp")}
          >
            <InputNumber<string>
              stringMode
              min="0"
              precision={currencyPlaces(currency)}
              style={{ width: 200 }}
              placeholder={t("approvalRules.off")}
              data-testid="approval-amount"
            />
          </Form.Item>
          <Form.Item
            label={t("approvalRules.discount")}
            name="approval_discount_percent"
            extra={t("approvalRules.discountHelp")}
          >
            <InputNumber<string>
              stringMode
              min="0"
              max="99.99"
              precision={2}
              suffix="%"
              style={{ width: 200 }}
              placeholder={t("approvalRules.off")}
              data-testid="approval-discount"
            />
          </Form.Item>
          <Form.Item
            label={t("approvalRules.draftTtl")}
            name="draft_ttl_hours"
            extra={t("approvalRules.draftTtlHelp")}
            rules={[{ required: true }]}
          >
            <InputNumber<number>
              min={1}
              max={8760}
              precision={0}
              suffix={t("approvalRules.hours")}
              style={{ width: 200 }}
              data-testid="draft-ttl"
            />
          </Form.Item>
          {canEdit ? (
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="approval-save">
              {t("common.save")}
            </Button>
          ) : (
            <Typography.Text type="secondary">{t("approvalRules.readOnly")}</Typography.Text>
          )}
        </Form>
      </Card>
    </>
  );
}
