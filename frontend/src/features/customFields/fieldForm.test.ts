import { describe, expect, it } from "vitest";
import { movedOrder } from "./fieldForm";

describe("movedOrder", () => {
  it("swaps a field with its neighbour", () => {
    expect(movedOrder(["a", "b", "c"], 1, -1)).toEqual(["b", "a", "c"]);
    expect(movedOrder(["a", "b", "c"], 1, 1)).toEqual(["a", "c", "b"]);
  });
  it("keeps the order at either end", () => {
    expect(movedOrder(["a", "b"], 0, -1)).toEqual(["a", "b"]);
    expect(movedOrder(["a", "b"], 1, 1)).toEqual(["a", "b"]);
  });
});
