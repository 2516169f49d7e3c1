import { describe, expect, it } from "vitest";
import { lineName } from "./ProductSearchSelect";

describe("lineName", () => {
  const flask = { name: "保温杯", name_zh: "保温杯", name_en: "Vacuum flask" };
  it("shows the name captured in the reader's language", () => {
    expect(lineName(flask, "en")).toBe("Vacuum flask");
    expect(lineName(flask, "zh-CN")).toBe("保温杯");
  });
  it("falls back to the snapshot shown by default", () => {
    expect(lineName({ name: "绿茶", name_zh: "绿茶", name_en: "" }, "en")).toBe("绿茶");
    expect(lineName({ name: "Tea", name_zh: "", name_en: "Tea" }, "zh-CN")).toBe("Tea");
    expect(lineName({ name: "SKU-1", name_zh: "", name_en: "" }, "en")).toBe("SKU-1");
  });
});
