import { describe, expect, it } from "vitest";
import en from "../../i18n/en.json";
import zhCN from "../../i18n/zh-CN.json";
import {
  activityKindOf,
  isOwnActivity,
  isTimelineFilter,
  linkOf,
  type SentenceContext,
  sentenceKeys,
  sentenceOf,
  splitOnLabel,
  stillEditable,
  type TimelineItem,
} from "./timeline";

const ctx: SentenceContext = {
  money: (amount) => `¥${amount}`,
  method: (method) => `<${method}>`,
  field: (key) => `[${key}]`,
  list: (words) => words.join(", "),
  lang: "zh-CN",
  channel: (channel) => `{${channel}}`,
};

function item(kind: string, overrides: Partial<TimelineItem> = {}): TimelineItem {
  const subject = kind.split(".", 1)[0];
  return {
    id: "01a23b48-0000-7000-8000-000000000001",
    kind,
    occurred_at: "2026-12-03T09:00:00Z",
    store_id: null,
    subject_type:
      subject === "order" || subject === "ticket" || subject === "activity" ? subject : "customer",
    subject_id: "01a23b48-0000-7000-8000-000000000002",
    subject_label: subject === "ticket" ? "TK-000007" : subject === "order" ? "SO-2026-000001" : "",
    from_status: "",
    to_status: "",
    actor_type: "user",
    actor_id: "user-1",
    actor_label: "owner@example.com",
    actor_name: "王店长",
    note: "",
    data: null,
    ...overrides,
  };
}

function lookup(messages: unknown, key: string): unknown {
  return key
    .split(".")
    .reduce<unknown>(
      (node, part) => (typeof node === "object" && node !== null ? Reflect.get(node, part) : undefined),
      messages,
    );
}

describe("sentenceOf", () => {
  it("names a tier as the program does, in the reader's language, and says when it went down", () => {
    const data = {
      from_tier: "gold",
      to_tier: "silver",
      to_name_zh: "银卡",
      to_name_en: "Silver",
      lower: true,
    };
    const lowered = item("loyalty.tier_changed", { data });
    expect(sentenceOf(lowered, ctx)).toEqual({
      key: "timeline.kind.loyalty.tier_lowered",
      values: { number: "", tier: "银卡" },
    });
    const raised = item("loyalty.tier_changed", { data: { ...data, lower: false } });
    expect(sentenceOf(raised, { ...ctx, lang: "en" })).toEqual({
      key: "timeline.kind.loyalty.tier_changed",
      values: { number: "", tier: "Silver" },
    });
  });

  it("names the record merged in", () => {
    const merged = item("customer.merged", { data: { merged_name: "张 三丰", taken: ["email"], moved: {} } });
    expect(sentenceOf(merged, ctx)).toEqual({
      key: "timeline.kind.customer.merged",
      values: { number: "", name: "张 三丰" },
    });
  });

  it("names the order and the amount paid, with the method", () => {
    const paid = item("order.payment_recorded", { data: { amount: "100.00", method: "alipay" } });
    expect(sentenceOf(paid, ctx)).toEqual({
      key: "timeline.kind.order.payment_recorded_via",
      values: { number: "SO-2026-000001", amount: "¥100.00", method: "<alipay>" },
    });
  });

  it("reads a payment without a method as the plain sentence", () => {
    const paid = item("order.payment_recorded", { data: { amount: "100.00" } });
    expect(sentenceOf(paid, ctx).key).toBe("timeline.kind.order.payment_recorded");
  });

  it("takes a created order's amount from its total, and reads without one when it is missing", () => {
    const created = item("order.created", { data: { total: "224.10" } });
    expect(sentenceOf(created, ctx)).toEqual({
      key: "timeline.kind.order.created",
      values: { number: "SO-2026-000001", amount: "¥224.10" },
    });
    expect(sentenceOf(item("order.created"), ctx).key).toBe("timeline.kind.order.created_plain");
  });

  it("names the carrier of a shipment when it is known", () => {
    const shipped = item("order.shipped", { data: { carrier: "顺丰速运", tracking_number: "SF1" } });
    expect(sentenceOf(shipped, ctx)).toEqual({
      key: "timeline.kind.order.shipped_via",
      values: { number: "SO-2026-000001", carrier: "顺丰速运", tracking: "SF1" },
    });
    expect(sentenceOf(item("order.shipped"), ctx).key).toBe("timeline.kind.order.shipped");
  });

  it("names the ticket and a rating", () => {
    expect(sentenceOf(item("ticket.replied"), ctx)).toEqual({
      key: "timeline.kind.ticket.replied",
      values: { number: "TK-000007" },
    });
    const rated = item("ticket.csat_answered", { data: { score: 4 } });
    expect(sentenceOf(rated, ctx).values.score).toBe("4");
  });

  it("lists the changed profile fields in words, unknown ones as they are", () => {
    const updated = item("customer.updated", {
      data: { fields: ["phone", "sms_consent", "custom", "shoe_size"] },
    });
    expect(sentenceOf(updated, ctx)).toEqual({
      key: "timeline.kind.customer.updated_fields",
      values: {
        fields:
          "[customers.fields.phone], [customers.fields.consentSms], [customers.fields.custom], shoe_size",
      },
    });
    expect(sentenceOf(item("customer.updated", { data: { fields: [] } }), ctx).key).toBe(
      "timeline.kind.customer.updated",
    );
  });

  it("names a campaign touch by the campaign and its channel", () => {
    for (const kind of ["campaign.sent", "campaign.opened", "campaign.clicked", "campaign.unsubscribed"]) {
      const touch = item(kind, { subject_label: "双十二会员专享", data: { channel: "email" } });
      expect(sentenceOf(touch, ctx)).toEqual({
        key: `timeline.kind.${kind}`,
        values: { number: "双十二会员专享", channel: "{email}" },
      });
    }
  });

  it("reads a kind it does not know as the generic sentence", () => {
    expect(sentenceOf(item("order.teleported"), ctx)).toEqual({
      key: "timeline.kind.other",
      values: { number: "SO-2026-000001", kind: "order.teleported" },
    });
  });

  it("has every sentence in both languages", () => {
    for (const key of sentenceKeys()) {
      expect(typeof lookup(en, key), `en ${key}`).toBe("string");
      expect(typeof lookup(zhCN, key), `zh-CN ${key}`).toBe("string");
    }
  });
});

describe("timeline helpers", () => {
  it("links orders and tickets to their pages, nothing else", () => {
    expect(linkOf(item("order.created"))).toEqual({
      to: "/orders/$id",
      id: item("order.created").subject_id,
    });
    expect(linkOf(item("ticket.created"))?.to).toBe("/tickets/$id");
    expect(linkOf(item("activity.call"))).toBeNull();
    expect(linkOf(item("customer.created"))).toBeNull();
  });

  it("links a campaign touch to its campaign only for readers of campaigns", () => {
    const touch = item("campaign.clicked", { data: { channel: "sms" } });
    expect(linkOf(touch, true)).toEqual({ to: "/campaigns/$campaignId", id: touch.subject_id });
    expect(linkOf(touch, false)).toBeNull();
    expect(linkOf(touch)).toBeNull();
  });

  it("knows an activity's kind and its author", () => {
    expect(activityKindOf(item("activity.visit"))).toBe("visit");
    expect(activityKindOf(item("order.created"))).toBeNull();
    expect(isOwnActivity(item("activity.call"), "user-1")).toBe(true);
    expect(isOwnActivity(item("activity.call"), "user-2")).toBe(false);
    expect(isOwnActivity(item("activity.call"), undefined)).toBe(false);
    expect(isOwnActivity(item("order.created"), "user-1")).toBe(false);
  });

  it("keeps an activity editable until the server's deadline, not after", () => {
    const until = "2026-12-04T09:00:00Z";
    expect(stillEditable(until, Date.parse("2026-12-04T08:59:59Z"))).toBe(true);
    expect(stillEditable(until, Date.parse("2026-12-04T09:00:00Z"))).toBe(false);
    expect(stillEditable("not a time")).toBe(false);
  });

  it("cuts a sentence around the number it names", () => {
    expect(splitOnLabel("订单 SO-2026-000001 收款 ¥100.00", "SO-2026-000001")).toEqual([
      "订单 ",
      "SO-2026-000001",
      " 收款 ¥100.00",
    ]);
    expect(splitOnLabel("Ticket TK-000007 replied", "TK-000007")).toEqual([
      "Ticket ",
      "TK-000007",
      " replied",
    ]);
    expect(splitOnLabel("Call logged", "")).toBeNull();
    expect(splitOnLabel("Profile updated", "SO-1")).toBeNull();
  });

  it("accepts only the filters the feed has", () => {
    expect(isTimelineFilter("ticket")).toBe(true);
    expect(isTimelineFilter("campaign")).toBe(true);
    expect(isTimelineFilter("segment")).toBe(false);
    expect(isTimelineFilter(undefined)).toBe(false);
  });
});
