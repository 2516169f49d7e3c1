/** Times in the tenant's time zone: a date-time picked on the wall clock of the shop (whatever the
 * browser's zone) as the instant the API takes, an instant back onto that wall clock, and quiet
 * hours as minutes of the day. Pure. */
import dayjs, { type Dayjs } from "dayjs";
import timezone from "dayjs/plugin/timezone";
import utc from "dayjs/plugin/utc";

dayjs.extend(utc);
dayjs.extend(timezone);

const WALL = "YYYY-MM-DDTHH:mm";

/** The instant (RFC 3339 UTC) of a wall-clock time picked in `zone` (the browser's when unknown). */
export function toInstant(wall: Dayjs, zone: string | undefined): string {
  const text = wall.format(WALL);
  return (zone ? dayjs.tz(text, zone) : dayjs(text)).toISOString();
}

/** An instant as the wall-clock time it is in `zone`, for a picker that knows no zones. */
export function toWallClock(instant: string, zone: string | undefined): Dayjs {
  const local = zone ? dayjs(instant).tz(zone) : dayjs(instant);
  return dayjs(local.format(WALL));
}

/** The wall clock in `zone` now. */
export function wallNow(zone: string | undefined, now: Date = new Date()): Dayjs {
  return toWallClock(now.toISOString(), zone);
}

/** Minutes after midnight (the API's quiet hours) as a time of day, and back. */
export function minuteToTime(minute: number): Dayjs {
  return dayjs("2000-01-01T00:00").add(minute, "minute");
}

export function timeToMinute(time: Dayjs): number {
  return time.hour() * 60 + time.minute();
}

/** "21:00" for 1260. */
export function minuteLabel(minute: number): string {
  return minuteToTime(minute).format("HH:mm");
}
