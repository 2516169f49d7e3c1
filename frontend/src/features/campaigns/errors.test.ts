import { describe, expect, it } from "vitest";
import contract from "../../../../openapi/openapi.json";
import { placeErrors, STEP_FIELDS, stepIndex } from "./errors";
import { STATUSES, validateCampaignSearch, validateWizardSearch } from "./search";

describe("where the server's 422 shows in the wizard", () => {
  it("puts a template error on its language's field and opens the content step", () => {
    const placed = placeErrors([{ field: "content.zh-CN.subject", message: "不是有效的模板（第 1 行）" }]);
    expect(placed.fields).toEqual([
      { name: ["content", "zh-CN", "subject"], errors: ["不是有效的模板（第 1 行）"] },
    ]);
    expect(placed.step).toBe("content");
    expect(placed.unmatched).toEqual([]);
  });

  it("says a missing language on its tab, and a list item's error on its list", () => {
    const placed = placeErrors([
      { field: "content.en", message: "is required: the tenant's language" },
      { field: "include_segment_ids.1", message: "is not a segment you can see" },
      { field: "include_segment_ids.3", message: "is not a segment you can see" },
    ]);
    expect(placed.languages).toEqual({ en: ["is required: the tenant's language"] });
    expect(placed.fields).toEqual([
      {
        name: ["include_segment_ids"],
        errors: ["is not a segment you can see", "is not a segment you can see"],
      },
    ]);
    expect(placed.step).toBe("audience");
  });

  it("opens the earliest step with an error and keeps what no field shows", () => {
    const placed = placeErrors([
      { field: "scheduled_at", message: "must be in the future" },
      { field: "content.zh-CN.html", message: "is required" },
      { field: "surprise", message: "?" },
    ]);
    expect(placed.step).toBe("content");
    expect(placed.unmatched).toEqual([{ field: "surprise", message: "?" }]);
  });

  it("validates each step's own fields", () => {
    expect(STEP_FIELDS.audience).toContainEqual(["name"]);
    expect(STEP_FIELDS.content).toContainEqual(["content", "en", "html"]);
    expect(STEP_FIELDS.review).toEqual([]);
  });
});

describe("the campaign pages' URL state", () => {
  it("knows every status of the contract", () => {
    expect([...STATUSES].sort()).toEqual([...contract.components.schemas.CampaignStatus.enum].sort());
  });

  it("keeps a known status and a step in range", () => {
    expect(validateCampaignSearch({ status: "sending" }).status).toBe("sending");
    expect(validateCampaignSearch({ status: "teleported" }).status).toBeUndefined();
    expect(validateWizardSearch({ step: "2" })).toEqual({ step: 2 });
    expect(validateWizardSearch({ step: 0 })).toEqual({ step: undefined });
    expect(stepIndex(9)).toBe(0);
    expect(stepIndex("x")).toBe(0);
  });
});
