import { PlusOutlined, SearchOutlined } from "@ant-design/icons";
import { getRouteApi, Link } from "@tanstack/react-router";
import { Button, Flex, Input, Select, Table, Tabs, Tag, Typography } from "antd";
import { type HTMLAttributes, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { CursorPager } from "../../components/CursorPager";
import { CustomerRef } from "../../components/CustomerRef";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState } from "../../components/ProblemAlert";
import { useCan } from "../../lib/auth/me";
import { formatDateTime } from "../../lib/format";
import { FIRST_PAGE, type PageState } from "../../lib/paging";
import { useStoreOptions } from "../../lib/stores";
import { useUrlText } from "../../lib/useUrlText";
import { type TicketSummary, useTickets } from "./api";
import { PRIORITY_COLORS, SLA_COLORS, STATUS_COLORS, slaRowStyle } from "./labels";
import { PRIORITIES, SLA_STATES, STATUSES, type TicketSearch, VIEWS } from "./search";
import { TicketCreateModal } from "./TicketCreateModal";

const route = getRouteApi("/_app/tickets");

function rowAttributes(x: TicketSummary): HTMLAttributes<HTMLElement> & { [data: `data-${string}`]: string } {
  return {
    "data-testid": "ticket-row",
    "data-id": x.id,
    "data-status": x.status,
    "data-sla": x.sla_state,
    style: slaRowStyle(x.sla_state),
  };
}

/** The ticket queue: mine / unassigned / all, soonest SLA due first, breaches highlighted. */
export function TicketsPage() {
  const { t, i18n } = useTranslation();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const canCreate = useCan("tickets:create");
  const stores = useStoreOptions();
  const list = useTickets(search);
  const [creating, setCreating] = useState(false);
  const storeName = useMemo(() => new Map((stores.data ?? []).map((s) => [s.value, s.label])), [stores.data]);

  const [q, setQ] = useUrlText(search.q, (next) =>
    navigate({ search: (prev) => ({ ...prev, q: next, ...FIRST_PAGE }) }),
  );

  const setFilters = (patch: Partial<TicketSearch>) =>
    navigate({ search: (prev) => ({ ...prev, ...patch, ...FIRST_PAGE }) });
  const setPage = (page: PageState) => navigate({ search: (prev) => ({ ...prev, ...page }) });

  return (
    <>
      <PageHeader
        title={t("tickets.title")}
        extra={
          canCreate ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="ticket-new"
            >
              {t("tickets.new")}
            </Button>
          ) : null
        }
      />
      <Tabs
        activeKey={search.view}
        onChange={(key) => setFilters({ view: VIEWS.find((v) => v === key) ?? "mine" })}
        items={VIEWS.map((v) => ({ key: v, label: t(`tickets.view.${v}`) }))}
        data-testid="ticket-views"
      />
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <Input
          aria-label={t("tickets.searchPlaceholder")}
          placeholder={t("tickets.searchPlaceholder")}
          prefix={<SearchOutlined />}
          allowClear
          value={q}
          onChange={(e) => setQ(e.target.value)}
          style={{ width: 240 }}
          data-testid="ticket-search"
        />
        <Select
          aria-label={t("tickets.fields.status")}
          placeholder={t("tickets.fields.status")}
          allowClear
          value={search.status}
          onChange={(status) => setFilters({ status })}
          options={STATUSES.map((s) => ({ value: s, label: t(`tickets.status.${s}`) }))}
          style={{ width: 140 }}
        />
        <Select
          aria-label={t("tickets.fields.priority")}
          placeholder={t("tickets.fields.priority")}
          allowClear
          value={search.priority}
          onChange={(priority) => setFilters({ priority })}
          options={PRIORITIES.map((p) => ({ value: p, label: t(`tickets.priority.${p}`) }))}
          style={{ width: 140 }}
        />
        <Select
          aria-label={t("tickets.fields.sla")}
          placeholder={t("tickets.fields.sla")}
          allowClear
          value={search.sla_state}
          onChange={(sla_state) => setFilters({ sla_state })}
          options={SLA_STATES.map((s) => ({ value: s, label: t(`tickets.sla.${s}`) }))}
          style={{ width: 140 }}
          data-testid="ticket-sla-filter"
        />
        <Select
          aria-label={t("tickets.fields.store")}
          placeholder={t("tickets.fields.store")}
          allowClear
          showSearch={{ optionFilterProp: "label" }}
          value={search.store_id}
          onChange={(store_id) => setFilters({ store_id })}
          options={stores.data ?? []}
          style={{ width: 200 }}
        />
      </Flex>
      {list.isError ? (
        <ErrorState error={list.error} />
      ) : (
        <>
          <Table<TicketSummary>
            rowKey="id"
            dataSource={list.data?.items ?? []}
            loading={list.isLoading}
            pagination={false}
            onRow={rowAttributes}
            scroll={{ x: "max-content" }}
            columns={[
              {
                key: "number",
                title: t("tickets.fields.number"),
                render: (_, x) => (
                  <Link to="/tickets/$id" params={{ id: x.id }}>
                    {x.number}
                  </Link>
                ),
              },
              { key: "subject", title: t("tickets.fields.subject"), dataIndex: "subject" },
              {
                key: "customer",
                title: t("tickets.fields.customer"),
                render: (_, x) => (
                  <CustomerRef id={x.customer_id} name={x.customer_name} masked={x.customer_masked} />
                ),
              },
              {
                key: "status",
                title: t("tickets.fields.status"),
                render: (_, x) => (
                  <Tag color={STATUS_COLORS[x.status]} data-testid="ticket-status">
                    {t(`tickets.status.${x.status}`)}
                  </Tag>
                ),
              },
              {
                key: "priority",
                title: t("tickets.fields.priority"),
                render: (_, x) => (
                  <Tag color={PRIORITY_COLORS[x.priority]}>{t(`tickets.priority.${x.priority}`)}</Tag>
                ),
              },
              {
                key: "sla",
                title: t("tickets.fields.sla"),
                render: (_, x) => (
                  <Flex vertical>
                    <Tag
                      color={SLA_COLORS[x.sla_state]}
                      data-testid="ticket-sla"
                      style={{ width: "fit-content" }}
                    >
                      {t(`tickets.sla.${x.sla_state}`)}
                    </Tag>
                    {x.next_due_at ? (
                      <Typography.Text type="secondary">
                        {formatDateTime(x.next_due_at, i18n.language)}
                      </Typography.Text>
                    ) : null}
                  </Flex>
                ),
              },
              {
                key: "assignee",
                title: t("tickets.fields.assignee"),
                render: (_, x) => x.assignee_name ?? t("tickets.unassigned"),
              },
              {
                key: "store",
                title: t("tickets.fields.store"),
                render: (_, x) => (x.store_id ? (storeName.get(x.store_id) ?? "—") : "—"),
              },
              {
                key: "csat",
                title: t("tickets.fields.csat"),
                render: (_, x) => (x.csat_score ? `${x.csat_score} / 5` : "—"),
              },
              {
                key: "created_at",
                title: t("common.createdAt"),
                render: (_, x) => formatDateTime(x.created_at, i18n.language),
              },
            ]}
          />
          <CursorPager state={search} nextCursor={list.data?.next_cursor} onChange={setPage} />
        </>
      )}
      <TicketCreateModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
