import { Button, Flex, Select, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth/me";
import { type Ticket, useTicketAssignees } from "./api";
import type { TicketActionCall } from "./ticketActions";

/** Who has the ticket, and (when "assign" is allowed) picking someone, oneself or the routing rules. */
export function TicketAssignment({ ticket, run }: { ticket: Ticket; run: (a: TicketActionCall) => void }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const mayAssign = ticket.allowed_actions.includes("assign");
  const agents = useTicketAssignees(ticket.id, mayAssign);
  return (
    <Flex vertical gap={8}>
      <Typography.Text data-testid="ticket-assignee">
        {ticket.assignee_name ?? t("tickets.unassigned")}
      </Typography.Text>
      {mayAssign ? (
        <Flex wrap gap={8}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            placeholder={t("tickets.assignTo")}
            aria-label={t("tickets.assignTo")}
            loading={agents.isLoading}
            value={ticket.assignee_id ?? undefined}
            options={agents.data ?? []}
            onChange={(value?: string) =>
              run({ action: "assign", values: { assignee_id: value ?? null, auto: false } })
            }
            style={{ minWidth: 220 }}
            data-testid="ticket-assign-select"
          />
          {me && ticket.assignee_id !== me.user.id ? (
            <Button
              size="small"
              onClick={() => run({ action: "assign", values: { assignee_id: me.user.id, auto: false } })}
              data-testid="ticket-assign-me"
            >
              {t("tickets.assignToMe")}
            </Button>
          ) : null}
          <Button
            size="small"
            onClick={() => run({ action: "assign", values: { assignee_id: null, auto: true } })}
          >
            {t("tickets.assignAuto")}
          </Button>
        </Flex>
      ) : null}
    </Flex>
  );
}
