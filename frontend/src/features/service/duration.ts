/**
 * SLA durations: the API counts business minutes; people think in hours and working days. A
 * working day is the calendar's opening hours (e.g. 09:00–18:00 = 540 business minutes).
 */

export const DURATION_UNITS = ["minute", "hour", "day"] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

export function unitMinutes(unit: DurationUnit, dayMinutes: number): number {
  if (unit === "day") return dayMinutes;
  return unit === "hour" ? 60 : 1;
}

/** The largest unit that shows `minutes` as a whole number (1440 of a 9-hour day → 24 hours). */
export function bestUnit(minutes: number, dayMinutes: number): DurationUnit {
  if (minutes > 0 && dayMinutes > 0 && minutes % dayMinutes === 0) return "day";
  if (minutes > 0 && minutes % 60 === 0) return "hour";
  return "minute";
}

/** Minutes from an amount in a unit, whole minutes (what the API takes). */
export function toMinutes(amount: number, unit: DurationUnit, dayMinutes: number): number {
  return Math.round(amount * unitMinutes(unit, dayMinutes));
}

/** The amount to show in a unit, to two decimals at most (a 540-minute day shows 90 min as 0.17). */
export function fromMinutes(minutes: number, unit: DurationUnit, dayMinutes: number): number {
  return Math.round((minutes / unitMinutes(unit, dayMinutes)) * 100) / 100;
}

/** Hours and minutes of a duration, for reading (`{hours: 1, minutes: 30}` for 90). */
export function hoursAndMinutes(minutes: number): { hours: number; minutes: number } {
  const whole = Math.max(0, Math.round(minutes));
  return { hours: Math.floor(whole / 60), minutes: whole % 60 };
}

/** The calendar's working day in minutes from "HH:MM" opening and closing times (0 if unreadable). */
export function dayLength(start: string | undefined, end: string | undefined): number {
  const read = (clock: string | undefined) => {
    const match = /^(\d{2}):(\d{2})$/.exec(clock ?? "");
    return match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
  };
  const length = read(end) - read(start);
  return Number.isFinite(length) && length > 0 ? length : 0;
}
