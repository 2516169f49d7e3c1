import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { Button, Form, Input, Typography } from "antd";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { AuthCard } from "../../components/AuthCard";
import { ProblemAlert } from "../../components/ProblemAlert";
import { isLanguage } from "../../i18n";
import { api, session, unwrap } from "../../lib/api/client";
import type { paths } from "../../lib/api/schema";
import { saveLanguage } from "../../lib/auth/me";
import { useServerErrors } from "../../lib/forms";
import { useDebounced } from "../../lib/useDebounced";

type SignupBody = paths["/api/v1/signup"]["post"]["requestBody"]["content"]["application/json"];
const FIELDS = ["tenant_name", "tenant_slug", "owner_name", "owner_email", "owner_password"];
export const SLUG_PATTERN = /^[a-z0-9-]{3,40}$/;

function checkSlug(query: { tenant_name?: string; tenant_slug?: string }) {
  return unwrap(api.GET("/api/v1/signup/slug", { params: { query } }));
}

/**
 * The slug field follows the company name (a free pinyin suggestion from the server) until the
 * user types in it; whatever it holds is checked for availability as it changes.
 */
function useSlugAssist(form: ReturnType<typeof Form.useForm<SignupBody>>[0]) {
  const edited = useRef(false);
  const name = useDebounced((Form.useWatch("tenant_name", form) ?? "").trim(), 300);
  const typed = Form.useWatch("tenant_slug", form) ?? "";
  const slug = useDebounced(typed, 300);
  const suggestion = useQuery({
    queryKey: ["signup", "slug", "name", name],
    queryFn: () => checkSlug({ tenant_name: name }),
    enabled: name.length > 0 && !edited.current,
    staleTime: 30_000,
  });
  useEffect(() => {
    if (suggestion.data && !edited.current) form.setFieldValue("tenant_slug", suggestion.data.slug);
  }, [suggestion.data, form]);
  const check = useQuery({
    queryKey: ["signup", "slug", "check", slug],
    queryFn: () => checkSlug({ tenant_slug: slug }),
    enabled: SLUG_PATTERN.test(slug),
    staleTime: 10_000,
  });
  const result = check.data && check.data.slug === typed ? check.data : undefined;
  return { onTyped: () => (edited.current = true), result };
}

export function SignupPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SignupBody>();
  const server = useServerErrors(form, FIELDS);
  const slug = useSlugAssist(form);
  const slugStatus = slug.result ? (
    <Typography.Text
      type={slug.result.available ? "success" : "danger"}
      data-testid="signup-slug-status"
      data-available={slug.result.available ? "true" : "false"}
      style={{ display: "block" }}
    >
      {slug.result.available
        ? t("signup.slugAvailable")
        : slug.result.problem === "is already taken"
          ? t("signup.slugTaken")
          : slug.result.problem === "is reserved"
            ? t("signup.slugReserved")
            : t("signup.slugInvalid")}
    </Typography.Text>
  ) : null;
  const signup = useMutation({
    mutationFn: (body: SignupBody) => unwrap(api.POST("/api/v1/signup", { body })),
    onSuccess: async (data) => {
      session.setTokens(data);
      queryClient.removeQueries();
      localStorage.setItem("crm.lastTenant", data.tenant.slug);
      // The language the owner signed up in becomes the profile's, which every later login follows.
      const lang = i18n.language;
      if (isLanguage(lang) && lang !== data.user.locale)
        await saveLanguage(queryClient, lang).catch(() => undefined);
      // "/" lands the new owner on the setup checklist.
      await navigate({ to: "/" });
    },
    onError: server.handle,
  });

  return (
    <AuthCard title={t("signup.title")} width={460}>
      <ProblemAlert error={server.error} />
      <Form
        form={form}
        name="signup"
        layout="vertical"
        onFinish={(v) => {
          server.reset();
          signup.mutate(v);
        }}
        requiredMark={false}
      >
        <Form.Item
          label={t("signup.tenantName")}
          name="tenant_name"
          rules={[{ required: true, message: t("validation.required") }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          label={t("signup.tenantSlug")}
          name="tenant_slug"
          extra={
            <>
              {slugStatus}
              {t("signup.slugHelp")}
            </>
          }
          rules={[
            { required: true, message: t("validation.required") },
            { pattern: SLUG_PATTERN, message: t("signup.slugInvalid") },
          ]}
        >
          <Input onChange={slug.onTyped} data-testid="signup-slug" />
        </Form.Item>
        <Form.Item
          label={t("signup.ownerName")}
          name="owner_name"
          rules={[{ required: true, message: t("validation.required") }]}
        >
          <Input autoComplete="name" />
        </Form.Item>
        <Form.Item
          label={t("signup.ownerEmail")}
          name="owner_email"
          rules={[
            { required: true, message: t("validation.required") },
            { type: "email", message: t("validation.email") },
          ]}
        >
          <Input autoComplete="email" />
        </Form.Item>
        <Form.Item
          label={t("signup.ownerPassword")}
          name="owner_password"
          rules={[{ required: true, message: t("validation.required") }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={signup.isPending} data-testid="signup-submit">
          {t("signup.submit")}
        </Button>
      </Form>
      <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0, textAlign: "center" }}>
        {t("signup.haveAccount")} <Link to="/login">{t("signup.loginLink")}</Link>
      </Typography.Paragraph>
    </AuthCard>
  );
}
