import dayjs from "dayjs";
import { describe, expect, it } from "vitest";
import { minuteLabel, minuteToTime, timeToMinute, toInstant, toWallClock, wallNow } from "./schedule";

describe("times on the tenant's clock", () => {
  it("takes a picked wall-clock time in the tenant's zone, whatever the browser's", () => {
    const picked = dayjs("2026-12-12T10:00");
    expect(toInstant(picked, "Asia/Shanghai")).toBe("2026-12-12T02:00:00.000Z");
    expect(toInstant(picked, "America/New_York")).toBe("2026-12-12T15:00:00.000Z");
  });

  it("shows an instant on the tenant's wall clock", () => {
    expect(toWallClock("2026-12-12T02:00:00Z", "Asia/Shanghai").format("YYYY-MM-DD HH:mm")).toBe(
      "2026-12-12 10:00",
    );
    const back = toInstant(toWallClock("2026-12-31T17:30:00Z", "Asia/Shanghai"), "Asia/Shanghai");
    expect(back).toBe("2026-12-31T17:30:00.000Z");
  });

  it("knows what time it is at the shop", () => {
    const now = new Date("2026-12-04T20:00:00Z");
    expect(wallNow("Asia/Shanghai", now).format("YYYY-MM-DD HH:mm")).toBe("2026-12-05 04:00");
  });

  it("reads quiet hours as minutes of the day and back", () => {
    expect(minuteLabel(1260)).toBe("21:00");
    expect(minuteLabel(480)).toBe("08:00");
    expect(timeToMinute(minuteToTime(1439))).toBe(1439);
    expect(timeToMinute(dayjs("2000-01-01T07:45"))).toBe(465);
  });
});
