import { Link } from "@tanstack/react-router";
import { Button, Col, DatePicker, Form, Input, Row, Select, Skeleton, Switch } from "antd";
import dayjs from "dayjs";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { CustomFieldInputs } from "../../components/CustomFieldInputs";
import { ProblemAlert } from "../../components/ProblemAlert";
import { toProblem } from "../../lib/api/problem";
import { useCan } from "../../lib/auth/me";
import { useCustomFields } from "../../lib/customFields";
import { normalizePhone } from "../../lib/format";
import { useServerErrors } from "../../lib/forms";
import { useStoreOptions } from "../../lib/stores";
import { type Customer, type CustomerBody, useUserOptions } from "./api";
import { FIELDS, type FormValues, initialValues, toBody } from "./customerFormValues";
import { GENDERS, STAGES } from "./labels";

export function CustomerForm({
  initial,
  onSubmit,
  submitting,
  error,
  extraError,
  onDraftChange,
}: {
  initial?: Customer;
  onSubmit: (body: CustomerBody) => void;
  submitting: boolean;
  error: unknown;
  /** Rendered above the form when the parent has its own message (e.g. a stale version). */
  extraError?: React.ReactNode;
  /** Every change of the form's values (the create page checks for duplicates as she types). */
  onDraftChange?: (values: Partial<FormValues>) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const server = useServerErrors(form, FIELDS);
  const { handle, reset } = server;
  const stores = useStoreOptions(useCan("stores:read"));
  const users = useUserOptions(useCan("users:read"));
  const fields = useCustomFields("customer");

  useEffect(() => {
    if (error) handle(error);
    else reset();
  }, [error, handle, reset]);

  const problem = server.error ? toProblem(server.error) : null;
  const phoneTaken = error ? toProblem(error) : null;
  const outOfScope =
    phoneTaken?.code === "phone_taken" && phoneTaken.out_of_scope ? (
      <div data-testid="phone-taken-out-of-scope">{t("customers.phoneTakenOutOfScope")}</div>
    ) : null;
  const duplicateLink =
    outOfScope ??
    (phoneTaken?.code === "phone_taken" && phoneTaken.existing_customer_id ? (
      <div>
        <Link
          to="/customers/$id"
          params={{ id: phoneTaken.existing_customer_id }}
          data-testid="existing-customer-link"
        >
          {t("customers.openExisting")}
        </Link>
      </div>
    ) : null);

  // The inputs of custom fields start from their definitions: the form waits for them.
  if (fields.isPending) return <Skeleton active />;
  const definitions = fields.data ?? [];

  return (
    <Form<FormValues>
      form={form}
      layout="vertical"
      name="customer"
      initialValues={initialValues(initial, definitions)}
      onFinish={(values) => onSubmit(toBody(values, initial, definitions))}
      onValuesChange={onDraftChange ? (_, all) => onDraftChange(all) : undefined}
    >
      {extraError}
      {problem ? <ProblemAlert error={server.error} extra={duplicateLink} /> : null}
      {!problem && duplicateLink ? <ProblemAlert error={error} extra={duplicateLink} /> : null}
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item
            label={t("customers.fields.name")}
            name="name"
            rules={[{ required: true, whitespace: true, message: t("validation.required") }]}
          >
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item label={t("customers.fields.gender")} name="gender">
            <Select options={GENDERS.map((g) => ({ value: g, label: t(`customers.gender.${g}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item label={t("customers.fields.birthday")} name="birthday">
            <DatePicker style={{ width: "100%" }} disabledDate={(d) => d.isAfter(dayjs())} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            label={t("customers.fields.phone")}
            name="phone"
            extra={t("customers.phoneHelp")}
            rules={[
              {
                validator: (_, value: string | undefined) => {
                  const e164 = normalizePhone(value ?? "");
                  return !e164 || /^\+[1-9]\d{6,14}$/.test(e164)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t("validation.phone")));
                },
              },
            ]}
          >
            <Input inputMode="tel" placeholder="13800138000" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            label={t("customers.fields.email")}
            name="email"
            rules={[{ type: "email", message: t("validation.email") }]}
          >
            <Input />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item label={t("customers.fields.province")} name={["address", "province"]}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item label={t("customers.fields.city")} name={["address", "city"]}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item label={t("customers.fields.district")} name={["address", "district"]}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item label={t("customers.fields.addressDetail")} name={["address", "detail"]}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item label={t("customers.fields.tags")} name="tags">
            <Select mode="tags" tokenSeparators={[",", "，"]} open={false} suffixIcon={null} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item label={t("customers.fields.stage")} name="lifecycle_stage">
            <Select options={STAGES.map((s) => ({ value: s, label: t(`customers.stage.${s}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item label={t("customers.fields.homeStore")} name="home_store_id">
            <Select
              allowClear
              showSearch={{ optionFilterProp: "label" }}
              loading={stores.isLoading}
              options={stores.data ?? []}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item label={t("customers.fields.assignedTo")} name="assigned_to">
            <Select
              allowClear
              showSearch={{ optionFilterProp: "label" }}
              loading={users.isLoading}
              options={users.data ?? []}
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item label={t("customers.fields.consentEmail")} name="consent_email" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item label={t("customers.fields.consentSms")} name="consent_sms" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            label={t("customers.fields.language")}
            name="language"
            tooltip={t("customers.languageHint")}
          >
            <Select
              allowClear
              placeholder={t("customers.languageDefault")}
              options={[
                { value: "zh-CN", label: "中文" },
                { value: "en", label: "English" },
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item label={t("customers.fields.externalId")} name="external_id">
            <Input />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item label={t("customers.fields.notes")} name="notes">
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
        </Col>
        <CustomFieldInputs fields={definitions} />
      </Row>
      <Button type="primary" htmlType="submit" loading={submitting} data-testid="customer-save">
        {t("common.save")}
      </Button>
    </Form>
  );
}
