import { describe, expect, it } from "vitest";
import { orderExportBody } from "./exportBody";

describe("the order export body, from the list page's URL state", () => {
  it("keeps the order list's status tab, store, channel and phone", () => {
    const body = orderExportBody(
      { status: "completed", store_id: "s2", channel: "store", phone: "8000", q: "" },
      { format: "csv", excelBom: false, columns: [] },
    );
    expect(body).toEqual({
      resource: "orders",
      filters: { status: "completed", store_id: "s2", channel: "store", phone: "8000" },
      format: "csv",
      excel_bom: false,
    });
  });
});
