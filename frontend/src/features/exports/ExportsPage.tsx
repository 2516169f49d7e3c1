import { getRouteApi, Link } from "@tanstack/react-router";
import { Button, Flex, Grid, Table, type TableColumnsType, Typography } from "antd";
import type { HTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import { CursorPager } from "../../components/CursorPager";
import { JobActions, JobProgress, JobStateTag } from "../../components/JobStatus";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState } from "../../components/ProblemAlert";
import { useCan } from "../../lib/auth/me";
import { type Job, useMyJobs } from "../../lib/exports";
import type { PageState } from "../../lib/paging";
import { useFormat } from "../../lib/useFormat";

const route = getRouteApi("/_app/exports");

/** `export.customers` → the customer list; a kind this SPA does not know yet shows as it is. */
const KIND_KEYS: Record<string, string> = {
  "export.customers": "exports.kind.customers",
  "export.orders": "exports.kind.orders",
  "import.customers": "exports.kind.customerImport",
  "import.products": "exports.kind.productImport",
  "custom_fields.index": "exports.kind.customFieldIndex",
};

function rowAttributes(j: Job): HTMLAttributes<HTMLElement> & { [data: `data-${string}`]: string } {
  return { "data-testid": "job-row", "data-id": j.id, "data-state": j.state };
}

/** "My exports": the jobs I started, how far they are, and their files while they are kept. */
export function ExportsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const list = useMyJobs(search.cursor);
  const canCustomers = useCan("customers:export");
  const canOrders = useCan("orders:export");
  const setPage = (page: PageState) => navigate({ search: page });
  // On a phone the table keeps three columns, the download or cancel button among them.
  const narrow = !(Grid.useBreakpoint().md ?? true);
  const what = (j: Job) => (KIND_KEYS[j.kind] ? t(KIND_KEYS[j.kind] ?? "") : j.kind);

  const columns: TableColumnsType<Job> = [
    { key: "kind", title: t("exports.what"), render: (_, j) => what(j) },
    { key: "state", title: t("exports.stateLabel"), render: (_, j) => <JobStateTag job={j} /> },
    { key: "outcome", title: t("exports.outcome"), render: (_, j) => <JobProgress job={j} /> },
    { key: "created_at", title: t("common.createdAt"), render: (_, j) => fmt.dateTime(j.created_at) },
    {
      key: "expires_at",
      title: t("exports.keptUntil"),
      render: (_, j) => (j.file_url ? fmt.dateTime(j.expires_at) : "—"),
    },
    { key: "actions", title: t("common.actions"), render: (_, j) => <JobActions job={j} size="small" /> },
  ];
  const narrowColumns: TableColumnsType<Job> = [
    {
      key: "kind",
      title: t("exports.what"),
      width: 140,
      render: (_, j) => (
        <Flex vertical>
          {what(j)}
          <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: "nowrap" }}>
            {fmt.dateTime(j.created_at)}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: "state",
      title: t("exports.stateLabel"),
      render: (_, j) => (
        <Flex vertical gap={4} align="start">
          <JobStateTag job={j} />
          <JobProgress job={j} />
        </Flex>
      ),
    },
    { key: "actions", width: 76, render: (_, j) => <JobActions job={j} iconOnly /> },
  ];

  const empty = (
    <Flex vertical align="center" gap={8} style={{ padding: 24 }}>
      <Typography.Text type="secondary">{t("exports.empty")}</Typography.Text>
      <Flex gap={8} wrap justify="center">
        {canCustomers ? (
          <Link to="/customers">
            <Button>{t("exports.toCustomers")}</Button>
          </Link>
        ) : null}
        {canOrders ? (
          <Link to="/orders">
            <Button>{t("exports.toOrders")}</Button>
          </Link>
        ) : null}
      </Flex>
    </Flex>
  );

  return (
    <>
      <PageHeader title={t("exports.myExports")} />
      <Typography.Paragraph type="secondary">{t("exports.pageHelp")}</Typography.Paragraph>
      {list.isError ? (
        <ErrorState error={list.error} />
      ) : (
        <>
          <Table<Job>
            rowKey="id"
            dataSource={list.data?.items ?? []}
            loading={list.isLoading}
            pagination={false}
            // On a phone the cells wrap (a failed job's reason is a sentence) rather than scroll away.
            scroll={narrow ? undefined : { x: "max-content" }}
            tableLayout={narrow ? "fixed" : undefined}
            locale={{ emptyText: empty }}
            onRow={rowAttributes}
            columns={narrow ? narrowColumns : columns}
          />
          <CursorPager state={search} nextCursor={list.data?.next_cursor} onChange={setPage} />
        </>
      )}
    </>
  );
}
