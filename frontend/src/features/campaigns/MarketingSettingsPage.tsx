/** Marketing → Marketing settings: how many marketing messages a customer may get in how many
 * days, the SMS quiet hours (times of day on the tenant's clock), how long after a send an order
 * counts for the campaign, and whether campaigns wait for a manager's approval. Saved with the
 * ETag read, so someone else's change meanwhile is a 412 to reload, not overwritten. */
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Form,
  InputNumber,
  Skeleton,
  Switch,
  TimePicker,
  Typography,
} from "antd";
import type { Dayjs } from "dayjs";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState, ProblemAlert } from "../../components/ProblemAlert";
import { toProblem } from "../../lib/api/problem";
import { useCan } from "../../lib/auth/me";
import { useServerErrors } from "../../lib/forms";
import { useFormat } from "../../lib/useFormat";
import { type MarketingSettings, useMarketingSettings, useSaveMarketingSettings } from "./api";
import { minuteToTime, timeToMinute } from "./schedule";

interface Values {
  frequency_cap: number;
  frequency_days: number;
  quiet_start: Dayjs;
  quiet_end: Dayjs;
  attribution_days: number;
  require_approval: boolean;
}

const FIELDS = ["frequency_cap", "frequency_days", "attribution_days", "require_approval"];

function toValues(s: MarketingSettings): Values {
  return {
    frequency_cap: s.frequency_cap,
    frequency_days: s.frequency_days,
    quiet_start: minuteToTime(s.quiet_start_minute),
    quiet_end: minuteToTime(s.quiet_end_minute),
    attribution_days: s.attribution_days,
    require_approval: s.require_approval,
  };
}

export function MarketingSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fmt = useFormat();
  const query = useMarketingSettings();
  const save = useSaveMarketingSettings();
  const canEdit = useCan("campaigns:manage");
  const [form] = Form.useForm<Values>();
  const server = useServerErrors(form, FIELDS);
  const [stale, setStale] = useState(false);

  useEffect(() => {
    if (query.data) form.setFieldsValue(toValues(query.data.settings));
  }, [query.data, form]);

  if (query.isError) return <ErrorState error={query.error} />;
  if (!query.data) return <Skeleton active />;
  const { etag } = query.data;

  const finish = (v: Values) => {
    server.reset();
    setStale(false);
    save.mutate(
      {
        etag,
        body: {
          frequency_cap: v.frequency_cap,
          frequency_days: v.frequency_days,
          quiet_start_minute: timeToMinute(v.quiet_start),
          quiet_end_minute: timeToMinute(v.quiet_end),
          attribution_days: v.attribution_days,
          require_approval: v.require_approval,
        },
      },
      {
        onSuccess: () => void message.success(t("common.saved")),
        onError: (err) => (toProblem(err).status === 412 ? setStale(true) : server.handle(err)),
      },
    );
  };

  return (
    <>
      <PageHeader title={t("campaigns.settings.title")} />
      {stale ? (
        <Alert
          type="warning"
          showIcon
          title={t("campaigns.settings.staleTitle")}
          style={{ marginBottom: 16 }}
          data-testid="marketing-settings-stale"
          action={
            <Button
              size="small"
              onClick={() => void query.refetch().then(() => setStale(false))}
              data-testid="marketing-settings-reload"
            >
              {t("common.reload")}
            </Button>
          }
        />
      ) : null}
      <ProblemAlert error={server.error} />
      <Card style={{ maxWidth: 720 }}>
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={finish}
          disabled={!canEdit}
          initialValues={toValues(query.data.settings)}
          data-testid="marketing-settings"
        >
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t("campaigns.settings.frequency")}
          </Typography.Title>
          <Flex wrap gap={16} align="flex-start">
            <Form.Item
              name="frequency_cap"
              label={t("campaigns.settings.cap")}
              extra={t("campaigns.settings.capHelp")}
            >
              <InputNumber
                min={0}
                max={100}
                precision={0}
                style={{ width: 160 }}
                data-testid="settings-cap"
              />
            </Form.Item>
            <Form.Item name="frequency_days" label={t("campaigns.settings.capDays")}>
              <InputNumber
                min={1}
                max={90}
                precision={0}
                style={{ width: 160 }}
                data-testid="settings-cap-days"
              />
            </Form.Item>
          </Flex>
          <Typography.Title level={5}>{t("campaigns.settings.quiet")}</Typography.Title>
          <Typography.Paragraph type="secondary">
            {t("campaigns.settings.quietHelp", { zone: fmt.timeZone ?? "—" })}
          </Typography.Paragraph>
          <Flex wrap gap={16}>
            <Form.Item
              name="quiet_start"
              label={t("campaigns.settings.quietStart")}
              rules={[{ required: true }]}
            >
              <TimePicker
                format="HH:mm"
                allowClear={false}
                needConfirm={false}
                data-testid="settings-quiet-start"
              />
            </Form.Item>
            <Form.Item name="quiet_end" label={t("campaigns.settings.quietEnd")} rules={[{ required: true }]}>
              <TimePicker
                format="HH:mm"
                allowClear={false}
                needConfirm={false}
                data-testid="settings-quiet-end"
              />
            </Form.Item>
          </Flex>
          <Typography.Title level={5}>{t("campaigns.settings.results")}</Typography.Title>
          <Form.Item
            name="attribution_days"
            label={t("campaigns.settings.attribution")}
            extra={t("campaigns.settings.attributionHelp")}
          >
            <InputNumber
              min={1}
              max={90}
              precision={0}
              style={{ width: 160 }}
              data-testid="settings-attribution"
            />
          </Form.Item>
          <Form.Item
            name="require_approval"
            label={t("campaigns.settings.approval")}
            extra={t("campaigns.settings.approvalHelp")}
            valuePropName="checked"
          >
            <Switch data-testid="settings-approval" />
          </Form.Item>
          {canEdit ? (
            <Button
              type="primary"
              htmlType="submit"
              loading={save.isPending}
              data-testid="marketing-settings-save"
            >
              {t("common.save")}
            </Button>
          ) : (
            <Typography.Text type="secondary">{t("campaigns.settings.readOnly")}</Typography.Text>
          )}
        </Form>
      </Card>
    </>
  );
}
