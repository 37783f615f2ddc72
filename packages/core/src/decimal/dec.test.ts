import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Dec, sum } from "./dec.js";
import { fromFen, money, sumMoney } from "./money.js";
import { toFen } from "../rounding.js";

describe("Dec", () => {
  it("parses decimal text exactly and refuses anything else", () => {
    expect(Dec.parse("6.5").toString()).toBe("6.5");
    expect(Dec.parse("0024.500").toString()).toBe("24.5");
    expect(Dec.parse("-0.25").toString()).toBe("-0.25");
    for (const bad of ["", "1e3", "1.", ".5", "abc", "1,000", " 1", "0x10", "NaN", "Infinity"]) expect(Dec.tryParse(bad)).toBeNull();
  });

  it("reads JSON numbers as the decimal they were written as", () => {
    expect(Dec.tryFromNumber(0.1)?.toString()).toBe("0.1");
    expect(Dec.tryFromNumber(6.5)?.toString()).toBe("6.5");
    expect(Dec.tryFromNumber(1e21)).toBeNull();
    expect(Dec.tryFromNumber(Number.NaN)).toBeNull();
  });

  it("adds and multiplies without binary error", () => {
    // 0.1 + 0.2 is 0.30000000000000004 in binary floating point.
    expect(Dec.parse("0.1").add(Dec.parse("0.2")).toString()).toBe("0.3");
    // 1.2 × 1.2 × 1.2 = 1.728 (7.2.b at F2).
    expect(Dec.parse("1.2").mul(Dec.parse("1.2")).mul(Dec.parse("1.2")).toString()).toBe("1.728");
    expect(Dec.parse("28500").mul(Dec.parse("6.5")).toFixed(2)).toBe("185250.00");
    expect(sum([Dec.parse("1.10"), Dec.parse("2.205"), Dec.parse("3")]).toString()).toBe("6.305");
  });

  it("rounds half-up (away from zero on ties) and only when asked", () => {
    expect(Dec.parse("1170433.845").roundHalfUp(2).toFixed(2)).toBe("1170433.85");
    expect(Dec.parse("1170433.8449").roundHalfUp(2).toFixed(2)).toBe("1170433.84");
    expect(Dec.parse("-2.345").roundHalfUp(2).toString()).toBe("-2.35");
    expect(Dec.parse("2.5").roundHalfUp(0).toString()).toBe("3");
    expect(Dec.parse("80.58").divIntRoundHalfUp(12n, 4).toString()).toBe("6.715");
    expect(Dec.parse("6.5").divIntRoundHalfUp(12n, 2).toString()).toBe("0.54");
  });

  it("compares across scales", () => {
    expect(Dec.parse("60").eq(Dec.parse("60.00"))).toBe(true);
    expect(Dec.parse("60.01").gt(Dec.parse("60"))).toBe(true);
    expect(Dec.parse("1.5").lte(Dec.parse("1.50"))).toBe(true);
  });

  it("text round-trips for any two-decimal amount (property)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (cents) => {
        const d = Dec.fromUnits(cents, 2);
        expect(Dec.parse(d.toFixed(2)).eq(d)).toBe(true);
      }),
    );
  });
});

describe("toFixed and Money never round silently", () => {
  it("toFixed pads an exact value and throws where it would have to round", () => {
    expect(Dec.parse("6.5").toFixed(2)).toBe("6.50");
    // 2.1600 has two significant decimals: exact at two places.
    expect(Dec.parse("2.1600").toFixed(2)).toBe("2.16");
    expect(() => Dec.parse("1170433.845").toFixed(2)).toThrow(RangeError);
    expect(() => Dec.parse("0.001").toFixed(2)).toThrow(RangeError);
  });

  it("money() is exact at scale 2 and refuses a third decimal; toFen rounds half-up to the fen", () => {
    expect(money(Dec.parse("684000")).toFixed(2)).toBe("684000.00");
    expect(money(Dec.parse("12.3")).scale).toBe(2);
    expect(money(Dec.parse("12.3000")).units).toBe(1230n);
    expect(() => money(Dec.parse("12.345"))).toThrow(RangeError);
    // 公式(2): 1,194,320.25 × 0.98 = 1,194,320.25 − 23,886.405 = 1,170,433.845 → 1,170,433.85.
    expect(toFen(Dec.parse("1194320.25").mul(Dec.parse("0.98"))).toFixed(2)).toBe("1170433.85");
    expect(toFen(Dec.parse("-2.345")).toFixed(2)).toBe("-2.35");
    expect(toFen(Dec.parse("0.004")).toFixed(2)).toBe("0.00");
    expect(sumMoney([fromFen(1n), fromFen(99n), money(Dec.parse("1"))]).toFixed(2)).toBe("2.00");
  });
});
