/** The wizard's second step: the message in Chinese and English (the tenant's language is needed
 * to send; a language left empty is not sent, and its customers get the other one), the
 * placeholders it may use, and the live preview for a chosen customer beside it. */
import { Badge, Card, Col, Flex, Form, Row, Tabs, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth/me";
import { ChannelTag } from "./CampaignTags";
import { type Campaign, CONTENT_LANGUAGES, type ContentLanguage, type WizardForm } from "./content";
import { MessageEditor } from "./MessageEditor";
import { Placeholders } from "./Placeholders";
import { RenderPreview } from "./RenderPreview";

/** Does the form show an error on any of this language's fields? */
function useLanguageHasErrors(lang: ContentLanguage): boolean {
  const form = Form.useFormInstance<WizardForm>();
  return (["subject", "html", "text"] as const).some(
    (p) => form.getFieldError(["content", lang, p]).length > 0,
  );
}

function TabLabel({
  lang,
  required,
  missing,
}: {
  lang: ContentLanguage;
  required: boolean;
  missing: boolean;
}) {
  const { t } = useTranslation();
  const errors = useLanguageHasErrors(lang);
  return (
    <Badge dot={errors || missing} offset={[6, 0]}>
      <span data-testid={`content-tab-${lang}`}>
        {t(`campaigns.languages.${lang}`)}{" "}
        <Tag color={required ? "blue" : "default"} style={{ marginInlineEnd: 0 }}>
          {t(required ? "campaigns.content.required" : "campaigns.content.optional")}
        </Tag>
      </span>
    </Badge>
  );
}

export function ContentStep({
  campaign,
  dirty,
  languageErrors,
  onSave,
  saving,
}: {
  campaign: Campaign | undefined;
  dirty: boolean;
  languageErrors: Partial<Record<ContentLanguage, string[]>>;
  onSave: () => void;
  saving: boolean;
}) {
  const { t } = useTranslation();
  const tenantLanguage = useMe().data?.tenant.locale ?? "zh-CN";
  const channel = Form.useWatch("channel") ?? campaign?.channel ?? "email";
  // Re-render on every change, so a tab's error dot follows its fields.
  Form.useWatch("content");
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <Card
          size="small"
          title={
            <Flex gap={8} align="center">
              {t("campaigns.steps.content")}
              <ChannelTag channel={channel} />
            </Flex>
          }
        >
          <Flex vertical gap={12}>
            <Placeholders />
            <Tabs
              items={CONTENT_LANGUAGES.map((lang) => ({
                key: lang,
                label: (
                  <TabLabel
                    lang={lang}
                    required={lang === tenantLanguage}
                    missing={Boolean(languageErrors[lang])}
                  />
                ),
                forceRender: true,
                children: <MessageEditor lang={lang} channel={channel} missing={languageErrors[lang]} />,
              }))}
            />
          </Flex>
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <div style={{ position: "sticky", top: 16 }}>
          <RenderPreview campaign={campaign} dirty={dirty} onSave={onSave} saving={saving} />
        </div>
      </Col>
    </Row>
  );
}
