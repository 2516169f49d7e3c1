import { describe, expect, it } from "vitest";
import { parseProblem } from "./api/problem";
import { formatPhone, normalizePhone } from "./format";
import { fieldPath } from "./forms";
import { nextPage, previousPage } from "./paging";

describe("phone numbers", () => {
  it("accepts Chinese mobile numbers as typed and shows them grouped", () => {
    expect(normalizePhone("13800138000")).toBe("+8613800138000");
    expect(normalizePhone("138-0013-8000")).toBe("+8613800138000");
    expect(normalizePhone("+86 138 0013 8000")).toBe("+8613800138000");
    expect(normalizePhone("  ")).toBeNull();
    expect(formatPhone("+8613800138000")).toBe("+86 138 0013 8000");
    expect(formatPhone("+14155550100")).toBe("+14155550100");
    expect(formatPhone(null)).toBe("—");
  });
});

describe("keyset paging", () => {
  it("walks forward and back through the cursor stack", () => {
    const p2 = nextPage({}, "c2");
    const p3 = nextPage(p2, "c3");
    expect(p3).toEqual({ cursor: "c3", prev: ["", "c2"] });
    expect(previousPage(p3)).toEqual({ cursor: "c2", prev: [""] });
    expect(previousPage(previousPage(p3))).toEqual({ cursor: undefined, prev: undefined });
  });
});

describe("problems", () => {
  it("reads a 422 with field errors and a 409 with the existing customer", () => {
    const p = parseProblem(
      {
        type: "t",
        title: "Invalid",
        status: 422,
        detail: "d",
        code: "validation_failed",
        errors: [{ field: "address.city", message: "too long" }],
      },
      422,
    );
    expect(p.errors).toEqual([{ field: "address.city", message: "too long" }]);
    expect(fieldPath("address.city")).toEqual(["address", "city"]);
    const c = parseProblem({ status: 409, code: "phone_taken", existing_customer_id: "abc" }, 409);
    expect(c.existing_customer_id).toBe("abc");
    expect(parseProblem("Bad gateway", 502).status).toBe(502);
    const short = parseProblem(
      {
        status: 409,
        code: "insufficient_stock",
        short_lines: [{ product_id: "p1", sku: "TEA-2", requested: 3, available: 1, line_id: "l1" }, "junk"],
      },
      409,
    );
    expect(short.short_lines).toEqual([{ product_id: "p1", sku: "TEA-2", requested: 3, available: 1 }]);
  });
});
