import { describe, expect, it } from "vitest";
import { customerExportBody } from "./exportBody";

describe("the customer export body, from the list page's URL state", () => {
  it("sends the customer filters in force, and nothing for the unset ones or the paging", () => {
    const body = customerExportBody(
      { q: " zsf ", stage: "vip", home_store_id: "s1", cursor: "abc", prev: ["x"], sort: "name" },
      { format: "csv", excelBom: true, columns: [] },
    );
    expect(body).toEqual({
      resource: "customers",
      filters: { q: "zsf", stage: "vip", home_store_id: "s1" },
      format: "csv",
      excel_bom: true,
    });
  });

  it("turns the calendar days of the range into the instants the list asks for", () => {
    const body = customerExportBody(
      { created_from: "2026-01-01", created_to: "2026-01-31" },
      { format: "xlsx", excelBom: true, columns: ["name", "phone"] },
    );
    expect(body.filters).toEqual({
      created_from: new Date(2026, 0, 1, 0, 0, 0, 0).toISOString(),
      created_to: new Date(2026, 0, 31, 23, 59, 59, 999).toISOString(),
    });
    // The BOM is a CSV matter; an xlsx body never asks for one.
    expect(body.excel_bom).toBe(false);
    expect(body.columns).toEqual(["name", "phone"]);
  });

  it("keeps the list's custom field filters", () => {
    const body = customerExportBody({ cf: { tier: "gold" } }, { format: "csv", excelBom: true, columns: [] });
    expect(body.filters).toEqual({ custom: { tier: "gold" } });
  });

  it("sends the custom fields picked after the list's columns, and nothing when all are picked", () => {
    const some = customerExportBody({}, { format: "csv", excelBom: false, columns: ["name", "cf.tier"] });
    expect([some.columns, some.custom_columns]).toEqual([["name"], ["tier"]]);
    const onlyCustom = customerExportBody({}, { format: "csv", excelBom: false, columns: ["cf.tier"] });
    expect([onlyCustom.columns, onlyCustom.custom_columns]).toEqual([[], ["tier"]]);
    const all = customerExportBody({}, { format: "csv", excelBom: false, columns: [] });
    expect(["columns" in all, "custom_columns" in all]).toEqual([false, false]);
  });
});
