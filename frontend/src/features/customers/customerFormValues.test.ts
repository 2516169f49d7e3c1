import { describe, expect, it } from "vitest";
import type { CustomField } from "../../lib/customFields";
import type { Customer } from "./api";
import { initialValues, toBody, toDuplicateCheck } from "./customerFormValues";

const customer: Customer = {
  id: "c1",
  name: "王芳",
  gender: "female",
  birthday: "1990-05-01",
  phone: "+8613800138000",
  email: "wang@example.com",
  address: { province: "上海", city: "上海", district: "徐汇", detail: "" },
  tags: ["vip"],
  lifecycle_stage: "customer",
  home_store_id: null,
  assigned_to: null,
  consent: {
    email: { granted: true, at: "2026-01-01T00:00:00Z", source: "crm_web" },
    sms: { granted: false, at: null, source: "" },
  },
  notes: "",
  external_id: null,
  language: "en",
  custom: { tier: "gold", joined_on: "2026-03-01", retired: 7 },
  created_at: "2026-01-01T00:00:00Z",
  created_by: null,
  updated_at: "2026-01-01T00:00:00Z",
  updated_by: null,
  version: 3,
};

describe("customer form values", () => {
  it("round-trips a customer unchanged, sending no consent", () => {
    const body = toBody(initialValues(customer), customer);
    expect(body).toMatchObject({
      name: "王芳",
      birthday: "1990-05-01",
      phone: "+8613800138000",
      language: "en",
    });
    expect(body.consent).toBeUndefined();
  });

  it("sends only the consent that changed", () => {
    const values = { ...initialValues(customer), consent_sms: true };
    expect(toBody(values, customer).consent).toEqual({ sms: { granted: true, source: "crm_web" } });
  });

  it("a new lead with blank optional fields sends nulls, not empty strings", () => {
    const body = toBody({ ...initialValues(), name: "  李雷 " });
    expect(body).toMatchObject({
      name: "李雷",
      email: null,
      phone: null,
      external_id: null,
      language: null,
      lifecycle_stage: "lead",
    });
    expect(body.consent).toBeUndefined();
  });
});

describe("the duplicate check of a form being filled in", () => {
  it("asks nothing before there is a name", () => {
    expect(toDuplicateCheck({ name: "  ", phone: "13800138000" })).toBeNull();
  });

  it("sends the name, the phone in its stored form and the birthday", () => {
    const values = { ...initialValues(customer), email: "", birthday: initialValues(customer).birthday };
    expect(toDuplicateCheck(values)).toEqual({
      name: "王芳",
      phone: "+8613800138000",
      email: null,
      birthday: "1990-05-01",
    });
  });
});

describe("custom fields in the customer form", () => {
  const field = (key: string, type: CustomField["type"], archived = false): CustomField => ({
    id: key,
    entity: "customer",
    key,
    label_zh: key,
    label_en: key,
    type,
    options: type === "select" ? [{ value: "gold", label_zh: "金卡", label_en: "Gold" }] : [],
    required: false,
    filterable: false,
    filter_state: "off",
    archived,
    position: 0,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    version: 1,
  });
  const fields = [field("tier", "select"), field("joined_on", "date"), field("retired", "number", true)];

  it("round-trips the values of the fields the form shows and leaves archived ones alone", () => {
    const values = initialValues(customer, fields);
    expect(Object.keys(values.custom)).toEqual(["tier", "joined_on"]);
    expect(toBody(values, customer, fields).custom).toEqual({ tier: "gold", joined_on: "2026-03-01" });
  });

  it("sends null for an input emptied, which removes the value", () => {
    const values = initialValues(customer, fields);
    expect(
      toBody({ ...values, custom: { ...values.custom, tier: undefined } }, customer, fields).custom,
    ).toEqual({
      tier: null,
      joined_on: "2026-03-01",
    });
  });

  it("sends no custom values when the tenant has no fields", () => {
    expect(toBody(initialValues(customer)).custom).toBeUndefined();
  });
});
