import { describe, expect, it } from "vitest";
import { filenameFromDisposition } from "./download";
import { exportOptions, exportResult, filterCount, isActive, percent } from "./exports";

describe("the file name a download is saved under", () => {
  it("reads a plain quoted or bare filename", () => {
    expect(filenameFromDisposition('attachment; filename="customers-20261203-1130.csv"')).toBe(
      "customers-20261203-1130.csv",
    );
    expect(filenameFromDisposition("attachment; filename=orders.xlsx")).toBe("orders.xlsx");
  });

  it("prefers the RFC 5987 UTF-8 name, so Chinese names survive", () => {
    expect(
      filenameFromDisposition(
        "attachment; filename=\"kehu.csv\"; filename*=utf-8''%E5%AE%A2%E6%88%B7-20261203.csv",
      ),
    ).toBe("客户-20261203.csv");
  });

  it("falls back when the extended name is malformed, and says nothing without a header", () => {
    expect(filenameFromDisposition("attachment; filename*=utf-8''%E5%AE; filename=\"x.csv\"")).toBe("x.csv");
    expect(filenameFromDisposition(null)).toBeUndefined();
    expect(filenameFromDisposition("attachment")).toBeUndefined();
  });
});

describe("how a job reads", () => {
  it("omits the columns when every column is wanted", () => {
    expect(exportOptions({ format: "csv", excelBom: true, columns: [] })).toEqual({
      format: "csv",
      excel_bom: true,
    });
  });
  const job = { state: "running" as const, progress: { done: 250, total: 1000 }, result: null };

  it("is active while queued or running", () => {
    expect(isActive(job)).toBe(true);
    expect(isActive({ state: "queued" })).toBe(true);
    expect(isActive({ state: "cancelled" })).toBe(false);
  });

  it("shows a percentage only once the total is known", () => {
    expect(percent(job)).toBe(25);
    expect(percent({ ...job, progress: { done: 0, total: null } })).toBeUndefined();
    expect(percent({ ...job, state: "succeeded", progress: { done: 0, total: 0 } })).toBe(100);
  });

  it("reads rows and filename from the result, ignoring what is not of the expected kind", () => {
    expect(exportResult({ result: { rows: 12, filename: "c.csv", file_id: "f" } })).toEqual({
      rows: 12,
      filename: "c.csv",
    });
    expect(exportResult({ result: { rows: "12" } })).toEqual({ rows: undefined, filename: undefined });
    expect(exportResult({ result: null })).toEqual({ rows: undefined, filename: undefined });
  });
});

describe("the filters the dialog says are in force", () => {
  it("counts a created range as one filter", () => {
    expect(filterCount({ tag: "团购", created_from: "a", created_to: "b" })).toBe(2);
    expect(filterCount({ created_to: "b" })).toBe(1);
    expect(filterCount({})).toBe(0);
    expect(filterCount(undefined)).toBe(0);
  });
});
