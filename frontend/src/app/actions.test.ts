import { describe, expect, it } from "vitest";
import { CAMPAIGN_ACTIONS } from "../features/campaigns/actions";
import { TRANSFER_ACTIONS } from "../features/inventory/transferActions";
import { ARTICLE_ACTIONS } from "../features/kb/articleActions";
import { ORDER_ACTIONS } from "../features/orders/actions";
import { RETURN_ACTIONS } from "../features/orders/returnActions";
import { TICKET_ACTIONS } from "../features/service/ticketActions";
import en from "../i18n/en.json";
import zh from "../i18n/zh-CN.json";
import { barActions } from "../lib/actions";

const REGISTRIES = {
  order: ORDER_ACTIONS,
  return: RETURN_ACTIONS,
  ticket: TICKET_ACTIONS,
  article: ARTICLE_ACTIONS,
  transfer: TRANSFER_ACTIONS,
  campaign: CAMPAIGN_ACTIONS,
};

function lookup(messages: unknown, key: string): unknown {
  return key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], messages);
}

describe("action registries", () => {
  for (const [name, registry] of Object.entries(REGISTRIES)) {
    const specs = Object.values(registry) as { rank: number; label: string }[];

    it(`${name}: every label is translated in zh-CN and en`, () => {
      const missing = specs.flatMap((s) =>
        [
          ["zh-CN", zh],
          ["en", en],
        ].flatMap(([locale, messages]) =>
          typeof lookup(messages, s.label) === "string" ? [] : [`${locale}:${s.label}`],
        ),
      );
      expect(missing).toEqual([]);
    });

    it(`${name}: ranks give one display order`, () => {
      const ranks = specs.map((s) => s.rank);
      expect(new Set(ranks).size).toBe(ranks.length);
    });
  }

  it("shows only allowed bar actions, in registry order", () => {
    expect(barActions(ORDER_ACTIONS, ["cancel", "approve", "reject"])).toEqual([
      "approve",
      "reject",
      "cancel",
    ]);
    expect(barActions(TICKET_ACTIONS, ["assign", "close", "start"])).toEqual(["start", "close"]);
  });
});
