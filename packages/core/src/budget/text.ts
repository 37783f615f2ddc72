/**
 * Budget files as text, JSON part: what the fast path of the CLI needs without loading a YAML
 * parser. Pure: the caller reads the file.
 */
import { parse as parseJsonc, printParseErrorCode, type ParseError } from "jsonc-parser";
import type { JsonSyntaxError } from "../problems/codes.js";
import { FILE, ProblemList, type Problem } from "../problems/problems.js";
import type { Standard } from "../standard/types.js";
import type { Budget } from "./budget.js";
import { validateBudget } from "./format.js";
import { MAX_BUDGET_BYTES } from "./limits.js";

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
  if (text.length > MAX_BUDGET_BYTES) problems.addAt("too_large", FILE, { value: text.length, max: MAX_BUDGET_BYTES, unit: "chars" });
  else if (text.trim() === "") problems.addAt("syntax", FILE, { format: format === "json" ? "JSON" : "YAML", error: "empty" });
  return problems.size ? problems.problems : null;
}

/**
 * Where a JSON text first goes wrong and what is wrong there, by jsonc-parser in strict JSON mode
 * (no comments, no trailing commas). JSON.parse reads the text; this runs only once it has failed.
 */
function firstJsonError(text: string): ParseError | undefined {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  return errors[0];
}

export function parseJsonBudgetText(input: string): ParseResult {
  const text = stripBom(input);
  const pre = precheckText(text, "json");
  if (pre) return { ok: false, problems: pre, format: "json" };
  try {
    return { ok: true, document: JSON.parse(text) as unknown, format: "json" };
  } catch (e) {
    const problems = new ProblemList();
    const err = firstJsonError(text);
    if (err) {
      const { line, column } = lineColumn(text, err.offset);
      problems.addAt("syntax", FILE, { format: "JSON", line, column, error: printParseErrorCode(err.error) as JsonSyntaxError });
    } else {
      // JSON.parse refused what jsonc-parser reads (nesting too deep for the stack): its own words.
      const message = e instanceof Error ? e.message : String(e);
      problems.addAt("syntax", FILE, { format: "JSON", detail: message.split("\n")[0] ?? message });
    }
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
