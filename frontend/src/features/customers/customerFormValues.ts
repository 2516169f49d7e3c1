/** The customer form's values and how they map to and from the API. */
import dayjs, { type Dayjs } from "dayjs";
import { type CustomField, customBody, type InputValue, inputValues } from "../../lib/customFields";
import { formatPhone, normalizePhone } from "../../lib/format";
import type { Customer, CustomerBody, CustomerCreate, DuplicateCheck } from "./api";

/** The form's fields: what the customer API takes, shaped for antd inputs. */
export interface FormValues {
  name: string;
  gender: CustomerCreate["gender"];
  birthday: Dayjs | null;
  phone: string;
  email: string;
  address: { province: string; city: string; district: string; detail: string };
  tags: string[];
  lifecycle_stage: CustomerCreate["lifecycle_stage"];
  home_store_id: string | null;
  assigned_to: string | null;
  consent_email: boolean;
  consent_sms: boolean;
  notes: string;
  external_id: string;
  language: Customer["language"];
  /** The custom fields' inputs, by key. */
  custom: Record<string, InputValue>;
}

/** The fields a server validation error can point at. */
export const FIELDS = [
  "name",
  "gender",
  "birthday",
  "phone",
  "email",
  "address",
  "tags",
  "lifecycle_stage",
  "home_store_id",
  "assigned_to",
  "notes",
  "external_id",
  "language",
  "custom",
];
const CONSENT_SOURCE = "crm_web";

/** The form's starting values: the customer being edited, or a new lead. */
export function initialValues(c?: Customer, fields: CustomField[] = []): FormValues {
  return {
    name: c?.name ?? "",
    gender: c?.gender ?? "unknown",
    birthday: c?.birthday ? dayjs(c.birthday) : null,
    phone: c?.phone ? formatPhone(c.phone) : "",
    email: c?.email ?? "",
    address: {
      province: c?.address.province ?? "",
      city: c?.address.city ?? "",
      district: c?.address.district ?? "",
      detail: c?.address.detail ?? "",
    },
    tags: c?.tags ?? [],
    lifecycle_stage: c?.lifecycle_stage ?? "lead",
    home_store_id: c?.home_store_id ?? null,
    assigned_to: c?.assigned_to ?? null,
    consent_email: c?.consent.email.granted ?? false,
    consent_sms: c?.consent.sms.granted ?? false,
    notes: c?.notes ?? "",
    external_id: c?.external_id ?? "",
    language: c?.language ?? null,
    custom: inputValues(fields, c?.custom),
  };
}

/** The API body for the form's values (valid as a create and as an update). */
export function toBody(v: FormValues, initial?: Customer, fields: CustomField[] = []): CustomerBody {
  const body: CustomerBody = {
    name: v.name.trim(),
    gender: v.gender,
    birthday: v.birthday ? v.birthday.format("YYYY-MM-DD") : null,
    phone: normalizePhone(v.phone ?? ""),
    email: v.email?.trim() || null,
    address: v.address,
    tags: v.tags,
    lifecycle_stage: v.lifecycle_stage,
    home_store_id: v.home_store_id ?? null,
    assigned_to: v.assigned_to ?? null,
    notes: v.notes ?? "",
    external_id: v.external_id?.trim() || null,
    language: v.language ?? null,
  };
  if (fields.length) body.custom = customBody(fields, v.custom);
  // Consent is sent only when it changes, so its timestamp keeps meaning "when the customer agreed".
  const consent: NonNullable<CustomerCreate["consent"]> = {};
  if (v.consent_email !== (initial?.consent.email.granted ?? false)) {
    consent.email = { granted: v.consent_email, source: CONSENT_SOURCE };
  }
  if (v.consent_sms !== (initial?.consent.sms.granted ?? false)) {
    consent.sms = { granted: v.consent_sms, source: CONSENT_SOURCE };
  }
  if (consent.email || consent.sms) body.consent = consent;
  return body;
}

/** What the duplicate check needs from a form being filled in; nothing to ask before a name. */
export function toDuplicateCheck(v: Partial<FormValues>): DuplicateCheck | null {
  const name = v.name?.trim();
  if (!name) return null;
  return {
    name,
    phone: normalizePhone(v.phone ?? "") || null,
    email: v.email?.trim() || null,
    birthday: v.birthday ? v.birthday.format("YYYY-MM-DD") : null,
  };
}
