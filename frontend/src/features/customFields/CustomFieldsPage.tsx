/** Settings → Custom fields: the fields of customers and of products, added, changed, archived
 * and restored here; forms, pages, lists and filters show them from these definitions. */
import { ArrowDownOutlined, ArrowUpOutlined, PlusOutlined } from "@ant-design/icons";
import { App, Button, Flex, Table, Tabs, Tag, Tooltip, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState, ProblemAlert } from "../../components/ProblemAlert";
import { useCan } from "../../lib/auth/me";
import {
  type CustomField,
  type CustomFieldEntity,
  ENTITIES,
  fieldLabel,
  optionLabel,
  useCustomFields,
} from "../../lib/customFields";
import { useReorderCustomFields, useUpdateCustomField } from "./api";
import { CustomFieldDialog } from "./CustomFieldDialog";
import { movedOrder } from "./fieldForm";

function FieldTable({ entity }: { entity: CustomFieldEntity }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const fields = useCustomFields(entity);
  const update = useUpdateCustomField();
  const reorder = useReorderCustomFields();
  const canManage = useCan("custom_fields:manage");
  const [editing, setEditing] = useState<{ field?: CustomField } | null>(null);
  if (fields.isError) return <ErrorState error={fields.error} />;
  const toggle = (f: CustomField) =>
    update.mutate(
      { id: f.id, version: f.version, body: { archived: !f.archived } },
      { onSuccess: () => void message.success(t("common.saved")) },
    );
  const list = fields.data ?? [];
  // Ignored while a move is saving (not disabled: the focused button keeps the focus).
  const move = (index: number, step: -1 | 1) =>
    reorder.isPending ||
    reorder.mutate({
      entity,
      // Each with the version shown: someone else's change since is a 412, not overwritten.
      fields: movedOrder(list, index, step).map((f) => ({ id: f.id, version: f.version })),
    });
  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">
          {t(`customFields.hint.${entity}`)} {t("customFields.orderHelp")}
        </Typography.Text>
        {canManage ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing({})}
            data-testid="custom-field-new"
          >
            {t("customFields.new")}
          </Button>
        ) : null}
      </Flex>
      <ProblemAlert error={update.error ?? reorder.error} />
      <Table<CustomField>
        rowKey="id"
        loading={fields.isFetching}
        dataSource={list}
        pagination={false}
        scroll={{ x: "max-content" }}
        onRow={(f) =>
          ({ "data-testid": "custom-field-row", "data-key": f.key }) as React.HTMLAttributes<HTMLElement>
        }
        columns={[
          ...(canManage
            ? [
                {
                  key: "order",
                  title: t("customFields.fields.order"),
                  render: (_: unknown, f: CustomField, index: number) => {
                    const name = fieldLabel(f, i18n.language);
                    return (
                      <Flex gap={4}>
                        <Button
                          size="small"
                          icon={<ArrowUpOutlined />}
                          aria-label={t("customFields.moveUp", { name })}
                          disabled={index === 0}
                          onClick={() => move(index, -1)}
                          data-testid="custom-field-up"
                        />
                        <Button
                          size="small"
                          icon={<ArrowDownOutlined />}
                          aria-label={t("customFields.moveDown", { name })}
                          disabled={index === list.length - 1}
                          onClick={() => move(index, 1)}
                          data-testid="custom-field-down"
                        />
                      </Flex>
                    );
                  },
                },
              ]
            : []),
          {
            key: "label",
            title: t("customFields.fields.label"),
            render: (_, f) => fieldLabel(f, i18n.language),
          },
          { key: "key", title: t("customFields.fields.key"), render: (_, f) => <code>{f.key}</code> },
          {
            key: "type",
            title: t("customFields.fields.type"),
            render: (_, f) => t(`customFields.types.${f.type}`),
          },
          {
            key: "options",
            title: t("customFields.fields.options"),
            responsive: ["md"],
            render: (_, f) => f.options.map((o) => <Tag key={o.value}>{optionLabel(o, i18n.language)}</Tag>),
          },
          {
            key: "flags",
            title: t("customFields.fields.rules"),
            render: (_, f) => (
              <>
                {f.required ? <Tag color="red">{t("customFields.fields.required")}</Tag> : null}
                {f.filterable ? <Tag color="blue">{t("customFields.fields.filterable")}</Tag> : null}
                {f.filter_state === "preparing" ? (
                  <Tooltip title={t("customFields.filterPreparingHelp")}>
                    <Tag color="processing" data-testid="custom-field-preparing">
                      {t("customFields.filterPreparing")}
                    </Tag>
                  </Tooltip>
                ) : null}
                {f.filter_state === "preparing" && canManage ? (
                  // Harmless while the job runs; after a failure or a cancel it resumes from its checkpoint.
                  <Button
                    size="small"
                    type="link"
                    onClick={() =>
                      update.mutate({ id: f.id, version: f.version, body: { filterable: true } })
                    }
                    data-testid="custom-field-resume"
                  >
                    {t("customFields.resumeFilter")}
                  </Button>
                ) : null}
                {f.archived ? <Tag>{t("customFields.archived")}</Tag> : null}
              </>
            ),
          },
          ...(canManage
            ? [
                {
                  key: "actions",
                  title: t("common.actions"),
                  render: (_: unknown, f: CustomField) => (
                    <Flex gap={4}>
                      <Button
                        size="small"
                        onClick={() => setEditing({ field: f })}
                        data-testid="custom-field-edit"
                      >
                        {t("common.edit")}
                      </Button>
                      <Button
                        size="small"
                        onClick={() => toggle(f)}
                        loading={update.isPending && update.variables?.id === f.id}
                        data-testid={f.archived ? "custom-field-restore" : "custom-field-archive"}
                      >
                        {f.archived ? t("customFields.restore") : t("customFields.archive")}
                      </Button>
                    </Flex>
                  ),
                },
              ]
            : []),
        ]}
      />
      <CustomFieldDialog
        open={editing !== null}
        entity={entity}
        field={editing?.field}
        onClose={() => setEditing(null)}
      />
    </>
  );
}

export function CustomFieldsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t("customFields.title")} />
      <Tabs
        items={ENTITIES.map((entity) => ({
          key: entity,
          label: t(`customFields.entities.${entity}`),
          children: <FieldTable entity={entity} />,
        }))}
      />
    </>
  );
}
