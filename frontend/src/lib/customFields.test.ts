import dayjs from "dayjs";
import { describe, expect, it } from "vitest";
import {
  type CustomField,
  customBody,
  fieldLabel,
  filterParams,
  formatValue,
  fromInputValue,
  inputValues,
  parseCustomFilters,
  removedOptions,
  toInputValue,
} from "./customFields";

function field(key: string, type: CustomField["type"], extra: Partial<CustomField> = {}): CustomField {
  return {
    id: key,
    entity: "customer",
    key,
    label_zh: "",
    label_en: "",
    type,
    options: [
      { value: "gold", label_zh: "金卡", label_en: "Gold" },
      { value: "tea", label_zh: "茶", label_en: "" },
    ],
    required: false,
    filterable: false,
    filter_state: "off",
    archived: false,
    position: 0,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    version: 1,
    ...extra,
  };
}
const YES_NO: [string, string] = ["Yes", "No"];

describe("custom field values", () => {
  it("labels in the reader's language, else the other one, else the key", () => {
    expect(fieldLabel(field("tier", "text", { label_zh: "等级", label_en: "Tier" }), "zh-CN")).toBe("等级");
    expect(fieldLabel(field("tier", "text", { label_zh: "等级" }), "en")).toBe("等级");
    expect(fieldLabel(field("tier", "text"), "en")).toBe("tier");
  });

  it("formats each type for the reader", () => {
    expect(formatValue(field("n", "number"), 12345, "en", YES_NO)).toBe("12,345");
    expect(formatValue(field("d", "decimal"), "1234.5", "zh-CN", YES_NO)).toBe("1,234.5");
    expect(formatValue(field("d", "decimal"), "0.000001", "en", YES_NO)).toBe("0.000001");
    expect(formatValue(field("day", "date"), "2026-03-01", "zh-CN", YES_NO)).toBe("2026年3月1日");
    expect(formatValue(field("day", "date"), "2026-03-01", "en", YES_NO)).toBe("Mar 1, 2026");
    expect(formatValue(field("b", "boolean"), false, "en", YES_NO)).toBe("No");
    expect(formatValue(field("s", "select"), "gold", "zh-CN", YES_NO)).toBe("金卡");
    expect(formatValue(field("s", "select"), "gone", "en", YES_NO)).toBe("gone"); // an option removed since
    const mark = (v: string) => `${v} (removed option)`;
    expect(formatValue(field("s", "select"), "gone", "en", YES_NO, mark)).toBe("gone (removed option)");
    expect(formatValue(field("m", "multiselect"), ["gold", "gone"], "en", YES_NO, mark)).toBe(
      "Gold, gone (removed option)",
    );
    expect(formatValue(field("m", "multiselect"), ["gold", "tea"], "zh-CN", YES_NO)).toBe("金卡、茶");
    expect(formatValue(field("m", "multiselect"), ["gold", "tea"], "en", YES_NO)).toBe("Gold, 茶");
    expect(formatValue(field("t", "text"), undefined, "en", YES_NO)).toBe("—");
  });

  it("turns API values into input values and back into their canonical form", () => {
    const day = field("day", "date");
    const input = toInputValue(day, "2026-03-01");
    expect(dayjs.isDayjs(input)).toBe(true);
    expect(fromInputValue(day, input)).toBe("2026-03-01");
    expect(fromInputValue(field("t", "text"), "  hi ")).toBe("hi");
    expect(fromInputValue(field("t", "text"), "  ")).toBeNull();
    expect(fromInputValue(field("n", "number"), 3)).toBe(3);
    expect(fromInputValue(field("d", "decimal"), "12.50")).toBe("12.50");
    expect(fromInputValue(field("b", "boolean"), undefined)).toBe(false);
    expect(fromInputValue(field("m", "multiselect"), ["tea", "gold"])).toEqual(["gold", "tea"]);
    expect(fromInputValue(field("m", "multiselect"), [])).toBeNull();
    expect(toInputValue(field("m", "multiselect"), undefined)).toEqual([]);
  });

  it("writes the fields a form shows and leaves archived ones out", () => {
    const fields = [field("tier", "select"), field("old", "text", { archived: true })];
    const inputs = inputValues(fields, { tier: "gold", old: "kept" });
    expect(inputs).toEqual({ tier: "gold" });
    expect(customBody(fields, { tier: undefined })).toEqual({ tier: null });
  });

  it("keeps list filters in the URL and sends them as cf.<key>", () => {
    expect(parseCustomFilters({ tier: "gold", visits: 3, "Bad-Key": "x", empty: "" })).toEqual({
      tier: "gold",
      visits: "3",
    });
    expect(parseCustomFilters("tier=gold")).toBeUndefined();
    expect(filterParams({ tier: "gold", vip: "true" })).toEqual({ "cf.tier": "gold", "cf.vip": "true" });
  });

  it("keeps an option removed since the record took it, until the field is changed", () => {
    const tier = field("tier", "select");
    const hobbies = field("hobbies", "multiselect");
    expect(removedOptions(tier, "gone")).toEqual(["gone"]);
    expect(removedOptions(tier, "gold")).toEqual([]);
    expect(removedOptions(hobbies, ["tea", "gone"])).toEqual(["gone"]);
    expect(removedOptions(field("t", "text"), "gone")).toEqual([]);
    const inputs = inputValues([tier, hobbies], { tier: "gone", hobbies: ["gone", "tea"] });
    expect(customBody([tier, hobbies], inputs)).toEqual({ tier: "gone", hobbies: ["gone", "tea"] });
  });
});
