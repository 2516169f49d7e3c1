import { describe, expect, it } from "vitest";
import { slaRowStyle } from "./labels";
import { validateTicketSearch } from "./search";

describe("validateTicketSearch", () => {
  it("defaults to my tickets and drops unknown values", () => {
    expect(
      validateTicketSearch({ view: "everything", status: "lost", priority: "urgent", sla_state: "x" }),
    ).toEqual({
      view: "mine",
      status: undefined,
      priority: "urgent",
      sla_state: undefined,
      store_id: undefined,
      q: undefined,
      cursor: undefined,
      prev: undefined,
    });
  });
  it("keeps the queue's filters and paging from the URL", () => {
    const search = validateTicketSearch({
      view: "all",
      sla_state: "breached",
      q: "TK-1",
      cursor: "c",
      prev: ["", "b"],
    });
    expect(search).toMatchObject({
      view: "all",
      sla_state: "breached",
      q: "TK-1",
      cursor: "c",
      prev: ["", "b"],
    });
  });
});

describe("slaRowStyle", () => {
  it("highlights breached and at-risk tickets only", () => {
    expect(slaRowStyle("breached").background).toBeDefined();
    expect(slaRowStyle("at_risk").background).toBeDefined();
    expect(slaRowStyle("ok")).toEqual({});
    expect(slaRowStyle("paused")).toEqual({});
  });
});
