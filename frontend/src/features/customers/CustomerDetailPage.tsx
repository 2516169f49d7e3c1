import { DeleteOutlined, EditOutlined } from "@ant-design/icons";
import { Link, useNavigate, useParams, useSearch } from "@tanstack/react-router";
import { Alert, App, Button, Col, Drawer, Popconfirm, Result, Row, Skeleton, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState } from "../../components/ProblemAlert";
import { toProblem } from "../../lib/api/problem";
import { useCan } from "../../lib/auth/me";
import { type Customer, useCustomer, useDeleteCustomer, useUpdateCustomer } from "./api";
import { CustomerForm } from "./CustomerForm";
import { CustomerProfile } from "./CustomerProfile";
import { CustomerSummaryCard } from "./CustomerSummaryCard";
import { CustomerTimeline } from "./CustomerTimeline";
import { LoyaltyCard } from "./LoyaltyCard";
import { STAGE_COLORS } from "./labels";

/** A record merged into another: say so and go on to the one that holds her history now. */
function MergedInto({ survivorId }: { survivorId: string }) {
  const { t } = useTranslation();
  return (
    <Result
      status="info"
      title={t("customers.merge.mergedTitle")}
      subTitle={t("customers.merge.mergedBody")}
      data-testid="customer-merged"
      extra={
        <Link to="/customers/$id" params={{ id: survivorId }}>
          <Button type="primary" data-testid="customer-survivor-link">
            {t("customers.merge.openSurvivor")}
          </Button>
        </Link>
      }
    />
  );
}

export function CustomerDetailPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { id } = useParams({ from: "/_app/customers/$id" });
  const search = useSearch({ from: "/_app/customers/$id" });
  const navigate = useNavigate();
  const query = useCustomer(id);
  const update = useUpdateCustomer(id);
  const remove = useDeleteCustomer();
  const canUpdate = useCan("customers:update");
  const canDelete = useCan("customers:delete");
  // The edit form works on the customer as it was when editing began: a change saved meanwhile by
  // someone else makes the save fail with 412 (shown, with a reload) instead of being overwritten.
  const [editing, setEditing] = useState<{ customer: Customer; etag: string } | null>(null);

  if (query.isPending) return <Skeleton active />;
  if (query.isError) {
    const survivor = toProblem(query.error).merged_into;
    return survivor ? <MergedInto survivorId={survivor} /> : <ErrorState error={query.error} />;
  }
  const { customer: c, etag } = query.data;
  const stale = update.error && toProblem(update.error).code === "version_mismatch";

  return (
    <>
      <PageHeader
        title={
          <>
            {c.name}{" "}
            <Tag color={STAGE_COLORS[c.lifecycle_stage]} style={{ verticalAlign: "middle" }}>
              {t(`customers.stage.${c.lifecycle_stage}`)}
            </Tag>
          </>
        }
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
      <CustomerSummaryCard customerId={c.id} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15} xxl={16}>
          <CustomerTimeline
            customerId={c.id}
            filter={search.timeline ?? "all"}
            onFilter={(filter) =>
              void navigate({
                to: "/customers/$id",
                params: { id: c.id },
                search: { timeline: filter === "all" ? undefined : filter },
                replace: true,
              })
            }
            canLog={canUpdate}
          />
        </Col>
        <Col xs={24} lg={9} xxl={8}>
          <LoyaltyCard customerId={c.id} />
          <CustomerProfile customer={c} />
        </Col>
      </Row>
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
