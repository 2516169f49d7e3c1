import { SearchOutlined } from "@ant-design/icons";
import { getRouteApi, Link } from "@tanstack/react-router";
import { Card, Empty, Input, List, Result, Skeleton, Space, Tag, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { articleTitle } from "../../components/articleLink";
import { CursorPager } from "../../components/CursorPager";
import { toProblem } from "../../lib/api/problem";
import { FIRST_PAGE, type PageState } from "../../lib/paging";
import { useFormat } from "../../lib/useFormat";
import { usePublicKb } from "./api";
import { HelpLayout } from "./HelpLayout";

const route = getRouteApi("/help/$tenant");

/** Public, no login: a tenant's published help articles with search. */
export function HelpIndexPage() {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const { tenant } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const kb = usePublicKb(tenant, search);
  const [text, setText] = useState(search.q ?? "");
  const current = search.q ?? "";
  useEffect(() => {
    const next = text.trim();
    if (next === current) return;
    const timer = setTimeout(() => {
      void navigate({ search: (prev) => ({ ...prev, q: next || undefined, ...FIRST_PAGE }) });
    }, 400);
    return () => clearTimeout(timer);
  }, [text, current, navigate]);
  const setPage = (page: PageState) => navigate({ search: (prev) => ({ ...prev, ...page }) });
  const notFound = kb.isError && toProblem(kb.error).status === 404;

  return (
    <HelpLayout title={kb.data ? `${kb.data.tenant_name} · ${t("help.title")}` : t("help.title")}>
      {kb.isError ? (
        <Result
          status={notFound ? "404" : "error"}
          title={notFound ? t("help.notFound") : t("problem.title")}
        />
      ) : (
        <Card>
          <Input
            data-testid="help-search"
            aria-label={t("help.search")}
            placeholder={t("help.search")}
            prefix={<SearchOutlined />}
            allowClear
            size="large"
            value={text}
            onChange={(e) => setText(e.target.value)}
            style={{ marginBottom: 16 }}
          />
          {!kb.data ? (
            <Skeleton active />
          ) : (
            <List
              dataSource={kb.data.items}
              locale={{ emptyText: <Empty description={t("help.empty")} /> }}
              renderItem={(a) => (
                <List.Item data-testid="help-item">
                  <List.Item.Meta
                    title={
                      <Link to="/help/$tenant/$article" params={{ tenant, article: a.public_ref }}>
                        {articleTitle(a, i18n.language)}
                      </Link>
                    }
                    description={
                      <Space size={4} wrap>
                        {a.category ? <Tag color="blue">{a.category}</Tag> : null}
                        {a.tags.map((x) => (
                          <Tag key={x}>{x}</Tag>
                        ))}
                        <Typography.Text type="secondary">{fmt.dateTime(a.published_at)}</Typography.Text>
                      </Space>
                    }
                  />
                </List.Item>
              )}
            />
          )}
          <CursorPager state={search} nextCursor={kb.data?.next_cursor} onChange={setPage} />
        </Card>
      )}
    </HelpLayout>
  );
}
