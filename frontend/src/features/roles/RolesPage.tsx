import { PlusOutlined } from "@ant-design/icons";
import { App, Button, Form, Input, Modal, Popconfirm, Space, Table, Tag } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState, ProblemAlert } from "../../components/ProblemAlert";
import { toProblem } from "../../lib/api/problem";
import { useCan } from "../../lib/auth/me";
import { useServerErrors } from "../../lib/forms";
import { type Role, type RoleCreate, useDeleteRole, usePermissions, useRoles, useSaveRole } from "./api";
import { PermissionMatrix } from "./PermissionMatrix";

const FIELDS = ["name", "description", "permissions"];

export function RolesPage() {
  const { t, i18n } = useTranslation();
  const english = i18n.language === "en";
  const { message } = App.useApp();
  const roles = useRoles();
  const permissions = usePermissions();
  const canManage = useCan("roles:manage");
  const save = useSaveRole();
  const remove = useDeleteRole();
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState<Role | null>(null);
  const [form] = Form.useForm<RoleCreate>();
  const server = useServerErrors(form, FIELDS);
  // The owner role always holds every permission: shown, never edited.
  const readOnly = !canManage || editing?.key === "owner";

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      editing
        ? { name: editing.name, description: editing.description, permissions: editing.permissions }
        : { name: "", description: "", permissions: [] },
    );
  }, [open, editing, form]);

  const openEditor = (role: Role | null) => {
    setEditing(role);
    server.reset();
    setOpen(true);
  };

  const onFinish = (body: RoleCreate) =>
    save.mutate(
      { id: editing?.id ?? null, body },
      {
        onSuccess: () => {
          message.success(t("common.saved"));
          setOpen(false);
        },
        onError: server.handle,
      },
    );

  if (roles.isError) return <ErrorState error={roles.error} />;

  return (
    <>
      <PageHeader
        title={t("roles.title")}
        extra={
          canManage ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => openEditor(null)}
              data-testid="role-new"
            >
              {t("roles.new")}
            </Button>
          ) : null
        }
      />
      <Table<Role>
        rowKey="id"
        loading={roles.isFetching}
        dataSource={roles.data?.items ?? []}
        pagination={false}
        columns={[
          {
            key: "name",
            title: t("roles.fields.name"),
            render: (_, r) => (
              <Space>
                {english ? r.name_en : r.name_zh}
                {r.is_system ? <Tag>{t("roles.system")}</Tag> : null}
              </Space>
            ),
          },
          {
            key: "description",
            title: t("roles.fields.description"),
            render: (_, r) => (english ? r.description_en : r.description_zh),
          },
          {
            key: "permissions",
            title: t("roles.fields.permissions"),
            render: (_, r) => r.permissions.length,
          },
          {
            key: "actions",
            title: t("common.actions"),
            render: (_, r) => (
              <Space>
                <Button size="small" onClick={() => openEditor(r)}>
                  {canManage && r.key !== "owner" ? t("common.edit") : t("common.view")}
                </Button>
                {canManage && !r.is_system ? (
                  <Popconfirm
                    title={t("roles.deleteConfirm")}
                    okText={t("common.delete")}
                    cancelText={t("common.cancel")}
                    okButtonProps={{ danger: true }}
                    onConfirm={() =>
                      remove.mutateAsync(r.id).then(
                        () => message.success(t("common.deleted")),
                        (e: unknown) => message.error(toProblem(e).detail || t("problem.title")),
                      )
                    }
                  >
                    <Button size="small" danger>
                      {t("common.delete")}
                    </Button>
                  </Popconfirm>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={open}
        width={720}
        title={editing ? editing.name : t("roles.new")}
        okText={t("common.save")}
        cancelText={t("common.cancel")}
        okButtonProps={{ loading: save.isPending, disabled: readOnly, "data-testid": "role-save" }}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <ProblemAlert error={server.error} />
        <Form form={form} layout="vertical" name="role" onFinish={onFinish} disabled={readOnly}>
          <Form.Item
            label={t("roles.fields.name")}
            name="name"
            rules={[{ required: true, message: t("validation.required") }]}
          >
            <Input />
          </Form.Item>
          <Form.Item label={t("roles.fields.description")} name="description">
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item label={t("roles.fields.permissions")} name="permissions">
            <PermissionMatrix permissions={permissions.data?.items ?? []} disabled={readOnly} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
