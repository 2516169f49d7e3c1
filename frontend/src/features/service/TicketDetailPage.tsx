import { getRouteApi, Link } from "@tanstack/react-router";
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Rate,
  Row,
  Skeleton,
  Tag,
  Timeline,
  Typography,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ActorName } from "../../components/ActorName";
import { CustomerRef } from "../../components/CustomerRef";
import { PageHeader } from "../../components/PageHeader";
import { PhoneLink } from "../../components/PhoneLink";
import { ErrorState, ProblemAlert } from "../../components/ProblemAlert";
import { toneProps } from "../../lib/actions";
import { useCan } from "../../lib/auth/me";
import { useCustomerSummary } from "../../lib/customers";
import { useFormat } from "../../lib/useFormat";
import { useAddComment, useComments, useTicket } from "./api";
import { PRIORITY_COLORS, SLA_COLORS, STATUS_COLORS } from "./labels";
import { ReturnModal } from "./ReturnModal";
import { TicketAssignment } from "./TicketAssignment";
import { TicketClassification } from "./TicketClassification";
import { TicketClocks } from "./TicketClocks";
import { TicketConversation } from "./TicketConversation";
import {
  NO_TICKET_VALUES,
  type TicketActionCall,
  ticketActionSpec,
  ticketBarActions,
  useTicketAction,
} from "./ticketActions";

const route = getRouteApi("/_app/tickets/$id");

export function TicketDetailPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { message } = App.useApp();
  const { id } = route.useParams();
  const ticket = useTicket(id);
  // The conversation loads alongside the ticket, not after it.
  useComments(id);
  const run = useTicketAction();
  const addComment = useAddComment(id);
  const canReturn = useCan("orders:return");
  // Her phone, when the reader may open her (the name comes with the ticket, masked or not).
  const openable = ticket.data && !ticket.data.customer_masked ? ticket.data.customer_id : undefined;
  const customer = useCustomerSummary(openable, useCan("customers:read"));
  const [returning, setReturning] = useState(false);
  // A failed background refresh keeps the page (and any open dialog) as it was.
  if (ticket.isError && !ticket.data) return <ErrorState error={ticket.error} />;
  if (!ticket.data) return <Skeleton active />;
  const x = ticket.data;
  const act = (a: TicketActionCall) =>
    run.mutate({ ticket: x, ...a }, { onSuccess: () => message.success(t("tickets.actionDone")) });

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
          ...ticketBarActions(x).map((m) => (
            <Button
              key={m}
              {...toneProps(ticketActionSpec(m).tone)}
              loading={run.isPending && run.variables?.action === m}
              onClick={() => act({ action: m, values: NO_TICKET_VALUES })}
              data-testid={`ticket-action-${m}`}
            >
              {t(ticketActionSpec(m).label)}
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
            <div
              data-testid="ticket-original-message"
              style={{
                background: "#f0f5ff",
                borderInlineStart: "4px solid #2f54eb",
                borderRadius: 4,
                padding: "8px 12px",
                marginBottom: 16,
              }}
            >
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t("tickets.originalMessage", {
                  customer: x.customer_name ?? "—",
                  channel: t(`tickets.channel.${x.channel}`),
                  at: fmt.dateTime(x.created_at),
                })}
              </Typography.Text>
              {x.description ? (
                <Typography.Paragraph style={{ whiteSpace: "pre-wrap", fontSize: 15, margin: "4px 0 0" }}>
                  {x.description}
                </Typography.Paragraph>
              ) : (
                <Typography.Paragraph type="secondary" italic style={{ margin: "4px 0 0" }}>
                  {t("tickets.noOriginalMessage")}
                </Typography.Paragraph>
              )}
            </div>
            <Descriptions size="small" column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label={t("tickets.fields.customer")}>
                <CustomerRef
                  id={x.customer_id}
                  name={x.customer_name}
                  masked={x.customer_masked}
                  testId="ticket-customer-link"
                />
              </Descriptions.Item>
              {customer.data?.phone ? (
                <Descriptions.Item label={t("customers.fields.phone")}>
                  <PhoneLink value={customer.data.phone} testId="ticket-customer-phone" />
                </Descriptions.Item>
              ) : null}
              <Descriptions.Item label={t("tickets.fields.order")}>
                {x.order ? (
                  <Link to="/orders/$id" params={{ id: x.order.id }} data-testid="ticket-order-link">
                    {x.order.number} · {t(`orders.status.${x.order.status}`)}
                  </Link>
                ) : (
                  "—"
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t("tickets.fields.channel")}>
                {t(`tickets.channel.${x.channel}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t("common.createdAt")}>
                {fmt.dateTime(x.created_at)}
              </Descriptions.Item>
              <Descriptions.Item label={t("tickets.fields.tags")}>
                {x.tags.length ? x.tags.map((tag) => <Tag key={tag}>{tag}</Tag>) : "—"}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <TicketConversation ticket={x} addComment={addComment} />
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={t("tickets.fields.assignee")} style={{ marginBottom: 16 }}>
            <TicketAssignment ticket={x} run={act} />
          </Card>
          <Card size="small" title={t("tickets.classification")} style={{ marginBottom: 16 }}>
            <TicketClassification ticket={x} />
          </Card>
          <TicketClocks ticket={x} />
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
                    <Typography.Text strong>{t(`tickets.event.${e.kind}`)}</Typography.Text>
                    <div>
                      <Typography.Text type="secondary">
                        <ActorName name={e.actor_name} label={e.actor_label} /> · {fmt.dateTime(e.created_at)}
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
