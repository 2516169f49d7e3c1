/** Campaigns over the typed client: the list, one campaign with its ETag (asked again while it
 * sends), its audience, report and rendered preview, drafts created and changed with If-Match,
 * test sends, the segments to choose from, the marketing settings, and the public unsubscribe
 * page. Lifecycle moves are in actions.ts. */
import {
  keepPreviousData,
  type QueryClient,
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { api, unwrap, unwrapEmpty, unwrapWithResponse } from "../../lib/api/client";
import type { components } from "../../lib/api/schema";
import { idempotencyKey } from "../../lib/idempotency";
import type { Campaign, CampaignCreate, ContentLanguage } from "./content";
import type { CampaignSearch } from "./search";

type Schemas = components["schemas"];
export type MarketingSettings = Schemas["MarketingSettings"];
export type MarketingSettingsUpdate = Schemas["MarketingSettingsUpdate"];
export type Rendered = Schemas["Rendered"];
export type TestSent = Schemas["TestSent"];
export type UnsubscribeInfo = Schemas["UnsubscribePage"];

export const ROOT = "campaigns";
export const PAGE_SIZE = 20;
const SENDING_REFRESH_MS = 5000;
/** A campaign waiting for its time is asked again now and then, so its page sees it start. */
const WAITING_REFRESH_MS = 60_000;

export interface CampaignWithEtag {
  campaign: Campaign;
  etag: string;
}

const etagOf = (response: Response, version: number) => response.headers.get("ETag") ?? `"${version}"`;

export function useCampaigns(search: CampaignSearch) {
  const query = { status: search.status, cursor: search.cursor, limit: PAGE_SIZE };
  return useQuery({
    queryKey: [ROOT, "list", query],
    queryFn: () => unwrap(api.GET("/api/v1/campaigns", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

/** Should the page ask again by itself: while sending, and while a due campaign waits for the
 * scheduler (it starts within a minute of its time). */
export function isMoving(c: Campaign, now: number = Date.now()): boolean {
  if (c.status === "sending") return true;
  return c.status === "scheduled" && c.scheduled_at !== null && Date.parse(c.scheduled_at) <= now;
}

export function campaignQuery(id: string) {
  return queryOptions({
    queryKey: [ROOT, "detail", id],
    queryFn: async (): Promise<CampaignWithEtag> => {
      const { data, response } = await unwrapWithResponse(
        api.GET("/api/v1/campaigns/{campaign_id}", { params: { path: { campaign_id: id } } }),
      );
      return { campaign: data, etag: etagOf(response, data.version) };
    },
    refetchInterval: (query) => {
      const c = query.state.data?.campaign;
      if (!c) return false;
      if (isMoving(c)) return SENDING_REFRESH_MS;
      return c.status === "scheduled" || c.status === "pending_approval" ? WAITING_REFRESH_MS : false;
    },
  });
}

export function useCampaign(id: string) {
  return useQuery(campaignQuery(id));
}

/** Puts a campaign the API just answered with into the cache (its page shows it at once). */
export function cacheCampaign(queryClient: QueryClient, value: CampaignWithEtag) {
  queryClient.setQueryData(campaignQuery(value.campaign.id).queryKey, value);
}

/** How many customers the saved draft reaches now; asked again for each saved version. */
export function useAudience(campaign: Campaign | undefined) {
  return useQuery({
    queryKey: [ROOT, "audience", campaign?.id, campaign?.version],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/campaigns/{campaign_id}/audience", {
          params: { path: { campaign_id: campaign?.id ?? "" } },
        }),
      ),
    enabled: Boolean(campaign),
    placeholderData: keepPreviousData,
  });
}

export function useReport(campaign: Campaign, enabled: boolean) {
  return useQuery({
    queryKey: [ROOT, "report", campaign.id, campaign.status, campaign.version],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/campaigns/{campaign_id}/report", { params: { path: { campaign_id: campaign.id } } }),
      ),
    enabled,
    placeholderData: keepPreviousData,
    refetchInterval: campaign.status === "sending" ? SENDING_REFRESH_MS : false,
  });
}

/** The saved version as a chosen customer would receive it (in her language, or the one asked). */
export function useRender(
  campaign: Campaign | undefined,
  customerId: string | undefined,
  language: ContentLanguage | undefined,
) {
  return useQuery({
    queryKey: [ROOT, "render", campaign?.id, campaign?.version, customerId, language ?? ""],
    queryFn: () =>
      unwrap(
        api.POST("/api/v1/campaigns/{campaign_id}/render", {
          params: { path: { campaign_id: campaign?.id ?? "" } },
          body: { customer_id: customerId ?? "", language: language ?? null },
        }),
      ),
    enabled: Boolean(campaign && customerId),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function invalidateCampaigns(queryClient: QueryClient) {
  return queryClient.invalidateQueries({ queryKey: [ROOT, "list"] });
}

/** A new draft (the wizard's first save). */
export async function createCampaign(body: CampaignCreate): Promise<CampaignWithEtag> {
  const { data, response } = await unwrapWithResponse(
    api.POST("/api/v1/campaigns", { body, headers: idempotencyKey() }),
  );
  return { campaign: data, etag: etagOf(response, data.version) };
}

export function useDeleteCampaign() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; etag: string }) =>
      unwrapEmpty(
        api.DELETE("/api/v1/campaigns/{campaign_id}", {
          params: { path: { campaign_id: v.id }, header: { "If-Match": v.etag } },
        }),
      ),
    onSuccess: (_data, v) => {
      queryClient.removeQueries({ queryKey: [ROOT, "detail", v.id] });
      return invalidateCampaigns(queryClient);
    },
  });
}

export function useTestSend() {
  return useMutation({
    mutationFn: (v: {
      id: string;
      to: string;
      customerId: string | undefined;
      language: ContentLanguage | undefined;
    }) =>
      unwrap(
        api.POST("/api/v1/campaigns/{campaign_id}/test", {
          params: { path: { campaign_id: v.id } },
          body: { to: v.to.trim(), customer_id: v.customerId ?? null, language: v.language ?? null },
          headers: idempotencyKey(),
        }),
      ),
  });
}

/** The segments a campaign may go to, as select options with their member counts. */
export function useSegmentOptions() {
  return useQuery({
    queryKey: [ROOT, "segments"],
    queryFn: () => unwrap(api.GET("/api/v1/segments", { params: { query: { limit: 200 } } })),
    staleTime: 60_000,
    select: (page) => page.items.map((s) => ({ value: s.id, name: s.name, members: s.member_count })),
  });
}

// ---- marketing settings ----------------------------------------------------------------------

const SETTINGS_KEY = [ROOT, "settings"] as const;

export interface SettingsWithEtag {
  settings: MarketingSettings;
  etag: string;
}

export function useMarketingSettings(enabled = true) {
  return useQuery({
    queryKey: SETTINGS_KEY,
    queryFn: async (): Promise<SettingsWithEtag> => {
      const { data, response } = await unwrapWithResponse(api.GET("/api/v1/settings/marketing"));
      return { settings: data, etag: etagOf(response, data.version) };
    },
    enabled,
  });
}

export function useSaveMarketingSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (v: { etag: string; body: MarketingSettingsUpdate }): Promise<SettingsWithEtag> => {
      const { data, response } = await unwrapWithResponse(
        api.PUT("/api/v1/settings/marketing", { params: { header: { "If-Match": v.etag } }, body: v.body }),
      );
      return { settings: data, etag: etagOf(response, data.version) };
    },
    onSuccess: (value) => queryClient.setQueryData(SETTINGS_KEY, value),
  });
}

// ---- the public unsubscribe page (no login) --------------------------------------------------

export function useUnsubscribeInfo(token: string) {
  return useQuery({
    queryKey: ["unsubscribe", token],
    queryFn: () => unwrap(api.GET("/api/v1/public/unsubscribe/{token}", { params: { path: { token } } })),
    retry: false,
  });
}

export function useUnsubscribe(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/public/unsubscribe/{token}", { params: { path: { token } } })),
    onSuccess: (data) => queryClient.setQueryData(["unsubscribe", token], data),
  });
}
