/**
 * Findings (预审发现 / 核查发现): what an automatic check of a budget turns up, for a reviewer to
 * act on. Each has a code, a severity (错误 / 警告 / 需核实), the clause it rests on, where it is
 * (a service line, a non-labor or external entry, or a workbook cell), the service item, and the
 * amount at stake where there is one. The same type carries the findings of a check of a
 * workbook, which locates them by cell.
 */
import type { Budget, NonLaborPart } from "../budget/budget.js";
import { money, type Money } from "../decimal/money.js";
import type { Estimate } from "../engine/estimate.js";
import { Dec } from "../decimal/dec.js";
import { WARNINGS, type Params } from "../problems/codes.js";
import type { Locale } from "../problems/messages.js";
import type { FieldPath, Warning, WarningCode } from "../problems/problems.js";
import { toFen } from "../rounding.js";
import { indexStandard } from "../standard/lookup.js";
import type { Standard } from "../standard/types.js";
import { CHECK_SENTENCES } from "./check-findings.js";

/** error: does not comply; warning: likely to be cut; confirm (需核实): the reviewer must check a fact. */
export type Severity = "error" | "warning" | "confirm";

export const SEVERITY_LABELS: Record<Severity, { zh: string; en: string }> = {
  error: { zh: "错误", en: "error" },
  warning: { zh: "警告", en: "warning" },
  confirm: { zh: "需核实", en: "to confirm" },
};

/** Where a finding is. */
export type FindingLocation =
  /** The budget as a whole (its workload, its rate profile). */
  | { readonly kind: "budget"; readonly path?: FieldPath }
  /** A service line, by its 1-based position in `services`. */
  | { readonly kind: "line"; readonly line: number; readonly path: FieldPath }
  /** A non-labor or external entry, by its 0-based index in its list. */
  | { readonly kind: "entry"; readonly list: NonLaborPart | "external"; readonly index: number; readonly path: FieldPath }
  /** A workbook cell (`人力成本测算表!H7`), with the line it belongs to where there is one. */
  | { readonly kind: "cell"; readonly sheet: string; readonly cell: string; readonly line?: number };

export interface Finding {
  /** kebab-case: `duplicate-item`, `scale-cliff` … */
  readonly code: string;
  readonly severity: Severity;
  /** The clause of the standard it rests on; "" where none. */
  readonly clause: string;
  readonly at: FindingLocation;
  readonly item: string | null;
  /** The amount at stake (what a cut would remove), where one exists. */
  readonly amount: Money | null;
  /** The sentence's parameters (numbers, ids, the standard's names). */
  readonly params: Params;
  /** The engine warning it comes from, whose sentence it uses. */
  readonly warning?: WarningCode;
}

type Sentence = { zh: (p: Params) => string; en: (p: Params) => string };
const s = (zh: (p: Params) => string, en: (p: Params) => string): Sentence => ({ zh, en });

/** The sentences of the findings that are not engine warnings. */
// The clause is the finding's own field, shown beside the sentence: the sentences do not repeat it.
export const FINDING_SENTENCES: Record<string, Sentence> = {
  "duplicate-item": s(
    (p) => `服务内容 ${p.item} 已在第 ${p.first} 行列出，本行再次列出，请核实是否重复计列`,
    (p) => `${p.item} is already listed at line ${p.first}: check that it is not counted twice`,
  ),
  "hotline-eligibility": s(
    () => "8.5 政务热线服务：请核实服务使用方运营12345政务服务便民热线，或属实行双号并行、设分中心方式保留热线服务的部门（国办发〔2020〕53号）",
    () => "8.5 hotline services: confirm that the department runs the 12345 hotline or keeps a hotline allowed by GuoBanFa [2020] No. 53",
  ),
  "non-labor-without-basis": s(
    (p) => `非人力成本“${p.name}”未写明依据，请在“说明/依据”中补充`,
    (p) => `the non-labor entry "${p.name}" gives no basis: add one`,
  ),
  "external-without-basis": s(
    (p) => `公式(1)之外计价的“${p.name}”未写明计价依据（basis）`,
    (p) => `the entry "${p.name}" priced outside formula (1) gives no basis`,
  ),
  ...CHECK_SENTENCES,
};

/** Engine warnings as findings: their code, severity and clause. */
const FROM_WARNING: Record<WarningCode, { code: string; severity: Severity; clause: (w: Warning) => string } | null> = {
  units_on_none_item: { code: "units-on-none-item", severity: "warning", clause: (w) => `${(w.params as { table: string }).table}、表A.3` },
  collaboration_defaulted: { code: "collaboration-default", severity: "confirm", clause: (w) => `${(w.params as { table: string }).table}、表A.3` },
  methods_disagree: { code: "quick-method-differs", severity: "warning", clause: () => "公式(2) 注1/注2、表B.2" },
  quick_under_rate_profile: { code: "quick-under-rate-profile", severity: "confirm", clause: () => "表B.1 注2、表B.2" },
  rate_profile: { code: "rate-profile", severity: "confirm", clause: () => "表B.1 注2" },
  rates_not_increasing: { code: "rates-not-increasing", severity: "warning", clause: () => "表B.1 注2" },
  zero_workload: { code: "zero-workload", severity: "warning", clause: () => "5.2" },
  // The engine warns once per budget; the findings name every 8.5 line (below).
  hotline_eligibility: null,
  external_and_line: { code: "external-and-line", severity: "warning", clause: () => "5.1 注、6.1.2、8.5.2" },
  scale_cliff: { code: "scale-cliff", severity: "confirm", clause: () => "公式(2)、表A.4" },
};

/** A placeholder where a basis should be. */
const NO_BASIS = new Set(["", "无", "-", "—", "/", "暂无", "待定", "略", "见附件"]);

function locate(path: FieldPath): FindingLocation {
  const [head, i, part, j] = path;
  if (head === "services" && typeof i === "number") return { kind: "line", line: i + 1, path };
  if (head === "external" && typeof i === "number") return { kind: "entry", list: "external", index: i, path };
  if (head === "nonLabor" && typeof part === "string" && typeof j === "number") return { kind: "entry", list: part as NonLaborPart, index: j, path };
  return { kind: "budget", path };
}

/** The automatic findings (预审) on a budget and its estimate, in the order of the budget. */
export function findingsOf(budget: Budget, est: Estimate, standard: Standard): Finding[] {
  const index = indexStandard(standard);
  const out: Finding[] = [];
  const budgetWide: Finding[] = [];
  const byLine = new Map<number, Finding[]>();
  const push = (f: Finding) => {
    if (f.at.kind === "line") {
      const list = byLine.get(f.at.line - 1) ?? [];
      list.push(f);
      byLine.set(f.at.line - 1, list);
    } else budgetWide.push(f);
  };

  for (const w of est.warnings) {
    const m = FROM_WARNING[w.code];
    if (m === null) continue;
    const at = locate(w.path);
    let amount: Money | null = null;
    if (w.code === "methods_disagree" && at.kind === "line") {
      // What the line costs above the other method's price: (P used − P other) × Q, when positive.
      const line = est.lines[at.line - 1];
      const p = w.params;
      const used = Dec.parse(p.used === "quick" ? p.quickPrice : p.coefficientPrice);
      const other = Dec.parse(p.used === "quick" ? p.coefficientPrice : p.quickPrice);
      if (line && used.gt(other)) amount = toFen(used.sub(other).mul(line.personMonths));
    }
    if (w.code === "external_and_line" && at.kind === "entry") amount = money((budget.external[at.index] as Budget["external"][number]).amount);
    const severity = w.code === "methods_disagree" && amount === null ? "confirm" : m.severity;
    push({ code: m.code, severity, clause: m.clause(w), at, item: w.item ?? null, amount, params: w.params as Params, warning: w.code });
  }

  const firstLine = new Map<string, number>();
  budget.services.forEach((line, i) => {
    const priced = est.lines[i];
    const path: FieldPath = ["services", i];
    const first = firstLine.get(line.item);
    if (first === undefined) firstLine.set(line.item, i + 1);
    else push({ code: "duplicate-item", severity: "warning", clause: "", at: { kind: "line", line: i + 1, path: [...path, "item"] }, item: line.item, amount: priced?.amount ?? null, params: { item: line.item, first } });
    const item = index.items.get(line.item);
    if (item?.serviceType === "8.5") push({ code: "hotline-eligibility", severity: "confirm", clause: "8.5.2", at: { kind: "line", line: i + 1, path }, item: line.item, amount: priced?.amount ?? null, params: {} });
  });

  for (const part of ["dataProducts", "equipment", "business"] as const) {
    budget.nonLabor[part].forEach((x, i) => {
      if (x.note === null || NO_BASIS.has(x.note.trim())) {
        push({ code: "non-labor-without-basis", severity: "warning", clause: "5.3", at: { kind: "entry", list: part, index: i, path: ["nonLabor", part, i, "note"] }, item: null, amount: money(x.amount), params: { name: x.name } });
      }
    });
  }
  budget.external.forEach((x, i) => {
    const item = index.items.get(x.item);
    if (item?.serviceType === "8.5") push({ code: "hotline-eligibility", severity: "confirm", clause: "8.5.2", at: { kind: "entry", list: "external", index: i, path: ["external", i] }, item: x.item, amount: money(x.amount), params: {} });
    if (NO_BASIS.has(x.basis.trim())) {
      push({ code: "external-without-basis", severity: "warning", clause: "5.1 注、6.1.2、8.5.2", at: { kind: "entry", list: "external", index: i, path: ["external", i, "basis"] }, item: x.item, amount: money(x.amount), params: { name: x.name } });
    }
  });

  // Budget-wide first (rate profile, scale), then line by line, then the entries.
  out.push(...budgetWide.filter((f) => f.at.kind === "budget"));
  for (const i of [...byLine.keys()].sort((a, b) => a - b)) out.push(...(byLine.get(i) as Finding[]));
  out.push(...budgetWide.filter((f) => f.at.kind !== "budget"));
  return out;
}

/** The finding as a sentence. */
export function formatFinding(f: Finding, locale: Locale = "zh-CN"): string {
  const m = f.warning !== undefined ? (WARNINGS[f.warning] as unknown as Sentence) : FINDING_SENTENCES[f.code];
  if (!m) return f.code;
  return (locale === "en" ? m.en : m.zh)(f.params);
}

/** Where a finding is, for a reader: 第 3 行, nonLabor.equipment[0], 人力成本测算表!H7. */
/** The lists an entry can stand in, as the screens and reports name them. */
const ENTRY_LIST = {
  dataProducts: ["数据产品费 D ", "data products D"],
  equipment: ["设备材料费 E ", "equipment E"],
  business: ["业务费 B ", "business expenses B"],
  external: ["公式(1)之外计价的服务 ", "services priced outside formula (1)"],
} as const;

export function findingPlace(f: Finding, locale: Locale = "zh-CN"): string {
  const at = f.at;
  switch (at.kind) {
    case "line":
      return locale === "en" ? `line ${at.line}` : `第 ${at.line} 行`;
    case "entry":
      return locale === "en" ? `${ENTRY_LIST[at.list][1]} no. ${at.index + 1}` : `${ENTRY_LIST[at.list][0]}第 ${at.index + 1} 项`;
    case "cell":
      return `${at.sheet}!${at.cell}`;
    case "budget":
      return locale === "en" ? "budget" : "全预算";
  }
}
