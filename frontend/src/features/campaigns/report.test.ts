import { describe, expect, it } from "vitest";
import { type CampaignReport, funnelData, percent, points, rate, skippedRows, storeRows } from "./report";

const STORE = "01a242b8-ea02-76a8-a9df-e38936b4fa83";

function report(overrides: Partial<CampaignReport> = {}): CampaignReport {
  return {
    audience: 120,
    skipped: { no_address: 50, no_consent: 6, frequency_cap: 0, unsubscribed: 6 },
    control: 8,
    eligible: 50,
    sent: 48,
    failed: 1,
    bounced: 1,
    delivered: 47,
    opened: 20,
    clicked: 24,
    unsubscribed: 2,
    ordered: 5,
    orders: 6,
    revenue: "1280.00",
    cost: "200.00",
    roi: "5.4000",
    attribution_days: 7,
    by_store: [
      { store_id: null, orders: 1, revenue: "80.00" },
      { store_id: STORE, orders: 5, revenue: "1200.00" },
    ],
    treatment: { customers: 48, converted: 5, rate: "0.1042" },
    control_group: { customers: 8, converted: 0, rate: "0" },
    uplift: "0.1042",
    variants: [],
    winner: null,
    computed_at: "2026-12-04T20:24:32Z",
    ...overrides,
  };
}

describe("the report's funnel and tables", () => {
  it("keeps the funnel's stage order with each stage's share of the audience", () => {
    const data = funnelData(report());
    expect(data.map((p) => p.stage)).toEqual([
      "audience",
      "eligible",
      "sent",
      "delivered",
      "opened",
      "clicked",
      "ordered",
    ]);
    expect(data.map((p) => p.value)).toEqual([120, 50, 48, 47, 20, 24, 5]);
    expect(data[0]?.share).toBe(1);
    expect(data[2]?.share).toBeCloseTo(0.4);
  });

  it("gives every share 0 when nobody was in the audience", () => {
    const empty = report({
      audience: 0,
      eligible: 0,
      sent: 0,
      delivered: 0,
      opened: 0,
      clicked: 0,
      ordered: 0,
    });
    expect(funnelData(empty).every((p) => p.share === 0)).toBe(true);
  });

  it("lists the skips most first, without the empty ones, ties by reason", () => {
    expect(skippedRows(report())).toEqual([
      { reason: "no_address", count: 50 },
      { reason: "no_consent", count: 6 },
      { reason: "unsubscribed", count: 6 },
    ]);
  });

  it("names the stores, richest first, and keeps orders without a store", () => {
    const rows = storeRows(report(), new Map([[STORE, "SH01 · 南京西路店"]]));
    expect(rows.map((r) => [r.name, r.orders, r.revenue])).toEqual([
      ["SH01 · 南京西路店", 5, "1200.00"],
      [null, 1, "80.00"],
    ]);
    expect(rows[1]?.storeId).toBeNull();
    expect(storeRows(report(), new Map())[0]?.name).toBeNull();
  });

  it("writes rates as percents and the uplift in signed points", () => {
    expect(rate(5, 48)).toBeCloseTo(0.1042, 4);
    expect(rate(1, 0)).toBe(0);
    expect(percent("0.1042", "en")).toBe("10.4%");
    expect(percent(5.4, "zh-CN")).toBe("540.0%");
    expect(points("0.1042", "en")).toBe("+10.4");
    expect(points("-0.0100", "en")).toBe("-1.0");
    expect(points("0.0000", "en")).toBe("0.0");
  });
});
