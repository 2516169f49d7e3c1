import { describe, expect, it } from "vitest";
import { categoryOptions } from "./api";

describe("categoryOptions", () => {
  const tree = [
    {
      id: "a",
      name: "食品",
      name_en: "Food",
      parent_id: null,
      product_count: 1,
      children: [{ id: "b", name: "零食", name_en: "", parent_id: "a", product_count: 0, children: [] }],
    },
  ];

  it("flattens the tree with path labels", () => {
    expect(categoryOptions(tree)).toEqual([
      { value: "a", label: "食品" },
      { value: "b", label: "食品 / 零食" },
    ]);
  });

  it("labels in English where a category has an English name", () => {
    expect(categoryOptions(tree, "en")).toEqual([
      { value: "a", label: "Food" },
      { value: "b", label: "Food / 零食" },
    ]);
  });
});
