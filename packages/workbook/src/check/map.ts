/**
 * The mapping file (`--map MAP.yaml`): which sheet, which header row, which column holds each
 * field, the money unit. `--print-map` prints the detected one in the same shape.
 */
import { CHECK_FIELDS, type CheckField } from "./headers.js";
import type { CheckMap } from "./table.js";
import { colNumber } from "./formula.js";
import { EXCEL_MAX_COLUMNS } from "../zip-guard.js";

const FIELD_LABELS: Record<CheckField, string> = {
  id: "服务内容编号",
  name: "服务内容名称",
  technical: "技术难度",
  business: "业务难度",
  collaboration: "协同难度",
  units: "涉及单位数",
  coefficient: "运营难度系数",
  tier: "档位",
  price: "单价",
  workload: "工作量（人月）",
  amount: "金额",
  method: "测算方法",
  scale: "规模系数（各行金额已乘）",
};

export function mapToYaml(map: CheckMap): string {
  const lines = [`sheet: "${map.sheet.replace(/"/g, '\\"')}"`, `headerRow: ${map.headerRow}`, `firstRow: ${map.firstRow}`, `unit: ${map.unit}   # yuan（元）或 wan（万元）`];
  if (map.workloadUnit) lines.push(`workloadUnit: ${map.workloadUnit}   # month（人月）或 year（人年，按 × 12 折为人月）`);
  if (map.priceUnit) lines.push(`priceUnit: ${map.priceUnit}   # 单价的单位：yuan（元/人月）或 wan（万元/人月）`);
  lines.push("columns:");
  for (const f of CHECK_FIELDS) {
    const c = map.columns[f];
    if (c) lines.push(`  ${f}: ${c}   # ${FIELD_LABELS[f]}`);
  }
  return lines.join("\n") + "\n";
}

/** A parsed mapping document, checked: every problem with its field path. */
export function readCheckMap(doc: unknown): { ok: true; map: CheckMap } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return { ok: false, problems: ["映射文件应是一个对象（sheet、headerRow、columns、unit）"] };
  const o = doc as Record<string, unknown>;
  const known = new Set(["sheet", "headerRow", "firstRow", "columns", "unit", "workloadUnit", "priceUnit"]);
  for (const k of Object.keys(o)) if (!known.has(k)) problems.push(`${k}: 未知字段（允许 sheet、headerRow、firstRow、columns、unit、workloadUnit、priceUnit）`);
  if (typeof o.sheet !== "string" || o.sheet.trim() === "") problems.push("sheet: 应为工作表名称");
  const row = (k: string, v: unknown) => {
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > 1_048_576) {
      problems.push(`${k}: 应为 1 起的行号，而不是“${String(v)}”`);
      return 1;
    }
    return v;
  };
  const headerRow = row("headerRow", o.headerRow);
  const firstRow = o.firstRow === undefined ? headerRow + 1 : row("firstRow", o.firstRow);
  const unit = o.unit === undefined ? "yuan" : o.unit;
  if (unit !== "yuan" && unit !== "wan") problems.push(`unit: 只能是 yuan（元）或 wan（万元），而不是“${String(unit)}”`);
  if (o.workloadUnit !== undefined && o.workloadUnit !== "month" && o.workloadUnit !== "year") problems.push(`workloadUnit: 只能是 month（人月）或 year（人年），而不是“${String(o.workloadUnit)}”`);
  if (o.priceUnit !== undefined && o.priceUnit !== "yuan" && o.priceUnit !== "wan") problems.push(`priceUnit: 只能是 yuan（元/人月）或 wan（万元/人月），而不是“${String(o.priceUnit)}”`);
  const columns: Partial<Record<CheckField, string>> = {};
  if (typeof o.columns !== "object" || o.columns === null || Array.isArray(o.columns)) problems.push("columns: 应为“字段: 列字母”的对象，如 name: B");
  else {
    for (const [k, v] of Object.entries(o.columns as Record<string, unknown>)) {
      if (!(CHECK_FIELDS as readonly string[]).includes(k)) {
        problems.push(`columns.${k}: 未知字段（允许 ${CHECK_FIELDS.join("、")}）`);
        continue;
      }
      if (typeof v !== "string" || !/^[A-Za-z]{1,3}$/.test(v) || colNumber(v) > EXCEL_MAX_COLUMNS) {
        problems.push(`columns.${k}: 应为 A 到 XFD 的列字母（如 C），而不是“${String(v)}”`);
        continue;
      }
      columns[k as CheckField] = v.toUpperCase();
    }
    if (!columns.name && !columns.id) problems.push("columns: 至少要有 name（服务内容名称）或 id（编号）");
    if (!columns.amount && !columns.workload) problems.push("columns: 至少要有 amount（金额）或 workload（工作量）");
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    map: {
      sheet: o.sheet as string,
      headerRow,
      firstRow,
      columns,
      unit: unit as "yuan" | "wan",
      ...(o.workloadUnit === "year" ? { workloadUnit: "year" as const } : {}),
      ...(o.priceUnit === "wan" ? { priceUnit: "wan" as const } : {}),
    },
  };
}
