import { Form, Input, Modal, Select } from "antd";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useOnOpen, useServerErrors } from "../../lib/forms";
import { type Scope, type User, useRoleOptions, useScopeOptions } from "./api";

const SCOPE_KINDS = ["all", "region", "store", "own"] as const;

export interface UserFormValues {
  email: string;
  name: string;
  role_id: string;
  password?: string;
  scope: Scope;
}

const FIELDS = ["email", "name", "role_id", "password", "scope"];

/** Create (with e-mail and optional password) or edit (name, role, scope) one staff account. */
export function UserFormModal({
  open,
  user,
  saving,
  error,
  onCancel,
  onSubmit,
}: {
  open: boolean;
  user: User | null;
  saving: boolean;
  error: unknown;
  onCancel: () => void;
  onSubmit: (values: UserFormValues) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<UserFormValues>();
  const { error: serverError, handle, reset } = useServerErrors(form, FIELDS);
  const roles = useRoleOptions();
  const { regions, stores } = useScopeOptions();
  const kind = Form.useWatch(["scope", "kind"], form);

  useOnOpen(open, () => {
    reset();
    form.resetFields();
    form.setFieldsValue(
      user
        ? { email: user.email, name: user.name, role_id: user.role_id, scope: user.scope }
        : { scope: { kind: "all", region_ids: [], store_ids: [] } },
    );
  });

  useEffect(() => {
    if (error) handle(error);
  }, [error, handle]);

  return (
    <Modal
      open={open}
      title={user ? t("users.edit") : t("users.new")}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      okButtonProps={{ loading: saving, "data-testid": "user-save" }}
      onOk={() => form.submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      <ProblemAlert error={serverError} />
      <Form form={form} layout="vertical" name="user" onFinish={onSubmit}>
        <Form.Item
          label={t("users.fields.email")}
          name="email"
          rules={[
            { required: true, message: t("validation.required") },
            { type: "email", message: t("validation.email") },
          ]}
        >
          <Input disabled={Boolean(user)} />
        </Form.Item>
        <Form.Item
          label={t("users.fields.name")}
          name="name"
          rules={[{ required: true, message: t("validation.required") }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          label={t("users.fields.role")}
          name="role_id"
          rules={[{ required: true, message: t("validation.required") }]}
        >
          <Select options={roles.data ?? []} loading={roles.isLoading} />
        </Form.Item>
        {user ? null : (
          <Form.Item label={t("users.fields.password")} name="password" extra={t("users.passwordHelp")}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        <Form.Item label={t("users.fields.scope")} name={["scope", "kind"]}>
          <Select options={SCOPE_KINDS.map((k) => ({ value: k, label: t(`users.scope.${k}`) }))} />
        </Form.Item>
        {kind === "region" ? (
          <Form.Item label={t("users.fields.regions")} name={["scope", "region_ids"]}>
            <Select mode="multiple" options={regions} optionFilterProp="label" />
          </Form.Item>
        ) : null}
        {kind === "store" ? (
          <Form.Item label={t("users.fields.stores")} name={["scope", "store_ids"]}>
            <Select mode="multiple" options={stores} optionFilterProp="label" />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
