/** The page the reset e-mail links to: choose a new password with the one-time token. */
import { Link, useSearch } from "@tanstack/react-router";
import { Alert, Button, Form, Input, Result } from "antd";
import { useTranslation } from "react-i18next";
import { AuthCard } from "../../components/AuthCard";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useServerErrors } from "../../lib/forms";
import { useConfirmPasswordReset } from "./api";

const FIELDS = ["password"];

interface ResetValues {
  password: string;
  confirm: string;
}

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const search = useSearch({ from: "/reset-password" });
  const confirm = useConfirmPasswordReset();
  const [form] = Form.useForm<ResetValues>();
  const server = useServerErrors(form, FIELDS);
  const token = search.token ?? "";

  if (confirm.isSuccess) {
    return (
      <AuthCard title={t("reset.title")} width={420}>
        <Result
          status="success"
          subTitle={<span data-testid="reset-done">{t("reset.done")}</span>}
          extra={
            <Link to="/login" data-testid="reset-go-login">
              {t("reset.goLogin")}
            </Link>
          }
        />
      </AuthCard>
    );
  }
  const onFinish = ({ password }: ResetValues) => {
    server.reset();
    confirm.mutate({ token, password }, { onError: server.handle });
  };
  return (
    <AuthCard title={t("reset.title")} width={420}>
      {!token && (
        <Alert type="warning" showIcon title={t("reset.missingToken")} style={{ marginBottom: 16 }} />
      )}
      <ProblemAlert error={server.error} extra={<Link to="/forgot-password"> {t("reset.askAgain")}</Link>} />
      <Form form={form} name="reset-password" layout="vertical" onFinish={onFinish} requiredMark={false}>
        <Form.Item
          label={t("invite.password")}
          name="password"
          extra={t("invite.passwordHelp")}
          rules={[
            { required: true, message: t("validation.required") },
            { min: 10, message: t("invite.passwordHelp") },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label={t("invite.confirm")}
          name="confirm"
          dependencies={["password"]}
          rules={[
            { required: true, message: t("validation.required") },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                value === getFieldValue("password")
                  ? Promise.resolve()
                  : Promise.reject(new Error(t("invite.mismatch"))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          block
          disabled={!token}
          loading={confirm.isPending}
          data-testid="reset-submit"
        >
          {t("reset.submit")}
        </Button>
      </Form>
      {!token && (
        <div style={{ marginTop: 16, textAlign: "center" }}>
          <Link to="/forgot-password">{t("reset.askAgain")}</Link>
        </div>
      )}
    </AuthCard>
  );
}
