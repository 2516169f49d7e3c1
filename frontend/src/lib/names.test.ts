import { describe, expect, it } from "vitest";
import { localName } from "./names";

describe("localName", () => {
  it("shows the English name to English readers when there is one", () => {
    expect(localName({ name: "饮料", name_en: "Drinks" }, "en")).toBe("Drinks");
    expect(localName({ name: "饮料", name_en: "Drinks" }, "zh-CN")).toBe("饮料");
    expect(localName({ name: "饮料", name_en: "" }, "en")).toBe("饮料");
  });
});
