import { describe, expect, it } from "vitest";
import { addProduct, pricingKey, remainingToFulfil, returnableUnits, toDecimal, toLineIn } from "./draft";

const nuts = { id: "p1", name: "坚果", sku: "FOOD-005" };

describe("order draft helpers", () => {
  it("adds a product once and bumps the quantity on a repeat scan", () => {
    const one = addProduct([], nuts);
    const two = addProduct(one, nuts);
    expect(two).toHaveLength(1);
    expect(two[0]?.quantity).toBe(2);
    expect(addProduct(two, { id: "p2", name: "薯片", sku: "F6" })).toHaveLength(2);
  });

  it("normalises amounts to two-place decimal strings", () => {
    expect(toDecimal(5)).toBe("5.00");
    expect(toDecimal("1,234.5")).toBe("1234.50");
    expect(toDecimal("abc")).toBe("0.00");
    expect(toDecimal(-3)).toBe("0.00");
    expect(toDecimal(null)).toBe("0.00");
  });

  it("sends only positive quantities and a stable pricing key", () => {
    const lines = [
      { product_id: "a", name: "", sku: "", quantity: 0, discount: "0" },
      { product_id: "b", name: "", sku: "", quantity: 2, discount: "1" },
    ];
    expect(toLineIn(lines)).toEqual([{ product_id: "b", quantity: 2, discount: "1.00" }]);
    expect(pricingKey(lines, "0")).toBe(pricingKey(lines, "0.00"));
    expect(remainingToFulfil({ quantity: 3, fulfilled_quantity: 1 })).toBe(2);
  });

  it("counts returnable units as shipped minus returned minus open returns", () => {
    const lines = [
      { id: "l1", shipped_quantity: 5, returned_quantity: 1 },
      { id: "l2", shipped_quantity: 2, returned_quantity: 0 },
    ];
    const returns = [
      { status: "requested", lines: [{ line_id: "l1", quantity: 2 }] },
      { status: "approved", lines: [{ line_id: "l2", quantity: 2 }] },
      { status: "rejected", lines: [{ line_id: "l1", quantity: 3 }] },
      { status: "refunded", lines: [{ line_id: "l1", quantity: 1 }] },
    ];
    expect(Object.fromEntries(returnableUnits(lines, returns))).toEqual({ l1: 2, l2: 0 });
  });
});
