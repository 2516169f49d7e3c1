import { optionalString, type PageState, parsePageSearch } from "../../lib/paging";

export const USER_STATUSES = ["active", "invited", "inactive"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export interface UserSearch extends PageState {
  q?: string;
  status?: UserStatus;
  role_id?: string;
}

function isStatus(v: unknown): v is UserStatus {
  return USER_STATUSES.some((s) => s === v);
}

export function validateUserSearch(search: Record<string, unknown>): UserSearch {
  return {
    q: optionalString(search.q),
    status: isStatus(search.status) ? search.status : undefined,
    role_id: optionalString(search.role_id),
    ...parsePageSearch(search),
  };
}
