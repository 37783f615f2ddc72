/**
 * Between two rounds (核对): which of the previous round's decisions the department accepted the
 * resubmitted budget does not carry out. Without this, a cut the department accepted but never made
 * reaches the next round as if nothing had been decided, and could be approved in full.
 *
 * Positions shift as soon as a line is added or removed, so lines are compared by what is priced
 * (item, pricing method, workload, collaboration level), not by their place:
 * - an accepted change is carried when the resubmitted budget has the approved line at least as
 *   often as the previous budget with the accepted decisions applied has it;
 * - an accepted removal is carried when the resubmitted budget has the submitted line no more often
 *   than that budget has it.
 * Non-labor and external entries likewise, by name and amount within their own list. Disputed and
 * unanswered decisions are not looked at: the reviewer reads the 异议说明 instead.
 */
import type { Budget, NonLaborPart } from "../budget/budget.js";
import { NON_LABOR_PARTS } from "../budget/budget.js";
import type { Dec } from "../decimal/dec.js";
import { estimate, type EstimateLine } from "../engine/estimate.js";
import type { CollaborationLevel, PricingMethod, Standard } from "../standard/types.js";
import type { EntryDecision, Review } from "./format.js";
import { applyReview } from "./reduction.js";

/** A service line as the comparison sees it. */
export interface LineFacts {
  item: string;
  name: string;
  method: PricingMethod;
  personMonths: string;
  collaboration: CollaborationLevel;
}

/** A non-labor or external entry as the comparison sees it. */
export interface EntryFacts {
  name: string;
  /** 元, as written. */
  amount: string;
}

export type NotCarried =
  /** `line:3`: the 1-based line of the previous round's submitted budget, as the answers name it. */
  | { target: string; kind: "line"; remove: true; submitted: LineFacts; approved: null }
  | { target: string; kind: "line"; remove: false; submitted: LineFacts; approved: LineFacts }
  /** `equipment:0`, `external:1`: the 0-based entry of its list. */
  | { target: string; kind: "entry"; remove: true; submitted: EntryFacts; approved: null }
  | { target: string; kind: "entry"; remove: false; submitted: EntryFacts; approved: EntryFacts };

type EntryList = NonLaborPart | "external";

const lineFacts = (l: EstimateLine): LineFacts => ({ item: l.item, name: l.name, method: l.method, personMonths: l.personMonths.toString(), collaboration: l.collaboration });
const lineKey = (f: LineFacts) => `${f.item}|${f.method}|${f.personMonths}|${f.collaboration}`;
const entryKey = (f: EntryFacts) => `${f.name.trim()}|${f.amount}`;
const entryFacts = (e: { name: string; amount: Dec }): EntryFacts => ({ name: e.name, amount: e.amount.toString() });

function tally(keys: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const k of keys) out.set(k, (out.get(k) ?? 0) + 1);
  return out;
}

const entriesOf = (b: Budget, list: EntryList) => (list === "external" ? b.external : b.nonLabor[list]);

/** What the previous budget with the accepted decisions applied holds: what a resubmission is held to. */
export interface Expectation {
  /** The accepted decisions, each with what it is about and how often the expected budget holds what it asks for. */
  checks: readonly { decision: NotCarried; list: EntryList | null; key: string; want: number }[];
}

/**
 * What `review` (made on `previous`) asks of the next submission, for the decisions whose targets are
 * in `accepted`. `review` must have been validated against `previous` (validateReview).
 */
export function expectationOf(previous: Budget, review: Review, accepted: ReadonlySet<string>, standard: Standard): Expectation {
  const keep = (list: EntryList) => (ds: readonly EntryDecision[]) => ds.filter((d) => accepted.has(`${list}:${d.index}`));
  const nonLabor = {} as Record<NonLaborPart, readonly EntryDecision[]>;
  for (const part of NON_LABOR_PARTS) nonLabor[part] = keep(part)(review.nonLabor[part]);
  const taken: Review = { ...review, lines: review.lines.filter((d) => accepted.has(`line:${d.line}`)), nonLabor, external: keep("external")(review.external) };
  if (taken.lines.length === 0 && taken.external.length === 0 && NON_LABOR_PARTS.every((p) => nonLabor[p].length === 0)) return { checks: [] };
  const expected = applyReview(previous, taken, standard);
  const checks: Expectation["checks"][number][] = [];

  const before = estimate(previous, standard).lines.map(lineFacts);
  const after = estimate(expected, standard).lines.map(lineFacts);
  const want = tally(after.map(lineKey));
  // Where each line of `previous` is in `expected` (removed lines are not there).
  const removedBefore = (line: number) => taken.lines.filter((d) => d.remove && d.line < line).length;
  for (const d of taken.lines) {
    const target = `line:${d.line}`;
    const submitted = before[d.line - 1] as LineFacts;
    if (d.remove) checks.push({ decision: { target, kind: "line", remove: true, submitted, approved: null }, list: null, key: lineKey(submitted), want: want.get(lineKey(submitted)) ?? 0 });
    else {
      const approved = after[d.line - 1 - removedBefore(d.line)] as LineFacts;
      checks.push({ decision: { target, kind: "line", remove: false, submitted, approved }, list: null, key: lineKey(approved), want: want.get(lineKey(approved)) ?? 0 });
    }
  }
  for (const list of [...NON_LABOR_PARTS, "external"] as const) {
    const decisions = list === "external" ? taken.external : taken.nonLabor[list];
    const want = tally(entriesOf(expected, list).map((e) => entryKey(entryFacts(e))));
    for (const d of decisions) {
      const target = `${list}:${d.index}`;
      const submitted = entryFacts(entriesOf(previous, list)[d.index] as { name: string; amount: Dec });
      if (d.remove) checks.push({ decision: { target, kind: "entry", remove: true, submitted, approved: null }, list, key: entryKey(submitted), want: want.get(entryKey(submitted)) ?? 0 });
      else {
        const approved = { name: submitted.name, amount: d.amount?.toString() ?? submitted.amount };
        checks.push({ decision: { target, kind: "entry", remove: false, submitted, approved }, list, key: entryKey(approved), want: want.get(entryKey(approved)) ?? 0 });
      }
    }
  }
  return { checks };
}

/**
 * The expected decisions a resubmitted budget does not carry out, in the order of the review file.
 * `lines` are the resubmitted budget's priced lines (its estimate's), `resubmitted` gives its entries.
 */
export function notCarried(expectation: Expectation, resubmitted: Budget, lines: readonly EstimateLine[]): NotCarried[] {
  if (expectation.checks.length === 0) return [];
  const have = new Map<EntryList | null, Map<string, number>>([[null, tally(lines.map((l) => lineKey(lineFacts(l))))]]);
  for (const list of [...NON_LABOR_PARTS, "external"] as const) have.set(list, tally(entriesOf(resubmitted, list).map((e) => entryKey(entryFacts(e)))));
  return expectation.checks.filter((c) => {
    const n = have.get(c.list)?.get(c.key) ?? 0;
    // A removal is carried when the line is there no more often than expected; a change when the approved line is there as often.
    return c.decision.remove ? n > c.want : n < c.want;
  }).map((c) => c.decision);
}
