import { Card, Col, Flex, Grid, Row, Skeleton, Statistic, Tag, Tooltip, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { ProblemAlert } from "../../components/ProblemAlert";
import { tierName } from "../../lib/loyalty";
import { useFormat } from "../../lib/useFormat";
import { type CustomerSummary, useCustomerSummary } from "./api";

type Consent = CustomerSummary["consent"]["email"];

/** One channel's consent as a tag; when and where it was given (or withdrawn) on hover. */
function ConsentTag({ channel, consent }: { channel: "email" | "sms"; consent: Consent }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const state = consent.granted ? t("customers.consent.yes") : t("customers.consent.no");
  const when = [consent.at ? fmt.dateTime(consent.at) : "", consent.source].filter(Boolean).join(" · ");
  return (
    <Tooltip title={when || undefined}>
      <Tag
        color={consent.granted ? "green" : undefined}
        data-testid={`summary-consent-${channel}`}
        data-granted={consent.granted}
      >
        {t(`customers.summary.${channel}`)}: {state}
      </Tag>
    </Tooltip>
  );
}

/** The figures a store manager looks at first: what she spent, how often, when, what is open. */
export function CustomerSummaryCard({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const screens = Grid.useBreakpoint();
  const query = useCustomerSummary(customerId);
  if (query.isPending) {
    return (
      <Card style={{ marginBottom: 16 }}>
        <Skeleton active paragraph={{ rows: 2 }} />
      </Card>
    );
  }
  if (query.isError) return <ProblemAlert error={query.error} />;
  const s = query.data;
  const figures: { key: string; title: string; value: string }[] = [
    {
      key: "spend",
      title: t("customers.summary.lifetimeSpend"),
      value: fmt.money(s.lifetime_spend, s.currency),
    },
    { key: "orders", title: t("customers.summary.orders"), value: String(s.orders) },
    {
      key: "basket",
      title: t("customers.summary.averageBasket"),
      value: s.average_basket === null ? "—" : fmt.money(s.average_basket, s.currency),
    },
    {
      key: "first",
      title: t("customers.summary.firstPurchase"),
      value: s.first_purchase_at ? fmt.date(s.first_purchase_at) : "—",
    },
    {
      key: "last",
      title: t("customers.summary.lastPurchase"),
      value: s.last_purchase_at ? fmt.date(s.last_purchase_at) : "—",
    },
    { key: "tickets", title: t("customers.summary.openTickets"), value: String(s.open_tickets) },
    { key: "points", title: t("customers.summary.points"), value: String(s.loyalty.balance) },
    {
      key: "tier",
      title: t("customers.summary.tier"),
      value: s.loyalty.tier ? tierName(s.loyalty.tier, i18n.language) : "—",
    },
  ];
  return (
    <Card style={{ marginBottom: 16 }} data-testid="customer-summary">
      <Row gutter={[16, 16]}>
        {figures.map((f) => (
          <Col key={f.key} xs={12} sm={8} lg={6} xxl={3}>
            <Statistic
              title={f.title}
              value={f.value}
              styles={{ content: { fontSize: screens.sm ? 22 : 17, whiteSpace: "nowrap" } }}
              data-testid={`summary-${f.key}`}
            />
          </Col>
        ))}
      </Row>
      <Flex wrap gap={8} align="center" style={{ marginTop: 16 }}>
        <Typography.Text type="secondary">{t("customers.summary.consent")}</Typography.Text>
        <ConsentTag channel="email" consent={s.consent.email} />
        <ConsentTag channel="sms" consent={s.consent.sms} />
      </Flex>
    </Card>
  );
}
