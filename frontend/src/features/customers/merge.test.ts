import { describe, expect, it } from "vitest";
import type { Customer } from "./api";
import { defaultKeep, differingFields, mergeBody, unitedTags } from "./merge";

const base: Customer = {
  id: "a",
  name: "张三丰",
  gender: "male",
  birthday: "1990-01-02",
  phone: "+8613800138000",
  email: null,
  address: { province: "江苏", city: "南京", district: "", detail: "" },
  tags: ["常客"],
  lifecycle_stage: "customer",
  home_store_id: null,
  assigned_to: null,
  consent: { email: { granted: false, at: null, source: "" }, sms: { granted: true, at: null, source: "" } },
  notes: "",
  external_id: null,
  language: "zh-CN",
  custom: {},
  created_at: "2026-01-01T00:00:00Z",
  created_by: null,
  updated_at: "2026-01-01T00:00:00Z",
  updated_by: null,
  version: 1,
};

const other: Customer = {
  ...base,
  id: "b",
  name: "张 三丰",
  gender: "unknown",
  phone: null,
  email: "zsf@example.com",
  address: { province: "江苏", city: "南京", district: "", detail: "" },
  tags: ["团购", "常客"],
  notes: "周六到店",
};

describe("merging two records of one customer", () => {
  it("offers only the fields whose values differ", () => {
    expect(differingFields(base, other)).toEqual(["name", "gender", "phone", "email", "notes"]);
  });

  it("keeps the survivor's values, taking the other's only where the survivor has none", () => {
    expect(defaultKeep(base, other)).toEqual({
      name: "this",
      gender: "this",
      phone: "this",
      email: "other",
      notes: "other",
    });
  });

  it("asks the server only for what comes from the other record", () => {
    const keep = { ...defaultKeep(base, other), name: "other" as const };
    expect(mergeBody(other, keep)).toEqual({
      other_id: "b",
      keep: { name: "other", email: "other", notes: "other" },
    });
  });

  it("unites tags once each, in the order the server stores them", () => {
    expect(unitedTags(base, other)).toEqual(["团购", "常客"]);
  });
});
