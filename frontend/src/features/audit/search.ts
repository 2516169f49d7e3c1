import { optionalString, type PageState, parsePageSearch } from "../../lib/paging";

export interface AuditSearch extends PageState {
  action?: string;
  actor_id?: string;
  target_type?: string;
  target_id?: string;
  since?: string;
  until?: string;
}

export function validateAuditSearch(search: Record<string, unknown>): AuditSearch {
  return {
    action: optionalString(search.action),
    actor_id: optionalString(search.actor_id),
    target_type: optionalString(search.target_type),
    target_id: optionalString(search.target_id),
    since: optionalString(search.since),
    until: optionalString(search.until),
    ...parsePageSearch(search),
  };
}
