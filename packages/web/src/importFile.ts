/**
 * Import a budget: a workbook through the server (POST /api/import/xlsx), a budget file parsed here
 * with core; either way priced here with core's engine, so the preview shows the lines, totals and
 * warnings before anything is saved.
 */
import { estimate, parseBudgetText, problemsToJson, validateBudget, type Estimate } from "@govcost/core";
import { api, ApiError, type ErrorDetail } from "./api.js";
import { STANDARD } from "./draft.js";

export type ImportResult = { ok: true; document: unknown; estimate: Estimate } | { ok: false; details: ErrorDetail[]; message: string };

/** A read document, validated and priced (a workbook edited by hand may still hold problems). */
function priced(document: unknown, fileName: string): ImportResult {
  const v = validateBudget(document, STANDARD);
  if (!v.ok) return { ok: false, message: `${fileName} 有 ${v.problems.length} 处错误`, details: problemsToJson(v.problems, fileName) };
  return { ok: true, document, estimate: estimate(v.budget, STANDARD) };
}

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export async function importBudgetFile(file: File): Promise<ImportResult> {
  const lower = file.name.toLowerCase();
  if (lower.endsWith(".xlsx")) {
    try {
      const r = await api.upload<{ document: unknown }>("/api/import/xlsx", file, XLSX_TYPE);
      return priced(r.document, file.name);
    } catch (e) {
      if (e instanceof ApiError) return { ok: false, message: e.message, details: e.details };
      throw e;
    }
  }
  if (!/\.(json|ya?ml)$/.test(lower)) {
    return { ok: false, message: `不支持的文件类型“${file.name}”：请选择测算表（.xlsx）或预算文件（.json、.yaml）`, details: [] };
  }
  const text = await file.text();
  const parsed = parseBudgetText(text, file.name);
  if (!parsed.ok) return { ok: false, message: `${file.name} 无法读取`, details: problemsToJson(parsed.problems, file.name) };
  return priced(parsed.document, file.name);
}

/** "sheet!cell" or "services[2].personMonths" — where an import error is. */
export function detailWhere(d: ErrorDetail & { file?: string }): string {
  const cell = d.sheet && d.cell ? `工作表“${d.sheet}”!${d.cell}` : d.cell || d.sheet;
  const parts = [d.file, cell, d.path && d.path !== "(文件)" ? d.path : undefined, d.item ?? undefined].filter(Boolean);
  return parts.join(" · ") || "（文件）";
}
