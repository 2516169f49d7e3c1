import { DeleteOutlined, UploadOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Flex, Form, Input, Select, Skeleton, Typography, Upload } from "antd";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState, ProblemAlert } from "../../components/ProblemAlert";
import { useServerErrors } from "../../lib/forms";
import {
  type CompanySettings,
  type CompanySettingsUpdate,
  LOGO_TYPES,
  MAX_LOGO_BYTES,
  toBase64,
  useCompanySettings,
  useSaveCompanySettings,
} from "./api";

interface Values {
  name: string;
  timezone: string;
  currency: string;
  locale: CompanySettings["locale"];
}

const FIELDS = ["name", "timezone", "currency", "locale", "logo"];

/** The browser's lists (IANA zones, ISO 4217 codes), with the current value kept even if missing. */
function supported(kind: "timeZone" | "currency", current: string): string[] {
  const values = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf(kind) : [];
  return values.includes(current) ? values : [current, ...values];
}

/** Settings → Company: name, logo, time zone, currency and default language (owners and admins). */
export function CompanySettingsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const settings = useCompanySettings();
  const save = useSaveCompanySettings();
  const [form] = Form.useForm<Values>();
  const server = useServerErrors(form, FIELDS);
  // undefined: unchanged; null: remove; a string: the new file (base64) with its preview.
  const [logo, setLogo] = useState<{ data: string; preview: string } | null | undefined>(undefined);
  const [logoError, setLogoError] = useState<string | null>(null);

  useEffect(() => {
    if (settings.data) {
      const { name, timezone, currency, locale } = settings.data;
      form.setFieldsValue({ name, timezone, currency, locale });
    }
  }, [settings.data, form]);

  const current = settings.data;
  const zones = useMemo(
    () => supported("timeZone", current?.timezone ?? "Asia/Shanghai"),
    [current?.timezone],
  );
  const currencies = useMemo(() => supported("currency", current?.currency ?? "CNY"), [current?.currency]);
  const currencyNames = useMemo(
    () => new Intl.DisplayNames([i18n.language], { type: "currency" }),
    [i18n.language],
  );

  if (settings.isError) return <ErrorState error={settings.error} />;
  if (!current) return <Skeleton active />;

  const pick = async (file: File) => {
    setLogoError(null);
    if (!(LOGO_TYPES as readonly string[]).includes(file.type)) setLogoError(t("companySettings.logoType"));
    else if (file.size > MAX_LOGO_BYTES) setLogoError(t("companySettings.logoSize"));
    else setLogo({ data: await toBase64(file), preview: URL.createObjectURL(file) });
    return Upload.LIST_IGNORE;
  };

  const finish = (v: Values) => {
    server.reset();
    const body: CompanySettingsUpdate = { name: v.name, timezone: v.timezone, locale: v.locale };
    if (current.currency_changeable) body.currency = v.currency;
    if (logo !== undefined) body.logo = logo?.data ?? null;
    save.mutate(body, {
      onSuccess: () => {
        setLogo(undefined);
        message.success(t("common.saved"));
      },
      onError: server.handle,
    });
  };

  const shownLogo = logo === undefined ? current.logo_url : (logo?.preview ?? null);

  return (
    <>
      <PageHeader title={t("companySettings.title")} />
      <ProblemAlert error={server.error} />
      <Card style={{ maxWidth: 640 }}>
        <Form form={form} layout="vertical" onFinish={finish} requiredMark={false}>
          <Form.Item
            label={t("companySettings.name")}
            name="name"
            rules={[{ required: true, whitespace: true, message: t("validation.required") }]}
          >
            <Input maxLength={200} data-testid="company-name" />
          </Form.Item>
          <Form.Item
            label={t("companySettings.logo")}
            extra={t("companySettings.logoHelp")}
            validateStatus={logoError ? "error" : undefined}
            help={logoError ?? undefined}
          >
            <Flex align="center" gap={16} wrap>
              {shownLogo ? (
                <img
                  src={shownLogo}
                  alt={t("companySettings.logo")}
                  style={{ maxHeight: 48, maxWidth: 160, objectFit: "contain" }}
                  data-testid="company-logo-preview"
                />
              ) : (
                <Typography.Text type="secondary">{t("companySettings.noLogo")}</Typography.Text>
              )}
              <Upload accept={LOGO_TYPES.join(",")} showUploadList={false} beforeUpload={pick}>
                <Button icon={<UploadOutlined />} data-testid="company-logo-upload">
                  {t("companySettings.chooseLogo")}
                </Button>
              </Upload>
              {shownLogo ? (
                <Button
                  icon={<DeleteOutlined />}
                  onClick={() => setLogo(null)}
                  data-testid="company-logo-remove"
                >
                  {t("companySettings.removeLogo")}
                </Button>
              ) : null}
            </Flex>
          </Form.Item>
          <Form.Item
            label={t("companySettings.timezone")}
            name="timezone"
            extra={t("companySettings.timezoneHelp")}
          >
            <Select
              showSearch
              options={zones.map((z) => ({ value: z, label: z }))}
              data-testid="company-timezone"
            />
          </Form.Item>
          <Form.Item
            label={t("companySettings.currency")}
            name="currency"
            extra={current.currency_changeable ? t("companySettings.currencyHelp") : undefined}
          >
            <Select
              showSearch={{ optionFilterProp: "label" }}
              disabled={!current.currency_changeable}
              options={currencies.map((c) => ({ value: c, label: `${c} · ${currencyNames.of(c) ?? c}` }))}
              data-testid="company-currency"
            />
          </Form.Item>
          {current.currency_changeable ? null : (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              title={t("companySettings.currencyLocked")}
              data-testid="company-currency-locked"
            />
          )}
          <Form.Item
            label={t("companySettings.locale")}
            name="locale"
            extra={t("companySettings.localeHelp")}
          >
            <Select
              options={[
                { value: "zh-CN", label: "简体中文" },
                { value: "en", label: "English" },
              ]}
              data-testid="company-locale"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="company-save">
            {t("common.save")}
          </Button>
        </Form>
      </Card>
    </>
  );
}
