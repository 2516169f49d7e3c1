import { Flex, Select, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useCan } from "../../lib/auth/me";
import { localName } from "../../lib/names";
import { type Ticket, useCategories, useUpdateTicket } from "./api";
import { PRIORITY_COLORS } from "./labels";
import { PRIORITIES } from "./search";

/** Priority and category, editable while the ticket is open and the user may update tickets. */
export function TicketClassification({ ticket }: { ticket: Ticket }) {
  const { t, i18n } = useTranslation();
  const canUpdate = useCan("tickets:update") && ticket.status !== "closed";
  const categories = useCategories();
  const update = useUpdateTicket(ticket.id);
  const category = categories.data?.items.find((c) => c.id === ticket.category_id);
  const categoryName = category ? localName(category, i18n.language) : "—";
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
              .map((c) => ({ value: c.id, label: localName(c, i18n.language) }))}
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
