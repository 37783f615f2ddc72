import { describe, expect, it } from "vitest";
import { chineseLocalDate, DEFAULT_TIME_ZONE, isTimeZone, localDateTime } from "./time.js";

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
