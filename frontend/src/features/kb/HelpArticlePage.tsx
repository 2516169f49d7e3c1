import { ArrowLeftOutlined } from "@ant-design/icons";
import { getRouteApi, Link } from "@tanstack/react-router";
import { Card, Result, Segmented, Skeleton, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { toProblem } from "../../lib/api/problem";
import { useFormat } from "../../lib/useFormat";
import { usePublicArticle } from "./api";
import { HelpLayout } from "./HelpLayout";
import { Markdown } from "./Markdown";

const route = getRouteApi("/help/$tenant/$article");
type Lang = "zh" | "en";

/** Public, no login: one published article, in the reader's language when it exists. */
export function HelpArticlePage() {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const { tenant, article: ref } = route.useParams();
  const article = usePublicArticle(tenant, ref);
  const [chosen, setChosen] = useState<Lang | null>(null);
  const notFound = article.isError && toProblem(article.error).status === 404;
  const a = article.data;
  const languages: Lang[] = a ? (["zh", "en"] as const).filter((l) => a[`title_${l}`]) : [];
  const preferred: Lang = i18n.language === "en" ? "en" : "zh";
  const lang: Lang =
    chosen && languages.includes(chosen)
      ? chosen
      : languages.includes(preferred)
        ? preferred
        : (languages[0] ?? "zh");

  return (
    <HelpLayout title={a ? `${a.tenant_name} · ${t("help.title")}` : t("help.title")}>
      <Link to="/help/$tenant" params={{ tenant }} search={{}} data-testid="help-back">
        <ArrowLeftOutlined /> {t("help.back")}
      </Link>
      <Card style={{ marginTop: 12 }}>
        {article.isError ? (
          <Result
            status={notFound ? "404" : "error"}
            title={notFound ? t("help.articleNotFound") : t("problem.title")}
          />
        ) : !a ? (
          <Skeleton active />
        ) : (
          <article>
            {languages.length > 1 ? (
              <Segmented<Lang>
                value={lang}
                onChange={setChosen}
                options={[
                  { value: "zh", label: "中文" },
                  { value: "en", label: "English" },
                ]}
                style={{ float: "right" }}
              />
            ) : null}
            <Typography.Title level={2} data-testid="help-article-title">
              {a[`title_${lang}`]}
            </Typography.Title>
            <div data-testid="help-article-tags" style={{ marginBottom: 16 }}>
              <Space size={4} wrap>
                {a.category ? <Tag color="blue">{a.category}</Tag> : null}
                {a.tags.map((x) => (
                  <Tag key={x}>{x}</Tag>
                ))}
                <Typography.Text type="secondary">
                  {t("help.updated")} {fmt.dateTime(a.updated_at)}
                </Typography.Text>
              </Space>
            </div>
            <Markdown source={a[`body_${lang}`]} testId="help-article-body" />
          </article>
        )}
      </Card>
    </HelpLayout>
  );
}
