import { describe, expect, it } from "vitest";
import { chineseLocalDate, DEFAULT_TIME_ZONE, isTimeZone, localDateTime, startOfLocalDay } from "./time.js";

describe("times in a configured zone", () => {
  it("shows Beijing time by default whatever the machine's zone", () => {
    expect(DEFAULT_TIME_ZONE).toBe("Asia/Shanghai");
    // 16:30 UTC + 8 h = 00:30 the next day
    expect(localDateTime("2026-11-29T16:30:00Z")).toBe("2026-11-30 00:30");
    expect(chineseLocalDate(new Date("2026-11-29T16:30:00Z"))).toBe("2026年11月30日");
  });
  it("follows another zone when asked", () => {
    expect(localDateTime("2026-11-29T16:30:00Z", "UTC")).toBe("2026-11-29 16:30");
    // Berlin is UTC+1 in November: 16:30 + 1 h
    expect(localDateTime(new Date("2026-11-29T16:30:00Z"), "Europe/Berlin")).toBe("2026-11-29 17:30");
    expect(chineseLocalDate(new Date("2026-11-29T16:30:00Z"), "UTC")).toBe("2026年11月29日");
  });
  it("knows real zone names only", () => {
    expect(isTimeZone("Asia/Shanghai")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Asia/Beijing")).toBe(false);
    expect(isTimeZone("")).toBe(false);
    expect(localDateTime("not a time")).toBe("not a time");
  });
});

describe("startOfLocalDay", () => {
  it("gives the instant a calendar day begins in the zone", () => {
    // Beijing midnight = 16:00 UTC the day before (UTC+8)
    expect(startOfLocalDay("2026-11-30")?.toISOString()).toBe("2026-11-29T16:00:00.000Z");
    expect(startOfLocalDay("2026-11-30", "UTC")?.toISOString()).toBe("2026-11-30T00:00:00.000Z");
    // Berlin on 29 March 2026 begins in winter time (UTC+1), the clocks go forward at 02:00
    expect(startOfLocalDay("2026-03-29", "Europe/Berlin")?.toISOString()).toBe("2026-03-28T23:00:00.000Z");
    // and 30 March begins in summer time (UTC+2)
    expect(startOfLocalDay("2026-03-30", "Europe/Berlin")?.toISOString()).toBe("2026-03-29T22:00:00.000Z");
    expect(startOfLocalDay("2026-02-30")).toBeNull();
    expect(startOfLocalDay("2026-1-3")).toBeNull();
  });
});
