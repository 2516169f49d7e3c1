import { describe, expect, it } from "vitest";
import { formatShare, groupFields, localLabel, monthName, operatorKey, shortDay } from "./labels";
import type { SegmentField } from "./rules";

function field(key: string, group: SegmentField["group"]): SegmentField {
  return {
    key,
    group,
    kind: "number",
    label_zh: key,
    label_en: key,
    operators: ["eq"],
    options: [],
    ref: null,
    windowed: false,
    minimum: null,
    maximum: null,
  };
}

describe("segment labels", () => {
  it("groups the catalogue in the picker's order, keeping each group's own order", () => {
    const fields = [field("custom.a", "custom"), field("spend", "behaviour"), field("age", "attribute")];
    fields.push(field("order_count", "behaviour"));
    expect(groupFields(fields).map(([g, list]) => [g, list.map((f) => f.key)])).toEqual([
      ["attribute", ["age"]],
      ["behaviour", ["spend", "order_count"]],
      ["custom", ["custom.a"]],
    ]);
  });

  it("reads catalogue labels in the UI language, the other one when blank", () => {
    expect(localLabel({ label_zh: "性别", label_en: "Gender" }, "en")).toBe("Gender");
    expect(localLabel({ label_zh: "性别", label_en: "Gender" }, "zh-CN")).toBe("性别");
    expect(localLabel({ label_zh: "鞋码", label_en: "" }, "en")).toBe("鞋码");
  });

  it("says 'is' for a yes/no field's equals", () => {
    expect(operatorKey("boolean", "eq")).toBe("segments.operators.is");
    expect(operatorKey("number", "eq")).toBe("segments.operators.eq");
  });

  it("formats months, shares and axis days by the locale", () => {
    expect(monthName(3, "en")).toBe("March");
    expect(monthName(3, "zh-CN")).toBe("三月");
    expect(formatShare("0.2291", "en")).toBe("22.9%");
    expect(formatShare("0.0000", "zh-CN")).toBe("0%");
    expect(shortDay("2026-12-04", "en")).toBe("12/4");
    expect(shortDay("2026-12-04", "zh-CN")).toBe("12/4");
  });
});
