import { Link } from "@tanstack/react-router";
import { Button, Col, DatePicker, Form, Input, Row, Select, Switch } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { ProblemAlert } from "../../components/ProblemAlert";
import { toProblem } from "../../lib/api/problem";
import { useCan } from "../../lib/auth/me";
import { formatPhone, normalizePhone } from "../../lib/format";
import { useServerErrors } from "../../lib/forms";
import { useStoreOptions } from "../../lib/stores";
import { type Customer, type CustomerBody, type CustomerCreate, useUserOptions } from "./api";
import { GENDERS, STAGES } from "./labels";

interface FormValues {
  name: string;
  gender: CustomerCreate["gender"];
  birthday: Dayjs | null;
  phone: string;
  email: string;
  address: { province: string; city: string; district: string; detail: string };
  tags: string[];
  lifecycle_stage: CustomerCreate["lifecycle_stage"];
  home_store_id: string | null;
  assigned_to: string | null;
  consent_email: boolean;
  consent_sms: boolean;
  notes: string;
  external_id: string;
}

const FIELDS = [
  "name",
  "gender",
  "birthday",
  "phone",
  "email",
  "address",
  "tags",
  "lifecycle_stage",
  "home_store_id",
  "assigned_to",
  "notes",
  "external_id",
];
const CONSENT_SOURCE = "crm_web";

function initialValues(c?: Customer): FormValues {
  return {
    name: c?.name ?? "",
    gender: c?.gender ?? "unknown",
    birthday: c?.birthday ? dayjs(c.birthday) : null,
    phone: c?.phone ? formatPhone(c.phone) : "",
    email: c?.email ?? "",
    address: {
      province: c?.address.province ?? "",
      city: c?.address.city ?? "",
      district: c?.address.district ?? "",
      detail: c?.address.detail ?? "",
    },
    tags: c?.tags ?? [],
    lifecycle_stage: c?.lifecycle_stage ?? "lead",
    home_store_id: c?.home_store_id ?? null,
    assigned_to: c?.assigned_to ?? null,
    consent_email: c?.consent.email.granted ?? false,
    consent_sms: c?.consent.sms.granted ?? false,
    notes: c?.notes ?? "",
    external_id: c?.external_id ?? "",
  };
}

function toBody(v: FormValues, initial?: Customer): CustomerBody {
  const body: CustomerBody = {
    name: v.name.trim(),
    gender: v.gender,
    birthday: v.birthday ? v.birthday.format("YYYY-MM-DD") : null,
    phone: normalizePhone(v.phone ?? ""),
    email: v.email?.trim() || null,
    address: v.address,
    tags: v.tags,
    lifecycle_stage: v.lifecycle_stage,
    home_store_id: v.home_store_id ?? null,
    assigned_to: v.assigned_to ?? null,
    notes: v.notes ?? "",
    external_id: v.external_id?.trim() || null,
  };
  // Consent is sent only when it changes, so its timestamp keeps meaning "when the customer agreed".
  const consent: NonNullable<CustomerCreate["consent"]> = {};
  if (v.consent_email !== (initial?.consent.email.granted ?? false)) {
    consent.email = { granted: v.consent_email, source: CONSENT_SOURCE };
  }
  if (v.consent_sms !== (initial?.consent.sms.granted ?? false)) {
    consent.sms = { granted: v.consent_sms, source: CONSENT_SOURCE };
  }
  if (consent.email || consent.sms) body.consent = consent;
  return body;
}

export function CustomerForm({
  initial,
  onSubmit,
  submitting,
  error,
  extraError,
}: {
  initial?: Customer;
  onSubmit: (body: CustomerBody) => void;
  submitting: boolean;
  error: unknown;
  /** Rendered above the form when the parent has its own message (e.g. a stale version). */
  extraError?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const server = useServerErrors(form, FIELDS);
  const { handle, reset } = server;
  const stores = useStoreOptions(useCan("stores:read"));
  const users = useUserOptions(useCan("users:read"));

  useEffect(() => {
    if (error) handle(error);
    else reset();
  }, [error, handle, reset]);

  const problem = server.error ? toProblem(server.error) : null;
  const phoneTaken = error ? toProblem(error) : null;
  const duplicateLink =
    phoneTaken?.code === "phone_taken" && phoneTaken.existing_customer_id ? (
      <div>
        <Link
          to="/customers/$id"
          params={{ id: phoneTaken.existing_customer_id }}
          data-testid="existing-customer-link"
        >
          {t("customers.openExisting")}
        </Link>
      </div>
    ) : null;

  return (
    <Form<FormValues>
      form={form}
      layout="vertical"
      name="customer"
      initialValues={initialValues(initial)}
      onFinish={(values) => onSubmit(toBody(values, initial))}
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
          <Form.Item label={t("customers.fields.externalId")} name="external_id">
            <Input />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item label={t("customers.fields.notes")} name="notes">
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
        </Col>
      </Row>
      <Button type="primary" htmlType="submit" loading={submitting} data-testid="customer-save">
        {t("common.save")}
      </Button>
    </Form>
  );
}
