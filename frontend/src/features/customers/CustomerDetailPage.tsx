import { DeleteOutlined, EditOutlined } from "@ant-design/icons";
import { useNavigate, useParams } from "@tanstack/react-router";
import { Alert, App, Button, Card, Descriptions, Drawer, Popconfirm, Skeleton, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/PageHeader";
import { PhoneLink } from "../../components/PhoneLink";
import { ErrorState } from "../../components/ProblemAlert";
import { toProblem } from "../../lib/api/problem";
import { useCan } from "../../lib/auth/me";
import { useStoreOptions } from "../../lib/stores";
import { useFormat } from "../../lib/useFormat";
import { type Customer, useCustomer, useDeleteCustomer, useUpdateCustomer, useUserOptions } from "./api";
import { CustomerForm } from "./CustomerForm";
import { STAGE_COLORS } from "./labels";

function ConsentText({ consent }: { consent: Customer["consent"]["email"] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (!consent.granted) return <Tag>{t("customers.consent.no")}</Tag>;
  return (
    <span>
      <Tag color="green">{t("customers.consent.yes")}</Tag>
      {consent.at ? fmt.dateTime(consent.at) : null}
      {consent.source ? ` · ${consent.source}` : null}
    </span>
  );
}

export function CustomerDetailPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { message } = App.useApp();
  const { id } = useParams({ from: "/_app/customers/$id" });
  const navigate = useNavigate();
  const query = useCustomer(id);
  const update = useUpdateCustomer(id);
  const remove = useDeleteCustomer();
  const canUpdate = useCan("customers:update");
  const canDelete = useCan("customers:delete");
  const stores = useStoreOptions(useCan("stores:read"));
  const users = useUserOptions(useCan("users:read"));
  // The edit form works on the customer as it was when editing began: a change saved meanwhile by
  // someone else makes the save fail with 412 (shown, with a reload) instead of being overwritten.
  const [editing, setEditing] = useState<{ customer: Customer; etag: string } | null>(null);

  if (query.isPending) return <Skeleton active />;
  if (query.isError) return <ErrorState error={query.error} />;
  const { customer: c, etag } = query.data;
  const storeLabel = stores.data?.find((s) => s.value === c.home_store_id)?.label ?? c.home_store_id ?? "—";
  const assignee = users.data?.find((u) => u.value === c.assigned_to)?.label ?? c.assigned_to ?? "—";
  const stale = update.error && toProblem(update.error).code === "version_mismatch";
  const addr = [c.address.province, c.address.city, c.address.district, c.address.detail]
    .filter(Boolean)
    .join(" ");

  return (
    <>
      <PageHeader
        title={c.name}
        extra={
          <>
            {canUpdate ? (
              <Button
                icon={<EditOutlined />}
                onClick={() => setEditing({ customer: c, etag })}
                data-testid="customer-edit"
              >
                {t("common.edit")}
              </Button>
            ) : null}
            {canDelete ? (
              <Popconfirm
                title={t("customers.deleteConfirm")}
                okText={t("common.delete")}
                cancelText={t("common.cancel")}
                okButtonProps={{ danger: true, loading: remove.isPending }}
                onConfirm={() =>
                  remove.mutateAsync(c.id).then(
                    () => {
                      message.success(t("common.deleted"));
                      void navigate({ to: "/customers" });
                    },
                    (e: unknown) => message.error(toProblem(e).detail || t("problem.title")),
                  )
                }
              >
                <Button danger icon={<DeleteOutlined />} data-testid="customer-delete">
                  {t("common.delete")}
                </Button>
              </Popconfirm>
            ) : null}
          </>
        }
      />
      <Card>
        <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
          <Descriptions.Item label={t("customers.fields.name")}>{c.name}</Descriptions.Item>
          <Descriptions.Item label={t("customers.fields.gender")}>
            {t(`customers.gender.${c.gender}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t("customers.fields.birthday")}>{fmt.date(c.birthday)}</Descriptions.Item>
          <Descriptions.Item label={t("customers.fields.phone")}>
            <PhoneLink value={c.phone} testId="customer-phone" />
          </Descriptions.Item>
          <Descriptions.Item label={t("customers.fields.email")}>{c.email ?? "—"}</Descriptions.Item>
          <Descriptions.Item label={t("customers.fields.address")}>{addr || "—"}</Descriptions.Item>
          <Descriptions.Item label={t("customers.fields.stage")}>
            <Tag color={STAGE_COLORS[c.lifecycle_stage]}>{t(`customers.stage.${c.lifecycle_stage}`)}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t("customers.fields.tags")}>
            {c.tags.length ? c.tags.map((tag) => <Tag key={tag}>{tag}</Tag>) : "—"}
          </Descriptions.Item>
          <Descriptions.Item label={t("customers.fields.homeStore")}>{storeLabel}</Descriptions.Item>
          <Descriptions.Item label={t("customers.fields.assignedTo")}>{assignee}</Descriptions.Item>
          <Descriptions.Item label={t("customers.fields.consentEmail")}>
            <ConsentText consent={c.consent.email} />
          </Descriptions.Item>
          <Descriptions.Item label={t("customers.fields.consentSms")}>
            <ConsentText consent={c.consent.sms} />
          </Descriptions.Item>
          <Descriptions.Item label={t("customers.fields.externalId")}>
            {c.external_id ?? "—"}
          </Descriptions.Item>
          <Descriptions.Item label={t("common.createdAt")}>{fmt.dateTime(c.created_at)}</Descriptions.Item>
          <Descriptions.Item label={t("common.updatedAt")}>{fmt.dateTime(c.updated_at)}</Descriptions.Item>
          <Descriptions.Item label={t("customers.fields.notes")} span={2}>
            <span style={{ whiteSpace: "pre-wrap" }}>{c.notes || "—"}</span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Drawer
        title={t("customers.edit")}
        open={editing !== null}
        size="large"
        destroyOnHidden
        onClose={() => {
          setEditing(null);
          update.reset();
        }}
      >
        <CustomerForm
          key={editing?.etag}
          initial={editing?.customer}
          submitting={update.isPending}
          error={stale ? null : update.error}
          extraError={
            stale ? (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 16 }}
                title={t("customers.staleTitle")}
                description={t("customers.staleBody")}
                data-testid="customer-stale"
                action={
                  <Button
                    size="small"
                    onClick={() => {
                      update.reset();
                      void query.refetch().then((fresh) => {
                        if (fresh.data) setEditing(fresh.data);
                      });
                    }}
                  >
                    {t("common.reload")}
                  </Button>
                }
              />
            ) : null
          }
          onSubmit={(body) =>
            update.mutate(
              { body, etag: editing?.etag ?? etag },
              {
                onSuccess: () => {
                  message.success(t("common.saved"));
                  setEditing(null);
                },
              },
            )
          }
        />
      </Drawer>
    </>
  );
}
