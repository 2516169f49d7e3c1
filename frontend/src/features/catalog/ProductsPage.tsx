import { ApartmentOutlined, PlusOutlined, SearchOutlined, UploadOutlined } from "@ant-design/icons";
import { getRouteApi, Link } from "@tanstack/react-router";
import { Button, Descriptions, Flex, Input, Select, Table, type TableProps, Tag } from "antd";
import { type HTMLAttributes, useState } from "react";
import { useTranslation } from "react-i18next";
import { CursorPager } from "../../components/CursorPager";
import { CustomFieldFilters, useCustomColumns, useCustomItems } from "../../components/CustomFieldViews";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState, ProblemAlert } from "../../components/ProblemAlert";
import { useCan } from "../../lib/auth/me";
import { type CustomField, useCustomFields } from "../../lib/customFields";
import { FIRST_PAGE, type PageState } from "../../lib/paging";
import { useFormat } from "../../lib/useFormat";
import { useUrlText } from "../../lib/useUrlText";
import { categoryOptions, type Product, useArchiveProduct, useCategories, useProducts } from "./api";
import { CategoriesDrawer } from "./CategoriesDrawer";
import { ProductFormModal } from "./ProductFormModal";
import { PRODUCT_STATUSES, type ProductSearch, SORTS, type Sort } from "./search";

const route = getRouteApi("/_app/products");

function rowAttributes(p: Product): HTMLAttributes<HTMLElement> & { [data: `data-${string}`]: string } {
  return { "data-testid": "product-row", "data-id": p.id };
}

/** A product's custom values, shown when its row is expanded. */
function CustomDetails({ fields, product }: { fields: CustomField[] | undefined; product: Product }) {
  const items = useCustomItems(fields, product.custom);
  return <Descriptions size="small" column={{ xs: 1, md: 3 }} items={items} data-testid="product-custom" />;
}

function order(field: string, sort: Sort | undefined): "ascend" | "descend" | null {
  const current = sort ?? "-created_at";
  if (current === field) return "ascend";
  if (current === `-${field}`) return "descend";
  return null;
}

export function ProductsPage() {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const canManage = useCan("products:manage");
  const list = useProducts(search);
  const categories = useCategories();
  const archive = useArchiveProduct();
  const customFields = useCustomFields("product");
  const customColumns = useCustomColumns<Product>(customFields.data);
  const hasCustom =
    Object.keys(list.data?.items.find((p) => Object.keys(p.custom).length)?.custom ?? {}).length > 0;
  const [editing, setEditing] = useState<{ id?: string } | null>(null);
  const [tree, setTree] = useState(false);
  const options = categoryOptions(categories.data?.items ?? [], i18n.language);
  const categoryName = new Map(options.map((o) => [o.value, o.label]));

  const [q, setQ] = useUrlText(search.q, (next) =>
    navigate({ search: (prev) => ({ ...prev, q: next, ...FIRST_PAGE }) }),
  );

  const setFilters = (patch: Partial<ProductSearch>) =>
    navigate({ search: (prev) => ({ ...prev, ...patch, ...FIRST_PAGE }) });
  const setPage = (page: PageState) => navigate({ search: (prev) => ({ ...prev, ...page }) });

  const onTableChange: TableProps<Product>["onChange"] = (_p, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const key = String(s?.columnKey ?? "");
    const wanted = s?.order === "descend" ? `-${key}` : s?.order === "ascend" ? key : undefined;
    setFilters({ sort: SORTS.find((x) => x === wanted) });
  };

  return (
    <>
      <PageHeader
        title={t("catalog.title")}
        extra={
          <>
            <Button icon={<ApartmentOutlined />} onClick={() => setTree(true)} data-testid="categories-open">
              {t("catalog.categories.title")}
            </Button>
            {canManage ? (
              <Link to="/products/import" search={{}}>
                <Button icon={<UploadOutlined />} data-testid="product-import">
                  {t("catalog.import")}
                </Button>
              </Link>
            ) : null}
            {canManage ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setEditing({})}
                data-testid="product-new"
              >
                {t("catalog.new")}
              </Button>
            ) : null}
          </>
        }
      />
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <Input
          data-testid="product-search"
          aria-label={t("catalog.searchPlaceholder")}
          placeholder={t("catalog.searchPlaceholder")}
          prefix={<SearchOutlined />}
          allowClear
          value={q}
          onChange={(e) => setQ(e.target.value)}
          style={{ width: 320 }}
        />
        <Select
          aria-label={t("catalog.fields.category")}
          placeholder={t("catalog.fields.category")}
          allowClear
          showSearch={{ optionFilterProp: "label" }}
          value={search.category_id}
          onChange={(category_id) => setFilters({ category_id })}
          options={options}
          style={{ width: 220 }}
        />
        <Select
          aria-label={t("catalog.fields.status")}
          placeholder={t("catalog.fields.status")}
          allowClear
          value={search.status}
          onChange={(status) => setFilters({ status })}
          options={PRODUCT_STATUSES.map((s) => ({ value: s, label: t(`catalog.status.${s}`) }))}
          style={{ width: 140 }}
        />
        <CustomFieldFilters
          fields={customFields.data}
          value={search.cf}
          onChange={(cf) => setFilters({ cf })}
        />
      </Flex>
      <ProblemAlert error={archive.error} />
      {list.isError ? (
        <ErrorState error={list.error} />
      ) : (
        <>
          <Table<Product>
            rowKey="id"
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            pagination={false}
            onRow={rowAttributes}
            onChange={onTableChange}
            scroll={{ x: "max-content" }}
            expandable={
              hasCustom
                ? {
                    expandedRowRender: (p) => <CustomDetails fields={customFields.data} product={p} />,
                    rowExpandable: (p) => Object.keys(p.custom).length > 0,
                  }
                : undefined
            }
            columns={[
              {
                key: "sku",
                title: t("catalog.fields.sku"),
                dataIndex: "sku",
                sorter: true,
                sortOrder: order("sku", search.sort),
              },
              {
                key: "name_zh",
                title: t("catalog.fields.name"),
                sorter: true,
                sortOrder: order("name_zh", search.sort),
                render: (_, p) => (i18n.language === "en" && p.name_en ? p.name_en : p.name_zh),
              },
              { key: "barcode", title: t("catalog.fields.barcode"), render: (_, p) => p.barcode ?? "—" },
              {
                key: "category",
                title: t("catalog.fields.category"),
                render: (_, p) => (p.category_id ? (categoryName.get(p.category_id) ?? "—") : "—"),
              },
              {
                key: "unit",
                title: t("catalog.fields.unit"),
                render: (_, p) => (i18n.language === "en" ? p.unit_en : p.unit),
              },
              {
                key: "price",
                title: t("catalog.fields.listPrice"),
                align: "right",
                render: (_, p) => fmt.money(p.list_price, p.currency),
              },
              {
                key: "status",
                title: t("catalog.fields.status"),
                render: (_, p) => (
                  <Tag color={p.status === "active" ? "green" : "default"}>
                    {t(`catalog.status.${p.status}`)}
                  </Tag>
                ),
              },
              {
                key: "created_at",
                title: t("common.createdAt"),
                sorter: true,
                sortOrder: order("created_at", search.sort),
                render: (_, p) => fmt.date(p.created_at),
              },
              ...customColumns,
              ...(canManage
                ? [
                    {
                      key: "actions",
                      title: t("common.actions"),
                      render: (_: unknown, p: Product) => (
                        <Flex gap={4}>
                          <Button
                            size="small"
                            onClick={() => setEditing({ id: p.id })}
                            data-testid="product-edit"
                          >
                            {t("common.edit")}
                          </Button>
                          <Button
                            size="small"
                            onClick={() =>
                              archive.mutate({ id: p.id, version: p.version, archive: p.status === "active" })
                            }
                            data-testid={p.status === "active" ? "product-archive" : "product-restore"}
                          >
                            {p.status === "active" ? t("catalog.archive") : t("catalog.restore")}
                          </Button>
                        </Flex>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          <CursorPager state={search} nextCursor={list.data?.next_cursor} onChange={setPage} />
        </>
      )}
      <ProductFormModal id={editing?.id} open={editing !== null} onClose={() => setEditing(null)} />
      <CategoriesDrawer open={tree} onClose={() => setTree(false)} canEdit={canManage} />
    </>
  );
}
