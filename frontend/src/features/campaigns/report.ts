/** How a campaign's report reads: the funnel's stages in order with each one's share of the
 * audience, the skips by reason, revenue by store with the store's name, and rates as percents.
 * Pure, so the chart and the tables are checked without drawing them. */
import type { components } from "../../lib/api/schema";

export type CampaignReport = components["schemas"]["CampaignReport"];

export const FUNNEL_STAGES = [
  "audience",
  "eligible",
  "sent",
  "delivered",
  "opened",
  "clicked",
  "ordered",
] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

/** The reasons the server skips a recipient for (CampaignReport.skipped); any other reads as itself. */
export const SKIP_REASONS = [
  "no_address",
  "no_consent",
  "unsubscribed",
  "frequency_cap",
  "cancelled",
] as const;

export interface FunnelPoint {
  stage: FunnelStage;
  value: number;
  /** Of the audience, 0–1 (0 when nobody was in it). */
  share: number;
}

export function funnelData(r: CampaignReport): FunnelPoint[] {
  return FUNNEL_STAGES.map((stage) => ({
    stage,
    value: r[stage],
    share: r.audience > 0 ? r[stage] / r.audience : 0,
  }));
}

/** The skips, most first (ties by reason, so the order holds between refreshes). */
export function skippedRows(r: CampaignReport): { reason: string; count: number }[] {
  return Object.entries(r.skipped)
    .filter(([, count]) => count > 0)
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

export interface StoreRow {
  key: string;
  storeId: string | null;
  /** The store's name, or null: the orders had no store, or it is not one the reader can list. */
  name: string | null;
  orders: number;
  revenue: string;
}

export function storeRows(r: CampaignReport, names: ReadonlyMap<string, string>): StoreRow[] {
  return r.by_store
    .map((s) => ({
      key: s.store_id ?? "none",
      storeId: s.store_id,
      name: s.store_id ? (names.get(s.store_id) ?? null) : null,
      orders: s.orders,
      revenue: s.revenue,
    }))
    .sort((a, b) => Number(b.revenue) - Number(a.revenue) || b.orders - a.orders);
}

/** `part` of `whole` as a fraction, 0 when there is no whole. */
export function rate(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

/** A fraction (a number or the API's decimal string) as a percent with one decimal place. */
export function percent(fraction: number | string, locale: string): string {
  const n = typeof fraction === "string" ? Number(fraction) : fraction;
  return new Intl.NumberFormat(locale, {
    style: "percent",
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    signDisplay: "auto",
  }).format(Number.isFinite(n) ? n : 0);
}

/** The uplift in percentage points, signed ("+2.5", "−1.0"). */
export function points(fraction: string, locale: string): string {
  const n = Number(fraction) * 100;
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    signDisplay: "exceptZero",
  }).format(Number.isFinite(n) ? n : 0);
}

/** Has the campaign started sending (so the report has something to say)? */
export function hasReport(c: { started_at: string | null }): boolean {
  return c.started_at !== null;
}
