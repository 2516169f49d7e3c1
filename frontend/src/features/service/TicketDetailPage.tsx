import { getRouteApi, Link } from "@tanstack/react-router";
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  List,
  Rate,
  Row,
  Select,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
} from "antd";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ArticleLinkPicker } from "../../components/ArticleLinkPicker";
import { PageHeader } from "../../components/PageHeader";
import { ErrorState, ProblemAlert } from "../../components/ProblemAlert";
import { useCan, useMe } from "../../lib/auth/me";
import { formatDateTime } from "../../lib/format";
import {
  type Ticket,
  type TicketAction,
  useAddComment,
  useCategories,
  useComments,
  useTicket,
  useTicketAction,
  useUpdateTicket,
  useUserOptions,
} from "./api";
import { PRIORITY_COLORS, SLA_COLORS, STATUS_COLORS } from "./labels";
import { ReplyBox, type ReplyBoxHandle } from "./ReplyBox";
import { ReturnModal } from "./ReturnModal";
import { PRIORITIES } from "./search";

const route = getRouteApi("/_app/tickets/$id");

/** Status buttons in display order; only those in the ticket's allowed_actions are shown. */
const MOVES = ["start", "wait", "resolve", "reopen", "close"] as const;

function Clocks({ ticket }: { ticket: Ticket }) {
  const { t, i18n } = useTranslation();
  const rows = [
    ["firstResponse", ticket.sla.first_response],
    ["resolution", ticket.sla.resolution],
  ] as const;
  return (
    <Card
      size="small"
      title={t("tickets.slaTitle")}
      style={{ marginBottom: 16 }}
      data-testid="ticket-sla-card"
    >
      <Descriptions column={1} size="small">
        {rows.map(([key, c]) => (
          <Descriptions.Item key={key} label={t(`tickets.clock.${key}`)}>
            <Flex vertical>
              <Space>
                <Tag color={SLA_COLORS[c.state]} data-testid={`clock-${key}`} data-state={c.state}>
                  {t(`tickets.sla.${c.state}`)}
                </Tag>
                <Typography.Text type="secondary">
                  {t("tickets.targetMinutes", { minutes: c.target_minutes })}
                </Typography.Text>
              </Space>
              <Typography.Text>
                {t("tickets.dueAt")}: {formatDateTime(c.due_at, i18n.language)}
              </Typography.Text>
              {c.elapsed_minutes !== null ? (
                <Typography.Text>{t("tickets.tookMinutes", { minutes: c.elapsed_minutes })}</Typography.Text>
              ) : null}
            </Flex>
          </Descriptions.Item>
        ))}
        <Descriptions.Item label={t("tickets.pausedMinutes")}>{ticket.sla.paused_minutes}</Descriptions.Item>
        <Descriptions.Item label={t("tickets.escalationLevel")}>{ticket.escalation_level}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function Assignment({ ticket, run }: { ticket: Ticket; run: (a: TicketAction) => void }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const canList = useCan("users:read");
  const users = useUserOptions(canList && ticket.allowed_actions.includes("assign"));
  const mayAssign = ticket.allowed_actions.includes("assign");
  return (
    <Flex vertical gap={8}>
      <Typography.Text data-testid="ticket-assignee">
        {ticket.assignee_name ?? t("tickets.unassigned")}
      </Typography.Text>
      {mayAssign ? (
        <Flex wrap gap={8}>
          {canList ? (
            <Select
              allowClear
              showSearch={{ optionFilterProp: "label" }}
              placeholder={t("tickets.assignTo")}
              value={ticket.assignee_id ?? undefined}
              options={users.data ?? []}
              onChange={(value?: string) => run({ action: "assign", assignee_id: value ?? null })}
              style={{ minWidth: 220 }}
              data-testid="ticket-assign-select"
            />
          ) : null}
          {me && ticket.assignee_id !== me.user.id ? (
            <Button
              size="small"
              onClick={() => run({ action: "assign", assignee_id: me.user.id })}
              data-testid="ticket-assign-me"
            >
              {t("tickets.assignToMe")}
            </Button>
          ) : null}
          <Button size="small" onClick={() => run({ action: "assign", assignee_id: null, auto: true })}>
            {t("tickets.assignAuto")}
          </Button>
        </Flex>
      ) : null}
    </Flex>
  );
}

function Classification({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const canUpdate = useCan("tickets:update") && ticket.status !== "closed";
  const categories = useCategories();
  const update = useUpdateTicket(ticket.id);
  const categoryName = categories.data?.items.find((c) => c.id === ticket.category_id)?.name ?? "—";
  return (
    <Flex vertical gap={8}>
      <ProblemAlert error={update.error} />
      <Flex align="center" gap={8}>
        <Typography.Text type="secondary">{t("tickets.fields.priority")}</Typography.Text>
        {canUpdate ? (
          <Select
            value={ticket.priority}
            onChange={(priority) => update.mutate({ body: { priority }, version: ticket.version })}
            options={PRIORITIES.map((p) => ({ value: p, label: t(`tickets.priority.${p}`) }))}
            style={{ width: 120 }}
            aria-label={t("tickets.fields.priority")}
            data-testid="ticket-priority-select"
          />
        ) : (
          <Tag color={PRIORITY_COLORS[ticket.priority]}>{t(`tickets.priority.${ticket.priority}`)}</Tag>
        )}
      </Flex>
      <Flex align="center" gap={8}>
        <Typography.Text type="secondary">{t("tickets.fields.category")}</Typography.Text>
        {canUpdate ? (
          <Select
            allowClear
            value={ticket.category_id ?? undefined}
            onChange={(value?: string) =>
              update.mutate({ body: { category_id: value ?? null }, version: ticket.version })
            }
            options={(categories.data?.items ?? [])
              .filter((c) => c.active || c.id === ticket.category_id)
              .map((c) => ({ value: c.id, label: c.name }))}
            style={{ minWidth: 160 }}
            aria-label={t("tickets.fields.category")}
          />
        ) : (
          <Typography.Text>{categoryName}</Typography.Text>
        )}
      </Flex>
    </Flex>
  );
}

export function TicketDetailPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { id } = route.useParams();
  const ticket = useTicket(id);
  const comments = useComments(id);
  const run = useTicketAction(id);
  const addComment = useAddComment(id);
  const canReply = useCan("tickets:update");
  const canReturn = useCan("orders:return");
  const reply = useRef<ReplyBoxHandle>(null);
  const canReadKb = useCan("kb:read");
  const [returning, setReturning] = useState(false);
  // A failed background refresh keeps the page (and any open dialog) as it was.
  if (ticket.isError && !ticket.data) return <ErrorState error={ticket.error} />;
  if (!ticket.data) return <Skeleton active />;
  const x = ticket.data;
  const act = (a: TicketAction) =>
    run.mutate(a, { onSuccess: () => message.success(t("tickets.actionDone")) });
  const moves = MOVES.filter((m) => x.allowed_actions.includes(m));

  return (
    <>
      <PageHeader
        title={
          <Flex align="center" gap={8} wrap>
            <span data-testid="ticket-number">{x.number}</span>
            <Tag color={STATUS_COLORS[x.status]} data-testid="ticket-detail-status" data-status={x.status}>
              {t(`tickets.status.${x.status}`)}
            </Tag>
            <Tag color={PRIORITY_COLORS[x.priority]} data-testid="ticket-priority-tag">
              {t(`tickets.priority.${x.priority}`)}
            </Tag>
            <Tag color={SLA_COLORS[x.sla.state]} data-testid="ticket-sla-state" data-state={x.sla.state}>
              {t(`tickets.sla.${x.sla.state}`)}
            </Tag>
          </Flex>
        }
        extra={[
          x.order?.returnable && canReturn ? (
            <Button key="return" onClick={() => setReturning(true)} data-testid="ticket-start-return">
              {t("tickets.startReturn")}
            </Button>
          ) : null,
          ...moves.map((m) => (
            <Button
              key={m}
              type={m === "resolve" ? "primary" : "default"}
              loading={run.isPending && run.variables?.action === m}
              onClick={() => act({ action: m })}
              data-testid={`ticket-action-${m}`}
            >
              {t(`tickets.actions.${m}`)}
            </Button>
          )),
        ]}
      />
      <ProblemAlert error={run.error ?? addComment.error} />
      <Row gutter={16}>
        <Col xs={24} lg={16}>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="ticket-subject">
              {x.subject}
            </Typography.Title>
            {x.description ? <Typography.Paragraph>{x.description}</Typography.Paragraph> : null}
            <Descriptions size="small" column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label={t("tickets.fields.customer")}>
                <Link to="/customers/$id" params={{ id: x.customer_id }} data-testid="ticket-customer-link">
                  {x.customer_name || "—"}
                </Link>
              </Descriptions.Item>
              <Descriptions.Item label={t("tickets.fields.order")}>
                {x.order ? (
                  <Link to="/orders/$id" params={{ id: x.order.id }} data-testid="ticket-order-link">
                    {x.order.number} · {t(`orders.status.${x.order.status}`, x.order.status)}
                  </Link>
                ) : (
                  "—"
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t("tickets.fields.channel")}>
                {t(`tickets.channel.${x.channel}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t("common.createdAt")}>
                {formatDateTime(x.created_at, i18n.language)}
              </Descriptions.Item>
              <Descriptions.Item label={t("tickets.fields.tags")}>
                {x.tags.length ? x.tags.map((tag) => <Tag key={tag}>{tag}</Tag>) : "—"}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card size="small" title={t("tickets.conversation")} style={{ marginBottom: 16 }}>
            {(comments.data ?? []).length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("tickets.noComments")} />
            ) : (
              <List
                dataSource={comments.data ?? []}
                data-testid="ticket-comments"
                renderItem={(c) => (
                  <List.Item
                    key={c.id}
                    data-testid="ticket-comment"
                    data-public={String(c.public)}
                    style={c.public ? undefined : { background: "#fffbe6", paddingInline: 8 }}
                  >
                    <List.Item.Meta
                      title={
                        <Space>
                          <Typography.Text strong>{c.author_label}</Typography.Text>
                          <Tag color={c.public ? "blue" : "gold"}>
                            {c.public ? t("tickets.reply.public") : t("tickets.reply.note")}
                          </Tag>
                          <Typography.Text type="secondary">
                            {formatDateTime(c.created_at, i18n.language)}
                          </Typography.Text>
                        </Space>
                      }
                      description={
                        <Typography.Paragraph style={{ whiteSpace: "pre-wrap" }}>
                          {c.body}
                        </Typography.Paragraph>
                      }
                    />
                  </List.Item>
                )}
              />
            )}
            {canReply && x.status !== "closed" ? (
              <ReplyBox
                ref={reply}
                sending={addComment.isPending}
                onSend={(body, isPublic) => addComment.mutateAsync({ body, public: isPublic })}
                tools={
                  canReadKb ? (
                    <ArticleLinkPicker
                      onPick={(article) => reply.current?.insertAtCursor(`${article.title}: ${article.url}`)}
                    />
                  ) : null
                }
              />
            ) : null}
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={t("tickets.fields.assignee")} style={{ marginBottom: 16 }}>
            <Assignment ticket={x} run={act} />
          </Card>
          <Card size="small" title={t("tickets.classification")} style={{ marginBottom: 16 }}>
            <Classification ticket={x} />
          </Card>
          <Clocks ticket={x} />
          <Card size="small" title={t("tickets.csatTitle")} style={{ marginBottom: 16 }}>
            {x.csat_score ? (
              <Flex vertical gap={4}>
                <Rate disabled value={x.csat_score} />
                <Typography.Text data-testid="ticket-csat-score">{x.csat_score} / 5</Typography.Text>
                {x.csat_comment ? <Typography.Text italic>{x.csat_comment}</Typography.Text> : null}
              </Flex>
            ) : (
              <Typography.Text type="secondary" data-testid="ticket-csat-none">
                {x.status === "resolved" || x.status === "closed"
                  ? t("tickets.csatWaiting")
                  : t("tickets.csatLater")}
              </Typography.Text>
            )}
          </Card>
          <Card size="small" title={t("tickets.timeline")}>
            <Timeline
              items={x.events.map((e) => ({
                key: e.id,
                content: (
                  <>
                    <Typography.Text strong>{t(`tickets.event.${e.kind}`, e.kind)}</Typography.Text>
                    <div>
                      <Typography.Text type="secondary">
                        {e.actor_label} · {formatDateTime(e.created_at, i18n.language)}
                      </Typography.Text>
                    </div>
                  </>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      <ReturnModal ticket={x} open={returning} onClose={() => setReturning(false)} />
    </>
  );
}
