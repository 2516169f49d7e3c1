/**
 * How a moment of the customer's timeline reads: one i18n key per kind (`timeline.kind.<kind>`)
 * with the facts it names (the order or ticket number, an amount, a carrier), and what the feed
 * can be filtered by. Pure, so every kind the server writes can be checked against both languages.
 */
import type { components } from "../../lib/api/schema";

export type TimelineItem = components["schemas"]["TimelineItem"];
export type Subject = TimelineItem["subject_type"];
export type ActivityKind = components["schemas"]["Activity"]["kind"];

/** The feed's filter: everything, or what the moments are about (the API's `kind` parameter). */
export const TIMELINE_FILTERS = [
  "all",
  "order",
  "ticket",
  "activity",
  "customer",
  "loyalty",
  "campaign",
] as const;
export type TimelineFilter = (typeof TIMELINE_FILTERS)[number];

export function isTimelineFilter(value: unknown): value is TimelineFilter {
  return TIMELINE_FILTERS.some((f) => f === value);
}

export const ACTIVITY_KINDS: readonly ActivityKind[] = ["call", "visit", "message", "note"];

/**
 * Every kind the server writes on a timeline (domain/orders/events.py and
 * domain/service/events.py CUSTOMER_MOMENTS, the activity kinds, the customer's own moments).
 * A kind outside this list still reads, as the generic sentence.
 */
export const TIMELINE_KINDS = [
  "order.created",
  "order.customer_attached",
  "order.submitted",
  "order.approved",
  "order.rejected",
  "order.fulfilled",
  "order.shipped",
  "order.delivered",
  "order.completed",
  "order.cancelled",
  "order.payment_recorded",
  "order.return_requested",
  "order.return_approved",
  "order.return_rejected",
  "order.return_received",
  "order.return_refunded",
  "ticket.created",
  "ticket.replied",
  "ticket.resolved",
  "ticket.closed",
  "ticket.reopened",
  "ticket.csat_answered",
  "ticket.return_requested",
  "activity.call",
  "activity.visit",
  "activity.message",
  "activity.note",
  "customer.created",
  "customer.imported",
  "customer.updated",
  "customer.merged",
  "loyalty.earned",
  "loyalty.reversed",
  "loyalty.redeemed",
  "loyalty.restored",
  "loyalty.adjusted",
  "loyalty.expired",
  "loyalty.tier_changed",
  "campaign.sent",
  "campaign.opened",
  "campaign.clicked",
  "campaign.unsubscribed",
] as const;

/** Sentences that name more than the kind's bare one when the moment carries the facts. */
export const TIMELINE_VARIANTS = [
  "order.shipped_via",
  "order.payment_recorded_via",
  "customer.updated_fields",
] as const;

const KNOWN = new Set<string>(TIMELINE_KINDS);

/** Customer columns the server lists in `customer.updated` → their label key under customers.fields. */
const FIELD_LABELS: Record<string, string> = {
  name: "name",
  gender: "gender",
  birthday: "birthday",
  phone: "phone",
  email: "email",
  province: "province",
  city: "city",
  district: "district",
  address_detail: "addressDetail",
  tags: "tags",
  lifecycle_stage: "stage",
  home_store_id: "homeStore",
  assigned_to: "assignedTo",
  email_consent: "consentEmail",
  sms_consent: "consentSms",
  notes: "notes",
  external_id: "externalId",
  language: "language",
  custom: "custom",
};

/** A sentence to translate: its key and what it interpolates. */
export interface Sentence {
  key: string;
  values: Record<string, string>;
}

/** What a sentence needs from the page: amounts in money, payment methods and field names in words. */
export interface SentenceContext {
  money: (amount: string) => string;
  method: (method: string) => string;
  field: (labelKey: string) => string;
  list: (words: string[]) => string;
  /** The reader's language: a tier is named as the program names it in that language. */
  lang: string;
  /** A campaign's channel (email, sms) in words. */
  channel: (channel: string) => string;
}

function text(data: TimelineItem["data"], key: string): string | undefined {
  const value = data?.[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

function number(data: TimelineItem["data"], key: string): string | undefined {
  const value = data?.[key];
  return typeof value === "number" ? String(value) : undefined;
}

/** The sentence of one moment ("Order SO-2026-000001 paid ¥100.00"). */
export function sentenceOf(item: TimelineItem, ctx: SentenceContext): Sentence {
  const values: Record<string, string> = { number: item.subject_label };
  const amount = text(item.data, item.kind === "order.created" ? "total" : "amount");
  if (amount !== undefined) values.amount = ctx.money(amount);
  const returnNumber = text(item.data, "return_number");
  if (returnNumber !== undefined) values.returnNumber = returnNumber;
  const mergedName = text(item.data, "merged_name");
  if (mergedName !== undefined) values.name = mergedName;
  const score = number(item.data, "score");
  if (score !== undefined) values.score = score;
  const points = number(item.data, "points");
  if (points !== undefined) values.points = String(Math.abs(Number(points)));
  const channel = text(item.data, "channel");
  if (isCampaignMoment(item) && channel !== undefined) values.channel = ctx.channel(channel);
  const tier = text(item.data, "to_tier");
  if (tier !== undefined) {
    const [mine, other] = ctx.lang === "en" ? ["to_name_en", "to_name_zh"] : ["to_name_zh", "to_name_en"];
    values.tier = text(item.data, mine) ?? text(item.data, other) ?? tier;
  }

  if (item.kind === "order.shipped") {
    const carrier = text(item.data, "carrier");
    if (carrier) {
      return {
        key: "timeline.kind.order.shipped_via",
        values: { ...values, carrier, tracking: text(item.data, "tracking_number") ?? "" },
      };
    }
  }
  if (item.kind === "order.payment_recorded" && amount !== undefined) {
    const method = text(item.data, "method");
    if (method) {
      return {
        key: "timeline.kind.order.payment_recorded_via",
        values: { ...values, method: ctx.method(method) },
      };
    }
  }
  if (item.kind === "customer.updated") {
    const raw = item.data?.fields;
    const fields = Array.isArray(raw) ? raw.filter((f): f is string => typeof f === "string") : [];
    if (fields.length) {
      const words = fields.map((f) =>
        FIELD_LABELS[f] ? ctx.field(`customers.fields.${FIELD_LABELS[f]}`) : f,
      );
      return { key: "timeline.kind.customer.updated_fields", values: { fields: ctx.list(words) } };
    }
  }
  // A created order or a refund without an amount reads without one rather than "undefined".
  if ((item.kind === "order.created" || item.kind === "order.return_refunded") && amount === undefined) {
    return { key: `timeline.kind.${item.kind}_plain`, values };
  }
  if (item.kind === "loyalty.tier_changed" && tier === undefined) {
    return { key: "timeline.kind.loyalty.tier_lost", values };
  }
  if (item.kind === "loyalty.tier_changed" && item.data?.lower === true) {
    return { key: "timeline.kind.loyalty.tier_lowered", values };
  }
  if (KNOWN.has(item.kind)) return { key: `timeline.kind.${item.kind}`, values };
  return { key: "timeline.kind.other", values: { ...values, kind: item.kind } };
}

/** Keys `sentenceOf` can answer with (for the i18n completeness test). */
export function sentenceKeys(): string[] {
  return [
    ...TIMELINE_KINDS.map((k) => `timeline.kind.${k}`),
    ...TIMELINE_VARIANTS.map((k) => `timeline.kind.${k}`),
    "timeline.kind.order.created_plain",
    "timeline.kind.order.return_refunded_plain",
    "timeline.kind.loyalty.tier_lost",
    "timeline.kind.loyalty.tier_lowered",
    "timeline.kind.other",
  ];
}

/**
 * A campaign's touch (sent, opened, clicked, unsubscribed). Told by its kind: the server writes
 * `subject_type: "campaign"`, which the contract's TimelineItem does not list yet.
 */
export function isCampaignMoment(item: TimelineItem): boolean {
  return item.kind.startsWith("campaign.");
}

export type MomentLink = { to: "/orders/$id" | "/tickets/$id" | "/campaigns/$campaignId"; id: string };

/** The page an entry links to: its order or ticket, or its campaign for readers of campaigns;
 * activities and profile moments link nowhere. */
export function linkOf(item: TimelineItem, canSeeCampaigns = false): MomentLink | null {
  if (isCampaignMoment(item))
    return canSeeCampaigns ? { to: "/campaigns/$campaignId", id: item.subject_id } : null;
  if (item.subject_type === "order") return { to: "/orders/$id", id: item.subject_id };
  if (item.subject_type === "ticket") return { to: "/tickets/$id", id: item.subject_id };
  return null;
}

/** The activity kind of an `activity.<kind>` moment, or null for any other moment. */
export function activityKindOf(item: TimelineItem): ActivityKind | null {
  if (item.subject_type !== "activity") return null;
  const kind = item.kind.slice("activity.".length);
  return ACTIVITY_KINDS.find((k) => k === kind) ?? null;
}

/** The moment is an activity the signed-in user logged (only its author may change it). */
export function isOwnActivity(item: TimelineItem, userId: string | undefined): boolean {
  return item.subject_type === "activity" && userId !== undefined && item.actor_id === userId;
}

/** Still inside the author's edit window (the server's `editable_until`)? */
export function stillEditable(editableUntil: string, now: number = Date.now()): boolean {
  const until = Date.parse(editableUntil);
  return !Number.isNaN(until) && now < until;
}

/** A translated sentence cut around the order or ticket number it names, so only the number is a
 * link; a sentence that does not contain it (or no number) is one piece. */
export function splitOnLabel(sentence: string, label: string): [string, string, string] | null {
  const at = label ? sentence.indexOf(label) : -1;
  if (at < 0) return null;
  return [sentence.slice(0, at), label, sentence.slice(at + label.length)];
}
