/**
 * A review's figures: the approved budget (the submitted one with the decisions applied, priced by
 * the same engine) and the reduction table (审减明细表).
 *
 * The scale coefficient S applies to the whole labor cost, so a cut in workload can move S to
 * another level: the table carries a scale effect row, (L submitted − L approved) − Σ line
 * reductions, so that the line reductions and the scale effect add up to the labor reduction,
 * and labor, non-labor (and external) reductions to the total reduction, exactly to the fen.
 */
import { NON_LABOR_PARTS, type Budget, type ExternalItem, type NonLaborItem, type NonLaborPart, type ServiceLine } from "../budget/budget.js";
import { validateBudget } from "../budget/format.js";
import { Dec } from "../decimal/dec.js";
import { fromFen, money, ZERO_MONEY, type Money } from "../decimal/money.js";
import { estimate, type Estimate } from "../engine/estimate.js";
import type { Standard } from "../standard/types.js";
import { findingsOf, type Finding } from "./findings.js";
import { approvedLineDocument, type EntryDecision, type LineDecision, type Review } from "./format.js";
import { REASONS, type ReasonCode } from "./reasons.js";

export interface ReductionReason {
  code: ReasonCode;
  label: string;
  clause: string;
  note: string | null;
}

export interface LineReduction {
  /** 1-based position in the submitted budget's services. */
  line: number;
  item: string;
  /** The approved item; null when the line is removed. */
  approvedItem: string | null;
  removed: boolean;
  submittedAmount: Money;
  approvedAmount: Money;
  /** submitted − approved; negative is an increase (审增). */
  reduction: Money;
  reasons: ReductionReason[];
}

export interface EntryReduction {
  part: NonLaborPart | "external";
  index: number;
  name: string;
  removed: boolean;
  submittedAmount: Money;
  approvedAmount: Money;
  reduction: Money;
  reasons: ReductionReason[];
}

export interface ReductionTotals {
  submitted: Money;
  approved: Money;
  reduction: Money;
  /** 审减率 = reduction ÷ submitted × 100, half-up to 2 decimals; null when nothing was submitted. */
  reductionRate: Dec | null;
}

export interface ReviewResult {
  review: Review;
  submitted: Estimate;
  approved: Estimate;
  approvedBudget: Budget;
  lines: LineReduction[];
  nonLabor: EntryReduction[];
  external: EntryReduction[];
  /** Σ line reductions. */
  lineReductions: Money;
  /** (L submitted − L approved) − Σ line reductions: what S changing (and L's rounding) adds. */
  scaleEffect: Money;
  labor: ReductionTotals;
  nonLaborTotals: ReductionTotals;
  externalTotals: ReductionTotals;
  /** C: labor + non-labor. */
  totals: ReductionTotals;
  /** C + external. */
  grandTotals: ReductionTotals;
  /** The automatic findings on the submitted budget. */
  findings: Finding[];
}

/** 审减率: reduction ÷ submitted × 100, half-up to two decimals. */
export function reductionRate(reduction: Money, submitted: Money): Dec | null {
  if (submitted.isZero()) return null;
  // fen × 100 ÷ fen: the percentage, exact until the one half-up rounding.
  const r = Dec.fromUnits(reduction.units * 100n, 0).divIntRoundHalfUp(submitted.units < 0n ? -submitted.units : submitted.units, 2);
  return submitted.isNegative() ? r.neg() : r;
}

function totals(submitted: Money, approved: Money): ReductionTotals {
  const reduction = fromFen(submitted.units - approved.units);
  return { submitted, approved, reduction, reductionRate: reductionRate(reduction, submitted) };
}

function reasonsOf(d: { reasons: readonly ReasonCode[]; note: string | null } | undefined): ReductionReason[] {
  if (!d) return [];
  return d.reasons.map((code) => ({ code, label: REASONS[code].zh, clause: REASONS[code].clause, note: d.note }));
}

/**
 * The submitted budget with the decisions applied. The review must have been validated against
 * this budget (validateReview); throws otherwise.
 */
export function applyReview(budget: Budget, review: Review, standard: Standard): Budget {
  const byLine = new Map(review.lines.map((d) => [d.line - 1, d]));
  const services: ServiceLine[] = [];
  budget.services.forEach((line, i) => {
    const d = byLine.get(i);
    if (!d) services.push(line);
    else if (!d.remove) services.push(approvedLine(line, d, standard));
  });
  const entries = <T extends NonLaborItem | ExternalItem>(list: readonly T[], decisions: readonly EntryDecision[]): T[] => {
    const by = new Map(decisions.map((d) => [d.index, d]));
    const out: T[] = [];
    list.forEach((x, i) => {
      const d = by.get(i);
      if (!d) out.push(x);
      else if (!d.remove) out.push(d.amount === null ? x : { ...x, amount: d.amount });
    });
    return out;
  };
  const nonLabor = {} as Record<NonLaborPart, NonLaborItem[]>;
  for (const part of NON_LABOR_PARTS) nonLabor[part] = entries(budget.nonLabor[part], review.nonLabor[part]);
  return { ...budget, services, nonLabor, external: entries(budget.external, review.external) };
}

function approvedLine(line: ServiceLine, d: LineDecision, standard: Standard): ServiceLine {
  const v = validateBudget({ name: "-", services: [approvedLineDocument(line, d, standard)] }, standard);
  if (!v.ok) throw new RangeError(`line ${d.line}: the approved line is invalid (${v.problems.map((p) => p.code).join(", ")}); validate the review first`);
  return v.budget.services[0] as ServiceLine;
}

/** Price the submitted and approved budgets and lay out the reduction table. */
export function reviewBudget(budget: Budget, review: Review, standard: Standard): ReviewResult {
  const submitted = estimate(budget, standard);
  const approvedBudget = applyReview(budget, review, standard);
  const approved = estimate(approvedBudget, standard);

  const byLine = new Map(review.lines.map((d) => [d.line - 1, d]));
  const lines: LineReduction[] = [];
  let lineFen = 0n;
  let j = 0;
  submitted.lines.forEach((s, i) => {
    const d = byLine.get(i);
    const removed = d?.remove === true;
    const a = removed ? null : approved.lines[j++];
    const approvedAmount = a ? a.amount : ZERO_MONEY;
    const reduction = fromFen(s.amount.units - approvedAmount.units);
    lineFen += reduction.units;
    lines.push({ line: i + 1, item: s.item, approvedItem: a ? a.item : null, removed, submittedAmount: s.amount, approvedAmount, reduction, reasons: reasonsOf(d) });
  });

  const entryRows = <T extends { name: string; amount: Dec }>(part: NonLaborPart | "external", list: readonly T[], decisions: readonly EntryDecision[]): EntryReduction[] => {
    const by = new Map(decisions.map((d) => [d.index, d]));
    return list.map((x, i) => {
      const d = by.get(i);
      const removed = d?.remove === true;
      const submittedAmount = money(x.amount);
      const approvedAmount = removed ? ZERO_MONEY : d?.amount ? money(d.amount) : submittedAmount;
      return { part, index: i, name: x.name, removed, submittedAmount, approvedAmount, reduction: fromFen(submittedAmount.units - approvedAmount.units), reasons: reasonsOf(d) };
    });
  };
  const nonLabor = NON_LABOR_PARTS.flatMap((part) => entryRows(part, budget.nonLabor[part], review.nonLabor[part]));
  const external = entryRows("external", budget.external, review.external);

  const labor = totals(submitted.labor, approved.labor);
  const lineReductions = fromFen(lineFen);
  return {
    review,
    submitted,
    approved,
    approvedBudget,
    lines,
    nonLabor,
    external,
    lineReductions,
    scaleEffect: fromFen(labor.reduction.units - lineFen),
    labor,
    nonLaborTotals: totals(submitted.nonLabor, approved.nonLabor),
    externalTotals: totals(submitted.externalTotal, approved.externalTotal),
    totals: totals(submitted.total, approved.total),
    grandTotals: totals(submitted.grandTotal, approved.grandTotal),
    findings: findingsOf(budget, submitted, standard),
  };
}
