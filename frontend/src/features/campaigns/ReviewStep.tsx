/** The wizard's last step: the campaign in words as it will be sent — audience, content per
 * language, coupon, control group, cost and when — then "schedule" (to approval first when the
 * tenant asks for it). Without campaigns:send the draft stays saved for someone who may send. */
import { SendOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Descriptions, Flex, Form, Typography } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useCan } from "../../lib/auth/me";
import { useStoreOptions } from "../../lib/stores";
import { useFormat } from "../../lib/useFormat";
import { useAudience, useMarketingSettings, useSegmentOptions } from "./api";
import { ChannelTag } from "./CampaignTags";
import { type Campaign, CONTENT_LANGUAGES, contentBody, type WizardForm } from "./content";

function useNames() {
  const segments = useSegmentOptions();
  const stores = useStoreOptions(useCan("stores:read"));
  return useMemo(
    () => ({
      segment: new Map((segments.data ?? []).map((s) => [s.value, s.name])),
      store: new Map((stores.data ?? []).map((s) => [s.value, s.label])),
    }),
    [segments.data, stores.data],
  );
}

export function ReviewStep({
  campaign,
  onSchedule,
  scheduling,
}: {
  campaign: Campaign | undefined;
  onSchedule: () => void;
  scheduling: boolean;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const form = Form.useFormInstance<WizardForm>();
  Form.useWatch([], form);
  const v = form.getFieldsValue(true);
  const names = useNames();
  const audience = useAudience(campaign);
  const settings = useMarketingSettings();
  const canSend = useCan("campaigns:send") && (campaign?.allowed_actions.includes("schedule") ?? true);
  const list = (ids: string[] | undefined, map: Map<string, string>) =>
    ids?.length ? ids.map((id) => map.get(id) ?? "—").join(t("campaigns.listSeparator")) : null;
  const content = contentBody(v.content, v.channel);
  const approval = settings.data?.settings.require_approval ?? false;

  return (
    <Flex vertical gap={16}>
      <Card size="small" title={t("campaigns.review.title")} data-testid="review-summary">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: "name", label: t("campaigns.fields.name"), children: v.name },
            {
              key: "channel",
              label: t("campaigns.fields.channel"),
              children: <ChannelTag channel={v.channel} />,
            },
            {
              key: "include",
              label: t("campaigns.fields.include"),
              children: list(v.include_segment_ids, names.segment) ?? (
                <Typography.Text type="danger">{t("campaigns.review.noSegment")}</Typography.Text>
              ),
            },
            {
              key: "exclude",
              label: t("campaigns.fields.exclude"),
              children: list(v.exclude_segment_ids, names.segment) ?? t("campaigns.review.none"),
            },
            {
              key: "stores",
              label: t("campaigns.fields.stores"),
              children: list(v.store_ids, names.store) ?? t("campaigns.audience.storesAll"),
            },
            {
              key: "audience",
              label: t("campaigns.review.audience"),
              children: (
                <span data-testid="review-audience">
                  {audience.data
                    ? t("campaigns.review.customers", {
                        formatted: audience.data.customers.toLocaleString(fmt.locale),
                      })
                    : "—"}
                </span>
              ),
            },
            ...CONTENT_LANGUAGES.map((lang) => {
              const m = content[lang];
              return {
                key: `content-${lang}`,
                label: t(`campaigns.languages.${lang}`),
                children: m
                  ? v.channel === "email"
                    ? m.subject || t("campaigns.review.noSubject")
                    : m.text
                  : t("campaigns.review.notWritten"),
              };
            }),
            {
              key: "coupon",
              label: t("campaigns.fields.coupon"),
              children: v.coupon_code || t("campaigns.review.none"),
            },
            {
              key: "control",
              label: t("campaigns.fields.control"),
              children: t("campaigns.review.controlValue", { percent: v.control_percent ?? 0 }),
            },
            { key: "cost", label: t("campaigns.fields.cost"), children: fmt.money(v.cost || "0") },
            {
              key: "when",
              label: t("campaigns.send.when"),
              children:
                v.when === "later" && v.scheduled_at
                  ? t("campaigns.review.at", {
                      time: v.scheduled_at.format("YYYY-MM-DD HH:mm"),
                      zone: fmt.timeZone ?? "",
                    })
                  : t("campaigns.send.now"),
            },
          ]}
        />
      </Card>
      {approval ? <Alert type="info" showIcon title={t("campaigns.send.needsApproval")} /> : null}
      {canSend ? (
        <Flex>
          <Button
            type="primary"
            size="large"
            icon={<SendOutlined />}
            onClick={onSchedule}
            loading={scheduling}
            data-testid="campaign-schedule"
          >
            {t(
              approval
                ? "campaigns.review.submit"
                : v.when === "later"
                  ? "campaigns.review.schedule"
                  : "campaigns.review.sendNow",
            )}
          </Button>
        </Flex>
      ) : (
        <Alert
          type="warning"
          showIcon
          title={t("campaigns.review.cannotSend")}
          data-testid="review-cannot-send"
        />
      )}
    </Flex>
  );
}
