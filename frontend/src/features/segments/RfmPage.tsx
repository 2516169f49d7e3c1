/** Marketing → RFM analysis: the 11 named RFM segments as tiles, each with its customers, their
 * revenue in the tenant's currency and its share of all scored customers' revenue. */
import { Card, Col, Flex, Progress, Row, Skeleton, Statistic, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState } from "../../components/ProblemAlert";
import { useFormat } from "../../lib/useFormat";
import { type RfmCell, useRfm } from "./api";
import { formatShare, localLabel } from "./labels";

/** Tile colours by how much the segment is worth keeping: best first, lost last. */
const TONES: Record<string, string> = {
  champions: "#389e0d",
  loyal: "#52c41a",
  potential_loyalist: "#13c2c2",
  new: "#1677ff",
  promising: "#2f54eb",
  need_attention: "#faad14",
  about_to_sleep: "#fa8c16",
  at_risk: "#fa541c",
  cant_lose: "#f5222d",
  hibernating: "#8c8c8c",
  lost: "#595959",
};

function RfmTile({ cell }: { cell: RfmCell }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const share = Number(cell.revenue_share);
  const tone = TONES[cell.segment] ?? "#1677ff";
  return (
    <Card
      size="small"
      data-testid="rfm-tile"
      data-segment={cell.segment}
      style={{ height: "100%", borderTop: `3px solid ${tone}` }}
      title={localLabel(cell, i18n.language)}
    >
      <Flex vertical gap={8}>
        <Flex gap={24} wrap>
          <Statistic
            title={t("segments.rfm.customers")}
            value={cell.customers.toLocaleString(fmt.locale)}
            data-testid="rfm-customers"
          />
          <Statistic
            title={t("segments.rfm.revenue")}
            value={fmt.money(cell.revenue)}
            data-testid="rfm-revenue"
          />
        </Flex>
        <div>
          <Typography.Text type="secondary">{t("segments.rfm.share")}</Typography.Text>
          <Progress
            percent={Number.isNaN(share) ? 0 : share * 100}
            strokeColor={tone}
            format={() => formatShare(cell.revenue_share, fmt.locale)}
            aria-label={t("segments.rfm.share")}
            data-testid="rfm-share"
          />
        </div>
      </Flex>
    </Card>
  );
}

export function RfmPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const rfm = useRfm();
  if (rfm.isError) return <ErrorState error={rfm.error} />;
  if (!rfm.data) return <Skeleton active />;
  const { items, scored, computed_at } = rfm.data;
  return (
    <>
      <PageHeader title={t("segments.rfm.title")} />
      <Flex vertical gap={4} style={{ marginBottom: 16 }}>
        <Typography.Text type="secondary">{t("segments.rfm.hint")}</Typography.Text>
        <Typography.Text data-testid="rfm-computed-at">
          {computed_at
            ? `${t("segments.rfm.computedAt", { time: fmt.dateTime(computed_at) })} · ${t(
                "segments.rfm.scored",
                {
                  count: scored,
                },
              )}`
            : t("segments.rfm.notComputed")}
        </Typography.Text>
      </Flex>
      <Row gutter={[16, 16]}>
        {items.map((cell) => (
          <Col key={cell.segment} xs={24} sm={12} lg={8} xxl={6}>
            <RfmTile cell={cell} />
          </Col>
        ))}
      </Row>
    </>
  );
}
