import { ExportOutlined } from "@ant-design/icons";
import { useNavigate, useParams } from "@tanstack/react-router";
import { Button, Card, Col, Flex, Form, Input, Row, Select, Skeleton, Tabs, Tag, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ArticleLinkPicker } from "../../components/ArticleLinkPicker";
import { articleTitle, articleUrl, markdownLink } from "../../components/articleLink";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState, ProblemAlert } from "../../components/ProblemAlert";
import { toneProps } from "../../lib/actions";
import { useCan, useMe } from "../../lib/auth/me";
import { useServerErrors } from "../../lib/forms";
import { type Article, type ArticleCreate, fetchArticle } from "./api";
import {
  type ArticleAction,
  articleActionSpec,
  articleBarActions,
  moveValues,
  useArticleAction,
  useSaveArticle,
} from "./articleActions";
import { STATUS_COLORS } from "./labels";
import { Markdown } from "./Markdown";

interface FormValues {
  title_zh: string;
  title_en: string;
  body_zh: string;
  body_en: string;
  category: string;
  tags: string[];
  slug: string;
}

const FIELDS = ["title_zh", "title_en", "body_zh", "body_en", "category", "tags", "slug"];
type Lang = "zh" | "en";

function values(a?: Article): FormValues {
  return {
    title_zh: a?.title_zh ?? "",
    title_en: a?.title_en ?? "",
    body_zh: a?.body_zh ?? "",
    body_en: a?.body_en ?? "",
    category: a?.category ?? "",
    tags: a?.tags ?? [],
    slug: a?.slug ?? "",
  };
}

function body(v: FormValues): ArticleCreate {
  return {
    title_zh: v.title_zh,
    title_en: v.title_en,
    body_zh: v.body_zh,
    body_en: v.body_en,
    category: v.category,
    tags: v.tags,
    slug: v.slug.trim() || null,
  };
}

/** One language: title, Markdown body and its live preview side by side. */
function LanguagePane({ lang, readOnly }: { lang: Lang; readOnly: boolean }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<FormValues>();
  const source = Form.useWatch(`body_${lang}`, form) ?? "";
  const insert = (link: { title: string; url: string }) => {
    const current: string = form.getFieldValue(`body_${lang}`) ?? "";
    form.setFieldValue(
      `body_${lang}`,
      `${current}${current && !current.endsWith("\n") ? "\n" : ""}${markdownLink(link)}`,
    );
  };
  return (
    <>
      <Form.Item name={`title_${lang}`} label={t("kb.fields.title")}>
        <Input data-testid={`kb-title-${lang}`} maxLength={200} disabled={readOnly} />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Form.Item name={`body_${lang}`} label={t("kb.fields.body")} extra={t("kb.markdownHint")}>
            <Input.TextArea data-testid={`kb-body-${lang}`} autoSize={{ minRows: 12 }} disabled={readOnly} />
          </Form.Item>
          {readOnly ? null : <ArticleLinkPicker onPick={insert} label={t("kb.insertLink")} />}
        </Col>
        <Col xs={24} lg={12}>
          <Typography.Text type="secondary">{t("kb.preview")}</Typography.Text>
          <Card size="small" style={{ marginTop: 8, minHeight: 120 }}>
            <Markdown source={source} testId={`kb-preview-${lang}`} />
          </Card>
        </Col>
      </Row>
    </>
  );
}

/** Create (route /kb/new) or edit (/kb/$id) an article; edits send If-Match with the ETag. */
export function KbArticleEditorPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const params = useParams({ strict: false });
  const id = params.id;
  const { data: me } = useMe();
  const canManage = useCan("kb:manage");
  const [form] = Form.useForm<FormValues>();
  const [article, setArticle] = useState<Article | undefined>();
  const [etag, setEtag] = useState<string | undefined>();
  const [loadError, setLoadError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const save = useSaveArticle();
  const action = useArticleAction();
  const server = useServerErrors(form, FIELDS);

  useEffect(() => {
    setLoadError(null);
    if (!id) {
      setArticle(undefined);
      form.setFieldsValue(values());
      return;
    }
    fetchArticle(id)
      .then(({ article, etag }) => {
        setArticle(article);
        setEtag(etag);
        form.setFieldsValue(values(article));
      })
      .catch(setLoadError);
  }, [id, form]);

  const loaded = (a: Article) => {
    setArticle(a);
    setEtag(`"${a.version}"`);
    form.setFieldsValue(values(a));
  };

  const onSave = async (v: FormValues) => {
    server.reset();
    setSaved(false);
    try {
      const result = await save.mutateAsync({ id, etag, body: body(v) });
      if (!id) {
        await navigate({ to: "/kb/$id", params: { id: result.id }, replace: true });
        return;
      }
      loaded(result);
      setSaved(true);
    } catch (err) {
      server.handle(err);
    }
  };

  const onAction = async (name: ArticleAction) => {
    if (!article) return;
    setSaved(false);
    loaded(await action.mutateAsync({ id: article.id, action: name, values: moveValues(article) }));
  };

  if (loadError) return <ErrorState error={loadError} />;
  if (id && !article) return <Skeleton active />;
  const readOnly = !canManage || article?.status === "archived";
  const publicUrl =
    article?.status === "published" && me
      ? articleUrl(window.location.origin, me.tenant.slug, article)
      : null;

  return (
    <>
      <PageHeader
        title={
          <Flex align="center" gap={8}>
            <span data-testid="kb-editor-title">
              {article ? `#${article.number} ${articleTitle(article, i18n.language)}` : t("kb.new")}
            </span>
            {article ? (
              <Tag
                color={STATUS_COLORS[article.status]}
                data-testid="kb-editor-status"
                data-status={article.status}
              >
                {t(`kb.status.${article.status}`)}
              </Tag>
            ) : null}
          </Flex>
        }
        extra={
          <>
            {publicUrl ? (
              <a href={publicUrl} target="_blank" rel="noopener noreferrer" data-testid="kb-public-link">
                <Button icon={<ExportOutlined />}>{t("kb.openPublic")}</Button>
              </a>
            ) : null}
            {article && canManage
              ? articleBarActions(article).map((a) => (
                  <Button
                    key={a}
                    loading={action.isPending && action.variables?.action === a}
                    onClick={() => void onAction(a).catch(() => undefined)}
                    data-testid={`kb-${a}`}
                    {...toneProps(articleActionSpec(a).tone)}
                  >
                    {t(articleActionSpec(a).label)}
                  </Button>
                ))
              : null}
          </>
        }
      />
      <ProblemAlert error={action.error ?? server.error} />
      {saved ? (
        <Typography.Text type="success" data-testid="kb-saved">
          {t("common.saved")}
        </Typography.Text>
      ) : null}
      <Form<FormValues> form={form} layout="vertical" onFinish={(v) => void onSave(v)} disabled={readOnly}>
        <Tabs
          items={[
            {
              key: "zh",
              label: "简体中文",
              children: <LanguagePane lang="zh" readOnly={readOnly} />,
              forceRender: true,
            },
            {
              key: "en",
              label: "English",
              children: <LanguagePane lang="en" readOnly={readOnly} />,
              forceRender: true,
            },
          ]}
        />
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="category" label={t("kb.fields.category")}>
              <Input data-testid="kb-category" maxLength={60} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="tags" label={t("kb.fields.tags")}>
              <Select mode="tags" data-testid="kb-tags" tokenSeparators={[",", "，"]} open={false} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="slug" label={t("kb.fields.slug")} extra={t("kb.slugHint")}>
              <Input data-testid="kb-slug" maxLength={80} />
            </Form.Item>
          </Col>
        </Row>
        {readOnly ? null : (
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="kb-save">
            {t("common.save")}
          </Button>
        )}
      </Form>
    </>
  );
}
