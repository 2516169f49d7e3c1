/** The ticket lifecycle's actions: where each control sits, what it asks for, which call it makes. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ActionSpec, barActions } from "../../lib/actions";
import { api, unwrap } from "../../lib/api/client";
import { idempotencyKey } from "../../lib/idempotency";
import { type Ticket, ticketQuery } from "./api";

export type TicketAction = Ticket["allowed_actions"][number];

/** What the control collected; only "assign" reads anything. */
export interface TicketActionValues {
  assignee_id: string | null;
  /** Let the routing rules pick the assignee. */
  auto: boolean;
}

export const NO_TICKET_VALUES: TicketActionValues = { assignee_id: null, auto: false };

/** none: runs on click; assignee: picked in the assignment card. */
export type TicketForm = "none" | "assignee";
type TicketActionSpec = ActionSpec<TicketForm, (ticket: Ticket, v: TicketActionValues) => Promise<Ticket>>;

function move(path: `/api/v1/tickets/{ticket_id}/${"start" | "wait" | "resolve" | "close" | "reopen"}`) {
  return (ticket: Ticket) =>
    unwrap(api.POST(path, { params: { path: { ticket_id: ticket.id } }, headers: idempotencyKey() }));
}

export const TICKET_ACTIONS = {
  assign: {
    rank: 0,
    placement: "inline",
    tone: "default",
    form: "assignee",
    label: "tickets.fields.assignee",
    run: (ticket, v) =>
      unwrap(
        api.POST("/api/v1/tickets/{ticket_id}/assign", {
          // The version on screen: assigning over someone else's change is a 412, not a silent win.
          params: { path: { ticket_id: ticket.id }, header: { "If-Match": `"${ticket.version}"` } },
          headers: idempotencyKey(),
          body: { assignee_id: v.assignee_id, auto: v.auto },
        }),
      ),
  },
  start: {
    rank: 10,
    placement: "bar",
    tone: "default",
    form: "none",
    label: "tickets.actions.start",
    run: move("/api/v1/tickets/{ticket_id}/start"),
  },
  wait: {
    rank: 20,
    placement: "bar",
    tone: "default",
    form: "none",
    label: "tickets.actions.wait",
    run: move("/api/v1/tickets/{ticket_id}/wait"),
  },
  resolve: {
    rank: 30,
    placement: "bar",
    tone: "primary",
    form: "none",
    label: "tickets.actions.resolve",
    run: move("/api/v1/tickets/{ticket_id}/resolve"),
  },
  reopen: {
    rank: 40,
    placement: "bar",
    tone: "default",
    form: "none",
    label: "tickets.actions.reopen",
    run: move("/api/v1/tickets/{ticket_id}/reopen"),
  },
  close: {
    rank: 50,
    placement: "bar",
    tone: "default",
    form: "none",
    label: "tickets.actions.close",
    run: move("/api/v1/tickets/{ticket_id}/close"),
  },
} satisfies Record<TicketAction, TicketActionSpec>;

export function ticketActionSpec(action: TicketAction): TicketActionSpec {
  return TICKET_ACTIONS[action];
}

/** The ticket's allowed status moves that are buttons, in display order. */
export const ticketBarActions = (ticket: Ticket) =>
  barActions<TicketAction>(TICKET_ACTIONS, ticket.allowed_actions);

/** One action with the values it needs (NO_TICKET_VALUES for a status move). */
export type TicketActionCall = { action: TicketAction; values: TicketActionValues };

/** Runs one ticket action through the registry and puts the returned ticket in the cache. */
export function useTicketAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ticket, action, values }: TicketActionCall & { ticket: Ticket }) =>
      ticketActionSpec(action).run(ticket, values),
    onSuccess: (t) => {
      queryClient.setQueryData(ticketQuery(t.id).queryKey, t);
      return queryClient.invalidateQueries({ queryKey: ["tickets", "list"] });
    },
  });
}
