import { describe, expect, it } from "vitest";
import { categoryOptions } from "./api";

describe("categoryOptions", () => {
  it("flattens the tree with path labels", () => {
    const tree = [
      {
        id: "a",
        name: "食品",
        parent_id: null,
        product_count: 1,
        children: [{ id: "b", name: "零食", parent_id: "a", product_count: 0, children: [] }],
      },
    ];
    expect(categoryOptions(tree)).toEqual([
      { value: "a", label: "食品" },
      { value: "b", label: "食品 / 零食" },
    ]);
  });
});
