/**
 * Budget files as text, JSON part: what the fast path of the CLI needs without loading a YAML
 * parser. Pure: the caller reads the file.
 */
import { ProblemList, type Problem } from "../problems/problems.js";
import type { Standard } from "../standard/types.js";
import type { Budget } from "./budget.js";
import { jsonErrorOffset } from "./json-position.js";
import { MAX_BUDGET_BYTES } from "./limits.js";
import { validateBudget } from "./validate.js";

export type BudgetFormat = "json" | "yaml";

export type ParseResult = { ok: true; document: unknown; format: BudgetFormat } | { ok: false; problems: Problem[]; format: BudgetFormat };
export type LoadResult = { ok: true; budget: Budget; document: unknown } | { ok: false; problems: Problem[] };

export function detectFormat(text: string, fileName?: string): BudgetFormat {
  const lower = fileName?.toLowerCase() ?? "";
  if (lower.endsWith(".json")) return "json";
  if (lower.endsWith(".yaml") || lower.endsWith(".yml")) return "yaml";
  return /^\s*[[{]/.test(text) ? "json" : "yaml";
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
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

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Problems every budget text has regardless of format: too large, empty. */
export function precheckText(text: string, format: BudgetFormat): Problem[] | null {
  const problems = new ProblemList();
  if (text.length > MAX_BUDGET_BYTES) problems.add("too_large", [], { value: `${text.length} 字符`, max: `${MAX_BUDGET_BYTES} 字符` });
  else if (text.trim() === "") problems.add("syntax", [], { format: format.toUpperCase(), detail: "文件为空" });
  return problems.size ? problems.problems : null;
}

export function parseJsonBudgetText(input: string): ParseResult {
  const text = stripBom(input);
  const pre = precheckText(text, "json");
  if (pre) return { ok: false, problems: pre, format: "json" };
  try {
    return { ok: true, document: JSON.parse(text) as unknown, format: "json" };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(message);
    const offset = pos ? Number(pos[1]) : jsonErrorOffset(text);
    const lc = offset === null ? null : lineColumn(text, offset);
    const detail = (message.split("\n")[0] ?? message).replace(/\s*\(line \d+ column \d+\)/, "").replace(/ in JSON at position \d+/, "");
    const problems = new ProblemList();
    problems.add("syntax", [], lc ? { format: "JSON", detail, line: lc.line, column: lc.column } : { format: "JSON", detail });
    return { ok: false, problems: problems.problems, format: "json" };
  }
}

/** Parse and validate a JSON budget in one step. */
export function loadJsonBudget(text: string, standard: Standard): LoadResult {
  const parsed = parseJsonBudgetText(text);
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
