import { Button, DatePicker, Flex, Form, Input, Segmented } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";
import { ProblemAlert } from "../../components/ProblemAlert";
import { ACTIVITY_KINDS, type ActivityKind } from "./timeline";

export interface ActivityValues {
  kind: ActivityKind;
  body: string;
  occurredAt: Dayjs | null;
}

/** What the form sends: the time only when one was picked (else the server says "now"). */
export function activityBody(values: ActivityValues): {
  kind: ActivityKind;
  body: string;
  occurred_at?: string;
} {
  const body = { kind: values.kind, body: values.body.trim() };
  return values.occurredAt ? { ...body, occurred_at: values.occurredAt.toISOString() } : body;
}

/**
 * Log a call, visit, message or note (or change one): the kind, what happened and, for something
 * logged afterwards, when it was. A time in the future cannot be picked.
 */
export function ActivityForm({
  initial,
  submitting,
  error,
  submitLabel,
  onSubmit,
  onCancel,
  testId,
}: {
  initial?: ActivityValues;
  submitting: boolean;
  error: unknown;
  submitLabel: string;
  onSubmit: (values: ActivityValues) => Promise<unknown>;
  onCancel?: () => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ActivityValues>();
  return (
    <Form<ActivityValues>
      form={form}
      layout="vertical"
      initialValues={initial ?? { kind: "call", body: "", occurredAt: null }}
      onFinish={(values) =>
        onSubmit(values).then(
          () => {
            if (!initial) form.resetFields();
          },
          // A refused save stays in the form, explained by `error`.
          () => undefined,
        )
      }
      data-testid={testId}
    >
      <ProblemAlert error={error} />
      <Form.Item name="kind" label={t("timeline.log.kind")} style={{ marginBottom: 12 }}>
        <Segmented
          options={ACTIVITY_KINDS.map((k) => ({ value: k, label: t(`timeline.log.kinds.${k}`) }))}
          data-testid="activity-kind"
        />
      </Form.Item>
      <Form.Item
        name="body"
        label={t("timeline.log.body")}
        rules={[{ required: true, whitespace: true, message: t("timeline.log.bodyRequired") }]}
        style={{ marginBottom: 12 }}
      >
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: 8 }}
          maxLength={5000}
          placeholder={t("timeline.log.bodyPlaceholder")}
          data-testid="activity-body"
        />
      </Form.Item>
      <Flex wrap gap={12} align="flex-end" justify="space-between">
        <Form.Item name="occurredAt" label={t("timeline.log.occurredAt")} style={{ marginBottom: 0 }}>
          <DatePicker
            showTime={{ format: "HH:mm" }}
            format="YYYY-MM-DD HH:mm"
            placeholder={t("timeline.log.occurredAtHint")}
            disabledDate={(d) => d.isAfter(dayjs(), "day")}
            data-testid="activity-time"
          />
        </Form.Item>
        <Flex gap={8}>
          {onCancel ? <Button onClick={onCancel}>{t("common.cancel")}</Button> : null}
          <Button type="primary" htmlType="submit" loading={submitting} data-testid={`${testId}-submit`}>
            {submitLabel}
          </Button>
        </Flex>
      </Flex>
    </Form>
  );
}
