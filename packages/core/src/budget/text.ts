/**
 * Budget files as text, JSON part: what the fast path of the CLI needs without loading a YAML
 * parser. Pure: the caller reads the file.
 */
import { parse as parseJsonc, printParseErrorCode, visit, type ParseError } from "jsonc-parser";
import { Dec } from "../decimal/dec.js";
import type { JsonSyntaxError } from "../problems/codes.js";
import { FILE, ProblemList, type FieldPath, type PathSegment, type Problem } from "../problems/problems.js";
import type { Standard } from "../standard/types.js";
import type { Budget } from "./budget.js";
import { validateBudget } from "./format.js";
import { MAX_BUDGET_BYTES, MAX_DEPTH, MAX_NUMBER_TEXT } from "./limits.js";
import { NumberText } from "./number-text.js";

export { NumberText } from "./number-text.js";

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
 * Undefined when the text is nested too deep for it.
 */
function firstJsonError(text: string): ParseError | "too_deep" | undefined {
  const errors: ParseError[] = [];
  try {
    parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch (e) {
    if (e instanceof RangeError) return "too_deep";
    throw e;
  }
  return errors[0];
}

/**
 * The path of the first value of a parsed document nested deeper than MAX_DEPTH (null if none).
 */
function tooDeep(doc: unknown): FieldPath | null {
  let deep: FieldPath | null = null;
  const path: PathSegment[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (typeof v !== "object" || v === null || deep) return;
    if (depth > MAX_DEPTH) {
      deep = [...path];
      return;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        if (typeof x === "object" && x !== null) {
          path.push(i);
          walk(x, depth + 1);
          path.pop();
        }
      }
      return;
    }
    for (const k in v) {
      const x = (v as Record<string, unknown>)[k];
      if (typeof x === "object" && x !== null) {
        path.push(k);
        walk(x, depth + 1);
        path.pop();
      }
    }
  };
  walk(doc, 1);
  return deep;
}

/** Whether the double JSON.parse made of a number's text is the decimal the text says. */
function holdsExactly(text: string, value: number): boolean {
  if (text.length > MAX_NUMBER_TEXT) return false;
  if (/[eE]/.test(text)) return Number.isFinite(value) && !/\d{16}/.test(text.replace(".", ""));
  const fromText = Dec.tryParse(text);
  const fromValue = Dec.tryFromNumber(value);
  return fromText !== null && fromValue !== null && fromText.eq(fromValue);
}

function setAt(doc: unknown, path: readonly (string | number)[], value: unknown): void {
  let o = doc as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) o = o[path[i] as string | number] as Record<string | number, unknown>;
  o[path[path.length - 1] as string | number] = value;
}

/**
 * What JSON.parse does not tell: keys given twice in one object (it keeps the last silently) and
 * numbers a double cannot hold (replaced in `doc` by their NumberText). One pass over the text,
 * costing about what JSON.parse does.
 */
function scanJson(text: string, doc: unknown, problems: ProblemList): void {
  const keys: Set<string>[] = [];
  visit(
    text,
    {
      onObjectBegin: () => {
        keys.push(new Set());
      },
      onObjectEnd: () => {
        keys.pop();
      },
      onObjectProperty: (property, _offset, _length, _line, _col, pathSupplier) => {
        const seen = keys[keys.length - 1];
        if (!seen) return;
        if (seen.has(property)) problems.add("duplicate_key", [...pathSupplier(), property], { field: property });
        else seen.add(property);
      },
      onLiteralValue: (value: unknown, offset, length, _line, _col, pathSupplier) => {
        if (typeof value !== "number" || length < 16) return;
        const literal = text.slice(offset, offset + length);
        if (!holdsExactly(literal, value)) setAt(doc, pathSupplier(), new NumberText(literal));
      },
    },
    { disallowComments: true, allowTrailingComma: false },
  );
}

export function parseJsonBudgetText(input: string): ParseResult {
  const text = stripBom(input);
  const pre = precheckText(text, "json");
  if (pre) return { ok: false, problems: pre, format: "json" };
  const problems = new ProblemList();
  let doc: unknown;
  try {
    doc = JSON.parse(text) as unknown;
  } catch (e) {
    const err = firstJsonError(text);
    if (err === "too_deep") {
      problems.addAt("too_deep", FILE, { max: MAX_DEPTH });
    } else if (err) {
      const { line, column } = lineColumn(text, err.offset);
      problems.addAt("syntax", FILE, { format: "JSON", line, column, error: printParseErrorCode(err.error) as JsonSyntaxError });
    } else {
      const message = e instanceof Error ? e.message : String(e);
      problems.addAt("syntax", FILE, { format: "JSON", detail: message.split("\n")[0] ?? message });
    }
    return { ok: false, problems: problems.problems, format: "json" };
  }
  const deep = tooDeep(doc);
  if (deep) {
    problems.add("too_deep", deep, { max: MAX_DEPTH });
    return { ok: false, problems: problems.problems, format: "json" };
  }
  scanJson(text, doc, problems);
  if (problems.size) return { ok: false, problems: problems.problems, format: "json" };
  return { ok: true, document: unwrapExported(doc), format: "json" };
}

/**
 * A budget exported by the server (GET /api/budgets/:id/export?format=json, 预算文件（JSON）) holds
 * the budget file in `document`, beside the version's facts (`budget`, `version`, `savedAt`,
 * `author`) and its `estimate`. Such a file reads as its `document`, so that what the app exports
 * imports again and prices with the CLI; anything else is read as it is.
 */
export function unwrapExported(doc: unknown): unknown {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return doc;
  const o = doc as Record<string, unknown>;
  const inner = o.document;
  const exported = typeof inner === "object" && inner !== null && !Array.isArray(inner) && "budget" in o && "version" in o && !("services" in o);
  return exported ? inner : doc;
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
