/** A campaign's results: the figures (sent, delivered, opened, clicked, unsubscribed, orders,
 * revenue, cost, ROI), the funnel, who was skipped and why, revenue by store, and the control
 * group beside the recipients (each group's conversion rate and the uplift). Asked again every
 * 5 s while the campaign sends. */
import { Card, Col, Empty, Flex, Progress, Row, Skeleton, Statistic, Table, Typography } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { ErrorState } from "../../components/ProblemAlert";
import { useCan } from "../../lib/auth/me";
import { useStoreOptions } from "../../lib/stores";
import { useFormat } from "../../lib/useFormat";
import { useReport } from "./api";
import type { Campaign } from "./content";
import { FunnelChart } from "./FunnelChart";
import { type CampaignReport, percent, points, rate, type StoreRow, skippedRows, storeRows } from "./report";

function Figure({ name, value, hint }: { name: string; value: React.ReactNode; hint?: string }) {
  const { t } = useTranslation();
  return (
    <Col xs={12} md={8} xl={4}>
      <div data-testid={`report-${name}`}>
        <Statistic title={t(`campaigns.report.figure.${name}`)} value={0} formatter={() => value} />
        {hint ? <Typography.Text type="secondary">{hint}</Typography.Text> : null}
      </div>
    </Col>
  );
}

function Figures({ report: r }: { report: CampaignReport }) {
  const fmt = useFormat();
  const n = (v: number) => <span data-value={v}>{v.toLocaleString(fmt.locale)}</span>;
  const of = (part: number, whole: number) => percent(rate(part, whole), fmt.locale);
  return (
    <Row gutter={[16, 16]}>
      <Figure name="sent" value={n(r.sent)} hint={of(r.sent, r.eligible)} />
      <Figure name="delivered" value={n(r.delivered)} hint={of(r.delivered, r.sent)} />
      <Figure name="opened" value={n(r.opened)} hint={of(r.opened, r.delivered)} />
      <Figure name="clicked" value={n(r.clicked)} hint={of(r.clicked, r.delivered)} />
      <Figure name="unsubscribed" value={n(r.unsubscribed)} hint={of(r.unsubscribed, r.delivered)} />
      <Figure name="failed" value={n(r.failed + r.bounced)} />
      <Figure name="orders" value={n(r.orders)} />
      <Figure name="ordered" value={n(r.ordered)} hint={of(r.ordered, r.sent)} />
      <Figure name="revenue" value={fmt.money(r.revenue)} />
      <Figure name="cost" value={fmt.money(r.cost)} />
      <Figure name="roi" value={r.roi === null ? "—" : percent(r.roi, fmt.locale)} />
      <Figure name="control" value={n(r.control)} />
    </Row>
  );
}

function Skipped({ report }: { report: CampaignReport }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const rows = skippedRows(report);
  if (!rows.length)
    return <Typography.Text type="secondary">{t("campaigns.report.noneSkipped")}</Typography.Text>;
  return (
    <Table
      size="small"
      rowKey="reason"
      pagination={false}
      dataSource={rows}
      onRow={(r) =>
        ({ "data-testid": "report-skip", "data-reason": r.reason }) as React.HTMLAttributes<HTMLElement>
      }
      columns={[
        {
          key: "reason",
          title: t("campaigns.report.reason"),
          render: (_, r) =>
            i18n.exists(`campaigns.report.skip.${r.reason}`)
              ? t(`campaigns.report.skip.${r.reason}`)
              : r.reason,
        },
        {
          key: "count",
          title: t("campaigns.report.customers"),
          align: "right",
          render: (_, r) => r.count.toLocaleString(fmt.locale),
        },
      ]}
    />
  );
}

function Stores({ report }: { report: CampaignReport }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const stores = useStoreOptions(useCan("stores:read"));
  const names = useMemo(() => new Map((stores.data ?? []).map((s) => [s.value, s.label])), [stores.data]);
  const rows = storeRows(report, names);
  if (!rows.length) return <Empty description={t("campaigns.report.noOrders")} />;
  return (
    <Table<StoreRow>
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={rows}
      onRow={() => ({ "data-testid": "report-store" }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        {
          key: "store",
          title: t("campaigns.report.store"),
          render: (_, r) =>
            r.name ?? (r.storeId ? t("campaigns.report.storeHidden") : t("campaigns.report.noStore")),
        },
        {
          key: "orders",
          title: t("campaigns.report.figure.orders"),
          align: "right",
          render: (_, r) => r.orders,
        },
        {
          key: "revenue",
          title: t("campaigns.report.figure.revenue"),
          align: "right",
          render: (_, r) => fmt.money(r.revenue),
        },
      ]}
    />
  );
}

function ControlGroup({ report: r }: { report: CampaignReport }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (r.control_group.customers === 0)
    return <Typography.Text type="secondary">{t("campaigns.report.noControl")}</Typography.Text>;
  const group = (key: "treatment" | "control", g: CampaignReport["treatment"]) => (
    <div data-testid={`report-${key}`} data-rate={g.rate}>
      <Flex justify="space-between">
        <Typography.Text>{t(`campaigns.report.group.${key}`)}</Typography.Text>
        <Typography.Text type="secondary">
          {t("campaigns.report.converted", { converted: g.converted, customers: g.customers })}
        </Typography.Text>
      </Flex>
      <Progress percent={Number(g.rate) * 100} format={() => percent(g.rate, fmt.locale)} />
    </div>
  );
  return (
    <Flex vertical gap={8}>
      {group("treatment", r.treatment)}
      {group("control", r.control_group)}
      <Statistic
        title={t("campaigns.report.uplift")}
        value={0}
        formatter={() => t("campaigns.report.upliftValue", { points: points(r.uplift, fmt.locale) })}
        valueStyle={{
          color: Number(r.uplift) > 0 ? "#389e0d" : Number(r.uplift) < 0 ? "#cf1322" : undefined,
        }}
        data-testid="report-uplift"
      />
    </Flex>
  );
}

export function ReportCard({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const report = useReport(campaign, true);
  if (report.isError) return <ErrorState error={report.error} />;
  const r = report.data;
  return (
    <Card
      size="small"
      title={t("campaigns.report.title")}
      extra={
        r ? (
          <Typography.Text type="secondary">
            {t("campaigns.report.computedAt", { time: fmt.dateTime(r.computed_at) })}
          </Typography.Text>
        ) : null
      }
      data-testid="campaign-report"
    >
      {!r ? (
        <Skeleton active />
      ) : (
        <Flex vertical gap={16}>
          <Figures report={r} />
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={14}>
              <Typography.Title level={5}>{t("campaigns.report.funnel")}</Typography.Title>
              <FunnelChart report={r} />
            </Col>
            <Col xs={24} xl={10}>
              <Flex vertical gap={16}>
                <div>
                  <Typography.Title level={5}>{t("campaigns.report.skipped")}</Typography.Title>
                  <Skipped report={r} />
                </div>
                <div>
                  <Typography.Title level={5}>{t("campaigns.report.controlTitle")}</Typography.Title>
                  <ControlGroup report={r} />
                </div>
              </Flex>
            </Col>
          </Row>
          <div>
            <Typography.Title level={5}>{t("campaigns.report.byStore")}</Typography.Title>
            <Typography.Paragraph type="secondary">
              {t("campaigns.report.attribution", { count: r.attribution_days })}
            </Typography.Paragraph>
            <Stores report={r} />
          </div>
        </Flex>
      )}
    </Card>
  );
}
