/** The ticket queue's URL state: the view (mine / unassigned / all), filters and the keyset cursor. */
import { optionalString, type PageState, parsePageSearch } from "../../lib/paging";

export const VIEWS = ["mine", "unassigned", "all"] as const;
export type View = (typeof VIEWS)[number];
export const STATUSES = ["new", "open", "pending", "resolved", "closed"] as const;
export type Status = (typeof STATUSES)[number];
export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export type Priority = (typeof PRIORITIES)[number];
export const SLA_STATES = ["ok", "at_risk", "breached", "paused", "met"] as const;
export type SlaState = (typeof SLA_STATES)[number];
export const CHANNELS = ["staff", "portal", "email", "api"] as const;

export interface TicketSearch extends PageState {
  view: View;
  status?: Status;
  priority?: Priority;
  sla_state?: SlaState;
  store_id?: string;
  q?: string;
}

const pick = <T extends string>(values: readonly T[], v: unknown): T | undefined =>
  values.find((x) => x === v);

export function validateTicketSearch(search: Record<string, unknown>): TicketSearch {
  return {
    view: pick(VIEWS, search.view) ?? "mine",
    status: pick(STATUSES, search.status),
    priority: pick(PRIORITIES, search.priority),
    sla_state: pick(SLA_STATES, search.sla_state),
    store_id: optionalString(search.store_id),
    q: optionalString(search.q),
    ...parsePageSearch(search),
  };
}
