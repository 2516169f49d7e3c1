/** An invited staff member sets a password with the one-time invitation token, then is signed in. */
import { useRouter, useSearch } from "@tanstack/react-router";
import { Button, Form, Input } from "antd";
import { useTranslation } from "react-i18next";
import { AuthCard } from "../../components/AuthCard";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useServerErrors } from "../../lib/forms";
import { type AcceptInviteBody, useAcceptInvite } from "./api";

const FIELDS = ["tenant_slug", "email", "invite_token", "password"];

interface AcceptInviteValues extends AcceptInviteBody {
  confirm: string;
}

export function AcceptInvitePage() {
  const { t } = useTranslation();
  const router = useRouter();
  const search = useSearch({ from: "/accept-invite" });
  const accept = useAcceptInvite();
  const [form] = Form.useForm<AcceptInviteValues>();
  const server = useServerErrors(form, FIELDS);

  const onFinish = ({ confirm: _confirm, ...body }: AcceptInviteValues) => {
    server.reset();
    accept.mutate(body, { onSuccess: () => router.history.push("/customers"), onError: server.handle });
  };

  return (
    <AuthCard title={t("invite.title")} width={420}>
      <ProblemAlert error={server.error} />
      <Form
        form={form}
        name="accept-invite"
        layout="vertical"
        onFinish={onFinish}
        requiredMark={false}
        initialValues={{
          tenant_slug: search.tenant ?? "",
          email: search.email ?? "",
          invite_token: search.token ?? "",
        }}
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
          rules={[{ required: true, message: t("validation.required") }]}
        >
          <Input autoComplete="username" />
        </Form.Item>
        <Form.Item
          label={t("invite.token")}
          name="invite_token"
          rules={[{ required: true, message: t("validation.required") }]}
        >
          <Input />
        </Form.Item>
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
        <Button type="primary" htmlType="submit" block loading={accept.isPending} data-testid="invite-submit">
          {t("invite.submit")}
        </Button>
      </Form>
    </AuthCard>
  );
}
