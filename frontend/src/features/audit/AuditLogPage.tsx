import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { DatePicker, Flex, Input, Table, Typography } from "antd";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { CursorPager } from "../../components/CursorPager";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState } from "../../components/ProblemAlert";
import { api, unwrap } from "../../lib/api/client";
import type { ResponseOf } from "../../lib/api/types";
import { FIRST_PAGE, type PageState } from "../../lib/paging";
import { useFormat } from "../../lib/useFormat";
import { diffRows, show } from "./diff";
import type { AuditSearch } from "./search";

type Entry = ResponseOf<"/api/v1/audit-log", "get">["items"][number];
const route = getRouteApi("/_app/audit-log");

function Changes({ entry }: { entry: Entry }) {
  const { t } = useTranslation();
  const rows = diffRows(entry.changes);
  if (!rows.length) return <Typography.Text type="secondary">{t("audit.noChanges")}</Typography.Text>;
  return (
    <Table
      size="small"
      rowKey="field"
      pagination={false}
      dataSource={rows}
      columns={[
        { key: "field", title: t("audit.field"), dataIndex: "field" },
        {
          key: "from",
          title: t("audit.from"),
          render: (_, r) => <Typography.Text delete={r.from !== undefined}>{show(r.from)}</Typography.Text>,
        },
        {
          key: "to",
          title: t("audit.to"),
          render: (_, r) => <Typography.Text strong>{show(r.to)}</Typography.Text>,
        },
      ]}
    />
  );
}

export function AuditLogPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const query = {
    action: search.action,
    actor_id: search.actor_id,
    target_type: search.target_type,
    target_id: search.target_id,
    since: search.since,
    until: search.until,
    cursor: search.cursor,
    limit: 50,
  };
  const list = useQuery({
    queryKey: ["audit", query],
    queryFn: () => unwrap(api.GET("/api/v1/audit-log", { params: { query } })),
    placeholderData: keepPreviousData,
  });
  const setFilters = (patch: Partial<AuditSearch>) =>
    navigate({ search: (p) => ({ ...p, ...patch, ...FIRST_PAGE }) });
  const setPage = (page: PageState) => navigate({ search: (p) => ({ ...p, ...page }) });
  const textFilter = (key: "action" | "actor_id" | "target_type" | "target_id", label: string) => (
    <Input.Search
      aria-label={label}
      placeholder={label}
      allowClear
      defaultValue={search[key]}
      onSearch={(v) => setFilters({ [key]: v.trim() || undefined })}
      style={{ width: 200 }}
    />
  );

  return (
    <>
      <PageHeader title={t("audit.title")} />
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        {textFilter("action", t("audit.action"))}
        {textFilter("actor_id", t("audit.actorId"))}
        {textFilter("target_type", t("audit.targetType"))}
        {textFilter("target_id", t("audit.targetId"))}
        <DatePicker.RangePicker
          showTime
          aria-label={t("audit.period")}
          value={[search.since ? dayjs(search.since) : null, search.until ? dayjs(search.until) : null]}
          onChange={(range) =>
            setFilters({
              since: range?.[0]?.toISOString() ?? undefined,
              until: range?.[1]?.toISOString() ?? undefined,
            })
          }
        />
      </Flex>
      {list.isError ? (
        <ErrorState error={list.error} />
      ) : (
        <>
          <Table<Entry>
            rowKey="id"
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            pagination={false}
            scroll={{ x: "max-content" }}
            expandable={{ expandedRowRender: (entry) => <Changes entry={entry} /> }}
            columns={[
              { key: "at", title: t("audit.at"), render: (_, e) => fmt.dateTime(e.at) },
              {
                key: "actor",
                title: t("audit.actor"),
                render: (_, e) => `${e.actor_label} (${e.actor_type})`,
              },
              {
                key: "action",
                title: t("audit.action"),
                render: (_, e) => <Typography.Text code>{e.action}</Typography.Text>,
              },
              {
                key: "target",
                title: t("audit.target"),
                render: (_, e) => `${e.target_type} ${e.target_id}`,
              },
              { key: "ip", title: t("audit.ip"), dataIndex: "ip" },
              { key: "request_id", title: t("audit.requestId"), dataIndex: "request_id" },
            ]}
          />
          <CursorPager state={search} nextCursor={list.data?.next_cursor} onChange={setPage} />
        </>
      )}
    </>
  );
}
