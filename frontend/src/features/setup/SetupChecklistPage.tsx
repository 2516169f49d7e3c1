import { CheckCircleFilled, ClockCircleOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { Button, Card, Flex, List, Progress, Skeleton, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState } from "../../components/ProblemAlert";
import { useMe } from "../../lib/auth/me";
import { dismissSetup, SETUP_LINKS, SETUP_STEPS, setupComplete, setupStatusQuery } from "../../lib/setup";

/**
 * The first steps of a new tenant (stores, staff, products, customers), each linking to its page
 * and ticked once its data exists. Owners and admins land here until every step is done or they
 * dismiss it.
 */
export function SetupChecklistPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const status = useQuery(setupStatusQuery);

  if (status.isError) return <ErrorState error={status.error} />;
  if (!status.data || !me) return <Skeleton active />;
  const done = SETUP_STEPS.filter((step) => status.data[step]).length;
  const complete = setupComplete(status.data);

  const dismiss = () => {
    dismissSetup(me.tenant.id);
    void navigate({ to: "/customers" });
  };

  return (
    <>
      <PageHeader
        title={t("setup.title")}
        extra={
          <Button onClick={dismiss} data-testid="setup-dismiss">
            {complete ? t("setup.continue") : t("setup.dismiss")}
          </Button>
        }
      />
      <Card style={{ maxWidth: 720 }}>
        <Flex vertical gap={8} style={{ marginBottom: 16 }}>
          <Typography.Text>{complete ? t("setup.allDone") : t("setup.intro")}</Typography.Text>
          <Progress
            percent={Math.round((done / SETUP_STEPS.length) * 100)}
            format={() => t("setup.progress", { done, total: SETUP_STEPS.length })}
            data-testid="setup-progress"
          />
        </Flex>
        <List
          dataSource={[...SETUP_STEPS]}
          renderItem={(step) => {
            const ok = status.data[step];
            return (
              <List.Item
                data-testid={`setup-step-${step}`}
                data-done={ok ? "true" : "false"}
                actions={[
                  <Link key="go" to={SETUP_LINKS[step]} data-testid={`setup-go-${step}`}>
                    {ok ? t("setup.open") : t("setup.start")}
                  </Link>,
                ]}
              >
                <List.Item.Meta
                  avatar={
                    ok ? (
                      <CheckCircleFilled style={{ color: "#52c41a", fontSize: 20 }} />
                    ) : (
                      <ClockCircleOutlined style={{ color: "#bfbfbf", fontSize: 20 }} />
                    )
                  }
                  title={
                    <Flex gap={8} align="center" wrap>
                      {t(`setup.step.${step}.title`)}
                      {ok ? <Tag color="green">{t("setup.done")}</Tag> : null}
                    </Flex>
                  }
                  description={t(`setup.step.${step}.body`)}
                />
              </List.Item>
            );
          }}
        />
      </Card>
    </>
  );
}
