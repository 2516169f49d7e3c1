import { describe, expect, it } from "vitest";
import { decodeSearchValue, encodeSearchValue } from "./search-params";

describe("search params", () => {
  it("keeps digit-only and word strings plain", () => {
    expect(encodeSearchValue("8000")).toBe("8000");
    expect(encodeSearchValue("true")).toBe("true");
    expect(decodeSearchValue("8000")).toBe("8000");
    expect(decodeSearchValue("true")).toBe("true");
  });

  it("round-trips arrays and ambiguous strings", () => {
    for (const value of [["a", "b"], '"quoted"', "[not json", { a: 1 }, "张三"]) {
      expect(decodeSearchValue(encodeSearchValue(value))).toEqual(value);
    }
  });
});
