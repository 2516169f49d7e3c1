import { Card, Descriptions, Flex, Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../lib/useFormat";
import type { Ticket } from "./api";
import { hoursAndMinutes } from "./duration";
import { SLA_COLORS } from "./labels";

/** The SLA clocks (first response, resolution) with their targets, due times and pauses. */
export function TicketClocks({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const readable = (minutes: number) => {
    const { hours, minutes: rest } = hoursAndMinutes(minutes);
    if (hours === 0) return t("duration.minutes", { count: rest });
    if (rest === 0) return t("duration.hours", { count: hours });
    return t("duration.hoursMinutes", { hours, minutes: rest });
  };
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
                  {t("tickets.targetDuration", { duration: readable(c.target_minutes) })}
                </Typography.Text>
              </Space>
              <Typography.Text>
                {t("tickets.dueAt")}: {fmt.dateTime(c.due_at)}
              </Typography.Text>
              {c.elapsed_minutes !== null ? (
                <Typography.Text>
                  {t("tickets.tookDuration", { duration: readable(c.elapsed_minutes) })}
                </Typography.Text>
              ) : null}
            </Flex>
          </Descriptions.Item>
        ))}
        <Descriptions.Item label={t("tickets.pausedDuration")}>
          {readable(ticket.sla.paused_minutes)}
        </Descriptions.Item>
        <Descriptions.Item label={t("tickets.escalationLevel")}>{ticket.escalation_level}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
