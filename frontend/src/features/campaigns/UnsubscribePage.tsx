/** Public, no login: /unsubscribe/$token, the page a campaign message links to. It speaks the
 * message's language (switchable), names the sender and the masked address, and unsubscribes in
 * one click; a second visit says it is done, a link that is not one says so. */
import { getRouteApi } from "@tanstack/react-router";
import { Button, Card, Flex, Layout, Result, Skeleton, Typography } from "antd";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { LanguageSwitch } from "../../components/LanguageSwitch";
import { ProblemAlert } from "../../components/ProblemAlert";
import { isLanguage, setLanguage } from "../../i18n";
import { toProblem } from "../../lib/api/problem";
import { useUnsubscribe, useUnsubscribeInfo } from "./api";

const route = getRouteApi("/unsubscribe/$token");

export function UnsubscribePage() {
  const { t } = useTranslation();
  const { token } = route.useParams();
  const info = useUnsubscribeInfo(token);
  const unsubscribe = useUnsubscribe(token);
  const page = info.data;
  // The message's language the first time the page is shown; the switch changes it after that.
  const spoken = useRef(false);
  useEffect(() => {
    if (page && !spoken.current) {
      spoken.current = true;
      if (isLanguage(page.language)) setLanguage(page.language);
    }
  }, [page]);
  const notFound = info.isError && toProblem(info.error).status === 404;
  const channel = page?.channel === "sms" ? "sms" : "email";
  const words = page
    ? { tenant: page.tenant_name, address: page.address, channel: t(`unsubscribe.channel.${channel}`) }
    : {};

  let body: React.ReactNode;
  if (info.isError)
    body = (
      <Result
        status={notFound ? "404" : "error"}
        title={notFound ? t("unsubscribe.invalid") : t("problem.title")}
        subTitle={notFound ? t("unsubscribe.invalidHelp") : undefined}
        data-testid="unsubscribe-invalid"
      />
    );
  else if (!page) body = <Skeleton active />;
  else if (page.unsubscribed)
    body = (
      <Result
        status="success"
        title={t(unsubscribe.isSuccess ? "unsubscribe.done" : "unsubscribe.already")}
        subTitle={t("unsubscribe.doneHelp", words)}
        data-testid={unsubscribe.isSuccess ? "unsubscribe-done" : "unsubscribe-already"}
      />
    );
  else
    body = (
      <Card>
        <Flex vertical gap={16}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t("unsubscribe.question", words)}
          </Typography.Title>
          <Typography.Paragraph style={{ margin: 0 }} data-testid="unsubscribe-address">
            {t("unsubscribe.explain", words)}
          </Typography.Paragraph>
          <ProblemAlert error={unsubscribe.error} />
          <Button
            type="primary"
            danger
            size="large"
            loading={unsubscribe.isPending}
            onClick={() => unsubscribe.mutate()}
            data-testid="unsubscribe-submit"
          >
            {t("unsubscribe.submit")}
          </Button>
        </Flex>
      </Card>
    );

  return (
    <Layout style={{ minHeight: "100vh", background: "#f5f5f5" }}>
      <Layout.Header
        style={{ background: "#fff", display: "flex", justifyContent: "space-between", alignItems: "center" }}
      >
        <Typography.Text strong data-testid="unsubscribe-tenant">
          {page?.tenant_name ?? t("unsubscribe.title")}
        </Typography.Text>
        <LanguageSwitch />
      </Layout.Header>
      <Layout.Content style={{ padding: 24, maxWidth: 560, margin: "0 auto", width: "100%" }}>
        {body}
      </Layout.Content>
    </Layout>
  );
}
