import {
  CustomerServiceOutlined,
  EnvironmentOutlined,
  FileTextOutlined,
  GiftOutlined,
  MessageOutlined,
  NotificationOutlined,
  PhoneOutlined,
  ShoppingOutlined,
  UserOutlined,
} from "@ant-design/icons";
import { Link } from "@tanstack/react-router";
import { App, Button, Card, Collapse, Empty, Flex, Segmented, Skeleton, Timeline, Typography } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ActorName } from "../../components/ActorName";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useCan, useMe } from "../../lib/auth/me";
import { useFormat } from "../../lib/useFormat";
import { ActivityActions } from "./ActivityActions";
import { ActivityForm, activityBody } from "./ActivityForm";
import { useCustomerTimeline, useLogActivity } from "./api";
import {
  activityKindOf,
  isCampaignMoment,
  isOwnActivity,
  linkOf,
  type MomentLink,
  sentenceOf,
  splitOnLabel,
  TIMELINE_FILTERS,
  type TimelineFilter,
  type TimelineItem,
} from "./timeline";

const SUBJECT_COLORS: Record<TimelineItem["subject_type"], string> = {
  order: "blue",
  ticket: "orange",
  activity: "green",
  customer: "gray",
  loyalty: "gold",
  campaign: "magenta",
};

/** The moment's dot: campaign touches (their subject is not in the contract's list) in purple. */
function colorOf(item: TimelineItem): string {
  return isCampaignMoment(item) ? "purple" : SUBJECT_COLORS[item.subject_type];
}

function iconOf(item: TimelineItem): ReactNode {
  if (isCampaignMoment(item)) return <NotificationOutlined />;
  switch (activityKindOf(item)) {
    case "call":
      return <PhoneOutlined />;
    case "visit":
      return <EnvironmentOutlined />;
    case "message":
      return <MessageOutlined />;
    case "note":
      return <FileTextOutlined />;
    default:
      break;
  }
  if (item.subject_type === "order") return <ShoppingOutlined />;
  if (item.subject_type === "ticket") return <CustomerServiceOutlined />;
  if (item.subject_type === "customer") return <UserOutlined />;
  if (item.subject_type === "loyalty") return <GiftOutlined />;
  return <FileTextOutlined />;
}

/** A link to the page a moment is about. */
function ToMoment({ link, children }: { link: MomentLink; children: ReactNode }) {
  if (link.to === "/campaigns/$campaignId")
    return (
      <Link to={link.to} params={{ campaignId: link.id }} data-testid="timeline-link">
        {children}
      </Link>
    );
  return (
    <Link to={link.to} params={{ id: link.id }} data-testid="timeline-link">
      {children}
    </Link>
  );
}

/** One moment: the sentence (a link to its order, ticket or campaign), who and when, and the note. */
function Moment({ item, customerId, own }: { item: TimelineItem; customerId: string; own: boolean }) {
  const { t, i18n } = useTranslation();
  const canSeeCampaigns = useCan("campaigns:read");
  const fmt = useFormat();
  const sentence = sentenceOf(item, {
    money: (amount) => fmt.money(amount),
    method: (method) =>
      i18n.exists(`orders.paymentMethod.${method}`) ? t(`orders.paymentMethod.${method}`) : method,
    field: (key) => t(key),
    list: (words) => new Intl.ListFormat(fmt.locale, { type: "conjunction", style: "narrow" }).format(words),
    lang: i18n.language,
    channel: (channel) =>
      i18n.exists(`timeline.channel.${channel}`) ? t(`timeline.channel.${channel}`) : channel,
  });
  const text = t(sentence.key, sentence.values);
  const link = linkOf(item, canSeeCampaigns);
  const parts = link ? splitOnLabel(text, item.subject_label) : null;
  return (
    <div data-testid="timeline-item" data-kind={item.kind}>
      <Flex justify="space-between" align="flex-start" gap={8} wrap>
        <Typography.Text
          strong
          data-testid="timeline-sentence"
          style={{ minWidth: 0, overflowWrap: "anywhere" }}
        >
          {link && parts ? (
            <>
              {parts[0]}
              <ToMoment link={link}>{parts[1]}</ToMoment>
              {parts[2]}
            </>
          ) : link ? (
            <ToMoment link={link}>{text}</ToMoment>
          ) : (
            text
          )}
        </Typography.Text>
        {own ? <ActivityActions customerId={customerId} activityId={item.subject_id} /> : null}
      </Flex>
      <div>
        <Typography.Text type="secondary">
          {fmt.dateTime(item.occurred_at)} · <ActorName name={item.actor_name} label={item.actor_label} />
        </Typography.Text>
      </div>
      {item.note ? (
        <Typography.Paragraph
          style={{ whiteSpace: "pre-wrap", marginBottom: 0 }}
          ellipsis={{ rows: 4, expandable: "collapsible" }}
          data-testid="timeline-note"
        >
          {item.note}
        </Typography.Paragraph>
      ) : null}
    </div>
  );
}

/**
 * Everything that happened with her, newest first: orders, tickets, activities and profile
 * changes, filtered by what they are about, a page at a time. Staff who may update her log a
 * call, visit, message or note here, and it shows at once.
 */
export function CustomerTimeline({
  customerId,
  filter,
  onFilter,
  canLog,
}: {
  customerId: string;
  filter: TimelineFilter;
  onFilter: (filter: TimelineFilter) => void;
  canLog: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const query = useCustomerTimeline(customerId, filter);
  const log = useLogActivity(customerId);
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const userId = me.data?.user.id;

  return (
    <Card title={t("timeline.title")} data-testid="customer-timeline" styles={{ body: { paddingTop: 12 } }}>
      {canLog ? (
        <Collapse
          size="small"
          style={{ marginBottom: 16 }}
          defaultActiveKey={["log"]}
          items={[
            {
              key: "log",
              label: t("timeline.log.title"),
              children: (
                <ActivityForm
                  submitting={log.isPending}
                  error={log.error}
                  submitLabel={t("timeline.log.submit")}
                  testId="activity-form"
                  onSubmit={(values) =>
                    log.mutateAsync(activityBody(values)).then(() => {
                      message.success(t("timeline.log.logged"));
                      // What was just logged is in view, whatever was filtered before.
                      if (filter !== "all" && filter !== "activity") onFilter("all");
                    })
                  }
                />
              ),
            },
          ]}
        />
      ) : null}
      <div style={{ overflowX: "auto", marginBottom: 16 }}>
        <Segmented<TimelineFilter>
          value={filter}
          onChange={onFilter}
          options={TIMELINE_FILTERS.map((f) => ({ value: f, label: t(`timeline.filter.${f}`) }))}
          data-testid="timeline-filter"
        />
      </div>
      {query.isPending ? <Skeleton active /> : null}
      {query.isError ? <ProblemAlert error={query.error} /> : null}
      {query.isSuccess && items.length === 0 ? (
        <Empty description={filter === "all" ? t("timeline.empty") : t("timeline.emptyFiltered")} />
      ) : null}
      {items.length ? (
        <Timeline
          data-testid="timeline-items"
          items={items.map((item) => ({
            key: item.id,
            color: colorOf(item),
            icon: iconOf(item),
            content: <Moment item={item} customerId={customerId} own={isOwnActivity(item, userId)} />,
          }))}
        />
      ) : null}
      {query.hasNextPage ? (
        <Flex justify="center">
          <Button
            onClick={() => void query.fetchNextPage()}
            loading={query.isFetchingNextPage}
            data-testid="timeline-more"
          >
            {t("timeline.loadMore")}
          </Button>
        </Flex>
      ) : null}
      {query.isSuccess && items.length > 0 && !query.hasNextPage && query.data.pages.length > 1 ? (
        <Typography.Paragraph type="secondary" style={{ textAlign: "center", marginBottom: 0 }}>
          {t("timeline.end")}
        </Typography.Paragraph>
      ) : null}
    </Card>
  );
}
