import { describe, expect, it } from "vitest";
import { parseProblem } from "./api/problem";
import {
  amountExample,
  amountPattern,
  currencyPlaces,
  currencySymbol,
  formatDate,
  formatDateTime,
  formatMoney,
  formatPhone,
  normalizePhone,
  phoneHref,
} from "./format";
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

  it("groups Chinese numbers per language and dials them with a tel: link", () => {
    expect(formatPhone("+8613800138000", "zh-CN")).toBe("138 0013 8000");
    expect(formatPhone("+8613800138000", "en")).toBe("+86 138 0013 8000");
    expect(formatPhone("+862161234567", "zh-CN")).toBe("021 6123 4567");
    expect(formatPhone("+862161234567", "en")).toBe("+86 21 6123 4567");
    expect(formatPhone("+867551234567", "zh-CN")).toBe("0755 123 4567");
    expect(formatPhone("+14155550100", "zh-CN")).toBe("+14155550100");
    expect(phoneHref("+8613800138000")).toBe("tel:+8613800138000");
    expect(phoneHref("021-6123 4567")).toBe("tel:02161234567");
    expect(phoneHref("")).toBeNull();
  });
});

describe("money and time", () => {
  it("shows yuan with the narrow symbol in both languages", () => {
    expect(formatMoney("103.95", "en", "CNY")).toBe("¥103.95");
    expect(formatMoney("103.95", "zh-CN", "CNY")).toBe("¥103.95");
    expect(formatMoney(1234.5, "en", "CNY")).toBe("¥1,234.50");
    expect(formatMoney("12", "en", "USD")).toBe("$12.00");
  });

  it("shows instants in the tenant's time zone, not the browser's", () => {
    // 16:30 UTC on 1 January is already 2 January in Shanghai and still 1 January in New York.
    expect(formatDateTime("2026-01-01T16:30:00Z", "en", "Asia/Shanghai")).toBe("Jan 2, 2026, 12:30 AM");
    expect(formatDateTime("2026-01-01T16:30:00Z", "en", "America/New_York")).toBe("Jan 1, 2026, 11:30 AM");
    expect(formatDateTime("2026-01-01T16:30:00Z", "zh-CN", "Asia/Shanghai")).toBe("2026年1月2日 00:30");
    expect(formatDate("2026-01-01T16:30:00Z", "en", "Asia/Shanghai")).toBe("Jan 2, 2026");
    // A calendar day stays the same day in every zone.
    expect(formatDate("2026-01-01", "en", "Pacific/Honolulu")).toBe("Jan 1, 2026");
    expect(formatDateTime(null, "en", "Asia/Shanghai")).toBe("—");
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

describe("amounts as the API takes them", () => {
  it("follows the currency's minor units, accepting the API's own trailing zeros", () => {
    const yuan = amountPattern(currencyPlaces("CNY"));
    expect(["0", "12", "12.5", "12.50", "999999999999.99"].every((a) => yuan.test(a))).toBe(true);
    expect(["-1", "012", "1e3", "1_000", "12.", ".5", "0.001", "１２"].some((a) => yuan.test(a))).toBe(false);
    const yen = amountPattern(currencyPlaces("JPY"));
    expect(["500", "500.00", "500.0"].every((a) => yen.test(a))).toBe(true);
    expect(["500.5", "500.05"].some((a) => yen.test(a))).toBe(false);
    expect(currencyPlaces("KWD")).toBe(2);
    expect(amountExample(0)).toBe("1200");
    expect(currencySymbol("JPY", "en")).toBe("¥");
    expect(currencySymbol("EUR", "zh-CN")).toBe("€");
  });
});
