/** The campaign lifecycle's actions: where each control sits, what it asks for, which call it makes. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ActionSpec, barActions } from "../../lib/actions";
import { api, unwrap } from "../../lib/api/client";
import { idempotencyKey } from "../../lib/idempotency";
import { cacheCampaign, createCampaign, invalidateCampaigns, ROOT } from "./api";
import type { Campaign, CampaignCreate, CampaignUpdate } from "./content";

export type CampaignAction = Campaign["allowed_actions"][number];

/** What an action's control collected; each action reads only its own part. */
export interface CampaignActionValues {
  /** edit: the draft's changes and the ETag of the version they were made on. */
  etag: string;
  body: CampaignUpdate;
  /** schedule: when to send (null: now). */
  scheduledAt: string | null;
  /** reject: why it goes back to its author. */
  reason: string;
}

export const NO_VALUES: CampaignActionValues = { etag: "", body: {}, scheduledAt: null, reason: "" };

/** none: runs on click; wizard: the campaign wizard (editing a draft, its review step schedules);
 * reason: a dialog asking why; confirm: asks to be sure first. */
export type CampaignForm = "none" | "wizard" | "reason" | "confirm";
type CampaignActionSpec = ActionSpec<
  CampaignForm,
  (c: Campaign, v: CampaignActionValues) => Promise<Campaign>
>;

type Move = "approve" | "pause" | "resume" | "cancel";

function move(path: `/api/v1/campaigns/{campaign_id}/${Move}`) {
  return (c: Campaign) =>
    unwrap(api.POST(path, { params: { path: { campaign_id: c.id } }, headers: idempotencyKey() }));
}

export const CAMPAIGN_ACTIONS = {
  edit: {
    rank: 0,
    placement: "bar",
    tone: "default",
    form: "wizard",
    label: "campaigns.actions.edit",
    run: (c, v) =>
      unwrap(
        api.PATCH("/api/v1/campaigns/{campaign_id}", {
          params: { path: { campaign_id: c.id }, header: { "If-Match": v.etag } },
          body: v.body,
        }),
      ),
  },
  schedule: {
    rank: 10,
    placement: "bar",
    tone: "primary",
    form: "wizard",
    label: "campaigns.actions.schedule",
    run: (c, v) =>
      unwrap(
        api.POST("/api/v1/campaigns/{campaign_id}/schedule", {
          params: { path: { campaign_id: c.id } },
          body: v.scheduledAt ? { scheduled_at: v.scheduledAt } : {},
          headers: idempotencyKey(),
        }),
      ),
  },
  approve: {
    rank: 20,
    placement: "bar",
    tone: "primary",
    form: "none",
    label: "campaigns.actions.approve",
    run: move("/api/v1/campaigns/{campaign_id}/approve"),
  },
  reject: {
    rank: 30,
    placement: "bar",
    tone: "danger",
    form: "reason",
    label: "campaigns.actions.reject",
    run: (c, v) =>
      unwrap(
        api.POST("/api/v1/campaigns/{campaign_id}/reject", {
          params: { path: { campaign_id: c.id } },
          body: { reason: v.reason.trim() },
          headers: idempotencyKey(),
        }),
      ),
  },
  pause: {
    rank: 40,
    placement: "bar",
    tone: "default",
    form: "none",
    label: "campaigns.actions.pause",
    run: move("/api/v1/campaigns/{campaign_id}/pause"),
  },
  resume: {
    rank: 50,
    placement: "bar",
    tone: "primary",
    form: "none",
    label: "campaigns.actions.resume",
    run: move("/api/v1/campaigns/{campaign_id}/resume"),
  },
  cancel: {
    rank: 60,
    placement: "bar",
    tone: "danger",
    form: "confirm",
    label: "campaigns.actions.cancel",
    run: move("/api/v1/campaigns/{campaign_id}/cancel"),
  },
} satisfies Record<CampaignAction, CampaignActionSpec>;

export function campaignActionSpec(action: CampaignAction): CampaignActionSpec {
  return CAMPAIGN_ACTIONS[action];
}

/** The campaign's allowed actions that are buttons, in display order. */
export const campaignBarActions = (c: Campaign) =>
  barActions<CampaignAction>(CAMPAIGN_ACTIONS, c.allowed_actions);

/** Runs one campaign action through the registry, then refreshes the campaign and the list. The
 * lifecycle answers carry no ETag: the next read of the campaign brings it. */
export function useCampaignAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      campaign,
      action,
      values,
    }: {
      campaign: Campaign;
      action: CampaignAction;
      values: CampaignActionValues;
    }) => campaignActionSpec(action).run(campaign, values),
    onSuccess: (c) => {
      cacheCampaign(queryClient, { campaign: c, etag: `"${c.version}"` });
      return queryClient.invalidateQueries({ queryKey: [ROOT] });
    },
  });
}

/** Saves the wizard's draft: the first save creates it, later ones are its "edit" action with the
 * ETag of the version the wizard holds (the API's ETag is the version, quoted). */
export function useSaveDraft() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (v: {
      campaign: Campaign | undefined;
      etag: string;
      create: CampaignCreate;
      update: CampaignUpdate;
    }) => {
      if (!v.campaign) return createCampaign(v.create);
      const saved = await campaignActionSpec("edit").run(v.campaign, {
        ...NO_VALUES,
        etag: v.etag,
        body: v.update,
      });
      return { campaign: saved, etag: `"${saved.version}"` };
    },
    onSuccess: (value) => {
      cacheCampaign(queryClient, value);
      return invalidateCampaigns(queryClient);
    },
  });
}
