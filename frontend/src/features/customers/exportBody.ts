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

export function customerExportBody(
  search: CustomerSearch,
  choice: ExportChoice<CustomerExportColumn>,
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
    ...exportOptions(choice),
  };
}
