/** /segments/$segmentId: a segment's summary, its rules in words, its size over the last 90 days
 * and its members; `?edit=1` puts the builder in place of the words. While the members are
 * being computed the page asks again every 2 s and says so. */
import { getRouteApi } from "@tanstack/react-router";
import { Alert, Card, Col, Descriptions, Flex, Row, Skeleton, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState } from "../../components/ProblemAlert";
import { useCan } from "../../lib/auth/me";
import type { PageState } from "../../lib/paging";
import { useStoreOptions } from "../../lib/stores";
import { useFormat } from "../../lib/useFormat";
import { membersStamp, type Segment, useSegment, useSegmentFields, useSegmentHistory } from "./api";
import { MembersCard } from "./MembersCard";
import { RulesText } from "./RulesText";
import { SegmentActions } from "./SegmentActions";
import { SegmentForm } from "./SegmentForm";
import { SegmentKindTag, SegmentStateTag, TimeRelativeTag } from "./SegmentTags";
import { SizeHistoryChart } from "./SizeHistoryChart";

const route = getRouteApi("/_app/segments/$segmentId");

function Summary({ segment }: { segment: Segment }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const stores = useStoreOptions(useCan("stores:read"));
  const storeName = useMemo(() => new Map((stores.data ?? []).map((s) => [s.value, s.label])), [stores.data]);
  const storeList = segment.store_ids
    ?.map((id) => storeName.get(id) ?? "—")
    .join(t("segments.rules.listSeparator"));
  return (
    <Card size="small" title={t("segments.detail.summary")}>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: "kind", label: t("segments.fields.kind"), children: <SegmentKindTag segment={segment} /> },
          {
            key: "state",
            label: t("segments.fields.state"),
            children: (
              <Flex gap={4} wrap>
                <SegmentStateTag segment={segment} />
                <TimeRelativeTag segment={segment} />
              </Flex>
            ),
          },
          {
            key: "members",
            label: t("segments.fields.members"),
            children: (
              <span data-testid="segment-member-count">
                {segment.member_count.toLocaleString(fmt.locale)}
              </span>
            ),
          },
          {
            key: "stores",
            label: t("segments.fields.stores"),
            children: storeList || t("segments.storesAll"),
          },
          {
            key: "built",
            label: t("segments.fields.builtAt"),
            children: segment.built_at ? fmt.dateTime(segment.built_at) : t("segments.detail.neverBuilt"),
          },
          { key: "updated", label: t("common.updatedAt"), children: fmt.dateTime(segment.updated_at) },
          ...(segment.description
            ? [
                {
                  key: "description",
                  label: t("segments.fields.description"),
                  children: segment.description,
                  span: 2,
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

function RulesCard({ segment }: { segment: Segment }) {
  const { t } = useTranslation();
  const fields = useSegmentFields();
  return (
    <Card size="small" title={t("segments.detail.rules")} data-testid="segment-rules">
      {segment.rules === null ? (
        <Typography.Text type="secondary">{t("segments.detail.staticRules")}</Typography.Text>
      ) : fields.data ? (
        <RulesText rules={segment.rules} fields={fields.data.items} />
      ) : (
        <Skeleton active paragraph={{ rows: 2 }} />
      )}
    </Card>
  );
}

function HistoryCard({ segment }: { segment: Segment }) {
  const { t } = useTranslation();
  const history = useSegmentHistory(segment.id, membersStamp(segment));
  return (
    <Card size="small" title={t("segments.detail.history")}>
      {history.isError ? (
        <ErrorState error={history.error} />
      ) : history.data ? (
        <SizeHistoryChart points={history.data.items} />
      ) : (
        <Skeleton active paragraph={{ rows: 4 }} />
      )}
    </Card>
  );
}

export function SegmentDetailPage() {
  const { t } = useTranslation();
  const { segmentId } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const query = useSegment(segmentId);
  const canManage = useCan("segments:manage");
  // A reload after a 412 starts the editor again from the fresh segment.
  const [round, setRound] = useState(0);

  if (query.isPending) return <Skeleton active />;
  if (query.isError) return <ErrorState error={query.error} />;
  const { segment, etag } = query.data;
  const editing = Boolean(search.edit) && canManage;
  const setEditing = (edit: boolean) =>
    navigate({ search: (prev) => ({ ...prev, edit: edit || undefined }), replace: true });
  const setPage = (page: PageState) => navigate({ search: (prev) => ({ ...prev, ...page }) });

  return (
    <>
      <PageHeader
        title={<span data-testid="segment-title">{editing ? t("segments.editTitle") : segment.name}</span>}
        extra={
          canManage && !editing ? (
            <SegmentActions segment={segment} etag={etag} onEdit={() => void setEditing(true)} />
          ) : null
        }
      />
      {editing ? (
        <SegmentForm
          key={`${segment.id}:${round}`}
          segment={segment}
          etag={etag}
          onSaved={() => void setEditing(false)}
          onCancel={() => void setEditing(false)}
          onReload={() =>
            void query.refetch().then(() => {
              setRound((n) => n + 1);
            })
          }
        />
      ) : (
        <Flex vertical gap={16}>
          {segment.state === "building" ? (
            <Alert
              type="info"
              showIcon
              title={t("segments.detail.building")}
              data-testid="segment-building"
            />
          ) : null}
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <Summary segment={segment} />
            </Col>
            <Col xs={24} lg={12}>
              <RulesCard segment={segment} />
            </Col>
          </Row>
          <HistoryCard segment={segment} />
          <MembersCard segment={segment} page={search} onPage={setPage} />
        </Flex>
      )}
    </>
  );
}
