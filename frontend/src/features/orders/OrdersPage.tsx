import { PlusOutlined, SearchOutlined } from "@ant-design/icons";
import { getRouteApi, Link } from "@tanstack/react-router";
import { Button, DatePicker, Flex, Input, Select, Table, type TableProps, Tabs, Tag } from "antd";
import dayjs from "dayjs";
import { type HTMLAttributes, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { CursorPager } from "../../components/CursorPager";
import { CustomerRef } from "../../components/CustomerRef";
import { ExportButton } from "../../components/ExportButton";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState } from "../../components/ProblemAlert";
import { useCan } from "../../lib/auth/me";
import { FIRST_PAGE, type PageState } from "../../lib/paging";
import { sortOrder, sortParam } from "../../lib/sorting";
import { useStoreOptions } from "../../lib/stores";
import { useFormat } from "../../lib/useFormat";
import { useUrlText } from "../../lib/useUrlText";
import { type OrderSummary, useOrders } from "./api";
import { EXPORT_COLUMNS, orderExportBody } from "./exportBody";
import { PAYMENT_STATE_COLORS, STATUS_COLORS } from "./labels";
import { CHANNELS, DEFAULT_SORT, type OrderSearch, SORTS, STATUSES, type Status } from "./search";

const route = getRouteApi("/_app/orders");

function rowAttributes(o: OrderSummary): HTMLAttributes<HTMLElement> & { [data: `data-${string}`]: string } {
  return { "data-testid": "order-row", "data-id": o.id, "data-status": o.status };
}

export function OrdersPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const canCreate = useCan("orders:create");
  const stores = useStoreOptions();
  const list = useOrders(search);
  const storeName = useMemo(() => new Map((stores.data ?? []).map((s) => [s.value, s.label])), [stores.data]);

  const [q, setQ] = useUrlText(search.q, (next) =>
    navigate({ search: (prev) => ({ ...prev, q: next, ...FIRST_PAGE }) }),
  );
  const [phone, setPhone] = useUrlText(search.phone, (next) =>
    navigate({ search: (prev) => ({ ...prev, phone: next, ...FIRST_PAGE }) }),
  );

  const setFilters = (patch: Partial<OrderSearch>) =>
    navigate({ search: (prev) => ({ ...prev, ...patch, ...FIRST_PAGE }) });
  const setPage = (page: PageState) => navigate({ search: (prev) => ({ ...prev, ...page }) });
  const sort = search.sort ?? DEFAULT_SORT;
  const onTableChange: TableProps<OrderSummary>["onChange"] = (_p, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    setFilters({
      sort: sortParam(SORTS, typeof s?.columnKey === "string" ? s.columnKey : undefined, s?.order),
    });
  };

  return (
    <>
      <PageHeader
        title={t("orders.title")}
        extra={
          <>
            <ExportButton
              permission="orders:export"
              columns={EXPORT_COLUMNS.map((c) => ({ value: c, label: t(`exports.orderColumns.${c}`) }))}
              build={(choice) => orderExportBody(search, choice)}
            />
            {canCreate ? (
              <Link to="/orders/new">
                <Button type="primary" icon={<PlusOutlined />} data-testid="order-new">
                  {t("orders.new")}
                </Button>
              </Link>
            ) : null}
          </>
        }
      />
      <Tabs
        activeKey={search.status ?? "all"}
        onChange={(key) => setFilters({ status: STATUSES.find((s) => s === key) })}
        items={[
          { key: "all", label: t("orders.allStatuses") },
          ...STATUSES.map((s) => ({ key: s, label: t(`orders.status.${s}`) })),
        ]}
        data-testid="order-status-tabs"
      />
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <Input
          aria-label={t("orders.searchPlaceholder")}
          placeholder={t("orders.searchPlaceholder")}
          prefix={<SearchOutlined />}
          allowClear
          value={q}
          onChange={(e) => setQ(e.target.value)}
          style={{ width: 240 }}
          data-testid="order-search"
        />
        <Input
          aria-label={t("orders.phoneSearch")}
          placeholder={t("orders.phoneSearch")}
          inputMode="tel"
          allowClear
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          style={{ width: 220 }}
          data-testid="order-phone-search"
        />
        <Select
          aria-label={t("orders.fields.store")}
          placeholder={t("orders.fields.store")}
          allowClear
          showSearch={{ optionFilterProp: "label" }}
          value={search.store_id}
          onChange={(store_id) => setFilters({ store_id })}
          options={stores.data ?? []}
          style={{ width: 200 }}
        />
        <Select
          aria-label={t("orders.fields.channel")}
          placeholder={t("orders.fields.channel")}
          allowClear
          value={search.channel}
          onChange={(channel) => setFilters({ channel })}
          options={CHANNELS.map((c) => ({ value: c, label: t(`orders.channel.${c}`) }))}
          style={{ width: 140 }}
        />
        <DatePicker.RangePicker
          aria-label={t("orders.createdRange")}
          value={[
            search.created_from ? dayjs(search.created_from) : null,
            search.created_to ? dayjs(search.created_to) : null,
          ]}
          onChange={(range) =>
            setFilters({
              created_from: range?.[0]?.format("YYYY-MM-DD"),
              created_to: range?.[1]?.format("YYYY-MM-DD"),
            })
          }
        />
      </Flex>
      {list.isError ? (
        <ErrorState error={list.error} />
      ) : (
        <>
          <Table<OrderSummary>
            rowKey="id"
            dataSource={list.data?.items ?? []}
            loading={list.isLoading}
            pagination={false}
            onRow={rowAttributes}
            onChange={onTableChange}
            scroll={{ x: "max-content" }}
            columns={[
              {
                key: "number",
                title: t("orders.fields.number"),
                render: (_, o) => (
                  <Link to="/orders/$id" params={{ id: o.id }}>
                    {o.number}
                  </Link>
                ),
              },
              {
                key: "status",
                title: t("orders.fields.status"),
                render: (_, o) => (
                  <Tag color={STATUS_COLORS[o.status satisfies Status]} data-testid="order-status">
                    {t(`orders.status.${o.status}`)}
                  </Tag>
                ),
              },
              {
                key: "customer",
                title: t("orders.fields.customer"),
                render: (_, o) => (
                  <CustomerRef id={o.customer_id} name={o.customer_name} masked={o.customer_masked} />
                ),
              },
              {
                key: "payment_state",
                title: t("orders.fields.paymentState"),
                render: (_, o) => (
                  <Tag color={PAYMENT_STATE_COLORS[o.payment_state]} data-testid="order-payment-state">
                    {t(`orders.paymentState.${o.payment_state}`)}
                  </Tag>
                ),
              },
              {
                key: "store",
                title: t("orders.fields.store"),
                render: (_, o) => storeName.get(o.store_id) ?? "—",
              },
              {
                key: "channel",
                title: t("orders.fields.channel"),
                render: (_, o) => t(`orders.channel.${o.channel}`),
              },
              {
                key: "total",
                title: t("orders.fields.total"),
                align: "right",
                sorter: true,
                sortOrder: sortOrder("total", sort),
                render: (_, o) => fmt.money(o.total, o.currency),
              },
              {
                key: "created_at",
                title: t("common.createdAt"),
                sorter: true,
                sortOrder: sortOrder("created_at", sort),
                render: (_, o) => fmt.dateTime(o.created_at),
              },
              {
                key: "updated_at",
                title: t("common.updatedAt"),
                sorter: true,
                sortOrder: sortOrder("updated_at", sort),
                render: (_, o) => fmt.dateTime(o.updated_at),
              },
            ]}
          />
          <CursorPager state={search} nextCursor={list.data?.next_cursor} onChange={setPage} />
        </>
      )}
    </>
  );
}
