/**
 * Budget files as text: JSON or YAML in, a validated budget (or every problem) out.
 * Pure: the caller reads the file; this module never touches the file system.
 */
import { parseDocument, stringify } from "yaml";
import type { YamlSyntaxError } from "../problems/codes.js";
import { FILE, ProblemList } from "../problems/problems.js";
import { MAX_DEPTH } from "./limits.js";
import type { Standard } from "../standard/types.js";
import type { Budget } from "./budget.js";
import { validateBudget } from "./format.js";
import { budgetToDocument, detectFormat, parseJsonBudgetText, precheckText, stripBom, unwrapExported, type BudgetFormat, type LoadResult, type ParseResult } from "./text.js";

/** Parse budget text (JSON or YAML) into a plain document; syntax errors are located problems. */
export function parseBudgetText(input: string, fileName?: string): ParseResult {
  const text = stripBom(input);
  const format = detectFormat(text, fileName);
  if (format === "json") return parseJsonBudgetText(text);
  const pre = precheckText(text, "yaml");
  if (pre) return { ok: false, problems: pre, format };
  const problems = new ProblemList();
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true, strict: true });
  } catch (e) {
    if (!isStackOverflow(e)) throw e;
    problems.addAt("too_deep", FILE, { max: MAX_DEPTH });
    return { ok: false, problems: problems.problems, format };
  }
  if (doc.errors.length > 0) {
    // The parser turns a stack overflow (brackets nested 100,000 deep) into an error of its own.
    if (doc.errors.some((err) => isStackOverflow(err))) {
      problems.addAt("too_deep", FILE, { max: MAX_DEPTH });
      return { ok: false, problems: problems.problems, format };
    }
    for (const err of doc.errors) {
      const lp = err.linePos?.[0];
      const detail = (err.message.split("\n")[0] ?? err.message).replace(/ at line \d+, column \d+:?$/, "");
      const yaml = err.code as YamlSyntaxError;
      problems.addAt("syntax", FILE, lp ? { format: "YAML", yaml, detail, line: lp.line, column: lp.col } : { format: "YAML", yaml, detail });
    }
    return { ok: false, problems: problems.problems, format };
  }
  try {
    return { ok: true, document: unwrapExported(doc.toJS({ maxAliasCount: 100 }) as unknown), format };
  } catch (e) {
    if (isStackOverflow(e)) problems.addAt("too_deep", FILE, { max: MAX_DEPTH });
    else problems.addAt("syntax", FILE, { format: "YAML", yaml: "RESOURCE_EXHAUSTION", detail: e instanceof Error ? e.message : String(e) });
    return { ok: false, problems: problems.problems, format };
  }
}

function isStackOverflow(e: unknown): boolean {
  return e instanceof Error && (e instanceof RangeError || /Maximum call stack/.test(e.message)) && /call stack/i.test(e.message);
}

/** Parse and validate budget text in one step. */
export function loadBudget(text: string, standard: Standard, fileName?: string): LoadResult {
  const parsed = parseBudgetText(text, fileName);
  if (!parsed.ok) return parsed;
  const v = validateBudget(parsed.document, standard);
  return v.ok ? { ok: true, budget: v.budget, document: parsed.document } : v;
}

export function budgetToText(b: Budget, format: BudgetFormat): string {
  const doc = budgetToDocument(b);
  return format === "json" ? JSON.stringify(doc, null, 2) + "\n" : stringify(doc, { lineWidth: 0 });
}
