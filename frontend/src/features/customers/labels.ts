import { STAGES } from "./search";

export const GENDERS = ["unknown", "male", "female"] as const;
export const STAGE_COLORS: Record<string, string> = {
  lead: "default",
  prospect: "blue",
  customer: "green",
  vip: "gold",
  churned: "red",
};
export { STAGES };
