import { PlusOutlined, SearchOutlined } from "@ant-design/icons";
import { getRouteApi, Link } from "@tanstack/react-router";
import { Button, Flex, Input, Select, Space, Table, Tag } from "antd";
import type { HTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import { articleTitle } from "../../components/articleLink";
import { CursorPager } from "../../components/CursorPager";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState } from "../../components/ProblemAlert";
import { useCan } from "../../lib/auth/me";
import { FIRST_PAGE, type PageState } from "../../lib/paging";
import { useFormat } from "../../lib/useFormat";
import { useUrlText } from "../../lib/useUrlText";
import { type ArticleSummary, useArticles } from "./api";
import { STATUS_COLORS } from "./labels";
import { ARTICLE_STATUSES, type KbSearch } from "./search";

const route = getRouteApi("/_app/kb");

function rowAttributes(
  a: ArticleSummary,
): HTMLAttributes<HTMLElement> & { [data: `data-${string}`]: string } {
  return { "data-testid": "kb-row", "data-id": a.id };
}

export function KbArticlesPage() {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const canManage = useCan("kb:manage");
  const list = useArticles(search);
  const setFilters = (patch: Partial<KbSearch>) =>
    navigate({ search: (prev) => ({ ...prev, ...patch, ...FIRST_PAGE }) });
  const setPage = (page: PageState) => navigate({ search: (prev) => ({ ...prev, ...page }) });
  const [q, setQ] = useUrlText(search.q, (next) => void setFilters({ q: next }));
  const [category, setCategory] = useUrlText(search.category, (next) => void setFilters({ category: next }));
  const [tag, setTag] = useUrlText(search.tag, (next) => void setFilters({ tag: next }));

  return (
    <>
      <PageHeader
        title={t("kb.title")}
        extra={
          canManage ? (
            <Link to="/kb/new">
              <Button type="primary" icon={<PlusOutlined />} data-testid="kb-new">
                {t("kb.new")}
              </Button>
            </Link>
          ) : null
        }
      />
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <Input
          data-testid="kb-search"
          aria-label={t("kb.searchPlaceholder")}
          placeholder={t("kb.searchPlaceholder")}
          prefix={<SearchOutlined />}
          allowClear
          value={q}
          onChange={(e) => setQ(e.target.value)}
          style={{ width: 300 }}
        />
        <Select
          data-testid="kb-status-filter"
          aria-label={t("kb.fields.status")}
          placeholder={t("kb.fields.status")}
          allowClear
          value={search.status}
          onChange={(status) => setFilters({ status })}
          options={ARTICLE_STATUSES.map((s) => ({ value: s, label: t(`kb.status.${s}`) }))}
          style={{ width: 140 }}
        />
        <Input
          aria-label={t("kb.fields.category")}
          placeholder={t("kb.fields.category")}
          allowClear
          value={category}
          onChange={(e) => setCategory(e.target.value)}
          style={{ width: 180 }}
        />
        <Input
          aria-label={t("kb.fields.tag")}
          placeholder={t("kb.fields.tag")}
          allowClear
          value={tag}
          onChange={(e) => setTag(e.target.value)}
          style={{ width: 160 }}
        />
      </Flex>
      {list.isError ? (
        <ErrorState error={list.error} />
      ) : (
        <>
          <Table<ArticleSummary>
            rowKey="id"
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            pagination={false}
            onRow={rowAttributes}
            scroll={{ x: "max-content" }}
            columns={[
              { key: "number", title: t("kb.fields.number"), render: (_, a) => `#${a.number}` },
              {
                key: "title",
                title: t("kb.fields.title"),
                render: (_, a) => (
                  <Link to="/kb/$id" params={{ id: a.id }} data-testid="kb-open">
                    {articleTitle(a, i18n.language)}
                  </Link>
                ),
              },
              { key: "category", title: t("kb.fields.category"), render: (_, a) => a.category || "—" },
              {
                key: "tags",
                title: t("kb.fields.tags"),
                render: (_, a) => (
                  <Space size={4} wrap>
                    {a.tags.map((x) => (
                      <Tag key={x}>{x}</Tag>
                    ))}
                  </Space>
                ),
              },
              {
                key: "status",
                title: t("kb.fields.status"),
                render: (_, a) => (
                  <Tag color={STATUS_COLORS[a.status]} data-testid="kb-status" data-status={a.status}>
                    {t(`kb.status.${a.status}`)}
                  </Tag>
                ),
              },
              {
                key: "updated_at",
                title: t("common.updatedAt"),
                render: (_, a) => fmt.dateTime(a.updated_at),
              },
            ]}
          />
          <CursorPager state={search} nextCursor={list.data?.next_cursor} onChange={setPage} />
        </>
      )}
    </>
  );
}
