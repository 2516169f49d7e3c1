/** The saved campaign as a chosen customer receives it: her language (or one picked), her name,
 * points, tier and store in the templates. The HTML is shown in an iframe with `sandbox=""`
 * (no scripts, no forms, no navigation, a unique origin), so what a marketer pastes cannot act in
 * the app. The preview follows each saved version; `onSave` saves the form's changes first. */
import { ReloadOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Descriptions, Empty, Flex, Segmented, Spin, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CustomerSearchSelect, type PickedCustomer } from "../../components/CustomerSearchSelect";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useRender } from "./api";
import { type Campaign, CONTENT_LANGUAGES, type ContentLanguage } from "./content";

type LanguageChoice = "auto" | ContentLanguage;

export function RenderPreview({
  campaign,
  dirty = false,
  onSave,
  saving = false,
}: {
  campaign: Campaign | undefined;
  /** The form holds changes the saved version does not have. */
  dirty?: boolean;
  onSave?: () => void;
  saving?: boolean;
}) {
  const { t } = useTranslation();
  const [customer, setCustomer] = useState<PickedCustomer | null>(null);
  const [choice, setChoice] = useState<LanguageChoice>("auto");
  const language = choice === "auto" ? undefined : choice;
  const render = useRender(campaign, customer?.id, language);
  const r = render.data;

  let body: React.ReactNode;
  if (!campaign) body = <Empty description={t("campaigns.preview.saveFirst")} />;
  else if (!customer) body = <Empty description={t("campaigns.preview.chooseCustomer")} />;
  else if (render.isError) body = <ProblemAlert error={render.error} />;
  else if (!r) body = <Spin />;
  else if (campaign.channel === "sms")
    body = (
      <Flex vertical gap={8} data-testid="preview-result" data-language={r.language}>
        <Typography.Paragraph
          style={{ whiteSpace: "pre-wrap", background: "#f5f5f5", padding: 12, borderRadius: 8, margin: 0 }}
          data-testid="preview-text"
        >
          {r.text}
        </Typography.Paragraph>
        <Typography.Text type="secondary" data-testid="preview-sms-count">
          {t("campaigns.content.smsCount", { characters: r.sms_characters ?? 0, parts: r.sms_parts ?? 0 })}
        </Typography.Text>
      </Flex>
    );
  else
    body = (
      <Flex vertical gap={8} data-testid="preview-result" data-language={r.language}>
        <Descriptions
          size="small"
          column={1}
          items={[
            {
              key: "language",
              label: t("campaigns.preview.language"),
              children: t(`campaigns.languages.${r.language}`),
            },
            {
              key: "subject",
              label: t("campaigns.content.subject"),
              children: <span data-testid="preview-subject">{r.subject || "—"}</span>,
            },
          ]}
        />
        <iframe
          title={t("campaigns.preview.frameTitle")}
          sandbox=""
          srcDoc={r.html}
          data-testid="preview-frame"
          style={{
            width: "100%",
            height: 360,
            border: "1px solid #f0f0f0",
            borderRadius: 6,
            background: "#fff",
          }}
        />
        {r.text ? (
          <Typography.Paragraph
            type="secondary"
            style={{ whiteSpace: "pre-wrap", margin: 0 }}
            ellipsis={{ rows: 3, expandable: "collapsible" }}
            data-testid="preview-text"
          >
            {r.text}
          </Typography.Paragraph>
        ) : null}
      </Flex>
    );

  return (
    <Card size="small" title={t("campaigns.preview.title")} data-testid="campaign-preview">
      <Flex vertical gap={12}>
        <Flex wrap gap={8} align="center">
          <CustomerSearchSelect
            value={customer}
            onChange={setCustomer}
            placeholder={t("campaigns.preview.customer")}
            testId="preview-customer"
          />
          <Segmented<LanguageChoice>
            value={choice}
            onChange={setChoice}
            options={[
              { value: "auto", label: t("campaigns.preview.herLanguage") },
              ...CONTENT_LANGUAGES.map((l) => ({ value: l, label: t(`campaigns.languages.${l}`) })),
            ]}
            data-testid="preview-language"
          />
          {onSave ? (
            <Button icon={<ReloadOutlined />} onClick={onSave} loading={saving} data-testid="preview-refresh">
              {t("campaigns.preview.saveAndRefresh")}
            </Button>
          ) : null}
          {render.isFetching && r ? <Spin size="small" /> : null}
        </Flex>
        {dirty && campaign ? (
          <Alert type="info" showIcon title={t("campaigns.preview.unsaved")} data-testid="preview-unsaved" />
        ) : null}
        {body}
      </Flex>
    </Card>
  );
}
