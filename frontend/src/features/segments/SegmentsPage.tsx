/** Marketing → Segments: every segment the user may see, newest first, filtered by kind (in the
 * URL), with its member count and whether its members are still being computed. */
import { PlusOutlined } from "@ant-design/icons";
import { getRouteApi, Link } from "@tanstack/react-router";
import { Button, Flex, Select, Table } from "antd";
import { useTranslation } from "react-i18next";
import { CursorPager } from "../../components/CursorPager";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState } from "../../components/ProblemAlert";
import { useCan } from "../../lib/auth/me";
import { FIRST_PAGE, type PageState } from "../../lib/paging";
import { useFormat } from "../../lib/useFormat";
import { type Segment, useSegments } from "./api";
import { SegmentKindTag, SegmentStateTag, TimeRelativeTag } from "./SegmentTags";
import { KINDS, type SegmentKind } from "./search";

const route = getRouteApi("/_app/segments");

export function SegmentsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const canManage = useCan("segments:manage");
  const list = useSegments(search);
  const setPage = (page: PageState) => navigate({ search: (prev) => ({ ...prev, ...page }) });

  if (list.isError) return <ErrorState error={list.error} />;
  return (
    <>
      <PageHeader
        title={t("segments.title")}
        extra={
          canManage ? (
            <Link to="/segments/new">
              <Button type="primary" icon={<PlusOutlined />} data-testid="segment-new">
                {t("segments.new")}
              </Button>
            </Link>
          ) : null
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Select<SegmentKind>
          allowClear
          value={search.kind}
          onChange={(kind) => navigate({ search: (prev) => ({ ...prev, kind, ...FIRST_PAGE }) })}
          options={KINDS.map((k) => ({ value: k, label: t(`segments.kind.${k}`) }))}
          placeholder={t("segments.allKinds")}
          aria-label={t("segments.filterKind")}
          data-testid="segment-filter-kind"
          style={{ width: 180 }}
        />
      </Flex>
      <Table<Segment>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: "max-content" }}
        locale={{ emptyText: t("segments.empty") }}
        onRow={(s) =>
          ({ "data-testid": "segment-row", "data-id": s.id }) as React.HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            key: "name",
            title: t("segments.fields.name"),
            render: (_, s) => (
              <Link to="/segments/$segmentId" params={{ segmentId: s.id }}>
                {s.name}
              </Link>
            ),
          },
          {
            key: "kind",
            title: t("segments.fields.kind"),
            render: (_, s) => <SegmentKindTag segment={s} />,
          },
          {
            key: "members",
            title: t("segments.fields.members"),
            align: "right",
            render: (_, s) => s.member_count.toLocaleString(fmt.locale),
          },
          {
            key: "state",
            title: t("segments.fields.state"),
            render: (_, s) => (
              <Flex gap={4} wrap>
                <SegmentStateTag segment={s} />
                <TimeRelativeTag segment={s} />
              </Flex>
            ),
          },
          {
            key: "updated",
            title: t("common.updatedAt"),
            responsive: ["md"],
            render: (_, s) => fmt.dateTime(s.updated_at),
          },
        ]}
      />
      <CursorPager state={search} nextCursor={list.data?.next_cursor} onChange={setPage} />
    </>
  );
}
