import { getRouteApi, Link } from "@tanstack/react-router";
import { Button, Flex, Table, type TableColumnsType, Tag, Typography } from "antd";
import type { HTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import { CursorPager } from "../../components/CursorPager";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState } from "../../components/ProblemAlert";
import { useCan } from "../../lib/auth/me";
import type { PageState } from "../../lib/paging";
import { type DuplicatePair, useDuplicatePairs } from "./api";

const route = getRouteApi("/_app/customers/duplicates");

function rowAttributes(p: DuplicatePair): HTMLAttributes<HTMLElement> & { [data: `data-${string}`]: string } {
  return { "data-testid": "duplicate-pair", "data-first": p.first.id, "data-second": p.second.id };
}

/** The review queue: pairs of customers who are likely one person, each with why and how likely,
 * and a side-by-side comparison to merge them. */
export function DuplicatesPage() {
  const { t } = useTranslation();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const list = useDuplicatePairs(search.cursor);
  const canMerge = useCan("customers:merge");
  const setPage = (page: PageState) => navigate({ search: page });

  const columns: TableColumnsType<DuplicatePair> = [
    {
      key: "first",
      title: t("customers.duplicates.first"),
      render: (_, p) => (
        <Link to="/customers/$id" params={{ id: p.first.id }}>
          {p.first.name}
        </Link>
      ),
    },
    {
      key: "second",
      title: t("customers.duplicates.second"),
      render: (_, p) => (
        <Link to="/customers/$id" params={{ id: p.second.id }}>
          {p.second.name}
        </Link>
      ),
    },
    {
      key: "reasons",
      title: t("customers.duplicates.why"),
      render: (_, p) => (
        <Flex wrap gap={4}>
          {p.reasons.map((r) => (
            <Tag key={r}>{t(`customers.duplicates.reasons.${r}`)}</Tag>
          ))}
        </Flex>
      ),
    },
    {
      key: "score",
      title: t("customers.duplicates.likelihood"),
      render: (_, p) => <span data-testid="duplicate-score">{Math.round(p.score * 100)}%</span>,
    },
    {
      key: "actions",
      title: t("common.actions"),
      render: (_, p) =>
        canMerge ? (
          <Link to="/customers/merge" search={{ first: p.first.id, second: p.second.id }}>
            <Button size="small" data-testid="duplicate-compare">
              {t("customers.duplicates.compare")}
            </Button>
          </Link>
        ) : null,
    },
  ];

  return (
    <>
      <PageHeader title={t("customers.duplicates.title")} />
      <Typography.Paragraph type="secondary">{t("customers.duplicates.help")}</Typography.Paragraph>
      {list.isError ? (
        <ErrorState error={list.error} />
      ) : (
        <>
          <Table<DuplicatePair>
            rowKey={(p) => `${p.first.id}.${p.second.id}`}
            dataSource={list.data?.items ?? []}
            loading={list.isLoading}
            pagination={false}
            scroll={{ x: "max-content" }}
            locale={{ emptyText: t("customers.duplicates.empty") }}
            onRow={rowAttributes}
            columns={columns}
          />
          <CursorPager state={search} nextCursor={list.data?.next_cursor} onChange={setPage} />
        </>
      )}
    </>
  );
}
