/**
 * Budget files as text: JSON or YAML in, a validated budget (or every problem) out.
 * Pure: the caller reads the file; this module never touches the file system.
 */
import { parseDocument, stringify } from "yaml";
import { ProblemList, type Problem } from "../problems/problems.js";
import type { Standard } from "../standard/types.js";
import type { Budget } from "./budget.js";
import { validateBudget } from "./validate.js";
import { jsonErrorOffset } from "./json-position.js";

export type BudgetFormat = "json" | "yaml";

/** Largest budget text accepted (a 200,000-line budget is about 20 MB of JSON). */
export const MAX_BUDGET_BYTES = 64 * 1024 * 1024;

export type ParseResult = { ok: true; document: unknown; format: BudgetFormat } | { ok: false; problems: Problem[]; format: BudgetFormat };

export function detectFormat(text: string, fileName?: string): BudgetFormat {
  const lower = fileName?.toLowerCase() ?? "";
  if (lower.endsWith(".json")) return "json";
  if (lower.endsWith(".yaml") || lower.endsWith(".yml")) return "yaml";
  return /^\s*[[{]/.test(text) ? "json" : "yaml";
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

/** Parse budget text (JSON or YAML) into a plain document; syntax errors are located problems. */
export function parseBudgetText(input: string, fileName?: string): ParseResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const format = detectFormat(text, fileName);
  const problems = new ProblemList();
  if (text.length > MAX_BUDGET_BYTES) {
    problems.add("too_large", [], { value: `${text.length} 字符`, max: `${MAX_BUDGET_BYTES} 字符` });
    return { ok: false, problems: problems.problems, format };
  }
  if (text.trim() === "") {
    problems.add("syntax", [], { format: format.toUpperCase(), detail: "文件为空" });
    return { ok: false, problems: problems.problems, format };
  }
  if (format === "json") {
    try {
      return { ok: true, document: JSON.parse(text) as unknown, format };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const pos = /position (\d+)/.exec(message);
      const offset = pos ? Number(pos[1]) : jsonErrorOffset(text);
      const lc = offset === null ? null : lineColumn(text, offset);
      const detail = (message.split("\n")[0] ?? message).replace(/\s*\(line \d+ column \d+\)/, "").replace(/ in JSON at position \d+/, "");
      problems.add("syntax", [], lc ? { format: "JSON", detail, line: lc.line, column: lc.column } : { format: "JSON", detail });
      return { ok: false, problems: problems.problems, format };
    }
  }
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true, strict: true });
  if (doc.errors.length > 0) {
    for (const err of doc.errors) {
      const lp = err.linePos?.[0];
      const detail = (err.message.split("\n")[0] ?? err.message).replace(/ at line \d+, column \d+:?$/, "");
      problems.add("syntax", [], lp ? { format: "YAML", detail, line: lp.line, column: lp.col } : { format: "YAML", detail });
    }
    return { ok: false, problems: problems.problems, format };
  }
  try {
    return { ok: true, document: doc.toJS({ maxAliasCount: 100 }) as unknown, format };
  } catch (e) {
    problems.add("syntax", [], { format: "YAML", detail: e instanceof Error ? e.message : String(e) });
    return { ok: false, problems: problems.problems, format };
  }
}

export type LoadResult = { ok: true; budget: Budget; document: unknown } | { ok: false; problems: Problem[] };

/** Parse and validate budget text in one step. */
export function loadBudget(text: string, standard: Standard, fileName?: string): LoadResult {
  const parsed = parseBudgetText(text, fileName);
  if (!parsed.ok) return parsed;
  const v = validateBudget(parsed.document, standard);
  return v.ok ? { ok: true, budget: v.budget, document: parsed.document } : v;
}

/** A validated budget back in the file format (numbers as exact decimal strings). */
export function budgetToDocument(b: Budget): Record<string, unknown> {
  const doc: Record<string, unknown> = { name: b.name };
  if (b.rates) doc.rates = b.rates.map((r) => Number(r.toString()));
  if (b.ratesName) doc.ratesName = b.ratesName;
  doc.services = b.services.map((s) => {
    const line: Record<string, unknown> = { item: s.item, personMonths: s.personMonths.toString() };
    if (s.units !== null) line.units = s.units;
    if (s.collaboration !== null) line.collaboration = s.collaboration;
    line.method = s.method;
    if (s.note !== null) line.note = s.note;
    return line;
  });
  const nl: Record<string, unknown> = {};
  for (const part of ["dataProducts", "equipment", "business"] as const) {
    if (b.nonLabor[part].length) nl[part] = b.nonLabor[part].map((x) => (x.note === null ? { name: x.name, amount: x.amount.toFixed(2) } : { name: x.name, amount: x.amount.toFixed(2), note: x.note }));
  }
  if (Object.keys(nl).length) doc.nonLabor = nl;
  if (b.external.length) doc.external = b.external.map((x) => ({ item: x.item, name: x.name, amount: x.amount.toFixed(2), basis: x.basis }));
  return doc;
}

export function budgetToText(b: Budget, format: BudgetFormat): string {
  const doc = budgetToDocument(b);
  return format === "json" ? JSON.stringify(doc, null, 2) + "\n" : stringify(doc, { lineWidth: 0 });
}
