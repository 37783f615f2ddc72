/**
 * The published JSON Schema accepts every budget the validator accepts, checked by a standard
 * validator (ajv, draft 2020-12) on generated budgets: numbers written as JSON numbers (2.05) or
 * decimal strings, nulls for optional fields, rate profiles, non-labor and external items.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Ajv2020 } from "ajv/dist/2020.js";
import { budgetJsonSchema, validateBudget } from "./format.js";
import { DEFAULT_STANDARD as std } from "../standard/registry.js";
import { indexStandard } from "../standard/lookup.js";

const ajv = new Ajv2020({ allErrors: true, strict: true });
const schemaAccepts = ajv.compile(budgetJsonSchema());
const index = indexStandard(std);

// Hundredths as a JSON number (2.05 is not a multiple of 0.01 in binary floating point) or as text.
const hundredths = fc.integer({ min: 0, max: 10_000_000 });
const decimal = fc.oneof(
  hundredths.map((c) => c / 100),
  hundredths.map((c) => (c / 100).toFixed(2)),
  hundredths.map((c) => String(c / 100)),
  fc.constantFrom(2.05, 0.07, 1.1, 999999999999.99, "2.05", "0", "12.30", "6.500", "+1", "007.5", "-0", "999999999999.99"),
);
const orNull = <T,>(a: fc.Arbitrary<T>) => fc.oneof(a, fc.constant(null));
const text = (max: number) => fc.string({ minLength: 1, maxLength: max }).filter((s) => s.trim() !== "");
const formulaItems = std.items.filter((i) => i.kind === "formula");
const line = fc.record(
  {
    item: fc.constantFrom(...formulaItems.map((i) => i.id)),
    personMonths: decimal,
    units: orNull(fc.integer({ min: 1, max: 9 })),
    collaboration: orNull(fc.constantFrom("F1", "F2", "F3")),
    method: orNull(fc.constantFrom("coefficient", "quick")),
    note: orNull(fc.string({ maxLength: 20 })),
  },
  { requiredKeys: ["item", "personMonths"] },
);
const nonLaborItem = fc.record({ name: text(10), amount: decimal, note: orNull(fc.string({ maxLength: 5 })) }, { requiredKeys: ["name", "amount"] });
const rate = fc.oneof(fc.integer({ min: 1, max: 200_000 }), fc.integer({ min: 1, max: 200_000 }).map(String), fc.constantFrom("16500.00", "022500"));
const budget = fc.record(
  {
    $schema: orNull(fc.constant("https://govcost.local/schema/budget.json")),
    name: text(30),
    rates: orNull(fc.array(rate, { minLength: 5, maxLength: 5 })),
    ratesName: orNull(fc.string({ maxLength: 20 })),
    services: fc.array(line, { maxLength: 6 }),
    nonLabor: orNull(
      fc.record({ dataProducts: orNull(fc.array(nonLaborItem, { maxLength: 2 })), equipment: orNull(fc.array(nonLaborItem, { maxLength: 2 })), business: orNull(fc.array(nonLaborItem, { maxLength: 2 })) }, { requiredKeys: [] }),
    ),
    external: orNull(fc.array(fc.record({ item: fc.constantFrom(...index.externalItems), name: text(5), amount: decimal, basis: text(8) }), { maxLength: 2 })),
  },
  { requiredKeys: ["name", "services"] },
);

describe("the budget format's JSON Schema", () => {
  it("accepts every budget validateBudget accepts (ajv, draft 2020-12)", () => {
    let accepted = 0;
    fc.assert(
      fc.property(budget, (doc) => {
        // A round trip through JSON text: what an editor checks is what the file holds.
        const d = JSON.parse(JSON.stringify(doc)) as unknown;
        const v = validateBudget(d, std);
        if (!v.ok) return; // units and collaboration may disagree, or Table B.2 have "/" for the quick method
        accepted++;
        expect(schemaAccepts(d) ? [] : schemaAccepts.errors).toEqual([]);
      }),
      { numRuns: 2000 },
    );
    // The generator must produce valid budgets, or the property says nothing.
    expect(accepted).toBeGreaterThan(500);
  });

  it("accepts 2.05 person-months as a JSON number, as the validator does", () => {
    const doc = JSON.parse('{ "name": "t", "services": [{ "item": "7.2.d", "personMonths": 2.05 }] }') as unknown;
    expect(validateBudget(doc, std).ok).toBe(true);
    expect(schemaAccepts(doc)).toBe(true);
  });

  it("still refuses what is plainly not a budget", () => {
    expect(schemaAccepts({ name: "t" })).toBe(false);
    expect(schemaAccepts({ name: "t", services: [{ item: "7.2.z", personMonths: 1 }] })).toBe(false);
    expect(schemaAccepts({ name: "t", services: [{ item: "7.2.d", personMonths: "1.234" }] })).toBe(false);
    expect(schemaAccepts({ name: "t", services: [{ item: "7.2.d", personMonths: -1 }] })).toBe(false);
    expect(schemaAccepts({ name: "t", services: [], surprise: 1 })).toBe(false);
    expect(schemaAccepts({ name: "t", services: [], rates: [1, 2, 3, 4] })).toBe(false);
  });
});
