import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Col, Descriptions, Form, Input, Row, Select } from "antd";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/PageHeader";
import { ProblemAlert } from "../../components/ProblemAlert";
import { isLanguage, type Language, setLanguage } from "../../i18n";
import { api, unwrap, unwrapEmpty } from "../../lib/api/client";
import type { BodyOf } from "../../lib/api/types";
import { meQuery, useMe } from "../../lib/auth/me";
import { useServerErrors } from "../../lib/forms";

type MeUpdate = BodyOf<"/api/v1/me", "patch">;
type PasswordChange = BodyOf<"/api/v1/me/password", "post">;

export function ProfilePage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const [profileForm] = Form.useForm<{ name: string; locale: Language }>();
  const [passwordForm] = Form.useForm<PasswordChange & { confirm: string }>();
  const profileErrors = useServerErrors(profileForm, ["name", "locale"]);
  const passwordErrors = useServerErrors(passwordForm, ["current_password", "new_password"]);

  const updateMe = useMutation({
    mutationFn: (body: MeUpdate) => unwrap(api.PATCH("/api/v1/me", { body })),
    onSuccess: (user) => {
      // The cached profile changes at once: the app follows its language on every navigation.
      queryClient.setQueryData(meQuery.queryKey, (old) => (old ? { ...old, user } : old));
      if (isLanguage(user.locale)) setLanguage(user.locale);
      message.success(t("common.saved"));
      return queryClient.invalidateQueries({ queryKey: ["me"] });
    },
    onError: profileErrors.handle,
  });
  const changePassword = useMutation({
    mutationFn: (body: PasswordChange) => unwrapEmpty(api.POST("/api/v1/me/password", { body })),
    onSuccess: () => {
      passwordForm.resetFields();
      message.success(t("profile.passwordChanged"));
    },
    onError: passwordErrors.handle,
  });

  useEffect(() => {
    if (me)
      profileForm.setFieldsValue({
        name: me.user.name,
        locale: isLanguage(me.user.locale) ? me.user.locale : "zh-CN",
      });
  }, [me, profileForm]);

  return (
    <>
      <PageHeader title={t("profile.title")} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t("profile.account")}>
            <Descriptions column={1} size="small" style={{ marginBottom: 16 }}>
              <Descriptions.Item label={t("users.fields.email")}>{me?.user.email}</Descriptions.Item>
              <Descriptions.Item label={t("users.fields.role")}>
                {i18n.language === "en" ? me?.user.role_name_en : me?.user.role_name_zh}
              </Descriptions.Item>
              <Descriptions.Item label={t("profile.tenant")}>{me?.tenant.name}</Descriptions.Item>
            </Descriptions>
            <ProblemAlert error={profileErrors.error} />
            <Form
              form={profileForm}
              layout="vertical"
              name="profile"
              onFinish={(v) => {
                profileErrors.reset();
                updateMe.mutate(v);
              }}
            >
              <Form.Item
                label={t("users.fields.name")}
                name="name"
                rules={[{ required: true, message: t("validation.required") }]}
              >
                <Input />
              </Form.Item>
              <Form.Item label={t("common.language")} name="locale">
                <Select
                  options={[
                    { value: "zh-CN", label: "简体中文" },
                    { value: "en", label: "English" },
                  ]}
                />
              </Form.Item>
              <Button
                type="primary"
                htmlType="submit"
                loading={updateMe.isPending}
                data-testid="profile-save"
              >
                {t("common.save")}
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t("profile.changePassword")}>
            <ProblemAlert error={passwordErrors.error} />
            <Form
              form={passwordForm}
              layout="vertical"
              name="password"
              onFinish={({ current_password, new_password }) => {
                passwordErrors.reset();
                changePassword.mutate({ current_password, new_password });
              }}
            >
              <Form.Item
                label={t("profile.currentPassword")}
                name="current_password"
                rules={[{ required: true, message: t("validation.required") }]}
              >
                <Input.Password autoComplete="current-password" />
              </Form.Item>
              <Form.Item
                label={t("profile.newPassword")}
                name="new_password"
                rules={[{ required: true, message: t("validation.required") }]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Form.Item
                label={t("profile.confirmPassword")}
                name="confirm"
                dependencies={["new_password"]}
                rules={[
                  { required: true, message: t("validation.required") },
                  ({ getFieldValue }) => ({
                    validator: (_, value) =>
                      !value || getFieldValue("new_password") === value
                        ? Promise.resolve()
                        : Promise.reject(new Error(t("profile.passwordMismatch"))),
                  }),
                ]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Button
                type="primary"
                htmlType="submit"
                loading={changePassword.isPending}
                data-testid="password-save"
              >
                {t("profile.changePassword")}
              </Button>
            </Form>
          </Card>
        </Col>
      </Row>
    </>
  );
}
