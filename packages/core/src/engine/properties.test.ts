/** Laws of the estimate, checked on random budgets with fast-check. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DEFAULT_STANDARD as std } from "../standard/registry.js";
import { run } from "../test-support/budget.js";
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
      const quickOk = std.quick.find((q) => q.item === l.item.id)?.prices[l.item.collaboration === "none" ? 0 : col] != null;
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

  it("more workload never costs less", () => {
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 20 }), fc.nat(), cents(50_000), (lines, pick, extra) => {
        const i = pick % lines.length;
        const more = lines.map((l, k) => (k === i ? { ...l, personMonths: (Number(l.personMonths) * 100 + Number(extra) * 100).toFixed(0).replace(/(\d\d)$/, ".$1").replace(/^\./, "0.") } : l));
        const a = run(toDoc(lines));
        const b = run(toDoc(more));
        expect(b.total.gte(a.total)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("levels and lines add up to Σ(P×Q), and C = L + T", () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 25 }), (lines) => {
        const e = run(toDoc(lines));
        const byLevels = e.levels.reduce((s, g) => s.add(g.amount), e.laborSubtotal.sub(e.laborSubtotal));
        expect(byLevels.eq(e.laborSubtotal)).toBe(true);
        expect(e.labor.add(e.nonLabor).eq(e.total)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
