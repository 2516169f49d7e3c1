import { describe, expect, it } from "vitest";
import { validateSegmentDetailSearch, validateSegmentSearch } from "./search";

describe("segment URL state", () => {
  it("keeps a known kind and the cursor, drops anything else", () => {
    expect(validateSegmentSearch({ kind: "static", cursor: "abc", prev: [""] })).toEqual({
      kind: "static",
      cursor: "abc",
      prev: [""],
    });
    expect(validateSegmentSearch({ kind: "smart" })).toEqual({
      kind: undefined,
      cursor: undefined,
      prev: undefined,
    });
  });

  it("reads the edit flag however the URL spells it", () => {
    expect(validateSegmentDetailSearch({ edit: true }).edit).toBe(true);
    expect(validateSegmentDetailSearch({ edit: "1" }).edit).toBe(true);
    expect(validateSegmentDetailSearch({ edit: "no" }).edit).toBeUndefined();
    expect(validateSegmentDetailSearch({}).edit).toBeUndefined();
  });
});
