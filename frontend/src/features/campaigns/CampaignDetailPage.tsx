/** /campaigns/$campaignId: a campaign's summary and lifecycle buttons, its content as a chosen
 * customer receives it, and — once it has started — its report; before that, how many customers
 * it reaches now. Asked again every 5 s while it sends (or waits, due, for the scheduler). */
import { getRouteApi } from "@tanstack/react-router";
import { Alert, Card, Col, Descriptions, Flex, Row, Skeleton, Statistic, Typography } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState } from "../../components/ProblemAlert";
import { useCan } from "../../lib/auth/me";
import { useStoreOptions } from "../../lib/stores";
import { useFormat } from "../../lib/useFormat";
import { isMoving, useAudience, useCampaign, useSegmentOptions } from "./api";
import { CampaignActions } from "./CampaignActions";
import { CampaignStatusTag, ChannelTag } from "./CampaignTags";
import { type Campaign, CONTENT_LANGUAGES } from "./content";
import { RenderPreview } from "./RenderPreview";
import { ReportCard } from "./ReportCard";
import { hasReport } from "./report";

const route = getRouteApi("/_app/campaigns/$campaignId");

function Summary({ campaign: c }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const segments = useSegmentOptions();
  const stores = useStoreOptions(useCan("stores:read"));
  const segmentName = useMemo(
    () => new Map((segments.data ?? []).map((s) => [s.value, s.name])),
    [segments.data],
  );
  const storeName = useMemo(() => new Map((stores.data ?? []).map((s) => [s.value, s.label])), [stores.data]);
  const names = (ids: string[], map: Map<string, string>) =>
    ids.map((id) => map.get(id) ?? t("campaigns.detail.hiddenSegment")).join(t("campaigns.listSeparator"));
  return (
    <Card size="small" title={t("campaigns.detail.summary")} data-testid="campaign-summary">
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          {
            key: "channel",
            label: t("campaigns.fields.channel"),
            children: <ChannelTag channel={c.channel} />,
          },
          {
            key: "include",
            label: t("campaigns.fields.include"),
            children: c.include_segment_ids.length ? names(c.include_segment_ids, segmentName) : "—",
          },
          {
            key: "exclude",
            label: t("campaigns.fields.exclude"),
            children: c.exclude_segment_ids.length ? names(c.exclude_segment_ids, segmentName) : "—",
          },
          {
            key: "stores",
            label: t("campaigns.fields.stores"),
            children: c.store_ids ? names(c.store_ids, storeName) : t("campaigns.audience.storesAll"),
          },
          {
            key: "languages",
            label: t("campaigns.detail.languages"),
            children:
              CONTENT_LANGUAGES.filter((l) => c.content[l])
                .map((l) => t(`campaigns.languages.${l}`))
                .join(t("campaigns.listSeparator")) || "—",
          },
          { key: "coupon", label: t("campaigns.fields.coupon"), children: c.coupon_code || "—" },
          {
            key: "control",
            label: t("campaigns.fields.control"),
            children: t("campaigns.review.controlValue", { percent: c.control_percent }),
          },
          { key: "cost", label: t("campaigns.fields.cost"), children: fmt.money(c.cost) },
          {
            key: "scheduled",
            label: t("campaigns.fields.scheduledAt"),
            children: fmt.dateTime(c.scheduled_at),
          },
          {
            key: "submitted",
            label: t("campaigns.fields.submittedAt"),
            children: fmt.dateTime(c.submitted_at),
          },
          { key: "approved", label: t("campaigns.fields.approvedAt"), children: fmt.dateTime(c.approved_at) },
          { key: "started", label: t("campaigns.fields.startedAt"), children: fmt.dateTime(c.started_at) },
          { key: "finished", label: t("campaigns.fields.finishedAt"), children: fmt.dateTime(c.finished_at) },
        ]}
      />
    </Card>
  );
}

function AudienceNow({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const audience = useAudience(campaign);
  return (
    <Card size="small" title={t("campaigns.audience.countTitle")}>
      <div data-testid="campaign-audience-count" data-count={audience.data?.customers}>
        <Statistic
          value={audience.data?.customers ?? 0}
          loading={audience.isLoading}
          formatter={(v) => Number(v).toLocaleString(fmt.locale)}
          suffix={t("campaigns.audience.customers")}
        />
      </div>
      <Typography.Text type="secondary">{t("campaigns.audience.countHelp")}</Typography.Text>
    </Card>
  );
}

function StatusNote({ campaign: c }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (c.status === "draft" && c.reject_reason)
    return (
      <Alert
        type="warning"
        showIcon
        title={t("campaigns.detail.rejectedNote")}
        description={c.reject_reason}
        data-testid="campaign-reject-note"
      />
    );
  if (c.status === "pending_approval")
    return (
      <Alert
        type="info"
        showIcon
        title={t("campaigns.detail.pendingNote")}
        data-testid="campaign-pending-note"
      />
    );
  if (c.status === "scheduled" && isMoving(c))
    return <Alert type="info" showIcon title={t("campaigns.detail.startingNote")} />;
  if (c.status === "scheduled")
    return (
      <Alert
        type="info"
        showIcon
        title={t("campaigns.detail.scheduledNote", { time: fmt.dateTime(c.scheduled_at) })}
      />
    );
  if (c.status === "sending")
    return (
      <Alert
        type="info"
        showIcon
        title={t("campaigns.detail.sendingNote")}
        data-testid="campaign-sending-note"
      />
    );
  return null;
}

export function CampaignDetailPage() {
  const { t } = useTranslation();
  const { campaignId } = route.useParams();
  const query = useCampaign(campaignId);
  if (query.isPending) return <Skeleton active />;
  if (query.isError) return <ErrorState error={query.error} />;
  const { campaign, etag } = query.data;
  return (
    <>
      <PageHeader
        title={
          <Flex gap={8} align="center" wrap>
            <span data-testid="campaign-title">{campaign.name}</span>
            <CampaignStatusTag campaign={campaign} />
          </Flex>
        }
        extra={<CampaignActions campaign={campaign} etag={etag} />}
      />
      <Flex vertical gap={16}>
        <StatusNote campaign={campaign} />
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <Flex vertical gap={16}>
              <Summary campaign={campaign} />
              {hasReport(campaign) ? null : <AudienceNow campaign={campaign} />}
            </Flex>
          </Col>
          <Col xs={24} xl={12}>
            <RenderPreview campaign={campaign} />
          </Col>
        </Row>
        {hasReport(campaign) ? (
          <ReportCard campaign={campaign} />
        ) : (
          <Typography.Text type="secondary">{t("campaigns.detail.reportLater")}</Typography.Text>
        )}
      </Flex>
    </>
  );
}
