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
