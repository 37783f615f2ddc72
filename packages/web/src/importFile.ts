/** Import a budget: a workbook through the server (POST /api/import/xlsx), a budget file parsed here with core. */
import { parseBudgetText, problemsToJson, validateBudget } from "@govcost/core";
import { api, ApiError, type ErrorDetail } from "./api.js";
import { STANDARD } from "./draft.js";

export type ImportResult = { ok: true; document: unknown } | { ok: false; details: ErrorDetail[]; message: string };

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export async function importBudgetFile(file: File): Promise<ImportResult> {
  const lower = file.name.toLowerCase();
  if (lower.endsWith(".xlsx")) {
    try {
      const r = await api.upload<{ document: unknown }>("/api/import/xlsx", file, XLSX_TYPE);
      return { ok: true, document: r.document };
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
  const v = validateBudget(parsed.document, STANDARD);
  if (!v.ok) return { ok: false, message: `${file.name} 有 ${v.problems.length} 处错误`, details: problemsToJson(v.problems, file.name) };
  return { ok: true, document: parsed.document };
}

/** "sheet!cell" or "services[2].personMonths" — where an import error is. */
export function detailWhere(d: ErrorDetail & { file?: string }): string {
  const cell = d.sheet && d.cell ? `工作表“${d.sheet}”!${d.cell}` : d.cell || d.sheet;
  const parts = [d.file, cell, d.path && d.path !== "(文件)" ? d.path : undefined, d.item ?? undefined].filter(Boolean);
  return parts.join(" · ") || "（文件）";
}
