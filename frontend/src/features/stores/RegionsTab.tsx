import { PlusOutlined } from "@ant-design/icons";
import { App, Button, Form, Input, Modal, Popconfirm, Space, Table } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorState, ProblemAlert } from "../../components/ProblemAlert";
import { toProblem } from "../../lib/api/problem";
import { useServerErrors } from "../../lib/forms";
import { useFormat } from "../../lib/useFormat";
import { type Region, useDeleteRegion, useRegions, useSaveRegion } from "./api";

export function RegionsTab({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { message } = App.useApp();
  const regions = useRegions();
  const save = useSaveRegion();
  const remove = useDeleteRegion();
  const [editing, setEditing] = useState<Region | "new" | null>(null);
  const [form] = Form.useForm<{ name: string }>();
  const server = useServerErrors(form, ["name"]);

  const open = (region: Region | "new") => {
    server.reset();
    form.setFieldsValue({ name: region === "new" ? "" : region.name });
    setEditing(region);
  };

  if (regions.isError) return <ErrorState error={regions.error} />;
  return (
    <>
      {canManage ? (
        <Button
          icon={<PlusOutlined />}
          onClick={() => open("new")}
          style={{ marginBottom: 16 }}
          data-testid="region-new"
        >
          {t("stores.newRegion")}
        </Button>
      ) : null}
      <Table<Region>
        rowKey="id"
        loading={regions.isFetching}
        dataSource={regions.data?.items ?? []}
        pagination={false}
        columns={[
          { key: "name", title: t("stores.fields.regionName"), dataIndex: "name" },
          {
            key: "created_at",
            title: t("common.createdAt"),
            render: (_, r) => fmt.dateTime(r.created_at),
          },
          ...(canManage
            ? [
                {
                  key: "actions",
                  title: t("common.actions"),
                  render: (_: unknown, r: Region) => (
                    <Space>
                      <Button size="small" onClick={() => open(r)}>
                        {t("common.edit")}
                      </Button>
                      <Popconfirm
                        title={t("stores.deleteRegionConfirm")}
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
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === "new" ? t("stores.newRegion") : t("stores.editRegion")}
        okText={t("common.save")}
        cancelText={t("common.cancel")}
        okButtonProps={{ loading: save.isPending, "data-testid": "region-save" }}
        onOk={() => form.submit()}
        onCancel={() => setEditing(null)}
        forceRender
      >
        <ProblemAlert error={server.error} />
        <Form
          form={form}
          layout="vertical"
          name="region"
          onFinish={({ name }) =>
            save.mutate(
              { id: editing && editing !== "new" ? editing.id : null, name },
              {
                onSuccess: () => {
                  message.success(t("common.saved"));
                  setEditing(null);
                },
                onError: server.handle,
              },
            )
          }
        >
          <Form.Item
            label={t("stores.fields.regionName")}
            name="name"
            rules={[{ required: true, message: t("validation.required") }]}
          >
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
