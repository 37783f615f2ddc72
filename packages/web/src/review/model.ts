/**
 * The reviewer's working copy of a review: per service line and per entry the approved values as
 * the text typed, the reasons and the note. It becomes a review file (the format of
 * `govcost review --decisions`) for core's validateReview + reviewBudget on every edit, so the
 * figures on screen are the CLI's and the server's.
 *
 * A change without a reason (or `其他` without a note) is incomplete: it is reported beside its
 * line and blocks saving, but still counts in the live figures, so the reviewer sees what a cut
 * does while choosing its reason. A decision that cannot be priced (a level the item's table
 * forbids, an unreadable number) is left out of the figures until it is fixed.
 */
import {
  Dec,
  expectationOf,
  NON_LABOR_PARTS,
  problemPath,
  reviewBudget,
  validateBudget,
  validateReview,
  type Budget,
  type Expectation,
  type NotCarried,
  type NonLaborPart,
  type Problem,
  type ReasonCode,
  type Review,
  type ReviewResult,
  type ServiceLine,
  type Standard,
} from "@govcost/core";
import type { DecisionAnswer } from "../api.js";
import { money } from "../format.js";
import { normaliseNumber, PART_LABEL } from "../draft.js";

type T = (zh: string, v?: Record<string, string | number>) => string;

/** The approved values of one service line, as typed. */
export interface LineEdit {
  item: string;
  units: string;
  collaboration: string;
  method: string;
  personMonths: string;
  remove: boolean;
  reasons: ReasonCode[];
  note: string;
}

/** The approved amount of one non-labor or external entry, as typed. */
export interface EntryEdit {
  amount: string;
  remove: boolean;
  reasons: ReasonCode[];
  note: string;
}

export type EntryList = NonLaborPart | "external";

/**
 * The decisions being edited. Lines by their 1-based position, entries by `part:index` (the
 * target names of the preparer's answers: `equipment:0`, `external:2`); a line or entry the
 * reviewer has not touched has no edit.
 */
export interface ReviewState {
  opinion: string;
  lines: ReadonlyMap<number, LineEdit>;
  entries: ReadonlyMap<string, EntryEdit>;
}

export const LIST_LABEL: Record<EntryList, string> = { ...PART_LABEL, external: "公式(1)之外计价的服务" };

/** `line:3` → 第 3 行; `equipment:0` → 设备材料费 E 第 1 项. */
export function targetLabel(target: string, t: T): string {
  const [kind, n] = target.split(":") as [string, string];
  if (kind === "line") return t("第 {n} 行", { n });
  const list = LIST_LABEL[kind as EntryList];
  return list ? `${t(list)} ${t("第 {n} 项", { n: Number(n) + 1 })}` : target;
}

/**
 * What the previous round's accepted decisions ask of a later submission (core expectationOf), from
 * that round's submitted budget file and review file as the server keeps them, and the answers given
 * with the next submission. Null when either file no longer reads (nothing is then said about it).
 */
export function expectationFrom(previous: { document: unknown; review: unknown }, answers: readonly DecisionAnswer[], standard: Standard): Expectation | null {
  const accepted = new Set(answers.filter((a) => a.accept).map((a) => a.target));
  if (accepted.size === 0) return { checks: [] };
  const b = validateBudget(previous.document, standard);
  if (!b.ok) return null;
  const r = validateReview(previous.review, b.budget, standard);
  return r.ok ? expectationOf(b.budget, r.review, accepted, standard) : null;
}

const METHOD: Record<string, string> = { coefficient: "方法1", quick: "方法2" };

/** "第 1 行 6.2.a 业务咨询与受理：工作量 12 → 10 人月" — an accepted decision and what it asked. */
export function notCarriedText(n: NotCarried, t: T): string {
  const place = targetLabel(n.target, t);
  if (n.kind === "entry") {
    const what = n.approved === null ? t("整项核减") : t("金额 {a} → {b} 元", { a: money(n.submitted.amount), b: money(n.approved.amount) });
    return `${place} ${n.submitted.name}：${what}`;
  }
  const s = n.submitted;
  const a = n.approved;
  const what =
    a === null
      ? [t("整行核减")]
      : [
          s.item !== a.item ? t("服务内容 {a} → {b}", { a: s.item, b: a.item }) : null,
          s.personMonths !== a.personMonths ? t("工作量 {a} → {b} 人月", { a: s.personMonths, b: a.personMonths }) : null,
          s.collaboration !== a.collaboration ? t("协同难度 {a} → {b}", { a: s.collaboration, b: a.collaboration }) : null,
          s.method !== a.method ? t("计价方法 {a} → {b}", { a: t(METHOD[s.method] ?? s.method), b: t(METHOD[a.method] ?? a.method) }) : null,
        ].filter((x): x is string => x !== null);
  return `${place} ${s.item} ${s.name}：${what.join(t("，"))}`;
}

export const EMPTY_STATE: ReviewState = { opinion: "", lines: new Map(), entries: new Map() };

export const entryKey = (list: EntryList, index: number): string => `${list}:${index}`;
export const lineKey = (line: number): string => `line:${line}`;

/** The submitted values of a line as the reviewer's starting text. */
export function lineEditOf(line: ServiceLine): LineEdit {
  return {
    item: line.item,
    units: line.units === null ? "" : String(line.units),
    collaboration: line.collaboration ?? "",
    method: line.method,
    personMonths: line.personMonths.toString(),
    remove: false,
    reasons: [],
    note: "",
  };
}

export function entryEditOf(amount: Dec): EntryEdit {
  return { amount: amount.toString(), remove: false, reasons: [], note: "" };
}

/** An entry's name, submitted amount and the basis it gives (a non-labor note, an external item's basis). */
export function entriesOf(budget: Budget, list: EntryList): readonly { name: string; amount: Dec; note: string | null }[] {
  return list === "external" ? budget.external.map((x) => ({ name: x.name, amount: x.amount, note: x.basis || null })) : budget.nonLabor[list];
}

/** The state of a saved review file (already validated against the budget). */
export function stateOf(review: Review, budget: Budget): ReviewState {
  const lines = new Map<number, LineEdit>();
  for (const d of review.lines) {
    const sub = budget.services[d.line - 1];
    if (!sub) continue;
    const base = lineEditOf(sub);
    const levelGiven = d.units !== null || d.collaboration !== null;
    lines.set(d.line, {
      item: d.item ?? base.item,
      units: levelGiven ? (d.units === null ? "" : String(d.units)) : base.units,
      collaboration: levelGiven ? (d.collaboration ?? "") : base.collaboration,
      method: d.method ?? base.method,
      personMonths: d.personMonths === null ? base.personMonths : d.personMonths.toString(),
      remove: d.remove,
      reasons: [...d.reasons],
      note: d.note ?? "",
    });
  }
  const entries = new Map<string, EntryEdit>();
  const add = (list: EntryList, decisions: Review["external"]) => {
    for (const d of decisions) {
      const x = entriesOf(budget, list)[d.index];
      if (!x) continue;
      entries.set(entryKey(list, d.index), { amount: (d.amount ?? x.amount).toString(), remove: d.remove, reasons: [...d.reasons], note: d.note ?? "" });
    }
  };
  for (const part of NON_LABOR_PARTS) add(part, review.nonLabor[part]);
  add("external", review.external);
  return { opinion: review.opinion ?? "", lines, entries };
}

const sameNumber = (typed: string, value: Dec): boolean => {
  const d = Dec.tryParse(normaliseNumber(typed));
  return d !== null && d.eq(value);
};

/** The approved fields that differ from the submitted line. */
export function changedFields(e: LineEdit, sub: ServiceLine): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (e.item !== sub.item) out.item = e.item;
  const units = sub.units === null ? "" : String(sub.units);
  if (e.units.trim() !== units) out.units = e.units.trim() === "" ? undefined : /^\d+$/.test(e.units.trim()) ? Number(e.units.trim()) : e.units;
  if (e.collaboration !== (sub.collaboration ?? "")) out.collaboration = e.collaboration === "" ? undefined : e.collaboration;
  if (e.method !== sub.method) out.method = e.method;
  if (!sameNumber(e.personMonths, sub.personMonths)) out.personMonths = normaliseNumber(e.personMonths);
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

export function entryChanged(e: EntryEdit, amount: Dec): boolean {
  return e.remove || !sameNumber(e.amount, amount);
}

/** Does this line's edit change anything? */
export function lineChanged(e: LineEdit, sub: ServiceLine): boolean {
  return e.remove || Object.keys(changedFields(e, sub)).length > 0;
}

type Doc = Record<string, unknown> & { lines: Record<string, unknown>[]; nonLabor: Record<NonLaborPart, Record<string, unknown>[]>; external: Record<string, unknown>[] };

const reasonsField = (reasons: readonly ReasonCode[], note: string, complete: boolean): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  const codes = reasons.length === 0 && complete ? ["other"] : [...reasons];
  out.reason = codes;
  const n = note.trim();
  if (n !== "") out.note = n;
  else if (complete && codes.includes("other")) out.note = "—";
  return out;
};

/**
 * The review file of the state: only the lines and entries that change something. `complete`
 * fills a missing reason (for the live figures only; never saved).
 */
export function toDocument(state: ReviewState, budget: Budget, reviewer: string | null, complete = false): Doc {
  const lines: Record<string, unknown>[] = [];
  for (const [line, e] of [...state.lines].sort((a, b) => a[0] - b[0])) {
    const sub = budget.services[line - 1];
    if (!sub) continue;
    if (e.remove) lines.push({ line, remove: true, ...reasonsField(e.reasons, e.note, complete) });
    else {
      const changed = changedFields(e, sub);
      if (Object.keys(changed).length > 0) lines.push({ line, ...changed, ...reasonsField(e.reasons, e.note, complete) });
    }
  }
  const nonLabor = { dataProducts: [], equipment: [], business: [] } as Record<NonLaborPart, Record<string, unknown>[]>;
  const external: Record<string, unknown>[] = [];
  const sorted = [...state.entries].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  for (const [key, e] of sorted) {
    const [list, idx] = key.split(":") as [EntryList, string];
    const index = Number(idx);
    const x = entriesOf(budget, list)[index];
    if (!x || !entryChanged(e, x.amount)) continue;
    const d = e.remove ? { index, remove: true } : { index, amount: normaliseNumber(e.amount) };
    (list === "external" ? external : nonLabor[list]).push({ ...d, ...reasonsField(e.reasons, e.note, complete) });
  }
  const doc: Doc = { lines, nonLabor, external };
  if (reviewer) doc.reviewer = reviewer;
  if (state.opinion.trim() !== "") doc.opinion = state.opinion.trim();
  return doc;
}

/** Which decision a problem is about: `line:3`, `equipment:0`; null for the review as a whole. */
export function problemTarget(p: Problem, doc: Doc): string | null {
  const [a, b, c] = problemPath(p);
  if (a === "lines" && typeof b === "number") {
    const line = doc.lines[b]?.line;
    return typeof line === "number" ? lineKey(line) : null;
  }
  if (a === "nonLabor" && typeof b === "string" && typeof c === "number") {
    const index = doc.nonLabor[b as NonLaborPart]?.[c]?.index;
    return typeof index === "number" ? entryKey(b as NonLaborPart, index) : null;
  }
  if (a === "external" && typeof b === "number") {
    const index = doc.external[b]?.index;
    return typeof index === "number" ? entryKey("external", index) : null;
  }
  return null;
}

/**
 * What keeps a decision from being saved: no reason, `其他` without a note (checked here, on the
 * state), or a problem of the review file (core's validateReview: a level the item's table
 * forbids, an unreadable number …), which also leaves the decision out of the figures.
 */
export type ReviewIssue = { kind: "reason" } | { kind: "note" } | { kind: "problem"; problem: Problem };

export const RECOMPUTE_MEASURE = "govcost:review-recompute";

export interface ReviewComputed {
  /** The review file to save. */
  doc: Doc;
  /** What must be fixed before saving, by target (`line:3`, `equipment:0`, "" for the whole review). */
  problems: Map<string, ReviewIssue[]>;
  problemCount: number;
  /** The figures with every decision that can be priced; null only when none can. */
  result: ReviewResult | null;
  /** Decisions left out of the figures (they cannot be priced as typed). */
  excluded: Set<string>;
}

/**
 * Validate the decisions and price the submitted and approved budgets (core's engine): one
 * validation of the review file with any missing reason filled in, the reasons checked on the
 * decisions themselves.
 */
export function computeReview(state: ReviewState, budget: Budget, standard: Standard, reviewer: string | null): ReviewComputed {
  const start = performance.now();
  const c = recompute(state, budget, standard, reviewer);
  // On the browser's performance timeline (developer tools, the benchmark): the latest recompute alone.
  performance.clearMeasures(RECOMPUTE_MEASURE);
  performance.measure(RECOMPUTE_MEASURE, { start });
  return c;
}

function recompute(state: ReviewState, budget: Budget, standard: Standard, reviewer: string | null): ReviewComputed {
  const doc = toDocument(state, budget, reviewer);
  const problems = new Map<string, ReviewIssue[]>();
  let count = 0;
  const add = (key: string, issue: ReviewIssue) => {
    problems.set(key, [...(problems.get(key) ?? []), issue]);
    count++;
  };
  const reasons = (key: string, d: Record<string, unknown>) => {
    const codes = d.reason as string[];
    if (codes.length === 0) add(key, { kind: "reason" });
    else if (codes.includes("other") && d.note === undefined) add(key, { kind: "note" });
  };
  for (const d of doc.lines) reasons(lineKey(d.line as number), d);
  for (const part of NON_LABOR_PARTS) for (const d of doc.nonLabor[part]) reasons(entryKey(part, d.index as number), d);
  for (const d of doc.external) reasons(entryKey("external", d.index as number), d);

  // The figures: missing reasons filled in, and the decisions that still fail left out.
  const live = toDocument(state, budget, reviewer, true);
  let v = validateReview(live, budget, standard);
  const excluded = new Set<string>();
  if (!v.ok) {
    let whole = false;
    for (const p of v.problems) {
      const key = problemTarget(p, live);
      add(key ?? "", { kind: "problem", problem: p });
      if (key === null) whole = true;
      else excluded.add(key);
    }
    if (whole) return { doc, problems, problemCount: count, result: null, excluded };
    const keep = (list: string, d: Record<string, unknown>) => !excluded.has(list === "lines" ? lineKey(d.line as number) : entryKey(list as EntryList, d.index as number));
    const kept: Doc = {
      ...live,
      lines: live.lines.filter((d) => keep("lines", d)),
      nonLabor: Object.fromEntries(NON_LABOR_PARTS.map((part) => [part, live.nonLabor[part].filter((d) => keep(part, d))])) as Doc["nonLabor"],
      external: live.external.filter((d) => keep("external", d)),
    };
    v = validateReview(kept, budget, standard);
    if (!v.ok) return { doc, problems, problemCount: count, result: null, excluded };
  }
  return { doc, problems, problemCount: count, result: reviewBudget(budget, v.review, standard), excluded };
}
