/** A campaign's status and channel as tags, the same on the list and the detail page. */
import { MailOutlined, MessageOutlined } from "@ant-design/icons";
import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { Campaign, Channel } from "./content";
import type { CampaignStatus } from "./search";

export const STATUS_COLORS: Record<CampaignStatus, string> = {
  draft: "default",
  pending_approval: "orange",
  scheduled: "blue",
  sending: "processing",
  paused: "gold",
  sent: "success",
  cancelled: "default",
};

export function CampaignStatusTag({ campaign }: { campaign: Pick<Campaign, "status"> }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[campaign.status]} data-testid="campaign-status" data-status={campaign.status}>
      {t(`campaigns.status.${campaign.status}`)}
    </Tag>
  );
}

export function ChannelTag({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  return (
    <Tag icon={channel === "email" ? <MailOutlined /> : <MessageOutlined />} data-testid="campaign-channel">
      {t(`campaigns.channel.${channel}`)}
    </Tag>
  );
}
