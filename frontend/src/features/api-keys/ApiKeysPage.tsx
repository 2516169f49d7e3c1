import { PlusOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  DatePicker,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Table,
  Tag,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState, ProblemAlert } from "../../components/ProblemAlert";
import { toProblem } from "../../lib/api/problem";
import { useCan } from "../../lib/auth/me";
import { useServerErrors } from "../../lib/forms";
import {
  groupPermissions,
  permissionDescription,
  permissionGroupLabel,
  permissionLabel,
} from "../../lib/permissions";
import { useStoreOptions } from "../../lib/stores";
import { useFormat } from "../../lib/useFormat";
import { type ApiKey, useApiKeys, useCreateApiKey, usePermissionCatalogue, useRevokeApiKey } from "./api";

interface FormValues {
  name: string;
  scopes: string[];
  store_ids?: string[];
  expires_at?: Dayjs | null;
}
const FIELDS = ["name", "scopes", "store_ids", "expires_at"];

export function ApiKeysPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { message } = App.useApp();
  const keys = useApiKeys();
  const canManage = useCan("api_keys:manage");
  const permissions = usePermissionCatalogue();
  // Grouped by area, labelled in the current language; the search matches label, area and code.
  const permissionOptions = groupPermissions(permissions.data ?? []).map(([resource, perms]) => ({
    label: permissionGroupLabel(t, resource),
    title: permissionGroupLabel(t, resource),
    options: perms.map((p) => ({
      value: p.key,
      label: permissionLabel(t, p.key),
      title: permissionDescription(t, p.key, p.description),
      search: `${permissionGroupLabel(t, resource)} ${permissionLabel(t, p.key)} ${p.key}`,
    })),
  }));
  const stores = useStoreOptions();
  const create = useCreateApiKey();
  const revoke = useRevokeApiKey();
  const [open, setOpen] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [form] = Form.useForm<FormValues>();
  const server = useServerErrors(form, FIELDS);

  const onFinish = (v: FormValues) =>
    create.mutate(
      {
        name: v.name,
        scopes: v.scopes,
        store_ids: v.store_ids?.length ? v.store_ids : null,
        expires_at: v.expires_at ? v.expires_at.endOf("day").toISOString() : null,
      },
      {
        onSuccess: (created) => {
          setOpen(false);
          setSecret(created.key);
        },
        onError: server.handle,
      },
    );

  if (keys.isError) return <ErrorState error={keys.error} />;

  return (
    <>
      <PageHeader
        title={t("apiKeys.title")}
        extra={
          canManage ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              data-testid="api-key-new"
              onClick={() => {
                form.resetFields();
                server.reset();
                setOpen(true);
              }}
            >
              {t("apiKeys.new")}
            </Button>
          ) : null
        }
      />
      <Table<ApiKey>
        rowKey="id"
        loading={keys.isFetching}
        dataSource={keys.data?.items ?? []}
        pagination={false}
        scroll={{ x: "max-content" }}
        columns={[
          { key: "name", title: t("apiKeys.fields.name"), dataIndex: "name" },
          {
            key: "key_id",
            title: t("apiKeys.fields.keyId"),
            render: (_, k) => <Typography.Text code>{k.key_id}</Typography.Text>,
          },
          {
            key: "scopes",
            title: t("apiKeys.fields.scopes"),
            render: (_, k) =>
              k.scopes.map((s) => (
                <Tag key={s} title={permissionDescription(t, s)}>
                  {permissionLabel(t, s)}
                </Tag>
              )),
          },
          {
            key: "stores",
            title: t("apiKeys.fields.stores"),
            render: (_, k) => (k.store_ids ? k.store_ids.length : t("apiKeys.allStores")),
          },
          {
            key: "expires_at",
            title: t("apiKeys.fields.expiresAt"),
            render: (_, k) => fmt.dateTime(k.expires_at),
          },
          {
            key: "last_used_at",
            title: t("apiKeys.fields.lastUsedAt"),
            render: (_, k) => fmt.dateTime(k.last_used_at),
          },
          {
            key: "status",
            title: t("apiKeys.fields.status"),
            render: (_, k) =>
              k.revoked_at ? (
                <Tag color="red">{t("apiKeys.revoked")}</Tag>
              ) : k.expires_at && dayjs(k.expires_at).isBefore(dayjs()) ? (
                <Tag>{t("apiKeys.expired")}</Tag>
              ) : (
                <Tag color="green">{t("apiKeys.active")}</Tag>
              ),
          },
          ...(canManage
            ? [
                {
                  key: "actions",
                  title: t("common.actions"),
                  render: (_: unknown, k: ApiKey) =>
                    k.revoked_at ? null : (
                      <Popconfirm
                        title={t("apiKeys.revokeConfirm")}
                        okText={t("apiKeys.revoke")}
                        cancelText={t("common.cancel")}
                        okButtonProps={{ danger: true }}
                        onConfirm={() =>
                          revoke.mutateAsync(k.id).then(
                            () => message.success(t("apiKeys.revokedMessage")),
                            (e: unknown) => message.error(toProblem(e).detail || t("problem.title")),
                          )
                        }
                      >
                        <Button size="small" danger>
                          {t("apiKeys.revoke")}
                        </Button>
                      </Popconfirm>
                    ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={open}
        title={t("apiKeys.new")}
        okText={t("common.save")}
        cancelText={t("common.cancel")}
        okButtonProps={{ loading: create.isPending, "data-testid": "api-key-save" }}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        forceRender
      >
        <ProblemAlert error={server.error} />
        <Form form={form} layout="vertical" name="apiKey" onFinish={onFinish} initialValues={{ scopes: [] }}>
          <Form.Item
            label={t("apiKeys.fields.name")}
            name="name"
            rules={[{ required: true, message: t("validation.required") }]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            label={t("apiKeys.fields.scopes")}
            name="scopes"
            rules={[{ required: true, type: "array", min: 1, message: t("validation.required") }]}
          >
            <Select
              mode="multiple"
              options={permissionOptions}
              optionFilterProp="search"
              data-testid="api-key-scopes"
            />
          </Form.Item>
          <Form.Item label={t("apiKeys.fields.stores")} name="store_ids" extra={t("apiKeys.storesHelp")}>
            <Select mode="multiple" options={stores.data ?? []} optionFilterProp="label" />
          </Form.Item>
          <Form.Item label={t("apiKeys.fields.expiresAt")} name="expires_at">
            <DatePicker disabledDate={(d) => d.isBefore(dayjs(), "day")} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={secret !== null}
        title={t("apiKeys.createdTitle")}
        onOk={() => setSecret(null)}
        onCancel={() => setSecret(null)}
        cancelButtonProps={{ style: { display: "none" } }}
        mask={{ closable: false }}
      >
        <Alert type="warning" showIcon title={t("apiKeys.createdWarning")} style={{ marginBottom: 16 }} />
        <Typography.Paragraph code copyable data-testid="api-key-secret">
          {secret}
        </Typography.Paragraph>
      </Modal>
    </>
  );
}
