/** The campaign pages' URL state: the list's status filter and cursor, the wizard's step. */
import type { components } from "../../lib/api/schema";
import { type PageState, parsePageSearch } from "../../lib/paging";
import { stepIndex } from "./errors";

export type CampaignStatus = components["schemas"]["CampaignStatus"];

export const STATUSES: readonly CampaignStatus[] = [
  "draft",
  "pending_approval",
  "scheduled",
  "sending",
  "paused",
  "sent",
  "cancelled",
];

export interface CampaignSearch extends PageState {
  status?: CampaignStatus;
}

function isStatus(value: unknown): value is CampaignStatus {
  return STATUSES.some((s) => s === value);
}

export function validateCampaignSearch(search: Record<string, unknown>): CampaignSearch {
  return { status: isStatus(search.status) ? search.status : undefined, ...parsePageSearch(search) };
}

export interface WizardSearch {
  /** The step shown, 0–3 (absent: the first). */
  step?: number;
}

export function validateWizardSearch(search: Record<string, unknown>): WizardSearch {
  const step = stepIndex(search.step);
  return { step: step || undefined };
}
