import { Link, useRouter, useSearch } from "@tanstack/react-router";
import { Button, Card, Flex, Form, Input, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { LanguageSwitch } from "../../components/LanguageSwitch";
import { ProblemAlert } from "../../components/ProblemAlert";
import { type LoginBody, useLogin } from "./api";
import { safeRedirect } from "./redirect";

const LAST_TENANT_KEY = "crm.lastTenant";

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
    <Flex justify="center" align="center" style={{ minHeight: "100vh", background: "#f5f5f5" }}>
      <Card style={{ width: 400 }}>
        <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t("login.title")}
          </Typography.Title>
          <LanguageSwitch />
        </Flex>
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
          <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
            {t("login.submit")}
          </Button>
        </Form>
        <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0, textAlign: "center" }}>
          {t("login.noAccount")} <Link to="/signup">{t("login.signupLink")}</Link>
        </Typography.Paragraph>
      </Card>
    </Flex>
  );
}
