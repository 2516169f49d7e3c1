import {
  FilterOutlined,
  PlusOutlined,
  SearchOutlined,
  SettingOutlined,
  UploadOutlined,
} from "@ant-design/icons";
import { getRouteApi, Link } from "@tanstack/react-router";
import {
  Badge,
  Button,
  Checkbox,
  DatePicker,
  Flex,
  Grid,
  Input,
  Popover,
  Select,
  Table,
  type TableProps,
  Tag,
} from "antd";
import type { ColumnType } from "antd/es/table";
import dayjs from "dayjs";
import { type HTMLAttributes, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { CursorPager } from "../../components/CursorPager";
import { CustomFieldFilters, useCustomColumns } from "../../components/CustomFieldViews";
import { ExportButton } from "../../components/ExportButton";
import { PageHeader } from "../../components/PageHeader";
import { PhoneLink } from "../../components/PhoneLink";
import { ErrorState } from "../../components/ProblemAlert";
import { useCan } from "../../lib/auth/me";
import { activeFields, fieldLabel, useCustomFields } from "../../lib/customFields";
import { FIRST_PAGE, type PageState } from "../../lib/paging";
import { sortOrder, sortParam } from "../../lib/sorting";
import { useStoreOptions } from "../../lib/stores";
import { useFormat } from "../../lib/useFormat";
import { useUrlText } from "../../lib/useUrlText";
import { type Customer, useCustomers } from "./api";
import { COLUMN_KEYS, type ColumnKey, loadHiddenColumns, saveHiddenColumns } from "./columns";
import { customExportPick, customerExportBody, EXPORT_COLUMNS } from "./exportBody";
import { STAGE_COLORS, STAGES } from "./labels";
import { type CustomerSearch, SORTS } from "./search";

const route = getRouteApi("/_app/customers");

/** Stable hooks for browser tests on each table row. */
function rowAttributes(c: Customer): HTMLAttributes<HTMLElement> & { [data: `data-${string}`]: string } {
  return { "data-testid": "customer-row", "data-id": c.id };
}

export function CustomersPage() {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const canCreate = useCan("customers:create");
  const canMerge = useCan("customers:merge");
  const canImport = useCan("customers:import");
  const stores = useStoreOptions(useCan("stores:read"));
  const list = useCustomers(search);
  const customFields = useCustomFields("customer");
  const customColumns = useCustomColumns<Customer>(customFields.data);
  const [hidden, setHidden] = useState<ColumnKey[]>(loadHiddenColumns);
  // On a phone the search box comes first and alone; the other filters open from a button, and
  // the list shows name, phone and stage (the other columns need a wider screen).
  const narrow = !(Grid.useBreakpoint().md ?? true);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const activeFilters =
    [search.stage, search.tag, search.home_store_id, search.created_from].filter(Boolean).length +
    Object.keys(search.cf ?? {}).length;

  // Search as you type (debounced); Enter searches at once. The URL stays the source of truth.
  const [q, setQ] = useUrlText(search.q, (next) =>
    navigate({ search: (prev) => ({ ...prev, q: next, ...FIRST_PAGE }) }),
  );

  const storeName = useMemo(() => new Map((stores.data ?? []).map((s) => [s.value, s.label])), [stores.data]);

  /** Any filter change goes back to the first page. */
  const setFilters = (patch: Partial<CustomerSearch>) =>
    navigate({ search: (prev) => ({ ...prev, ...patch, ...FIRST_PAGE }) });
  const setPage = (page: PageState) => navigate({ search: (prev) => ({ ...prev, ...page }) });

  const allColumns: (Omit<ColumnType<Customer>, "title"> & { key: ColumnKey; title: string })[] = [
    {
      key: "name",
      title: t("customers.fields.name"),
      dataIndex: "name",
      sorter: true,
      sortOrder: sortOrder("name", search.sort ?? "-created_at"),
      render: (_, c) => (
        <Link to="/customers/$id" params={{ id: c.id }}>
          {c.name}
        </Link>
      ),
    },
    { key: "phone", title: t("customers.fields.phone"), render: (_, c) => <PhoneLink value={c.phone} /> },
    {
      key: "email",
      title: t("customers.fields.email"),
      responsive: ["md"],
      render: (_, c) => c.email ?? "—",
    },
    {
      key: "stage",
      title: t("customers.fields.stage"),
      render: (_, c) => (
        <Tag color={STAGE_COLORS[c.lifecycle_stage]}>{t(`customers.stage.${c.lifecycle_stage}`)}</Tag>
      ),
    },
    {
      key: "tags",
      title: t("customers.fields.tags"),
      responsive: ["md"],
      render: (_, c) => c.tags.map((tag) => <Tag key={tag}>{tag}</Tag>),
    },
    {
      key: "home_store",
      title: t("customers.fields.homeStore"),
      responsive: ["md"],
      render: (_, c) => (c.home_store_id ? (storeName.get(c.home_store_id) ?? "—") : "—"),
    },
    {
      key: "created_at",
      title: t("common.createdAt"),
      responsive: ["md"],
      sorter: true,
      sortOrder: sortOrder("created_at", search.sort ?? "-created_at"),
      render: (_, c) => fmt.dateTime(c.created_at),
    },
    {
      key: "updated_at",
      title: t("common.updatedAt"),
      responsive: ["md"],
      sorter: true,
      sortOrder: sortOrder("updated_at", search.sort ?? "-created_at"),
      render: (_, c) => fmt.dateTime(c.updated_at),
    },
  ];
  const columns: ColumnType<Customer>[] = [
    ...allColumns.filter((c) => !hidden.includes(c.key)),
    ...customColumns,
  ];

  const onTableChange: TableProps<Customer>["onChange"] = (_p, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    setFilters({
      sort: sortParam(SORTS, typeof s?.columnKey === "string" ? s.columnKey : undefined, s?.order),
    });
  };

  const columnSettings = (
    <Checkbox.Group
      value={COLUMN_KEYS.filter((k) => !hidden.includes(k))}
      onChange={(visible) => {
        const next = COLUMN_KEYS.filter((k) => !visible.includes(k));
        setHidden(next);
        saveHiddenColumns(next);
      }}
    >
      <Flex vertical gap={4}>
        {allColumns.map((c) => (
          <Checkbox key={c.key} value={c.key} disabled={c.key === "name"}>
            {c.title}
          </Checkbox>
        ))}
      </Flex>
    </Checkbox.Group>
  );

  const searchBox = (
    <>
      <Input
        data-testid="customer-search"
        aria-label={t("customers.searchPlaceholder")}
        placeholder={t("customers.searchPlaceholder")}
        prefix={<SearchOutlined />}
        allowClear
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onPressEnter={() => setFilters({ q: q.trim() || undefined })}
        style={narrow ? { flex: 1, minWidth: 0 } : { width: 360 }}
        size={narrow ? "large" : undefined}
        inputMode="search"
      />
      {narrow ? (
        <Badge count={activeFilters} size="small">
          <Button
            size="large"
            icon={<FilterOutlined />}
            aria-label={t("customers.filters")}
            aria-expanded={filtersOpen}
            onClick={() => setFiltersOpen((open) => !open)}
            data-testid="customer-filters-toggle"
          />
        </Badge>
      ) : null}
    </>
  );
  const filters = (
    <>
      <Select
        aria-label={t("customers.fields.stage")}
        placeholder={t("customers.fields.stage")}
        allowClear
        value={search.stage}
        onChange={(stage) => setFilters({ stage })}
        options={STAGES.map((s) => ({ value: s, label: t(`customers.stage.${s}`) }))}
        style={{ width: 140 }}
        data-testid="customer-filter-stage"
      />
      <Input
        aria-label={t("customers.fields.tag")}
        placeholder={t("customers.fields.tag")}
        allowClear
        defaultValue={search.tag}
        onPressEnter={(e) => setFilters({ tag: e.currentTarget.value.trim() || undefined })}
        onChange={(e) => {
          if (!e.target.value) setFilters({ tag: undefined });
        }}
        style={{ width: 140 }}
      />
      <Select
        aria-label={t("customers.fields.homeStore")}
        placeholder={t("customers.fields.homeStore")}
        allowClear
        showSearch={{ optionFilterProp: "label" }}
        value={search.home_store_id}
        onChange={(home_store_id) => setFilters({ home_store_id })}
        options={stores.data ?? []}
        style={{ width: 200 }}
      />
      <DatePicker.RangePicker
        aria-label={t("customers.createdRange")}
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
      <CustomFieldFilters
        fields={customFields.data}
        value={search.cf}
        onChange={(cf) => setFilters({ cf })}
      />
      <Popover content={columnSettings} trigger="click" title={t("customers.columns")}>
        <Button
          icon={<SettingOutlined />}
          aria-label={t("customers.columns")}
          data-testid="customer-columns"
        />
      </Popover>
    </>
  );

  return (
    <>
      <PageHeader
        title={t("customers.title")}
        extra={
          <>
            {canImport ? (
              <Link to="/customers/import" search={{}}>
                <Button icon={<UploadOutlined />} data-testid="customer-import">
                  {t("customers.import")}
                </Button>
              </Link>
            ) : null}
            <ExportButton
              permission="customers:export"
              columns={[
                ...EXPORT_COLUMNS.map((c) => ({ value: c, label: t(`exports.customerColumns.${c}`) })),
                ...activeFields(customFields.data).map((f) => ({
                  value: customExportPick(f.key),
                  label: fieldLabel(f, i18n.language),
                })),
              ]}
              build={(choice) => customerExportBody(search, choice)}
            />
            {canMerge ? (
              <Link to="/customers/duplicates">
                <Button data-testid="customer-duplicates">{t("customers.duplicates.title")}</Button>
              </Link>
            ) : null}
            {canCreate ? (
              <Link to="/customers/new">
                <Button type="primary" icon={<PlusOutlined />} data-testid="customer-new">
                  {t("customers.new")}
                </Button>
              </Link>
            ) : null}
          </>
        }
      />
      {narrow ? (
        <>
          <Flex gap={8} style={{ marginBottom: 8 }}>
            {searchBox}
          </Flex>
          {filtersOpen ? (
            <Flex wrap gap={8} style={{ marginBottom: 16 }} data-testid="customer-filters">
              {filters}
            </Flex>
          ) : null}
        </>
      ) : (
        <Flex wrap gap={8} style={{ marginBottom: 16 }}>
          {searchBox}
          {filters}
        </Flex>
      )}
      {list.isError ? (
        <ErrorState error={list.error} />
      ) : (
        <>
          <Table<Customer>
            rowKey="id"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            pagination={false}
            onChange={onTableChange}
            onRow={rowAttributes}
            scroll={{ x: "max-content" }}
            data-testid="customer-table"
          />
          <CursorPager state={search} nextCursor={list.data?.next_cursor} onChange={setPage} />
        </>
      )}
    </>
  );
}
