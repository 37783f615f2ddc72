import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Dec } from "../decimal/dec.js";
import { formatDecimal, formatMoney, toWan } from "./grouping.js";

describe("formatDecimal / formatMoney", () => {
  it("groups thousands exactly, even past the precision of a double", () => {
    expect(formatMoney(Dec.parse("999999999999.99"))).toBe("999,999,999,999.99");
    // 9007199254740993 is 2^53 + 1: as a double it would print ...992.
    expect(formatMoney(Dec.parse("9007199254740993.01"))).toBe("9,007,199,254,740,993.01");
    expect(formatMoney(Dec.parse("12345678901234567890.12"))).toBe("12,345,678,901,234,567,890.12");
    expect(formatMoney(Dec.parse("-1234.5"))).toBe("-1,234.50");
    expect(formatMoney(Dec.ZERO)).toBe("0.00");
    expect(formatMoney(Dec.parse("684000"))).toBe("684,000.00");
  });

  it("rounds to the fen half-up on the decimal, not on a double", () => {
    // As a double 1.005 is 1.00499999999999989…, so (1.005).toFixed(2) is "1.00"; the decimal rounds up.
    expect((1.005).toFixed(2)).toBe("1.00");
    expect(formatMoney(Dec.parse("1.005"))).toBe("1.01");
    expect(formatMoney(Dec.parse("0.005"))).toBe("0.01");
    expect(formatMoney(Dec.parse("0.0049"))).toBe("0.00");
    expect(formatMoney(Dec.parse("-2.345"))).toBe("-2.35");
  });

  it("shows 万元 with four decimals, rounded half-up to the yuan", () => {
    // 684000.00 元 = 68.4000 万元; 12345.50 元 = 1.23455 万元 → 1.2346; 12345.49 → 1.2345.
    expect(formatMoney(Dec.parse("684000.00"), { unit: "wan" })).toBe("68.4000");
    expect(formatMoney(Dec.parse("12345.50"), { unit: "wan" })).toBe("1.2346");
    expect(formatMoney(Dec.parse("12345.49"), { unit: "wan" })).toBe("1.2345");
    expect(formatMoney(Dec.parse("99999999999999.99"), { unit: "wan" })).toBe("10,000,000,000.0000");
    expect(toWan(Dec.parse("12345.67")).toString()).toBe("1.234567");
  });

  it("shows whole figures without decimals and refuses to round silently", () => {
    expect(formatDecimal(Dec.parse("28500"))).toBe("28,500");
    expect(formatDecimal(Dec.parse("6.50"))).toBe("6.5");
    expect(formatDecimal(Dec.parse("1234.5"), 2)).toBe("1,234.50");
    expect(() => formatDecimal(Dec.parse("1.005"), 2)).toThrow(RangeError);
  });

  it("agrees with the digits of Dec.toFixed for any amount (property)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), (fen) => {
        const d = Dec.fromUnits(fen, 2);
        expect(formatMoney(d).replace(/,/g, "")).toBe(d.toFixed(2));
      }),
    );
  });
});
