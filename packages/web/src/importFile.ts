/**
 * Import a budget: a workbook through the server (POST /api/import/xlsx), a budget file parsed here
 * with core; either way priced here with core's engine, so the preview shows the lines, totals and
 * warnings before anything is saved.
 */
import { estimate, parseBudgetText, problemsToJson, validateBudget, type Estimate } from "@govcost/core";
import { api, ApiError, type ErrorDetail } from "./api.js";
import { PART_LABEL, STANDARD } from "./draft.js";
import type { Lang } from "./i18n.js";

type T = (zh: string, vars?: Record<string, string | number>) => string;

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

/** What the budget file's fields are called on the screens. */
const FIELD_LABEL: Record<string, string> = {
  item: "服务内容",
  personMonths: "工作量",
  units: "单位数",
  collaboration: "协同难度",
  method: "计价方法",
  note: "备注",
  name: "名称",
  amount: "金额",
  basis: "计价依据",
};
const LIST_LABEL: Record<string, string> = { ...PART_LABEL, external: "公式(1)之外计价的服务" };

/**
 * A field path of the budget file as the screens name it: services[2].personMonths → 第 3 行 工作量,
 * nonLabor.equipment[0].amount → 设备材料费 E 第 1 项 金额, name → 预算名称. A path not recognised is kept.
 */
export function pathLabel(path: string, t: T): string {
  const line = /^services\[(\d+)\](?:\.(\w+))?/.exec(path);
  const field = (f: string | undefined) => (f ? t(FIELD_LABEL[f] ?? f) : "");
  if (line) return [t("第 {n} 行", { n: Number(line[1]) + 1 }), field(line[2])].filter(Boolean).join(" ");
  const entry = /^(?:nonLabor\.)?(dataProducts|equipment|business|external)\[(\d+)\](?:\.(\w+))?/.exec(path);
  if (entry) return [t(LIST_LABEL[entry[1] as string] ?? ""), t("第 {n} 项", { n: Number(entry[2]) + 1 }), field(entry[3])].filter(Boolean).join(" ");
  const rate = /^rates\[(\d+)\]/.exec(path);
  if (rate) return t("费率 第 {n} 档", { n: Number(rate[1]) + 1 });
  if (path === "name") return t("预算名称");
  if (path === "services") return t("服务行");
  return path;
}

/** "工作表“人力成本测算表”!D7" or "第 3 行 工作量" — where an import error is, in the screens' words. */
export function detailWhere(d: ErrorDetail & { file?: string }, t: T): string {
  const cell = d.sheet && d.cell ? t("工作表“{sheet}”!{cell}", { sheet: d.sheet, cell: d.cell }) : d.cell || d.sheet;
  const parts = [d.file, cell, d.path && d.path !== "(文件)" ? pathLabel(d.path, t) : undefined, d.item ?? undefined].filter(Boolean);
  return parts.join(" · ") || t("（文件）");
}
