import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DEFAULT_STANDARD, Dec, NON_LABOR_PARTS, estimate, toWan, validateBudget, type Estimate } from "@govcost/core";
import { distributeRounded, formatPermille, sharesInPermille } from "./distribute.js";
import { computeFigures, type Figure } from "./figures.js";
import { renderReportHtml } from "./html.js";

const sum = (xs: readonly Dec[]): Dec => xs.reduce((a, b) => a.add(b), Dec.ZERO);
const unit = (places: number): Dec => Dec.fromUnits(1n, places);
const abs = (d: Dec): Dec => (d.isNegative() ? d.neg() : d);

/** Money in yuan with two decimals, up to 10^11 yuan (the budget format's range is smaller). */
const cents = fc.bigInt({ min: 0n, max: 10n ** 13n }).map((c) => Dec.fromUnits(c, 2));

describe("distributeRounded (largest remainder)", () => {
  it("worked example: 3 × 1/3 of 1 yuan in 万元 to 4 places", () => {
    // 0.33, 0.33, 0.34 yuan = 0.000033, 0.000033, 0.000034 万元; total 0.0001 万元 (1 yuan).
    // Rounded down all are 0.0000; the missing 0.0001 goes to the largest remainder, the third (34 > 33).
    // Alone, 0.000034 rounds to 0.0000: the third is the adjusted figure.
    const d = distributeRounded(["0.33", "0.33", "0.34"].map((s) => toWan(Dec.parse(s))), 4);
    expect(d.total.toFixed(4)).toBe("0.0001");
    expect(d.parts.map((p) => p.toFixed(4))).toEqual(["0.0000", "0.0000", "0.0001"]);
    expect(d.adjusted).toEqual([false, false, true]);
  });

  it("worked example: ties go to the earlier part, and the adjustment is reported", () => {
    // 0.5, 0.5, 0.5 yuan to whole yuan: total 1.5 → 2; floors 0, 0, 0; the two earliest get 1 each.
    // The third shows 0 though 0.5 alone rounds half-up to 1: adjusted.
    const d = distributeRounded(["0.5", "0.5", "0.5"].map((s) => Dec.parse(s)), 0);
    expect(d.total.toString()).toBe("2");
    expect(d.parts.map((p) => p.toString())).toEqual(["1", "1", "0"]);
    expect(d.adjusted).toEqual([false, false, true]);
  });

  it("property: shown parts add up to the shown total, each within one display unit of its exact value", () => {
    fc.assert(
      fc.property(fc.array(cents, { maxLength: 40 }), fc.constantFrom(0, 2, 4), (yuan, places) => {
        const exact = yuan.map(toWan);
        const d = distributeRounded(exact, places);
        expect(sum(d.parts).eq(d.total)).toBe(true);
        expect(d.total.eq(sum(exact).roundHalfUp(places))).toBe(true);
        d.parts.forEach((p, i) => {
          expect(abs(p.sub(exact[i] as Dec)).lt(unit(places))).toBe(true);
          expect(d.adjusted[i]).toBe(!p.eq((exact[i] as Dec).roundHalfUp(places)));
        });
      }),
      { numRuns: 500 },
    );
  });

  it("property: nested totals (C → L, T → D, E, B) stay consistent", () => {
    fc.assert(
      fc.property(fc.array(cents, { minLength: 1, maxLength: 10 }), cents, fc.constantFrom(2, 4), (children, other, places) => {
        const exactChildren = children.map(toWan);
        const parent = sum(exactChildren);
        const top = distributeRounded([parent, toWan(other)], places);
        const shownParent = top.parts[0] as Dec;
        const inner = distributeRounded(exactChildren, places, shownParent);
        expect(inner.total.eq(shownParent)).toBe(true);
        expect(sum(inner.parts).eq(shownParent)).toBe(true);
        inner.parts.forEach((p, i) => expect(abs(p.sub(exactChildren[i] as Dec)).lt(unit(places))).toBe(true));
      }),
      { numRuns: 500 },
    );
  });

  it("refuses a target more than one unit away from the exact sum", () => {
    expect(() => distributeRounded([Dec.parse("1.00")], 0, Dec.parse("3"))).toThrow(RangeError);
  });
});

describe("sharesInPermille", () => {
  it("worked example: thirds make 33.4 % + 33.3 % + 33.3 % = 100.0 %", () => {
    expect(sharesInPermille([Dec.ONE, Dec.ONE, Dec.ONE]).map(formatPermille)).toEqual(["33.4%", "33.3%", "33.3%"]);
  });

  it("property: shares add up to 100.0 % and each is its exact share rounded down or up", () => {
    fc.assert(
      fc.property(fc.array(cents, { minLength: 1, maxLength: 30 }), (parts) => {
        const shares = sharesInPermille(parts);
        const whole = sum(parts);
        if (whole.isZero()) {
          expect(shares.every((s) => s === 0n)).toBe(true);
          return;
        }
        expect(shares.reduce((a, b) => a + b, 0n)).toBe(1000n);
        parts.forEach((p, i) => {
          // exact share in permille = p × 1000 / whole; both have two decimals, so compare on cents.
          const num = p.units * 1000n;
          const den = whole.units;
          const s = shares[i] as bigint;
          expect(s * den <= num + den && s * den >= num - den).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });
});

/** Random budgets through the real engine: every shown total in the report equals the sum of its shown parts. */
describe("the report's 万元 figures", () => {
  const items = DEFAULT_STANDARD.items.filter((i) => i.kind === "formula");
  const line = fc.record({
    item: fc.constantFrom(...items),
    personMonths: fc.bigInt({ min: 0n, max: 100_000n }).map((c) => Dec.fromUnits(c, 2).toString()),
    units: fc.integer({ min: 1, max: 8 }),
  });
  // Amounts up to 50,000,000,000.00 yuan each, so that a budget stays within the engine's limit on a
  // total (999,999,999,999.99, refused beyond as total_too_large): at most 4 × 3 non-labor entries and
  // 3 external ones, 15 × 5 × 10^10 = 7.5 × 10^11 yuan, plus at most 25 lines × 1,000 人月 × a tier
  // price under 100,000 yuan = 2.5 × 10^9; 7.525 × 10^11 < 10^12.
  const amount = fc.bigInt({ min: 0n, max: 5n * 10n ** 12n }).map((c) => Dec.fromUnits(c, 2).toString());
  const nonLabor = fc.array(fc.record({ name: fc.constantFrom("差旅费", "会议费", "<b>工具</b>"), amount }), { maxLength: 4 });
  const budget = fc.record({
    services: fc.array(line, { maxLength: 25 }),
    dataProducts: nonLabor,
    equipment: nonLabor,
    business: nonLabor,
    external: fc.array(amount, { maxLength: 3 }),
  });

  type Sample = typeof budget extends fc.Arbitrary<infer T> ? T : never;
  const toEstimate = (b: Sample): Estimate => {
    const doc = {
      name: "随机预算",
      services: b.services.map((l) => ({
        item: l.item.id,
        personMonths: l.personMonths,
        ...(l.item.kind === "formula" && l.item.collaborationRule === "variable" ? { units: l.units } : {}),
      })),
      nonLabor: { dataProducts: b.dataProducts, equipment: b.equipment, business: b.business },
      external: b.external.map((amount) => ({ item: "6.1.a", name: "政务外网", amount, basis: "主管部门预算标准" })),
    };
    const v = validateBudget(doc, DEFAULT_STANDARD);
    if (!v.ok) throw new Error(JSON.stringify(v.problems));
    return estimate(v.budget, DEFAULT_STANDARD);
  };

  it("property: lines, tiers, categories, L + T, D + E + B and items add up to the shown totals", () => {
    const names = { category: (id: string) => id, serviceType: (id: string) => id };
    const total = (xs: readonly Figure[]): Dec => sum(xs.map((x) => x.value));
    fc.assert(
      fc.property(budget, fc.constantFrom(2, 4), (b, places) => {
        const e = toEstimate(b);
        const f = computeFigures(e, "wan", places, names);
        expect(total(f.lines).eq(f.subtotal.value)).toBe(true);
        expect(total(f.tierGroups).eq(f.subtotal.value)).toBe(true);
        expect(sum(f.categories.map((g) => g.shown.value)).eq(f.subtotal.value)).toBe(true);
        expect(sum(f.serviceTypes.map((g) => g.shown.value)).eq(f.subtotal.value)).toBe(true);
        expect(f.labor.value.add(f.nonLabor.value).eq(f.total.value)).toBe(true);
        expect(total(NON_LABOR_PARTS.map((p) => f.parts[p])).eq(f.nonLabor.value)).toBe(true);
        for (const p of NON_LABOR_PARTS) expect(total(f.partItems[p]).eq(f.parts[p].value)).toBe(true);
        expect(total(f.external).eq(f.externalTotal.value)).toBe(true);
        expect(f.total.value.add(f.externalTotal.value).eq(f.grandTotal.value)).toBe(true);
        // Each shown figure is within one display unit of the exact one.
        expect(abs(f.grandTotal.value.sub(toWan(e.grandTotal))).lt(unit(places))).toBe(true);
        expect(abs(f.labor.value.sub(toWan(e.labor))).lt(unit(places))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it("property: in yuan nothing is adjusted and the report prints the exact total", () => {
    fc.assert(
      fc.property(budget, (b) => {
        const e = toEstimate(b);
        const html = renderReportHtml(e, { generatedAt: new Date(0) });
        expect(html).not.toContain('class="adj"');
        expect(html).toContain("未调整任何尾数");
      }),
      { numRuns: 25 },
    );
  });
});

describe("130,000 parts (the number of lines that overflowed the call stack)", () => {
  it("distributeRounded and sharesInPermille take them without a spread into Math.max", () => {
    // 130,000 parts of 0.005 yuan: exact sum 650 yuan; each rounds to 0.01 or 0.00 by largest
    // remainder (all remainders equal, so the first 65,000 get the cent): 65,000 × 0.01 = 650.00
    const parts = Array.from({ length: 130_000 }, () => Dec.parse("0.005"));
    const d = distributeRounded(parts, 2);
    expect(d.total.toFixed(2)).toBe("650.00");
    expect(d.parts[0]!.toFixed(2)).toBe("0.01");
    expect(d.parts[64_999]!.toFixed(2)).toBe("0.01");
    expect(d.parts[65_000]!.toFixed(2)).toBe("0.00");
    // equal shares of 1000 ‰: 1000 / 130,000 < 1 each; the first 1000 parts get 1 ‰
    const shares = sharesInPermille(parts);
    expect(shares.reduce((a, b) => a + b, 0n)).toBe(1000n);
    expect([shares[0], shares[999], shares[1000]]).toEqual([1n, 1n, 0n]);
  });
});
