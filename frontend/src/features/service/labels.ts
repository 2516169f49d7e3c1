import type { Priority, SlaState, Status } from "./search";

export const STATUS_COLORS: Record<Status, string> = {
  new: "blue",
  open: "geekblue",
  pending: "orange",
  resolved: "green",
  closed: "default",
};

export const PRIORITY_COLORS: Record<Priority, string> = {
  low: "default",
  normal: "blue",
  high: "orange",
  urgent: "red",
};

export const SLA_COLORS: Record<SlaState, string> = {
  ok: "green",
  at_risk: "gold",
  breached: "red",
  paused: "default",
  met: "cyan",
};

/** Row background in the queue: breached and at-risk tickets stand out. */
export function slaRowStyle(state: SlaState): { background?: string } {
  if (state === "breached") return { background: "#fff1f0" };
  if (state === "at_risk") return { background: "#fffbe6" };
  return {};
}
