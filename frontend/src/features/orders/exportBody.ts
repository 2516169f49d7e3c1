/** The order export asks for the list exactly as the page filters it (status tab included). */
import {
  compact,
  createdRange,
  type ExportChoice,
  exportOptions,
  type OrderExportBody,
  type OrderExportColumn,
} from "../../lib/exports";
import type { OrderSearch } from "./search";

export const EXPORT_COLUMNS: OrderExportColumn[] = [
  "number",
  "created_at",
  "status",
  "payment_state",
  "store",
  "customer",
  "channel",
  "total",
  "paid_total",
  "refunded_total",
  "currency",
];

export function orderExportBody(
  search: OrderSearch,
  choice: ExportChoice<OrderExportColumn>,
): OrderExportBody {
  return {
    resource: "orders",
    filters: compact({
      status: search.status,
      store_id: search.store_id,
      channel: search.channel,
      q: search.q?.trim(),
      phone: search.phone?.trim(),
      ...createdRange(search.created_from, search.created_to),
    }),
    ...exportOptions(choice),
  };
}
