/** Marketing → Campaigns: every campaign the user may see, newest first, filtered by status (in the
 * URL), with its channel and when it was scheduled, started and finished. */
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
import { useCampaigns } from "./api";
import { CampaignStatusTag, ChannelTag } from "./CampaignTags";
import type { Campaign } from "./content";
import { type CampaignStatus, STATUSES } from "./search";

const route = getRouteApi("/_app/campaigns");

export function CampaignsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const canManage = useCan("campaigns:manage");
  const list = useCampaigns(search);
  const setPage = (page: PageState) => navigate({ search: (prev) => ({ ...prev, ...page }) });

  if (list.isError) return <ErrorState error={list.error} />;
  return (
    <>
      <PageHeader
        title={t("campaigns.title")}
        extra={
          canManage ? (
            <Link to="/campaigns/new" search={{}}>
              <Button type="primary" icon={<PlusOutlined />} data-testid="campaign-new">
                {t("campaigns.new")}
              </Button>
            </Link>
          ) : null
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Select<CampaignStatus>
          allowClear
          value={search.status}
          onChange={(status) => navigate({ search: (prev) => ({ ...prev, status, ...FIRST_PAGE }) })}
          options={STATUSES.map((s) => ({ value: s, label: t(`campaigns.status.${s}`) }))}
          placeholder={t("campaigns.allStatuses")}
          aria-label={t("campaigns.filterStatus")}
          data-testid="campaign-filter-status"
          style={{ width: 180 }}
        />
      </Flex>
      <Table<Campaign>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: "max-content" }}
        locale={{ emptyText: t("campaigns.empty") }}
        onRow={(c) =>
          ({ "data-testid": "campaign-row", "data-id": c.id }) as React.HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            key: "name",
            title: t("campaigns.fields.name"),
            render: (_, c) => (
              <Link to="/campaigns/$campaignId" params={{ campaignId: c.id }}>
                {c.name}
              </Link>
            ),
          },
          {
            key: "channel",
            title: t("campaigns.fields.channel"),
            render: (_, c) => <ChannelTag channel={c.channel} />,
          },
          {
            key: "status",
            title: t("campaigns.fields.status"),
            render: (_, c) => <CampaignStatusTag campaign={c} />,
          },
          {
            key: "scheduled",
            title: t("campaigns.fields.scheduledAt"),
            render: (_, c) => fmt.dateTime(c.scheduled_at),
          },
          {
            key: "started",
            title: t("campaigns.fields.startedAt"),
            responsive: ["md"],
            render: (_, c) => fmt.dateTime(c.started_at),
          },
          {
            key: "finished",
            title: t("campaigns.fields.finishedAt"),
            responsive: ["md"],
            render: (_, c) => fmt.dateTime(c.finished_at),
          },
          {
            key: "updated",
            title: t("common.updatedAt"),
            responsive: ["lg"],
            render: (_, c) => fmt.dateTime(c.updated_at),
          },
        ]}
      />
      <CursorPager state={search} nextCursor={list.data?.next_cursor} onChange={setPage} />
    </>
  );
}
