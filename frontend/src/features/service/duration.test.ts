import { describe, expect, it } from "vitest";
import { bestUnit, dayLength, fromMinutes, hoursAndMinutes, toMinutes } from "./duration";

describe("SLA durations", () => {
  it("shows a target in the largest whole unit", () => {
    expect(bestUnit(1620, 540)).toBe("day");
    expect(bestUnit(1440, 540)).toBe("hour");
    expect(bestUnit(90, 540)).toBe("minute");
    expect(bestUnit(0, 540)).toBe("minute");
    expect(bestUnit(540, 0)).toBe("hour");
  });

  it("converts between units in whole minutes", () => {
    expect(toMinutes(3, "day", 540)).toBe(1620);
    expect(toMinutes(24, "hour", 540)).toBe(1440);
    expect(toMinutes(1.5, "hour", 540)).toBe(90);
    expect(toMinutes(0.5, "day", 540)).toBe(270);
    expect(fromMinutes(1440, "hour", 540)).toBe(24);
    expect(fromMinutes(90, "day", 540)).toBe(0.17);
  });

  it("reads hours and minutes and the calendar's day", () => {
    expect(hoursAndMinutes(90)).toEqual({ hours: 1, minutes: 30 });
    expect(hoursAndMinutes(1440)).toEqual({ hours: 24, minutes: 0 });
    expect(dayLength("09:00", "18:00")).toBe(540);
    expect(dayLength("08:30", "24:00")).toBe(930);
    expect(dayLength("18:00", "09:00")).toBe(0);
    expect(dayLength("9am", "18:00")).toBe(0);
  });
});
