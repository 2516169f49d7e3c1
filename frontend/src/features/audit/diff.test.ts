import { describe, expect, it } from "vitest";
import { diffRows } from "./diff";

describe("audit diff", () => {
  it("reads the common change shapes", () => {
    expect(diffRows({ name: ["张三", "张三丰"] })).toEqual([{ field: "name", from: "张三", to: "张三丰" }]);
    expect(diffRows({ stage: { from: "lead", to: "vip" } })).toEqual([
      { field: "stage", from: "lead", to: "vip" },
    ]);
    expect(diffRows({ before: { a: 1 }, after: { a: 2, b: 3 } })).toEqual([
      { field: "a", from: 1, to: 2 },
      { field: "b", from: undefined, to: 3 },
    ]);
    expect(diffRows(null)).toEqual([]);
  });
});
