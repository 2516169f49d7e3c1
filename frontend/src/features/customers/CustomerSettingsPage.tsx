import { App, Button, Card, Form, Radio, Skeleton, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState, ProblemAlert } from "../../components/ProblemAlert";
import { useCan } from "../../lib/auth/me";
import { type CustomerSettings, useCustomerSettings, useSaveCustomerSettings } from "./api";

const VISIBILITIES: CustomerSettings["visibility"][] = ["chain", "home_store"];

/** Who sees a member: every store of the chain, or her home store only. */
export function CustomerSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const settings = useCustomerSettings();
  const save = useSaveCustomerSettings();
  const canEdit = useCan("tenant:manage");
  if (settings.isError) return <ErrorState error={settings.error} />;
  if (!settings.data) return <Skeleton active />;
  return (
    <>
      <PageHeader title={t("customerSettings.title")} />
      <Card size="small">
        {save.error ? <ProblemAlert error={save.error} /> : null}
        <Form<CustomerSettings>
          layout="vertical"
          initialValues={settings.data}
          disabled={!canEdit}
          onFinish={(values) =>
            save.mutate(values, { onSuccess: () => void message.success(t("common.saved")) })
          }
        >
          <Form.Item label={t("customerSettings.visibility")} name="visibility">
            <Radio.Group>
              <Space direction="vertical">
                {VISIBILITIES.map((v) => (
                  <Radio key={v} value={v} data-testid={`visibility-${v}`}>
                    <Typography.Text strong>{t(`customerSettings.${v}.label`)}</Typography.Text>
                    <br />
                    <Typography.Text type="secondary">{t(`customerSettings.${v}.hint`)}</Typography.Text>
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </Form.Item>
          <Typography.Paragraph type="secondary">{t("customerSettings.ownNote")}</Typography.Paragraph>
          {canEdit ? (
            <Button
              type="primary"
              htmlType="submit"
              loading={save.isPending}
              data-testid="customer-settings-save"
            >
              {t("common.save")}
            </Button>
          ) : null}
        </Form>
      </Card>
    </>
  );
}
