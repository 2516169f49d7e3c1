/** The customer export asks for the list exactly as the page filters it (the sort and page do not matter). */
import {
  type CustomerExportBody,
  type CustomerExportColumn,
  compact,
  createdRange,
  type ExportChoice,
  exportOptions,
} from "../../lib/exports";
import type { CustomerSearch } from "./search";

/** In the file's order: the server writes the columns in the order they are asked for. */
export const EXPORT_COLUMNS: CustomerExportColumn[] = [
  "name",
  "phone",
  "email",
  "gender",
  "birthday",
  "tags",
  "lifecycle_stage",
  "home_store",
  "email_consent",
  "sms_consent",
  "created_at",
];

/** A column of the export dialog: one of the list's own, or a custom field as `cf.<key>`. */
export type CustomerExportPick = CustomerExportColumn | `cf.${string}`;

/** The custom fields' columns, after the others: the key, as the dialog offers it. */
export function customExportPick(key: string): CustomerExportPick {
  return `cf.${key}`;
}

/** Every column when all are picked (nothing sent: the server adds every custom field forms
 * show); otherwise the list's columns and the custom fields picked, each in the dialog's order. */
function columnsOf(picked: CustomerExportPick[]) {
  if (!picked.length) return {};
  const custom = picked.filter((c) => c.startsWith("cf.")).map((c) => c.slice(3));
  const columns = picked.filter((c): c is CustomerExportColumn => !c.startsWith("cf."));
  return { columns, custom_columns: custom };
}

export function customerExportBody(
  search: CustomerSearch,
  choice: ExportChoice<CustomerExportPick>,
): CustomerExportBody {
  return {
    resource: "customers",
    filters: compact({
      q: search.q?.trim(),
      tag: search.tag,
      stage: search.stage,
      home_store_id: search.home_store_id,
      ...createdRange(search.created_from, search.created_to),
      custom: search.cf,
    }),
    ...exportOptions({ ...choice, columns: [] }),
    ...columnsOf(choice.columns),
  };
}
