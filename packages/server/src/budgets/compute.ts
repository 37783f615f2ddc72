/**
 * What a save stores, always computed here from the document (never taken from the client):
 * validateBudget + estimate of @govcost/core under the budget's rate profile (表B.1 注2).
 */
import { budgetToDocument, DEFAULT_STANDARD, Dec, estimate, estimateToJson, findStandard, reviewBudget, validateBudget, validateReview, type Budget, type Estimate, type EstimateJson, type Problem, type RateProfile, type ReviewResult, type Standard, type TierPrices } from "@govcost/core";
import type { Comparison, EntryChange, EntryPart, FigureChange, LineChange, RateProfileJson, SaveSummary } from "../api-types.js";
import type { NewVersion, StoredRateProfile } from "../store/store.js";

export const STANDARD_PROFILE_ID = "standard";

/** The rates a budget is priced with: a named profile, or the document's own (id null). */
export type ProfileChoice = Omit<RateProfile, "id" | "rates"> & { id: string | null; rates: TierPrices | null };

/** 表B.1 itself, always present, never editable. */
export function standardProfile(): RateProfileJson {
  const d = DEFAULT_STANDARD.defaultRates;
  return { id: STANDARD_PROFILE_ID, name: d.name, source: d.source, rates: d.rates.map((r) => r.toString()), builtin: true };
}

export function profileChoice(p: StoredRateProfile | "standard" | null): ProfileChoice | null {
  if (p === null) return null;
  if (p === "standard") {
    const d = DEFAULT_STANDARD.defaultRates;
    return { id: STANDARD_PROFILE_ID, name: d.name, source: d.source, rates: null };
  }
  return { id: p.id, name: p.name, source: p.source, rates: p.rates.map((r) => Dec.parse(r)) as unknown as ProfileChoice["rates"] };
}

export type Computed = { ok: true; budget: Budget; document: Record<string, unknown>; estimate: Estimate; json: EstimateJson; standard: Standard } | { ok: false; problems: Problem[] };

/**
 * Validate a document and price it. With a profile, its rates replace the document's, and the
 * stored document says so, so the document alone reproduces the stored estimate (e.g. in the CLI).
 */
export function computeBudget(document: unknown, profile: ProfileChoice | null, standard: Standard = DEFAULT_STANDARD): Computed {
  const v = validateBudget(document, standard);
  if (!v.ok) return { ok: false, problems: v.problems };
  const budget = profile ? { ...v.budget, rates: profile.rates, ratesName: profile.rates ? profile.name : null } : v.budget;
  const est = estimate(budget, standard);
  return { ok: true, budget, document: budgetToDocument(budget), estimate: est, json: estimateToJson(est), standard };
}

/** A review file with nothing decided yet: it approves the submitted budget as it is. */
export const EMPTY_REVIEW_DOCUMENT = { lines: [], nonLabor: { dataProducts: [], equipment: [], business: [] }, external: [] };

export type ReviewComputed = { ok: true; budget: Budget; result: ReviewResult } | { ok: false; problems: Problem[]; of: "budget" | "review" };

/**
 * A round's submitted document (stored, so it prices as it did; its standard by id) with a review
 * file: validateReview against it (every problem with its path) and reviewBudget.
 */
export function computeReview(document: unknown, review: unknown, standardId?: string): ReviewComputed {
  const standard = (standardId === undefined ? undefined : findStandard(standardId)) ?? DEFAULT_STANDARD;
  const b = validateBudget(document, standard);
  if (!b.ok) return { ok: false, problems: b.problems, of: "budget" };
  const v = validateReview(review, b.budget, standard);
  if (!v.ok) return { ok: false, problems: v.problems, of: "review" };
  return { ok: true, budget: b.budget, result: reviewBudget(b.budget, v.review, standard) };
}

/** The figures a save answers with (the whole estimate is one GET away). */
export function saveSummary(j: EstimateJson): SaveSummary {
  const { personMonths, scale, laborSubtotal, labor, nonLaborParts, nonLabor, total, externalTotal, grandTotal, warnings } = j;
  return { personMonths, scale, laborSubtotal, labor, nonLaborParts, nonLabor, total, externalTotal, grandTotal, warnings };
}

/** A priced budget as a version to store: the texts, the figures kept beside them, who and when. */
export function versionFrom(c: Extract<Computed, { ok: true }>, profileId: string | null, author: { id: number; name: string }, comment: string, restoredFrom: number | null, now: string): NewVersion {
  const e = c.estimate;
  return {
    document: JSON.stringify(c.document),
    estimate: JSON.stringify(c.json),
    standardId: c.standard.id,
    rateProfileId: profileId,
    rateProfileName: e.rateProfile.name,
    rates: e.rateProfile.rates.map((r) => r.toString()),
    labor: e.labor.toFixed(2),
    nonLabor: e.nonLabor.toFixed(2),
    total: e.total.toFixed(2),
    grandTotal: e.grandTotal.toFixed(2),
    authorId: author.id,
    authorName: author.name,
    savedAt: now,
    comment,
    restoredFrom,
  };
}

type Line = EstimateJson["lines"][number];

const LINE_FIELDS = ["personMonths", "units", "collaboration", "method", "note", "technical", "business", "coefficient", "tier", "unitPrice", "amount"] as const;

/** Keyed by `key` and occurrence: the second 7.2.b line matches the second 7.2.b line. */
function keyed<T>(xs: readonly T[], key: (x: T) => string): Map<string, T> {
  const seen = new Map<string, number>();
  const out = new Map<string, T>();
  for (const x of xs) {
    const k = key(x);
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    out.set(`${k}#${n}`, x);
  }
  return out;
}

interface Entry { name: string; amount: string; note: string | null }

/** The entries of one part (D, E, B, or the services outside formula (1)) as the comparison sees them. */
function entriesOf(e: EstimateJson, part: EntryPart): Entry[] {
  return part === "external" ? e.external.map((x) => ({ name: x.name, amount: x.amount, note: x.basis })) : e.nonLaborItems[part];
}

/** Entries added, removed or changed (amount or note), part by part, matched by name and occurrence. */
function entryChanges(a: EstimateJson, b: EstimateJson): EntryChange[] {
  const out: EntryChange[] = [];
  for (const part of ["dataProducts", "equipment", "business", "external"] as const) {
    const before = keyed(entriesOf(a, part), (x) => x.name);
    const after = keyed(entriesOf(b, part), (x) => x.name);
    for (const [k, x] of before) if (!after.has(k)) out.push({ part, kind: "removed", name: x.name, from: x.amount, to: null, delta: null, noteChanged: false });
    for (const [k, x] of after) {
      const old = before.get(k);
      if (!old) out.push({ part, kind: "added", name: x.name, from: null, to: x.amount, delta: null, noteChanged: false });
      else if (old.amount !== x.amount || old.note !== x.note) out.push({ part, kind: "changed", name: x.name, from: old.amount, to: x.amount, delta: delta(old.amount, x.amount), noteChanged: old.note !== x.note });
    }
  }
  return out;
}

const places = (s: string) => (s.includes(".") ? s.length - s.indexOf(".") - 1 : 0);

/** to − from, shown with as many decimals as the figures themselves ("45000.00", "2"). */
export function delta(from: string, to: string): string {
  return Dec.parse(to).sub(Dec.parse(from)).toFixed(Math.max(places(from), places(to)));
}

function figure(name: string, label: string, from: string, to: string): FigureChange {
  return { name, label, from, to, delta: delta(from, to) };
}

/** The figures every comparison shows: Q, Σ P×Q, S, L, T, C and the grand total. */
export function figuresBetween(a: EstimateJson, b: EstimateJson): FigureChange[] {
  return [
    figure("personMonths", "工作量合计（人月）", a.personMonths, b.personMonths),
    figure("laborSubtotal", "Σ P×Q（元）", a.laborSubtotal, b.laborSubtotal),
    figure("scale", "规模系数 S", a.scale.coefficient, b.scale.coefficient),
    figure("labor", "人力成本 L（元）", a.labor, b.labor),
    figure("nonLabor", "非人力成本 T（元）", a.nonLabor, b.nonLabor),
    figure("total", "总成本 C（元）", a.total, b.total),
    figure("externalTotal", "公式(1)之外计价的服务（元）", a.externalTotal, b.externalTotal),
    figure("grandTotal", "合计（元）", a.grandTotal, b.grandTotal),
  ];
}

/**
 * Which service lines, non-labor entries and services outside formula (1) were added, removed or
 * changed between two estimates, and how every figure moved.
 */
export function compareEstimates(a: EstimateJson, b: EstimateJson): Comparison {
  const before = keyed(a.lines, (l) => l.item);
  const after = keyed(b.lines, (l) => l.item);
  const added: Line[] = [];
  const removed: Line[] = [];
  const changed: LineChange[] = [];
  for (const [key, l] of before) if (!after.has(key)) removed.push(l);
  for (const [key, l] of after) {
    const old = before.get(key);
    if (!old) {
      added.push(l);
      continue;
    }
    const fields = LINE_FIELDS.filter((f) => JSON.stringify(old[f]) !== JSON.stringify(l[f])).map((f) => {
      const from = old[f];
      const to = l[f];
      const numeric = f === "personMonths" || f === "unitPrice" || f === "amount" || f === "coefficient";
      return numeric ? { field: f, from, to, delta: delta(String(from), String(to)) } : { field: f, from, to };
    });
    if (fields.length) changed.push({ key, before: old, after: l, fields });
  }
  return { added, removed, changed, entries: entryChanges(a, b), figures: figuresBetween(a, b) };
}
