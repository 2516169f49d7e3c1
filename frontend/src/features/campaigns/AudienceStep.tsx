/** The wizard's first step: the campaign's name and channel (fixed once the draft exists: the API
 * changes neither), the segments it goes to and the ones it leaves out, the stores for staff of
 * the whole chain, and how many customers the saved draft reaches now. */
import { ReloadOutlined } from "@ant-design/icons";
import { Button, Card, Col, Flex, Form, Input, Radio, Row, Select, Statistic, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useCan } from "../../lib/auth/me";
import { useStoreOptions } from "../../lib/stores";
import { useFormat } from "../../lib/useFormat";
import { useAudience, useSegmentOptions } from "./api";
import { type Campaign, CHANNELS } from "./content";

function SegmentSelect({
  testId,
  ...props
}: {
  testId: string;
  value?: string[];
  onChange?: (v: string[]) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const segments = useSegmentOptions();
  return (
    <Select<string[]>
      {...props}
      mode="multiple"
      allowClear
      loading={segments.isLoading}
      options={(segments.data ?? []).map((s) => ({
        value: s.value,
        label: t("campaigns.audience.segmentOption", {
          name: s.name,
          members: s.members.toLocaleString(fmt.locale),
        }),
      }))}
      showSearch={{ optionFilterProp: "label" }}
      placeholder={t("campaigns.audience.chooseSegments")}
      notFoundContent={segments.data?.length === 0 ? t("campaigns.audience.noSegments") : undefined}
      data-testid={testId}
    />
  );
}

function AudienceCount({
  campaign,
  onSave,
  saving,
}: {
  campaign?: Campaign;
  onSave: () => void;
  saving: boolean;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const audience = useAudience(campaign);
  const count = audience.data?.customers;
  return (
    <Card size="small" title={t("campaigns.audience.countTitle")} data-testid="campaign-audience">
      <Flex vertical gap={8}>
        {campaign ? (
          <div
            data-testid="campaign-audience-count"
            data-count={count !== undefined && !audience.isFetching ? count : undefined}
          >
            <Statistic
              value={count ?? 0}
              formatter={(v) => Number(v).toLocaleString(fmt.locale)}
              suffix={t("campaigns.audience.customers")}
              loading={audience.isLoading}
            />
          </div>
        ) : (
          <Typography.Text type="secondary">{t("campaigns.audience.countAfterSave")}</Typography.Text>
        )}
        {audience.data ? (
          <Typography.Text type="secondary">
            {t("campaigns.audience.computedAt", { time: fmt.dateTime(audience.data.computed_at) })}
          </Typography.Text>
        ) : null}
        <Typography.Text type="secondary">{t("campaigns.audience.countHelp")}</Typography.Text>
        <Button
          icon={<ReloadOutlined />}
          onClick={onSave}
          loading={saving}
          data-testid="campaign-audience-save"
        >
          {t("campaigns.audience.saveAndCount")}
        </Button>
      </Flex>
    </Card>
  );
}

export function AudienceStep({
  campaign,
  choosesStores,
  onSave,
  saving,
}: {
  campaign?: Campaign;
  choosesStores: boolean;
  onSave: () => void;
  saving: boolean;
}) {
  const { t } = useTranslation();
  const stores = useStoreOptions(useCan("stores:read") && choosesStores);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={15}>
        <Card size="small">
          <Form.Item
            name="name"
            label={t("campaigns.fields.name")}
            rules={[{ required: true, whitespace: true, message: t("campaigns.audience.nameRequired") }]}
          >
            <Input
              maxLength={120}
              placeholder={t("campaigns.audience.namePlaceholder")}
              data-testid="campaign-name"
            />
          </Form.Item>
          <Form.Item
            name="channel"
            label={t("campaigns.fields.channel")}
            extra={campaign ? t("campaigns.audience.channelFixed") : t("campaigns.audience.channelHelp")}
          >
            <Radio.Group disabled={Boolean(campaign)} data-testid="campaign-channel-choice">
              {CHANNELS.map((c) => (
                <Radio.Button key={c} value={c} data-testid={`campaign-channel-${c}`}>
                  {t(`campaigns.channel.${c}`)}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item
            name="include_segment_ids"
            label={t("campaigns.fields.include")}
            extra={t("campaigns.audience.includeHelp")}
          >
            <SegmentSelect testId="campaign-include" />
          </Form.Item>
          <Form.Item
            name="exclude_segment_ids"
            label={t("campaigns.fields.exclude")}
            extra={t("campaigns.audience.excludeHelp")}
          >
            <SegmentSelect testId="campaign-exclude" />
          </Form.Item>
          {choosesStores ? (
            <Form.Item
              name="store_ids"
              label={t("campaigns.fields.stores")}
              extra={t("campaigns.audience.storesHelp")}
            >
              <Select<string[]>
                mode="multiple"
                allowClear
                options={stores.data ?? []}
                loading={stores.isLoading}
                showSearch={{ optionFilterProp: "label" }}
                placeholder={t("campaigns.audience.storesAll")}
                data-testid="campaign-stores"
              />
            </Form.Item>
          ) : (
            <Typography.Paragraph type="secondary">{t("campaigns.audience.storesOwn")}</Typography.Paragraph>
          )}
        </Card>
      </Col>
      <Col xs={24} xl={9}>
        <AudienceCount campaign={campaign} onSave={onSave} saving={saving} />
      </Col>
    </Row>
  );
}
