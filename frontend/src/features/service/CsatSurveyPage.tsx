import { getRouteApi } from "@tanstack/react-router";
import { Button, Card, Flex, Input, Layout, Rate, Result, Skeleton, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { LanguageSwitch } from "../../components/LanguageSwitch";
import { ProblemAlert } from "../../components/ProblemAlert";
import { toProblem } from "../../lib/api/problem";
import { useAnswerSurvey, useSurvey } from "./api";

const route = getRouteApi("/csat/$token");

/** Public, no login: the satisfaction survey a customer opens from the email link. */
export function CsatSurveyPage() {
  const { t } = useTranslation();
  const { token } = route.useParams();
  const survey = useSurvey(token);
  const answer = useAnswerSurvey(token);
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState("");
  const notFound = survey.isError && toProblem(survey.error).status === 404;
  const s = survey.data;

  return (
    <Layout style={{ minHeight: "100vh", background: "#f5f5f5" }}>
      <Layout.Header
        style={{ background: "#fff", display: "flex", justifyContent: "space-between", alignItems: "center" }}
      >
        <Typography.Text strong>{s?.tenant_name ?? t("csat.title")}</Typography.Text>
        <LanguageSwitch />
      </Layout.Header>
      <Layout.Content style={{ padding: 24, maxWidth: 560, margin: "0 auto", width: "100%" }}>
        {survey.isError ? (
          <Result
            status={notFound ? "404" : "error"}
            title={notFound ? t("csat.notFound") : t("problem.title")}
          />
        ) : !s ? (
          <Skeleton active />
        ) : s.answered ? (
          <Result
            status="success"
            title={t("csat.thanks")}
            subTitle={s.score ? t("csat.yourScore", { score: s.score }) : undefined}
            data-testid="csat-thanks"
          />
        ) : (
          <Card>
            <Flex vertical gap={16}>
              <Typography.Title level={4} style={{ margin: 0 }}>
                {t("csat.question")}
              </Typography.Title>
              <Typography.Text type="secondary" data-testid="csat-ticket">
                {s.ticket_number} · {s.subject}
              </Typography.Text>
              <Rate value={score} onChange={setScore} style={{ fontSize: 32 }} aria-label={t("csat.score")} />
              <Flex gap={8} wrap>
                {[1, 2, 3, 4, 5].map((n) => (
                  <Button
                    key={n}
                    size="small"
                    type={score === n ? "primary" : "default"}
                    onClick={() => setScore(n)}
                    data-testid={`csat-score-${n}`}
                  >
                    {t(`csat.scores.${n}`)}
                  </Button>
                ))}
              </Flex>
              <Input.TextArea
                rows={3}
                maxLength={2000}
                value={comment}
                onChange={(e) => setComment(e.target.value)}
                placeholder={t("csat.commentPlaceholder")}
                aria-label={t("csat.comment")}
                data-testid="csat-comment"
              />
              <ProblemAlert error={answer.error} />
              <Button
                type="primary"
                disabled={score < 1}
                loading={answer.isPending}
                onClick={() => answer.mutate({ score, comment })}
                data-testid="csat-submit"
              >
                {t("csat.submit")}
              </Button>
            </Flex>
          </Card>
        )}
      </Layout.Content>
    </Layout>
  );
}
