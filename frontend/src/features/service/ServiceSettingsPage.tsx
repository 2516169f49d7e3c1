import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Skeleton,
  Switch,
  Table,
  Tag,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState, ProblemAlert } from "../../components/ProblemAlert";
import { useCan } from "../../lib/auth/me";
import { useServerErrors } from "../../lib/forms";
import { type ServiceSettings, useSaveServiceSettings, useServiceSettings, useUserOptions } from "./api";
import { DurationInput } from "./DurationInput";
import { dayLength, hoursAndMinutes } from "./duration";
import { ServiceCategoriesCard } from "./ServiceCategoriesCard";
import { PRIORITIES } from "./search";

const DAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

type Targets = ServiceSettings["targets"];

interface Values {
  targets: Targets;
  work_days: number[];
  start: string;
  end: string;
  holidays: Dayjs[];
  auto_assign: boolean;
  escalate_raise_priority: boolean;
  escalation_assignee_id?: string;
  reopen_window_hours: number;
  csat_ttl_hours: number;
  support_email?: string;
}

function toValues(s: ServiceSettings): Values {
  return {
    targets: s.targets,
    work_days: s.business_hours.work_days,
    start: s.business_hours.start,
    end: s.business_hours.end,
    holidays: (s.business_hours.holidays ?? []).map((d) => dayjs(d)),
    auto_assign: s.auto_assign,
    escalate_raise_priority: s.escalate_raise_priority,
    escalation_assignee_id: s.escalation_assignee_id ?? undefined,
    reopen_window_hours: s.reopen_window_hours,
    csat_ttl_hours: s.csat_ttl_hours,
    support_email: s.support_email ?? undefined,
  };
}

/** Settings → Service: SLA targets, the business-hours calendar, assignment and escalation, categories. */
export function ServiceSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const settings = useServiceSettings();
  const save = useSaveServiceSettings();
  const users = useUserOptions(useCan("users:read"));
  const [form] = Form.useForm<Values>();
  const server = useServerErrors(form, [
    "targets",
    "business_hours",
    "reopen_window_hours",
    "csat_ttl_hours",
    "support_email",
  ]);

  const start = Form.useWatch("start", form);
  const end = Form.useWatch("end", form);
  const dayMinutes = dayLength(start, end);

  useEffect(() => {
    if (settings.data) form.setFieldsValue(toValues(settings.data));
  }, [settings.data, form]);

  if (settings.isError) return <ErrorState error={settings.error} />;
  if (!settings.data) return <Skeleton active />;

  const finish = (v: Values) => {
    server.reset();
    save.mutate(
      {
        targets: v.targets,
        business_hours: {
          work_days: v.work_days,
          start: v.start,
          end: v.end,
          holidays: (v.holidays ?? []).map((d) => d.format("YYYY-MM-DD")),
        },
        auto_assign: v.auto_assign,
        escalate_raise_priority: v.escalate_raise_priority,
        escalation_assignee_id: v.escalation_assignee_id ?? null,
        reopen_window_hours: v.reopen_window_hours,
        csat_ttl_hours: v.csat_ttl_hours,
        support_email: v.support_email?.trim() ? v.support_email.trim() : null,
      },
      { onSuccess: () => message.success(t("common.saved")), onError: server.handle },
    );
  };

  return (
    <>
      <PageHeader title={t("serviceSettings.title")} />
      <ProblemAlert error={server.error} />
      <Form form={form} layout="vertical" onFinish={finish}>
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Card size="small" title={t("serviceSettings.targets")} style={{ marginBottom: 16 }}>
              <Typography.Paragraph type="secondary">
                {t("serviceSettings.targetsHelp")}{" "}
                {dayMinutes > 0 ? t("serviceSettings.workdayIs", hoursAndMinutes(dayMinutes)) : null}
              </Typography.Paragraph>
              <Table
                rowKey="priority"
                size="small"
                pagination={false}
                dataSource={PRIORITIES.map((priority) => ({ priority }))}
                columns={[
                  {
                    key: "p",
                    title: t("tickets.fields.priority"),
                    render: (_, r) => <Tag>{t(`tickets.priority.${r.priority}`)}</Tag>,
                  },
                  ...(["first_response_minutes", "resolution_minutes"] as const).map((field) => ({
                    key: field,
                    title: t(`serviceSettings.${field}`),
                    render: (_: unknown, r: { priority: (typeof PRIORITIES)[number] }) => (
                      <Form.Item
                        name={["targets", r.priority, field]}
                        noStyle
                        rules={[{ required: true, message: t("validation.required") }]}
                      >
                        <DurationInput
                          dayMinutes={dayMinutes}
                          label={`${t(`tickets.priority.${r.priority}`)} ${t(`serviceSettings.${field}`)}`}
                          testId={`target-${r.priority}-${field}`}
                        />
                      </Form.Item>
                    ),
                  })),
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card
              size="small"
              title={t("serviceSettings.businessHours", { timezone: settings.data.timezone })}
              style={{ marginBottom: 16 }}
            >
              <Form.Item label={t("serviceSettings.workDays")} name="work_days">
                <Checkbox.Group
                  options={DAYS.map((d) => ({ value: d, label: t(`serviceSettings.day.${d}`) }))}
                />
              </Form.Item>
              <Flex gap={16}>
                {(["start", "end"] as const).map((field) => (
                  <Form.Item
                    key={field}
                    label={t(`serviceSettings.${field}`)}
                    name={field}
                    rules={[{ pattern: CLOCK, message: t("serviceSettings.clockFormat") }]}
                  >
                    <Input style={{ width: 100 }} placeholder="09:00" data-testid={`hours-${field}`} />
                  </Form.Item>
                ))}
              </Flex>
              <Form.Item label={t("serviceSettings.holidays")} name="holidays">
                <DatePicker multiple style={{ width: "100%" }} />
              </Form.Item>
            </Card>
            <Card size="small" title={t("serviceSettings.assignment")} style={{ marginBottom: 16 }}>
              <Form.Item label={t("serviceSettings.autoAssign")} name="auto_assign" valuePropName="checked">
                <Switch data-testid="auto-assign" />
              </Form.Item>
              <Form.Item
                label={t("serviceSettings.raisePriority")}
                name="escalate_raise_priority"
                valuePropName="checked"
              >
                <Switch />
              </Form.Item>
              <Form.Item label={t("serviceSettings.escalationAssignee")} name="escalation_assignee_id">
                <Select allowClear showSearch={{ optionFilterProp: "label" }} options={users.data ?? []} />
              </Form.Item>
              <Flex gap={16}>
                <Form.Item label={t("serviceSettings.reopenWindow")} name="reopen_window_hours">
                  <InputNumber min={1} max={8760} precision={0} />
                </Form.Item>
                <Form.Item label={t("serviceSettings.csatTtl")} name="csat_ttl_hours">
                  <InputNumber min={1} max={8760} precision={0} />
                </Form.Item>
              </Flex>
              <Form.Item
                label={t("serviceSettings.supportEmail")}
                name="support_email"
                extra={t("serviceSettings.supportEmailHelp")}
                rules={[{ type: "email", message: t("validation.email") }]}
              >
                <Input placeholder="service@example.com" data-testid="support-email" />
              </Form.Item>
            </Card>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="service-settings-save">
          {t("common.save")}
        </Button>
      </Form>
      <div style={{ marginTop: 24 }}>
        <ServiceCategoriesCard />
      </div>
    </>
  );
}
