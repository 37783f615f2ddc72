import { DEFAULT_STANDARD } from "../standard/registry.js";
import { validateBudget } from "../budget/format.js";
import { estimate, type Estimate } from "../engine/estimate.js";
import type { Problem } from "../problems/problems.js";

/** Validate and estimate a budget document; fails the test with the problems if it is invalid. */
export function run(doc: unknown): Estimate {
  const v = validateBudget(doc, DEFAULT_STANDARD);
  if (!v.ok) throw new Error("budget invalid: " + JSON.stringify(v.problems));
  return estimate(v.budget, DEFAULT_STANDARD);
}

/** The problems of an invalid budget document (fails if it is valid). */
export function problemsOf(doc: unknown): Problem[] {
  const v = validateBudget(doc, DEFAULT_STANDARD);
  if (v.ok) throw new Error("expected the budget to be rejected");
  return v.problems;
}
