import { describe, expect, it } from "vitest";
import { insertAt } from "./reply";

describe("insertAt", () => {
  it("inserts at the caret", () => {
    expect(insertAt("您好，。", 3, 3, "已为您换货")).toEqual({ value: "您好，已为您换货。", caret: 8 });
  });
  it("replaces the selection", () => {
    expect(insertAt("abc XYZ def", 4, 7, "123")).toEqual({ value: "abc 123 def", caret: 7 });
  });
  it("clamps positions outside the text", () => {
    expect(insertAt("ab", 10, 12, "!")).toEqual({ value: "ab!", caret: 3 });
    expect(insertAt("ab", -3, -1, "!")).toEqual({ value: "!ab", caret: 1 });
  });
});
