/**
 * The budget format has one definition (schema.ts, zod), from which the JSON Schema is generated;
 * budgets are checked at run time by validate.ts, which adds the standard's rules and located
 * messages. This proves on generated documents, valid and broken, that every budget validate.ts
 * accepts is accepted by the format's definition too: the published schema never promises less
 * than the validator enforces.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { budgetSchema } from "./schema.js";
import { validateBudget } from "./validate.js";
import { DEFAULT_STANDARD as std } from "../standard/registry.js";

const ids = std.items.map((i) => i.id);
const junk = fc.oneof(fc.constant(null), fc.boolean(), fc.integer({ min: -5, max: 5 }), fc.string({ maxLength: 4 }), fc.constant([]), fc.constant({}), fc.double());
const decimal = fc.oneof(
  fc.integer({ min: 0, max: 100000 }),
  fc.integer({ min: 0, max: 100000 }).map((c) => (c / 100).toFixed(2)),
  fc.constantFrom("6.5", "0", "1.005", "-1", "abc", "1e3", " 2", "12.30"),
  fc.double({ min: -10, max: 1000, noNaN: true }),
);
const line = fc.record(
  {
    item: fc.oneof(fc.constantFrom(...ids), fc.constantFrom("7.2.z", "6.1.a", "X", "10.c")),
    personMonths: decimal,
    units: fc.oneof(fc.integer({ min: -1, max: 9 }), fc.constant(2.5), fc.constant("3")),
    collaboration: fc.constantFrom("F1", "F2", "F3", "F4", "f2"),
    method: fc.constantFrom("coefficient", "quick", "fast"),
    note: fc.oneof(fc.string({ maxLength: 8 }), junk),
    extra: junk,
  },
  { requiredKeys: [] },
);
const nonLaborItem = fc.record({ name: fc.oneof(fc.string({ maxLength: 6 }), junk), amount: decimal, note: fc.string({ maxLength: 5 }) }, { requiredKeys: ["amount"] });
const doc = fc.record(
  {
    name: fc.oneof(fc.string({ maxLength: 10 }), junk),
    rates: fc.oneof(fc.array(fc.oneof(fc.integer({ min: 0, max: 50000 }), fc.constantFrom("16500", "1.5")), { maxLength: 6 }), junk),
    services: fc.oneof(fc.array(line, { maxLength: 5 }), junk),
    nonLabor: fc.oneof(fc.record({ dataProducts: fc.array(nonLaborItem, { maxLength: 2 }), business: fc.array(nonLaborItem, { maxLength: 2 }) }, { requiredKeys: [] }), junk),
    external: fc.array(fc.record({ item: fc.constantFrom("6.1.a", "8.5.a", "7.2.b"), name: fc.string({ maxLength: 3 }), amount: decimal, basis: fc.string({ maxLength: 3 }) }, { requiredKeys: [] }), { maxLength: 2 }),
    surprise: junk,
  },
  { requiredKeys: [] },
);

const w = <T,>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary: good, weight: 12 }, { arbitrary: bad, weight: 1 });
const goodDecimal = fc.oneof(fc.integer({ min: 0, max: 100000 }), fc.integer({ min: 0, max: 100000 }).map((c) => (c / 100).toFixed(2)));
const mostlyGoodLine = fc.record(
  {
    item: w(fc.constantFrom(...std.items.filter((i) => i.kind === "formula" && i.collaborationRule === "variable").map((i) => i.id)), fc.constantFrom("7.2.z", "6.1.a")),
    personMonths: w(goodDecimal, decimal),
    units: w(fc.integer({ min: 1, max: 9 }), fc.constantFrom(0, 2.5, "3")),
    method: w(fc.constant("coefficient"), fc.constantFrom("quick", "fast")),
    note: w(fc.string({ maxLength: 8 }), junk),
  },
  { requiredKeys: ["item", "personMonths"] },
);
const mostlyGoodDoc = fc.record(
  {
    name: w(fc.string({ minLength: 1, maxLength: 10 }).filter((x) => x.trim() !== ""), junk),
    rates: w(fc.array(fc.integer({ min: 1, max: 50000 }), { minLength: 5, maxLength: 5 }), fc.array(fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constant("1.5")), { maxLength: 6 })),
    services: w(fc.array(mostlyGoodLine, { maxLength: 5 }), junk),
    nonLabor: w(fc.record({ business: fc.array(fc.record({ name: fc.constantFrom("会议", "差旅"), amount: goodDecimal }), { maxLength: 2 }) }), junk),
    surprise: junk,
  },
  { requiredKeys: ["name", "services"] },
);

describe("validator and schema agree", () => {
  it("whatever validateBudget accepts, the schema accepts", () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof({ arbitrary: mostlyGoodDoc, weight: 3 }, { arbitrary: doc, weight: 1 }), (d) => {
        const v = validateBudget(d, std);
        if (v.ok) {
          accepted++;
          const z = budgetSchema.safeParse(d);
          expect(z.success ? [] : z.error.issues).toEqual([]);
        }
      }),
      { numRuns: 3000 },
    );
    // The generator must produce valid budgets too, or the property says nothing.
    expect(accepted).toBeGreaterThan(20);
  });
});
