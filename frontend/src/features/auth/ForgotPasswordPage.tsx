/** "Forgot password?": tenant slug + e-mail; the answer never says whether the account exists. */
import { Link } from "@tanstack/react-router";
import { Button, Form, Input, Result, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { AuthCard } from "../../components/AuthCard";
import { ProblemAlert } from "../../components/ProblemAlert";
import { type PasswordResetBody, useRequestPasswordReset } from "./api";
import { LAST_TENANT_KEY } from "./LoginPage";

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const request = useRequestPasswordReset();
  const [form] = Form.useForm<PasswordResetBody>();

  if (request.data) {
    return (
      <AuthCard title={t("reset.requestTitle")} width={420}>
        <Result
          status="success"
          title={t("reset.sentTitle")}
          subTitle={
            <span data-testid="reset-sent">
              {t("reset.sent", { minutes: request.data.expires_in_minutes })}
            </span>
          }
          extra={<Link to="/login">{t("reset.backToLogin")}</Link>}
        />
      </AuthCard>
    );
  }
  return (
    <AuthCard title={t("reset.requestTitle")} width={420}>
      <Typography.Paragraph type="secondary">{t("reset.requestHelp")}</Typography.Paragraph>
      <ProblemAlert error={request.error} />
      <Form
        form={form}
        name="forgot-password"
        layout="vertical"
        onFinish={(values) => request.mutate(values)}
        initialValues={{ tenant_slug: localStorage.getItem(LAST_TENANT_KEY) ?? "" }}
        requiredMark={false}
      >
        <Form.Item
          label={t("login.tenantSlug")}
          name="tenant_slug"
          rules={[{ required: true, message: t("validation.required") }]}
        >
          <Input autoComplete="organization" />
        </Form.Item>
        <Form.Item
          label={t("login.email")}
          name="email"
          rules={[
            { required: true, message: t("validation.required") },
            { type: "email", message: t("validation.email") },
          ]}
        >
          <Input autoComplete="username" />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          block
          loading={request.isPending}
          data-testid="reset-request-submit"
        >
          {t("reset.send")}
        </Button>
      </Form>
      <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0, textAlign: "center" }}>
        <Link to="/login">{t("reset.backToLogin")}</Link>
      </Typography.Paragraph>
    </AuthCard>
  );
}
