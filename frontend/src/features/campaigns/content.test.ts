import { describe, expect, it } from "vitest";
import {
  type Campaign,
  contentBody,
  contentValues,
  costBody,
  createBody,
  languagesOf,
  sameBody,
  savedBody,
  updateBody,
  type WizardValues,
  wizardValues,
} from "./content";

const SEG = "01a242b9-b7c6-73eb-9472-9bda12c617d2";
const STORE_A = "01a242b8-ea02-76a8-a9df-e38936b4fa83";
const STORE_B = "01a242b8-ea02-7d1a-81e4-6c9e26a18e1a";

function campaign(overrides: Partial<Campaign> = {}): Campaign {
  return {
    id: "01a242b9-ef9b-741d-80ac-7661ba02f8e3",
    name: "双十二",
    channel: "email",
    status: "draft",
    allowed_actions: ["edit", "schedule", "cancel"],
    include_segment_ids: [SEG],
    exclude_segment_ids: [],
    store_ids: null,
    content: { "zh-CN": { subject: "{{ customer.name }}您好", html: "<p>好</p>", text: "" }, en: null },
    coupon_code: "VIP12",
    control_percent: 10,
    cost: "0.00",
    content_b: null,
    test_percent: 0,
    test_metric: "clicks",
    test_hours: 24,
    winner: null,
    scheduled_at: null,
    submitted_at: null,
    approved_at: null,
    approved_by: null,
    reject_reason: "",
    started_at: null,
    finished_at: null,
    created_by: null,
    created_at: "2026-12-04T20:23:31Z",
    updated_at: "2026-12-04T20:23:31Z",
    version: 2,
    ...overrides,
  };
}

function values(overrides: Partial<WizardValues> = {}): WizardValues {
  return { ...wizardValues(campaign()), ...overrides };
}

describe("content form ⇄ API body", () => {
  it("leaves a language with nothing written out, so it is not checked as incomplete", () => {
    const body = contentBody(
      {
        "zh-CN": { subject: "你好", html: "<p>你好</p>", text: "" },
        en: { subject: "  ", html: "", text: "\n" },
      },
      "email",
    );
    expect(body).toEqual({ "zh-CN": { subject: "你好", html: "<p>你好</p>", text: "" }, en: null });
  });

  it("keeps only the text of an SMS, and drops a language whose text is empty", () => {
    const body = contentBody(
      {
        "zh-CN": { subject: "left over", html: "<p>from email</p>", text: "凭券到店" },
        en: { subject: "x", html: "y", text: "" },
      },
      "sms",
    );
    expect(body).toEqual({ "zh-CN": { text: "凭券到店" }, en: null });
  });

  it("reads the API's content back into the form, a missing language as empty fields", () => {
    expect(contentValues(campaign().content)).toEqual({
      "zh-CN": { subject: "{{ customer.name }}您好", html: "<p>好</p>", text: "" },
      en: { subject: "", html: "", text: "" },
    });
    expect(languagesOf(campaign().content)).toEqual(["zh-CN"]);
  });

  it("round-trips a saved campaign unchanged, so an untouched step saves nothing", () => {
    const c = campaign({ store_ids: [STORE_A, STORE_B], cost: "12.50" });
    expect(sameBody(updateBody(wizardValues(c), true), savedBody(c, true))).toBe(true);
    // The same stores picked in another order, and the same cost typed without its trailing zero.
    const typed = { ...wizardValues(c), store_ids: [STORE_B, STORE_A], cost: "12.5" };
    expect(sameBody(updateBody(typed, true), savedBody(c, true))).toBe(true);
    expect(sameBody(updateBody({ ...typed, coupon_code: "VIP13" }, true), savedBody(c, true))).toBe(false);
  });

  it("sends no stores for the whole chain, and none at all for a store-scoped user", () => {
    expect(updateBody(values({ store_ids: [] }), true).store_ids).toBeNull();
    expect(updateBody(values({ store_ids: [STORE_B, STORE_A] }), true).store_ids).toEqual([STORE_A, STORE_B]);
    expect("store_ids" in updateBody(values({ store_ids: [STORE_A] }), false)).toBe(false);
  });

  it("creates with the channel and a trimmed name; updates never carry the channel", () => {
    const body = createBody(values({ name: "  双十二  ", channel: "sms" }), true);
    expect(body.name).toBe("双十二");
    expect(body.channel).toBe("sms");
    expect(body.content).toEqual({ "zh-CN": null, en: null });
    expect("channel" in updateBody(values(), true)).toBe(false);
  });

  it("writes the cost as the API does, and leaves what is not an amount for the server to name", () => {
    expect(costBody("")).toBe("0.00");
    expect(costBody(undefined)).toBe("0.00");
    expect(costBody("12.5")).toBe("12.50");
    expect(costBody(300)).toBe("300.00");
    expect(costBody("-1")).toBe("-1");
  });
});
