/**
 * The editor's working copy of a budget: every field as the text the preparer typed, so a
 * half-typed number is never lost or reformatted. It becomes a budget document (the CLI
 * budget-file format) for core's validateBudget + estimate on every change.
 */
import {
  DEFAULT_STANDARD,
  estimate,
  indexStandard,
  problemPath,
  validateBudget,
  type Budget,
  type CollaborationLevel,
  type Estimate,
  type EstimateLine,
  type NonLaborPart,
  type PricingMethod,
  type Problem,
  type Warning,
} from "@govcost/core";

export const STANDARD = DEFAULT_STANDARD;
export const INDEX = indexStandard(STANDARD);

export interface LineDraft {
  key: string;
  item: string;
  personMonths: string;
  /** How collaboration is given: a level (F1–F3) or the number of units involved (表A.3). */
  collabMode: "level" | "units";
  collaboration: "" | CollaborationLevel;
  units: string;
  method: PricingMethod;
  note: string;
}

export interface CostDraft {
  key: string;
  name: string;
  amount: string;
  note: string;
}

export interface ExternalDraft {
  key: string;
  item: string;
  name: string;
  amount: string;
  basis: string;
}

export interface Draft {
  name: string;
  rates: string[] | null;
  ratesName: string;
  services: LineDraft[];
  nonLabor: Record<NonLaborPart, CostDraft[]>;
  external: ExternalDraft[];
}

export const PARTS: readonly NonLaborPart[] = ["dataProducts", "equipment", "business"];
export const PART_LABEL: Record<NonLaborPart, string> = { dataProducts: "数据产品费 D", equipment: "设备材料费 E", business: "业务费 B" };

let seq = 0;
export function newKey(): string {
  seq += 1;
  return `k${seq}`;
}

export function newLine(item: string): LineDraft {
  return { key: newKey(), item, personMonths: "", collabMode: "units", collaboration: "", units: "", method: "coefficient", note: "" };
}

export function emptyDraft(name: string): Draft {
  return { name, rates: null, ratesName: "", services: [], nonLabor: { dataProducts: [], equipment: [], business: [] }, external: [] };
}

const str = (v: unknown): string => (v === undefined || v === null ? "" : String(v));

/** A stored or imported budget document → the editor's draft (tolerant: the document was validated where it came from). */
export function documentToDraft(doc: unknown): Draft {
  const d = (doc && typeof doc === "object" ? doc : {}) as Record<string, unknown>;
  const services = Array.isArray(d.services) ? (d.services as Record<string, unknown>[]) : [];
  const nl = (d.nonLabor && typeof d.nonLabor === "object" ? d.nonLabor : {}) as Record<string, unknown>;
  const costs = (part: NonLaborPart): CostDraft[] =>
    (Array.isArray(nl[part]) ? (nl[part] as Record<string, unknown>[]) : []).map((x) => ({ key: newKey(), name: str(x.name), amount: str(x.amount), note: str(x.note) }));
  return {
    name: str(d.name),
    rates: Array.isArray(d.rates) ? (d.rates as unknown[]).map(str) : null,
    ratesName: str(d.ratesName),
    services: services.map((s) => ({
      key: newKey(),
      item: str(s.item),
      personMonths: str(s.personMonths),
      collabMode: s.units !== undefined && s.units !== null ? "units" : s.collaboration ? "level" : "units",
      collaboration: (s.collaboration as CollaborationLevel | undefined) ?? "",
      units: str(s.units),
      method: s.method === "quick" ? "quick" : "coefficient",
      note: str(s.note),
    })),
    nonLabor: { dataProducts: costs("dataProducts"), equipment: costs("equipment"), business: costs("business") },
    external: (Array.isArray(d.external) ? (d.external as Record<string, unknown>[]) : []).map((x) => ({
      key: newKey(),
      item: str(x.item),
      name: str(x.name),
      amount: str(x.amount),
      basis: str(x.basis),
    })),
  };
}

/**
 * A number as typed or pasted from a spreadsheet: full-width digits (６５００), a full-width
 * point, and thousands separators ("6,500", "29，500") are read as the plain number. Anything
 * else is left as typed, so the validator can say what is wrong.
 */
export function normaliseNumber(text: string): string {
  const t = text
    .trim()
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, ".")
    .replace(/，/g, ",");
  return /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(t) ? t.replace(/,/g, "") : t;
}

/** Numbers typed in the editor: a well-formed integer becomes a number, anything else stays text so the validator can say what is wrong. */
function unitsValue(text: string): number | string {
  const t = normaliseNumber(text);
  return /^\d+$/.test(t) ? Number(t) : t;
}

/** The draft as a budget document (the format of `govcost` budget files and of the API). */
export function draftToDocument(d: Draft): Record<string, unknown> {
  const doc: Record<string, unknown> = { name: d.name };
  if (d.rates) doc.rates = d.rates.map((r) => normaliseNumber(r));
  if (d.rates && d.ratesName.trim()) doc.ratesName = d.ratesName;
  doc.services = d.services.map((s) => {
    const line: Record<string, unknown> = { item: s.item, personMonths: normaliseNumber(s.personMonths) };
    const item = INDEX.items.get(s.item);
    const variable = item?.kind === "formula" && item.collaborationRule === "variable";
    if (variable && s.collabMode === "units" && s.units.trim() !== "") line.units = unitsValue(s.units);
    if (variable && s.collabMode === "level" && s.collaboration) line.collaboration = s.collaboration;
    line.method = s.method;
    if (s.note.trim()) line.note = s.note;
    return line;
  });
  const nonLabor: Record<string, unknown> = {};
  for (const part of PARTS) {
    if (d.nonLabor[part].length) {
      nonLabor[part] = d.nonLabor[part].map((x) => {
        const o: Record<string, unknown> = { name: x.name, amount: normaliseNumber(x.amount) };
        if (x.note.trim()) o.note = x.note;
        return o;
      });
    }
  }
  if (Object.keys(nonLabor).length) doc.nonLabor = nonLabor;
  if (d.external.length) doc.external = d.external.map((x) => ({ item: x.item, name: x.name, amount: normaliseNumber(x.amount), basis: x.basis }));
  return doc;
}

/** Warnings that only inform (the figures are as the standard says): shown as hints, apart from the errors and warnings. */
export const HINT_CODES: ReadonlySet<string> = new Set(["scale_cliff", "rate_profile", "quick_under_rate_profile"]);

/** What the input errors are about: service lines, non-labor items, items outside formula (1), the budget as a whole. */
export function errorPlaces(problems: readonly Problem[]): { lines: number; costs: number; external: number; other: number } {
  const lines = new Set<number>();
  const costs = new Set<string>();
  const external = new Set<number>();
  let other = 0;
  for (const p of problems) {
    const [a, b, c] = problemPath(p);
    if (a === "services" && typeof b === "number") lines.add(b);
    else if (a === "nonLabor" && typeof b === "string" && typeof c === "number") costs.add(`${b}.${c}`);
    else if (a === "external" && typeof b === "number") external.add(b);
    else other += 1;
  }
  return { lines: lines.size, costs: costs.size, external: external.size, other };
}

export interface Computed {
  budget: Budget | null;
  estimate: Estimate | null;
  /** The estimate's line for each draft line (null where the line has an input error and is left out). */
  lineFor: (EstimateLine | null)[];
  problems: Problem[];
  /** Warnings, with paths in the draft's own numbering. */
  warnings: Warning[];
  /** Lines and non-labor items left out of the figures because of input errors. */
  excluded: number;
}

type Path = readonly (string | number)[];

/**
 * Validate and price with the same engine as the server (core's validateBudget + estimate).
 * Lines with an input error are left out and priced without, so the other figures stay live
 * while the preparer fixes one field; the summary says how many were left out.
 */
export function compute(d: Draft): Computed {
  const doc = draftToDocument(d);
  const v = validateBudget(doc, STANDARD);
  if (v.ok) {
    const e = estimate(v.budget, STANDARD);
    return { budget: v.budget, estimate: e, lineFor: e.lines, problems: [], warnings: e.warnings, excluded: 0 };
  }
  const badLines = new Set<number>();
  const badCosts: Record<string, Set<number>> = { dataProducts: new Set(), equipment: new Set(), business: new Set() };
  const badExternal = new Set<number>();
  let unlocated = false;
  for (const p of v.problems) {
    const [a, b, c] = problemPath(p);
    if (a === "services" && typeof b === "number") badLines.add(b);
    else if (a === "nonLabor" && typeof b === "string" && typeof c === "number" && badCosts[b]) (badCosts[b] as Set<number>).add(c);
    else if (a === "external" && typeof b === "number") badExternal.add(b);
    else unlocated = true;
  }
  const none: Computed = { budget: null, estimate: null, lineFor: d.services.map(() => null), problems: v.problems, warnings: [], excluded: 0 };
  if (unlocated) return none;
  const kept: number[] = [];
  const services = (doc.services as unknown[]).filter((_, i) => {
    if (badLines.has(i)) return false;
    kept.push(i);
    return true;
  });
  const partial: Record<string, unknown> = { ...doc, services };
  if (doc.nonLabor) {
    const nl: Record<string, unknown> = {};
    for (const [part, list] of Object.entries(doc.nonLabor as Record<string, unknown[]>)) nl[part] = list.filter((_, i) => !badCosts[part]?.has(i));
    partial.nonLabor = nl;
  }
  if (doc.external) partial.external = (doc.external as unknown[]).filter((_, i) => !badExternal.has(i));
  const v2 = validateBudget(partial, STANDARD);
  if (!v2.ok) return none;
  const e = estimate(v2.budget, STANDARD);
  const lineFor: (EstimateLine | null)[] = d.services.map(() => null);
  e.lines.forEach((l, j) => {
    lineFor[kept[j] as number] = l;
  });
  // Warnings speak of the priced lines' positions: give them back the draft's numbering.
  const warnings = e.warnings.map((w): Warning => {
    const [a, b] = w.path;
    if (a === "services" && typeof b === "number") return { ...w, path: ["services", kept[b] as number, ...w.path.slice(2)] as Path };
    return w;
  });
  const excluded = badLines.size + badExternal.size + Object.values(badCosts).reduce((n, s) => n + s.size, 0);
  return { budget: v2.budget, estimate: e, lineFor, problems: v.problems, warnings, excluded };
}

/** An error keeps a line out of the figures; a warning asks for a look; a hint only informs. */
export type IssueLevel = "error" | "warning" | "hint";

export interface Issue {
  level: IssueLevel;
  field: string;
  message: string;
}

/** Group problems and warnings by where they belong: `services[3].personMonths` → line 3, field personMonths. */
export function groupIssues(
  problems: readonly { path: readonly (string | number)[]; text: string; level: IssueLevel }[],
): { lines: Map<string, Issue[]>; global: Issue[] } {
  const lines = new Map<string, Issue[]>();
  const global: Issue[] = [];
  for (const p of problems) {
    const [head, index, field] = p.path;
    if ((head === "services" || head === "dataProducts" || head === "external") && typeof index === "number") {
      const k = `${head}.${index}`;
      const list = lines.get(k) ?? [];
      list.push({ level: p.level, field: typeof field === "string" ? field : "", message: p.text });
      lines.set(k, list);
    } else if (head === "nonLabor" && typeof index === "string" && typeof field === "number") {
      const k = `${index}.${field}`;
      const list = lines.get(k) ?? [];
      list.push({ level: p.level, field: typeof p.path[3] === "string" ? (p.path[3] as string) : "", message: p.text });
      lines.set(k, list);
    } else {
      global.push({ level: p.level, field: typeof head === "string" ? head : "", message: p.text });
    }
  }
  return { lines, global };
}

const DRAFT_PREFIX = "govcost:draft:";

export interface StoredDraft {
  draft: Draft;
  baseVersion: number;
  savedAt: string;
}

/** Unsaved edits survive a reload or a lost connection: kept per budget until saved. */
export function storeDraft(budgetId: string, draft: Draft, baseVersion: number): void {
  try {
    localStorage.setItem(DRAFT_PREFIX + budgetId, JSON.stringify({ draft, baseVersion, savedAt: new Date().toISOString() } satisfies StoredDraft));
  } catch {
    // Storage full or disabled: the editor still works, only the safety net is missing.
  }
}

export function loadStoredDraft(budgetId: string): StoredDraft | null {
  try {
    const raw = localStorage.getItem(DRAFT_PREFIX + budgetId);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as StoredDraft;
    // Keys are per session: give restored lines fresh ones.
    const d = parsed.draft;
    d.services = d.services.map((s) => ({ ...s, key: newKey() }));
    for (const part of PARTS) d.nonLabor[part] = d.nonLabor[part].map((x) => ({ ...x, key: newKey() }));
    d.external = d.external.map((x) => ({ ...x, key: newKey() }));
    return parsed;
  } catch {
    return null;
  }
}

/** Whether this browser keeps unsaved edits of the budget (shown in the budget list). */
export function hasStoredDraft(budgetId: string): boolean {
  try {
    return localStorage.getItem(DRAFT_PREFIX + budgetId) !== null;
  } catch {
    return false;
  }
}

export function clearStoredDraft(budgetId: string): void {
  try {
    localStorage.removeItem(DRAFT_PREFIX + budgetId);
  } catch {
    // ignore: nothing to clear
  }
}

/** Two drafts mean the same budget (keys aside). */
export function sameDocument(a: Draft, b: Draft): boolean {
  return JSON.stringify(draftToDocument(a)) === JSON.stringify(draftToDocument(b));
}
