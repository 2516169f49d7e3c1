import { describe, expect, it } from "vitest";
import { changeDue } from "./change";

describe("changeDue", () => {
  it("is tendered minus the amount, in cents", () => {
    expect(changeDue("235.50", "300")).toBe("64.50");
    expect(changeDue("0.10", "0.30")).toBe("0.20");
    expect(changeDue("100.00", "100.00")).toBe("0.00");
  });
  it("is null without a tender or when too little was handed over", () => {
    expect(changeDue("100.00", null)).toBeNull();
    expect(changeDue("100.00", "")).toBeNull();
    expect(changeDue("100.00", "99.99")).toBeNull();
  });
});
