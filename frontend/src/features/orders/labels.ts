import type { Status } from "./search";

export const STATUS_COLORS: Record<Status, string> = {
  draft: "default",
  pending_approval: "orange",
  approved: "blue",
  processing: "geekblue",
  fulfilled: "cyan",
  shipped: "purple",
  delivered: "green",
  completed: "success",
  cancelled: "default",
  rejected: "red",
};

export const PAYMENT_METHODS = [
  "cash",
  "card",
  "wechat_pay",
  "alipay",
  "bank_transfer",
  "store_credit",
] as const;

export const RETURN_STATUS_COLORS: Record<string, string> = {
  requested: "orange",
  approved: "blue",
  rejected: "red",
  received: "cyan",
  refunded: "green",
};

export const PAYMENT_STATE_COLORS: Record<"unpaid" | "partially_paid" | "paid" | "refunded", string> = {
  unpaid: "default",
  partially_paid: "orange",
  paid: "green",
  refunded: "purple",
};
