/** One language's content: for email the subject, the HTML body and the plain-text part; for SMS
 * the text, with its length and parts counted as it is typed (the opt-out line included). */
import { Alert, Flex, Form, Input, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { Channel, ContentLanguage } from "./content";
import { SMS_OPT_OUT, smsCount, smsText } from "./sms";

function SmsCounter({ lang }: { lang: ContentLanguage }) {
  const { t } = useTranslation();
  const text: string | undefined = Form.useWatch(["content", lang, "text"]);
  const count = smsCount(smsText(text ?? "", lang));
  return (
    <Typography.Text
      type={count.parts > 1 ? "warning" : "secondary"}
      data-testid={`sms-count-${lang}`}
      data-characters={count.characters}
      data-parts={count.parts}
    >
      {t("campaigns.content.smsTemplateCount", { characters: count.characters, parts: count.parts })}
      {" · "}
      {t(count.wide ? "campaigns.content.smsWide" : "campaigns.content.smsNarrow")}
    </Typography.Text>
  );
}

export function MessageEditor({
  lang,
  channel,
  missing,
}: {
  lang: ContentLanguage;
  channel: Channel;
  /** The server's word that the whole language is missing (the tenant's language is required). */
  missing?: string[];
}) {
  const { t } = useTranslation();
  const name = (part: "subject" | "html" | "text") => ["content", lang, part];
  return (
    <Flex vertical gap={0}>
      {missing?.length ? (
        <Alert
          type="error"
          showIcon
          title={missing.join(" ")}
          style={{ marginBottom: 12 }}
          data-testid={`content-missing-${lang}`}
        />
      ) : null}
      {channel === "email" ? (
        <>
          <Form.Item name={name("subject")} label={t("campaigns.content.subject")}>
            <Input maxLength={200} data-testid={`content-subject-${lang}`} />
          </Form.Item>
          <Form.Item
            name={name("html")}
            label={t("campaigns.content.html")}
            extra={t("campaigns.content.htmlHelp")}
          >
            <Input.TextArea
              autoSize={{ minRows: 8, maxRows: 24 }}
              spellCheck={false}
              style={{ fontFamily: "monospace" }}
              data-testid={`content-html-${lang}`}
            />
          </Form.Item>
          <Form.Item
            name={name("text")}
            label={t("campaigns.content.text")}
            extra={t("campaigns.content.textHelp")}
          >
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} data-testid={`content-text-${lang}`} />
          </Form.Item>
        </>
      ) : (
        <Form.Item
          name={name("text")}
          label={t("campaigns.content.sms")}
          extra={
            <Flex vertical>
              <SmsCounter lang={lang} />
              <span>{t("campaigns.content.smsOptOut", { line: SMS_OPT_OUT[lang] })}</span>
            </Flex>
          }
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} data-testid={`content-text-${lang}`} />
        </Form.Item>
      )}
    </Flex>
  );
}
