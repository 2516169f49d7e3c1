/** The wizard's values and the API's campaign bodies, both ways: content per language (a language
 * with nothing written is left out, so it is not checked as incomplete; SMS keeps only its text),
 * the stores (none chosen: the whole chain), the amounts as the API writes them. Pure. */
import type { Dayjs } from "dayjs";
import type { components } from "../../lib/api/schema";

type Schemas = components["schemas"];
export type Campaign = Schemas["Campaign"];
export type CampaignCreate = Schemas["CampaignCreate"];
export type CampaignUpdate = Schemas["CampaignUpdate"];
export type Content = Schemas["Content"];
export type Channel = Campaign["channel"];

export const CHANNELS: readonly Channel[] = ["email", "sms"];
export const CONTENT_LANGUAGES = ["zh-CN", "en"] as const;
export type ContentLanguage = (typeof CONTENT_LANGUAGES)[number];

export interface MessageValues {
  subject: string;
  html: string;
  text: string;
}
export type ContentValues = Record<ContentLanguage, MessageValues>;

/** What a template may say about its recipient (domain/marketing/templates.py). */
export const PLACEHOLDERS = [
  "{{ customer.name }}",
  "{{ loyalty.points }}",
  "{{ loyalty.tier }}",
  "{{ store.name }}",
  "{{ coupon }}",
] as const;

export interface WizardValues {
  name: string;
  channel: Channel;
  include_segment_ids: string[];
  exclude_segment_ids: string[];
  /** None chosen: every store the user may reach. */
  store_ids: string[];
  content: ContentValues;
  coupon_code: string;
  control_percent: number;
  /** A decimal string ("12.50"); empty is nothing spent. */
  cost: string;
}

/** The wizard's whole form: the campaign's fields and when to send it (only the schedule call reads
 * that: a draft has no send time of its own). */
export interface WizardForm extends WizardValues {
  when: "now" | "later";
  /** The wall-clock time in the tenant's zone. */
  scheduled_at: Dayjs | null;
}

const EMPTY: MessageValues = { subject: "", html: "", text: "" };

export function contentValues(content: Content | undefined): ContentValues {
  const of = (lang: ContentLanguage): MessageValues => {
    const m = content?.[lang];
    return { subject: m?.subject ?? "", html: m?.html ?? "", text: m?.text ?? "" };
  };
  return { "zh-CN": of("zh-CN"), en: of("en") };
}

/** What the channel sends of a language: SMS only its text. */
function parts(channel: Channel, m: MessageValues): Partial<MessageValues> {
  return channel === "sms" ? { text: m.text } : { subject: m.subject, html: m.html, text: m.text };
}

function written(m: Partial<MessageValues>): boolean {
  return Object.values(m).some((v) => (v ?? "").trim() !== "");
}

export function contentBody(values: Partial<ContentValues> | undefined, channel: Channel): Content {
  const body: Content = {};
  for (const lang of CONTENT_LANGUAGES) {
    const m = parts(channel, { ...EMPTY, ...values?.[lang] });
    body[lang] = written(m) ? m : null;
  }
  return body;
}

/** The languages a campaign has content in. */
export function languagesOf(content: Content): ContentLanguage[] {
  return CONTENT_LANGUAGES.filter((lang) => Boolean(content[lang]));
}

export function wizardValues(c: Campaign | undefined): WizardValues {
  return {
    name: c?.name ?? "",
    channel: c?.channel ?? "email",
    include_segment_ids: c?.include_segment_ids ?? [],
    exclude_segment_ids: c?.exclude_segment_ids ?? [],
    store_ids: c?.store_ids ?? [],
    content: contentValues(c?.content),
    coupon_code: c?.coupon_code ?? "",
    control_percent: c?.control_percent ?? 0,
    cost: c && Number(c.cost) !== 0 ? c.cost : "",
  };
}

/** `choosesStores`: the user picks stores (she works for the whole chain); otherwise the server
 * fences the campaign to her own stores and the body leaves them out. */
export function updateBody(v: WizardValues, choosesStores: boolean): CampaignUpdate {
  return {
    name: v.name.trim(),
    include_segment_ids: v.include_segment_ids ?? [],
    exclude_segment_ids: v.exclude_segment_ids ?? [],
    // The server keeps the stores sorted; sorted here too, so an unchanged choice reads unchanged.
    ...(choosesStores ? { store_ids: v.store_ids?.length ? [...v.store_ids].sort() : null } : {}),
    content: contentBody(v.content, v.channel),
    coupon_code: (v.coupon_code ?? "").trim(),
    control_percent: v.control_percent ?? 0,
    cost: costBody(v.cost),
  };
}

/** The cost as the API writes it back ("12.50"), so an unchanged amount reads unchanged; what is
 * not an amount goes as typed, for the server to name. */
export function costBody(cost: string | number | null | undefined): string {
  const text = cost === null || cost === undefined ? "" : String(cost).trim();
  if (text === "") return "0.00";
  return /^\d+(\.\d+)?$/.test(text) ? Number(text).toFixed(2) : text;
}

export function createBody(v: WizardValues, choosesStores: boolean): CampaignCreate {
  return { ...updateBody(v, choosesStores), name: v.name.trim(), channel: v.channel };
}

/** The part of a saved campaign an update body speaks of, to tell whether the form changed it. */
export function savedBody(c: Campaign, choosesStores: boolean): CampaignUpdate {
  return updateBody(wizardValues(c), choosesStores);
}

/** True when the two bodies say the same (key order aside). */
export function sameBody(a: CampaignUpdate, b: CampaignUpdate): boolean {
  return stable(a) === stable(b);
}

function stable(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => x.localeCompare(y)))
      : v,
  );
}
