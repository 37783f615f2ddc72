/** Laws of the estimate, checked on random budgets with fast-check. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DEFAULT_STANDARD as std } from "../standard/registry.js";
import { run } from "../test-support/budget.js";
import { Dec } from "../decimal/dec.js";
import type { FormulaItem } from "../standard/types.js";

const items = std.items.filter((i): i is FormulaItem => i.kind === "formula");
const cents = (max: number) => fc.integer({ min: 0, max }).map((c) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, "0")}`);

const lineArb = fc.record({
  item: fc.constantFrom(...items),
  personMonths: cents(100_000),
  units: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
  quick: fc.boolean(),
});

function toDoc(lines: { item: FormulaItem; personMonths: string; units: number | undefined; quick: boolean }[]) {
  return {
    name: "p",
    services: lines.map((l) => {
      const level = l.units === undefined ? "F1" : l.units === 1 ? "F1" : l.units <= 5 ? "F2" : "F3";
      const col = level === "F1" ? 0 : level === "F2" ? 1 : 2;
      const quickOk = std.quick.find((q) => q.item === l.item.id)?.prices[l.item.collaborationRule === "none" ? 0 : col] != null;
      return {
        item: l.item.id,
        personMonths: l.personMonths,
        ...(l.units !== undefined ? { units: l.units } : {}),
        ...(l.quick && quickOk ? { method: "quick" } : {}),
      };
    }),
  };
}

describe("estimate laws", () => {
  it("the order of lines never changes the total", () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 25 }), fc.infiniteStream(fc.nat()), (lines, rnd) => {
        const shuffled = [...lines];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = (rnd.next().value as number) % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const a = run(toDoc(lines));
        const b = run(toDoc(shuffled));
        expect(b.total.eq(a.total)).toBe(true);
        expect(b.labor.eq(a.labor)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("more workload never costs less, except across a 表A.4 threshold, which is then flagged", () => {
    // Formula (2) applies S to the whole of Σ(P×Q), so the law holds within a scale level; where
    // more workload crosses into a lower S and costs less, the estimate says so (scale_cliff).
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 20 }), fc.nat(), cents(50_000), (lines, pick, extra) => {
        const i = pick % lines.length;
        const more = lines.map((l, k) => (k === i ? { ...l, personMonths: Dec.parse(l.personMonths).add(Dec.parse(extra)).toFixed(2) } : l));
        const a = run(toDoc(lines));
        const b = run(toDoc(more));
        if (a.scale.level === b.scale.level) expect(b.total.gte(a.total)).toBe(true);
        else if (b.total.lt(a.total)) expect(b.warnings.map((w) => w.code)).toContain("scale_cliff");
      }),
      { numRuns: 300 },
    );
  });

  it("the scale cliff exists exactly where the warning says", () => {
    // 7.2.d: 22500/pm. 60 pm → 1350000.00 (S1); 60.5 pm → 1361250 × 0.98 = 1334025.00 (S2): less.
    const at = run({ name: "c", services: [{ item: "7.2.d", personMonths: 60 }] });
    const past = run({ name: "c", services: [{ item: "7.2.d", personMonths: "60.5" }] });
    expect(past.total.lt(at.total)).toBe(true);
    expect(at.warnings).toEqual([]);
    // zone: 60 < Q ≤ 60 × 1.00 / 0.98 = 61.2244… → "61.22"
    expect(past.warnings[0]).toMatchObject({ code: "scale_cliff", params: { threshold: "60", from: "S1", to: "S2", upTo: "61.22" } });
    // 61.23 pm: 22500 × 61.23 = 1377675 × 0.98 = 1350121.50 ≥ 1350000: out of the zone, no warning
    const beyond = run({ name: "c", services: [{ item: "7.2.d", personMonths: "61.23" }] });
    expect(beyond.labor.toFixed(2)).toBe("1350121.50");
    expect(beyond.warnings).toEqual([]);
  });

  it("tier groups and lines add up to Σ(P×Q), and C = L + T", () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 25 }), (lines) => {
        const e = run(toDoc(lines));
        const byLevels = e.tierGroups.reduce((s, g) => s.add(g.amount), e.laborSubtotal.sub(e.laborSubtotal));
        expect(byLevels.eq(e.laborSubtotal)).toBe(true);
        expect(e.labor.add(e.nonLabor).eq(e.total)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
