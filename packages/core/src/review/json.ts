/**
 * A review as JSON: what `govcost review --json` prints: submitted and approved (each the estimate's
 * JSON), lines, nonLabor, external, scaleEffect, totals (C), grandTotals (with external), findings. Money is a two-decimal string, the
 * reduction rate a two-decimal percentage ("12.34"; null when nothing was submitted).
 */
import { estimateToJson } from "../engine/estimate-json.js";
import type { Locale } from "../problems/messages.js";
import { formatPath } from "../problems/problems.js";
import { findingPlace, formatFinding, type Finding } from "./findings.js";
import { REASONS } from "./reasons.js";
import type { ReductionReason, ReductionTotals, ReviewResult } from "./reduction.js";

const m = (d: { toFixed(n: number): string }): string => d.toFixed(2);

const reasonJson = (locale: Locale) => (r: ReductionReason) => ({ code: r.code, label: locale === "en" ? REASONS[r.code].en : r.label, clause: r.clause, note: r.note });

export const totalsJson = (t: ReductionTotals) => ({
  submitted: m(t.submitted),
  approved: m(t.approved),
  reduction: m(t.reduction),
  reductionRate: t.reductionRate === null ? null : t.reductionRate.toFixed(2),
});

export function findingJson(f: Finding, locale: Locale = "zh-CN") {
  const at = f.at;
  return {
    code: f.code,
    severity: f.severity,
    clause: f.clause,
    line: at.kind === "line" ? at.line : at.kind === "cell" ? (at.line ?? null) : null,
    path: at.kind === "cell" ? null : at.path ? formatPath(at.path) : null,
    ...(at.kind === "cell" ? { sheet: at.sheet, cell: at.cell } : {}),
    place: findingPlace(f, locale),
    item: f.item,
    amount: f.amount === null ? null : m(f.amount),
    message: formatFinding(f, locale),
  };
}

export function reviewToJson(r: ReviewResult, locale: Locale = "zh-CN") {
  const reason = reasonJson(locale);
  return {
    submitted: estimateToJson(r.submitted, locale),
    approved: estimateToJson(r.approved, locale),
    lines: r.lines.map((l) => ({
      line: l.line,
      item: l.item,
      approvedItem: l.approvedItem,
      submittedAmount: m(l.submittedAmount),
      approvedAmount: m(l.approvedAmount),
      reduction: m(l.reduction),
      reasons: l.reasons.map(reason),
    })),
    nonLabor: r.nonLabor.map((x) => ({ part: x.part, index: x.index, name: x.name, submittedAmount: m(x.submittedAmount), approvedAmount: m(x.approvedAmount), reduction: m(x.reduction), reasons: x.reasons.map(reason) })),
    external: r.external.map((x) => ({ part: x.part, index: x.index, name: x.name, submittedAmount: m(x.submittedAmount), approvedAmount: m(x.approvedAmount), reduction: m(x.reduction), reasons: x.reasons.map(reason) })),
    scaleEffect: m(r.scaleEffect),
    totals: totalsJson(r.totals),
    grandTotals: totalsJson(r.grandTotals),
    findings: r.findings.map((f) => findingJson(f, locale)),
  };
}

export type ReviewJson = ReturnType<typeof reviewToJson>;
