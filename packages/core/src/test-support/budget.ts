import { DEFAULT_STANDARD } from "../standard/registry.js";
import { validateBudget } from "../budget/format.js";
import { estimate, type Estimate } from "../engine/estimate.js";
import type { Problem } from "../problems/problems.js";
import type { Budget } from "../budget/budget.js";
import { validateReview, type Review } from "../review/format.js";

/** A valid budget document as the validated budget; fails the test with the problems if it is invalid. */
export function budgetOf(doc: unknown): Budget {
  const v = validateBudget(doc, DEFAULT_STANDARD);
  if (!v.ok) throw new Error("budget invalid: " + JSON.stringify(v.problems));
  return v.budget;
}

/** A valid review file of `budget` as the validated review; fails the test with the problems if it is invalid. */
export function reviewOf(doc: unknown, budget: Budget): Review {
  const v = validateReview(doc, budget, DEFAULT_STANDARD);
  if (!v.ok) throw new Error("review invalid: " + JSON.stringify(v.problems));
  return v.review;
}

/** Validate and estimate a budget document; fails the test with the problems if it is invalid. */
export function run(doc: unknown): Estimate {
  return estimate(budgetOf(doc), DEFAULT_STANDARD);
}

/** The problems of an invalid budget document (fails if it is valid). */
export function problemsOf(doc: unknown): Problem[] {
  const v = validateBudget(doc, DEFAULT_STANDARD);
  if (v.ok) throw new Error("expected the budget to be rejected");
  return v.problems;
}
