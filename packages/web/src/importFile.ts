/**
 * Import a budget: a workbook through the server (POST /api/import/xlsx), a budget file parsed here
 * with core; either way priced here with core's engine, so the preview shows the lines, totals and
 * warnings before anything is saved.
 */
import { estimate, parseBudgetText, problemsToJson, validateBudget, type Estimate } from "@govcost/core";
import { api, ApiError, type ErrorDetail } from "./api.js";
import { STANDARD } from "./draft.js";
import type { Lang } from "./i18n.js";

export type ImportResult = { ok: true; document: unknown; estimate: Estimate } | { ok: false; details: ErrorDetail[]; message: string };

/** A read document, validated and priced (a workbook edited by hand may still hold problems). */
function priced(document: unknown, fileName: string, lang: Lang): ImportResult {
  const v = validateBudget(document, STANDARD);
  if (!v.ok) return { ok: false, message: lang === "en" ? `${fileName} has ${v.problems.length} problem(s)` : `${fileName} 有 ${v.problems.length} 处错误`, details: problemsToJson(v.problems, fileName, lang) };
  return { ok: true, document, estimate: estimate(v.budget, STANDARD) };
}

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export async function importBudgetFile(file: File, lang: Lang = "zh-CN"): Promise<ImportResult> {
  const lower = file.name.toLowerCase();
  if (lower.endsWith(".xlsx")) {
    try {
      const r = await api.upload<{ document: unknown }>("/api/import/xlsx", file, XLSX_TYPE);
      return priced(r.document, file.name, lang);
    } catch (e) {
      if (e instanceof ApiError) return { ok: false, message: e.message, details: e.details };
      throw e;
    }
  }
  if (!/\.(json|ya?ml)$/.test(lower)) {
    return {
      ok: false,
      message: lang === "en" ? `Unsupported file type “${file.name}”: choose an estimate workbook (.xlsx) or a budget file (.json, .yaml)` : `不支持的文件类型“${file.name}”：请选择测算表（.xlsx）或预算文件（.json、.yaml）`,
      details: [],
    };
  }
  const text = await file.text();
  const parsed = parseBudgetText(text, file.name);
  if (!parsed.ok) return { ok: false, message: lang === "en" ? `${file.name} cannot be read` : `${file.name} 无法读取`, details: problemsToJson(parsed.problems, file.name, lang) };
  return priced(parsed.document, file.name, lang);
}

/** "sheet!cell" or "services[2].personMonths" — where an import error is. */
export function detailWhere(d: ErrorDetail & { file?: string }): string {
  const cell = d.sheet && d.cell ? `工作表“${d.sheet}”!${d.cell}` : d.cell || d.sheet;
  const parts = [d.file, cell, d.path && d.path !== "(文件)" ? d.path : undefined, d.item ?? undefined].filter(Boolean);
  return parts.join(" · ") || "（文件）";
}
