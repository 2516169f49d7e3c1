import { getRouteApi } from "@tanstack/react-router";
import { Card, Flex, Layout, Result, Skeleton, Tag, Timeline, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { LanguageSwitch } from "../../components/LanguageSwitch";
import { toProblem } from "../../lib/api/problem";
import { useFormat } from "../../lib/useFormat";
import { useTracking } from "./api";
import { STATUS_COLORS } from "./labels";

const route = getRouteApi("/track/$token");

/** Public, no login: what a customer sees when following the tracking link or QR code. */
export function TrackingPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { token } = route.useParams();
  const tracking = useTracking(token);
  const notFound = tracking.isError && toProblem(tracking.error).status === 404;

  return (
    <Layout style={{ minHeight: "100vh", background: "#f5f5f5" }}>
      <Layout.Header
        style={{ background: "#fff", display: "flex", justifyContent: "space-between", alignItems: "center" }}
      >
        <Typography.Text strong>{t("tracking.title")}</Typography.Text>
        <LanguageSwitch />
      </Layout.Header>
      <Layout.Content style={{ padding: 24, maxWidth: 640, margin: "0 auto", width: "100%" }}>
        {tracking.isError ? (
          <Result
            status={notFound ? "404" : "error"}
            title={notFound ? t("tracking.notFound") : t("problem.title")}
          />
        ) : !tracking.data ? (
          <Skeleton active />
        ) : (
          <Card>
            <Flex vertical gap={12}>
              <Flex justify="space-between" align="center" wrap>
                <Typography.Title level={3} style={{ margin: 0 }} data-testid="tracking-number">
                  {tracking.data.number}
                </Typography.Title>
                <Tag
                  color={STATUS_COLORS[tracking.data.status]}
                  data-testid="tracking-status"
                  data-status={tracking.data.status}
                >
                  {t(`orders.status.${tracking.data.status}`)}
                </Tag>
              </Flex>
              <Typography.Text>
                {t("tracking.store")}: <span data-testid="tracking-store">{tracking.data.store_name}</span>
              </Typography.Text>
              {tracking.data.customer_name ? (
                <Typography.Text>
                  {t("tracking.customer")}:{" "}
                  <span data-testid="tracking-customer">{tracking.data.customer_name}</span>
                </Typography.Text>
              ) : null}
              {tracking.data.shipments.map((s) => (
                <Typography.Text key={`${s.carrier}-${s.tracking_number}`} data-testid="tracking-shipment">
                  {t("tracking.shipment", { carrier: s.carrier, number: s.tracking_number })}
                </Typography.Text>
              ))}
              <Timeline
                data-testid="tracking-timeline"
                items={tracking.data.timeline.map((e) => ({
                  key: `${e.kind}-${e.at}`,
                  content: (
                    <>
                      <Typography.Text strong>{t(`orders.event.${e.kind}`)}</Typography.Text>
                      <div>
                        <Typography.Text type="secondary">{fmt.dateTime(e.at)}</Typography.Text>
                      </div>
                    </>
                  ),
                }))}
              />
            </Flex>
          </Card>
        )}
      </Layout.Content>
    </Layout>
  );
}
