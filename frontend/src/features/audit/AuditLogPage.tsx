import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { DatePicker, Flex, Select, Table, Tag, Tooltip, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import timezone from "dayjs/plugin/timezone";
import utc from "dayjs/plugin/utc";
import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CursorPager } from "../../components/CursorPager";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState } from "../../components/ProblemAlert";
import { api, unwrap } from "../../lib/api/client";
import type { ResponseOf } from "../../lib/api/types";
import { useCan } from "../../lib/auth/me";
import { FIRST_PAGE, type PageState } from "../../lib/paging";
import { useFormat } from "../../lib/useFormat";
import { useUserSearch } from "../../lib/users";
import { diffRows, show } from "./diff";
import {
  actionLabel,
  actionOptions,
  actorTypeLabel,
  fieldLabel,
  targetTypeLabel,
  targetTypeOptions,
  valueLabel,
} from "./labels";
import type { AuditSearch } from "./search";

type Entry = ResponseOf<"/api/v1/audit-log", "get">["items"][number];
const route = getRouteApi("/_app/audit-log");
dayjs.extend(utc);
dayjs.extend(timezone);

function Changes({ entry }: { entry: Entry }) {
  const { t } = useTranslation();
  const rows = diffRows(entry.changes);
  const value = (field: string, v: unknown) =>
    typeof v === "string" ? valueLabel(t, entry.target_type, field, v) : show(v);
  if (!rows.length) return <Typography.Text type="secondary">{t("audit.noChanges")}</Typography.Text>;
  return (
    <Table
      size="small"
      rowKey="field"
      pagination={false}
      dataSource={rows}
      columns={[
        { key: "field", title: t("audit.field"), render: (_, r) => fieldLabel(t, r.field) },
        {
          key: "from",
          title: t("audit.from"),
          render: (_, r) => (
            <Typography.Text delete={r.from !== undefined}>{value(r.field, r.from)}</Typography.Text>
          ),
        },
        {
          key: "to",
          title: t("audit.to"),
          render: (_, r) => <Typography.Text strong>{value(r.field, r.to)}</Typography.Text>,
        },
      ]}
    />
  );
}

/** The picked calendar day's start in the tenant's time zone (the days people mean are the shop's). */
function startOfDay(day: Dayjs | null | undefined, zone: string | undefined): string | undefined {
  if (!day) return undefined;
  const date = day.format("YYYY-MM-DD");
  return (zone ? dayjs.tz(date, zone) : dayjs(date)).toISOString();
}

/** The calendar day (in the tenant's zone) an instant of the URL falls on, shifted by `offset` days. */
function dayOf(instant: string | undefined, zone: string | undefined, offset = 0): Dayjs | null {
  if (!instant) return null;
  const local = zone ? dayjs(instant).tz(zone) : dayjs(instant);
  return dayjs(local.add(offset, "day").format("YYYY-MM-DD"));
}

/** "Order SO-00012", "Customer 王芳", or "Order · not visible to you" for a record out of reach. */
function targetText(t: TFunction, e: Entry, language: string): string {
  const type = targetTypeLabel(t, e.target_type);
  if (e.target_masked) return `${type} · ${t("audit.masked")}`;
  const label = (language === "en" && e.target_label_en) || e.target_label;
  return label ? `${type} ${label}` : type;
}

/** The user's (or key's) name, the e-mail on hover; anonymous and system actors by their kind. */
function ActorCell({ entry: e }: { entry: Entry }) {
  const { t } = useTranslation();
  const name = e.actor_name ?? (e.actor_label || actorTypeLabel(t, e.actor_type));
  const kind = e.actor_type === "user" ? null : actorTypeLabel(t, e.actor_type);
  const hover = e.actor_email ?? (e.actor_label && e.actor_label !== name ? e.actor_label : undefined);
  return (
    <Tooltip title={hover}>
      <span data-testid="audit-actor">
        {name}
        {kind && kind !== name ? <Typography.Text type="secondary"> · {kind}</Typography.Text> : null}
      </span>
    </Tooltip>
  );
}

/** Staff picker for the actor filter (needs users:read; without it the filter is not offered). */
function ActorPicker({
  value,
  knownName,
  onChange,
}: {
  value: string | undefined;
  knownName: string | undefined;
  onChange: (id: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const canList = useCan("users:read");
  const [typed, setTyped] = useState("");
  const users = useUserSearch(typed, canList);
  if (!canList) return null;
  const options = (users.data?.items ?? []).map((u) => ({ value: u.id, label: u.name, title: u.email }));
  if (value && !options.some((o) => o.value === value))
    options.unshift({ value, label: knownName ?? t("audit.actor"), title: "" });
  return (
    <Select
      aria-label={t("audit.actor")}
      data-testid="audit-actor-filter"
      placeholder={t("audit.anyActor")}
      allowClear
      showSearch={{ filterOption: false, onSearch: setTyped }}
      value={value}
      options={options}
      optionRender={(o) => (
        <span>
          {o.data.label} <Typography.Text type="secondary">{o.data.title}</Typography.Text>
        </span>
      )}
      onChange={(v?: string) => onChange(v || undefined)}
      style={{ width: 200 }}
    />
  );
}

export function AuditLogPage() {
  const { t, i18n } = useTranslation();
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
  const entries = list.data?.items ?? [];
  const targetFilterLabel = entries.find((e) => e.target_id === search.target_id);

  return (
    <>
      <PageHeader title={t("audit.title")} />
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <Select
          aria-label={t("audit.action")}
          data-testid="audit-action"
          placeholder={t("audit.allActions")}
          allowClear
          showSearch={{ optionFilterProp: "label" }}
          value={search.action}
          options={actionOptions(t)}
          onChange={(v?: string) => setFilters({ action: v || undefined })}
          style={{ width: 240 }}
        />
        <ActorPicker
          value={search.actor_id}
          knownName={entries.find((e) => e.actor_id === search.actor_id)?.actor_name ?? undefined}
          onChange={(v) => setFilters({ actor_id: v })}
        />
        <Select
          aria-label={t("audit.targetType")}
          data-testid="audit-target-type"
          placeholder={t("audit.allTypes")}
          allowClear
          showSearch={{ optionFilterProp: "label" }}
          value={search.target_type}
          options={targetTypeOptions(t)}
          onChange={(v?: string) => setFilters({ target_type: v || undefined, target_id: undefined })}
          style={{ width: 180 }}
        />
        <DatePicker.RangePicker
          aria-label={t("audit.period")}
          value={[dayOf(search.since, fmt.timeZone), dayOf(search.until, fmt.timeZone, -1)]}
          onChange={(range) =>
            setFilters({
              since: startOfDay(range?.[0], fmt.timeZone),
              until: startOfDay(range?.[1]?.add(1, "day"), fmt.timeZone),
            })
          }
        />
        {search.target_id ? (
          <Tag
            closable
            onClose={() => setFilters({ target_id: undefined })}
            data-testid="audit-record-filter"
          >
            {t("audit.recordFilter")}
            {targetFilterLabel ? `: ${targetText(t, targetFilterLabel, i18n.language)}` : ""}
          </Tag>
        ) : null}
      </Flex>
      {list.isError ? (
        <ErrorState error={list.error} />
      ) : (
        <>
          <Table<Entry>
            rowKey="id"
            loading={list.isFetching}
            dataSource={entries}
            pagination={false}
            scroll={{ x: "max-content" }}
            expandable={{ expandedRowRender: (entry) => <Changes entry={entry} /> }}
            columns={[
              { key: "at", title: t("audit.at"), render: (_, e) => fmt.dateTime(e.at) },
              {
                key: "actor",
                title: t("audit.actor"),
                render: (_, e) => <ActorCell entry={e} />,
              },
              {
                key: "action",
                title: t("audit.action"),
                render: (_, e) => <span data-testid="audit-action-label">{actionLabel(t, e.action)}</span>,
              },
              {
                key: "target",
                title: t("audit.target"),
                render: (_, e) => (
                  <span data-testid="audit-target">
                    {e.target_type ? targetText(t, e, i18n.language) : "—"}
                  </span>
                ),
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
