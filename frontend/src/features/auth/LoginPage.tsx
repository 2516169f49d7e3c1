import { Link, useRouter, useSearch } from "@tanstack/react-router";
import { Button, Form, Input, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { AuthCard } from "../../components/AuthCard";
import { ProblemAlert } from "../../components/ProblemAlert";
import { type LoginBody, useLogin } from "./api";
import { safeRedirect } from "./redirect";

export const LAST_TENANT_KEY = "crm.lastTenant";

export function LoginPage() {
  const { t } = useTranslation();
  const router = useRouter();
  const search = useSearch({ from: "/login" });
  const login = useLogin();
  const [form] = Form.useForm<LoginBody>();

  const onFinish = (values: LoginBody) => {
    login.mutate(values, {
      onSuccess: () => {
        localStorage.setItem(LAST_TENANT_KEY, values.tenant_slug);
        router.history.push(safeRedirect(search.redirect));
      },
    });
  };

  return (
    <AuthCard title={t("login.title")}>
      <ProblemAlert error={login.error} />
      <Form
        form={form}
        name="login"
        layout="vertical"
        onFinish={onFinish}
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
        <Form.Item
          label={t("login.password")}
          name="password"
          rules={[{ required: true, message: t("validation.required") }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <div style={{ marginTop: -12, marginBottom: 16, textAlign: "right" }}>
          <Link to="/forgot-password" data-testid="forgot-password">
            {t("login.forgot")}
          </Link>
        </div>
        <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
          {t("login.submit")}
        </Button>
      </Form>
      <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0, textAlign: "center" }}>
        {t("login.noAccount")} <Link to="/signup">{t("login.signupLink")}</Link>
      </Typography.Paragraph>
    </AuthCard>
  );
}
