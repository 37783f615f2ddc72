/**
 * The 人力成本测算表 (公式(2) with 表A.1–A.4 and 表B.1 as live formulas) and the 人员级别汇总
 * (公式(2)'s groups by tier) of the estimate workbook.
 */
import type ExcelJS from "exceljs";
import { type Dec, tierForStandardPrice, type Budget, type Estimate, type EstimateLine, type Standard } from "@govcost/core";
import { COEFFICIENT_FORMAT, colLetter, columnIndex, FIRST_DATA_ROW, LABOR_COLUMNS, METHOD_LABELS, MONEY_FORMAT, SCALE_LIMIT_COL, SHEET, sheetRef, SUBTOTAL_LABEL, TABLE_ROWS, TIER_NAME_COL, TIER_RATE_COL, TOTAL_LABEL, WORKLOAD_FORMAT, type ColumnDef, type LaborKey } from "./layout.js";
import { fx, cellMoney, num, text, setupTableSheet, styleTotalRow, T, abs } from "./write-cells.js";

/** 系数表 ranges used by the labor sheet's lookups. */
export const RANGES = {
  technical: `${T}!${abs("A", TABLE_ROWS.technical)}:${abs("B", TABLE_ROWS.technical + 3)}`,
  business: `${T}!${abs("A", TABLE_ROWS.business)}:${abs("B", TABLE_ROWS.business + 3)}`,
  collaboration: `${T}!${abs("A", TABLE_ROWS.collaboration)}:${abs("B", TABLE_ROWS.collaboration + 2)}`,
  tiers: `${T}!${abs(TIER_NAME_COL, TABLE_ROWS.tiers)}:${abs(TIER_RATE_COL, TABLE_ROWS.tiers + 4)}`,
};
/** Column of 本测算单价 inside RANGES.tiers (A..E). */
const TIER_RATE_INDEX = TIER_RATE_COL.charCodeAt(0) - TIER_NAME_COL.charCodeAt(0) + 1;
/** 表B.1: inclusive upper bound of each tier's difficulty coefficient. */
const TIER_LIMIT_COL = "F";

/** 表B.1 as an IF ladder over the tier limits: (a, b] ranges, tier 1 exactly 1. */
function tierLadder(coefficientCell: string): string {
  let f = `${T}!${abs(TIER_NAME_COL, TABLE_ROWS.tiers + 4)}`;
  for (let k = 3; k >= 0; k--) {
    f = `IF(${coefficientCell}<=${T}!${abs(TIER_LIMIT_COL, TABLE_ROWS.tiers + k)},${T}!${abs(TIER_NAME_COL, TABLE_ROWS.tiers + k)},${f})`;
  }
  return f;
}

/** 表A.4 as an IF ladder over total person-months (upper bounds inclusive). */
function scaleLadder(pmCell: string, valueCol: "A" | "B"): string {
  const pm = `ROUND(${pmCell},2)`;
  let f = `${T}!${abs(valueCol, TABLE_ROWS.scale + 4)}`;
  for (let k = 3; k >= 0; k--) {
    f = `IF(${pm}<=${T}!${abs(SCALE_LIMIT_COL, TABLE_ROWS.scale + k)},${T}!${abs(valueCol, TABLE_ROWS.scale + k)},${f})`;
  }
  return f;
}

/** 表A.3 as an IF ladder over a number of units. */
function unitsLadder(unitsCell: string): string {
  const r = TABLE_ROWS.collaboration;
  return `IF(${unitsCell}<=${T}!${abs("E", r)},${T}!${abs("A", r)},IF(${unitsCell}<=${T}!${abs("E", r + 1)},${T}!${abs("A", r + 1)},${T}!${abs("A", r + 2)}))`;
}

const VALIDATION: Record<"collaboration" | "units" | "method" | "personMonths", ExcelJS.DataValidation> = {
  collaboration: {
    type: "list",
    allowBlank: true,
    formulae: ['"F1,F2,F3"'],
    showErrorMessage: true,
    errorTitle: "协同难度级别",
    error: "应为 F1、F2 或 F3（表A.3：1 个单位 F1，2–5 个 F2，6 个及以上 F3）",
  },
  units: {
    type: "whole",
    operator: "between",
    allowBlank: true,
    formulae: [1, 1000000],
    showErrorMessage: true,
    errorTitle: "单位数",
    error: "单位数应为 ≥ 1 的整数（具有独立法人资格的单位，表A.3）",
  },
  method: {
    type: "list",
    allowBlank: true,
    formulae: [`"${METHOD_LABELS.coefficient},${METHOD_LABELS.quick}"`],
    showErrorMessage: true,
    errorTitle: "计价方法",
    error: `应为“${METHOD_LABELS.coefficient}”或“${METHOD_LABELS.quick}”`,
  },
  personMonths: {
    type: "decimal",
    operator: "greaterThanOrEqual",
    allowBlank: true,
    formulae: [0],
    showErrorMessage: true,
    errorTitle: "工作量",
    error: "工作量（人月）应为 ≥ 0 的数，至多两位小数",
  },
};

export interface LaborLayout {
  /** Row of each service line, by its index in the budget. */
  lineRows: number[];
  totalRow: number;
  personYearsRow: number;
  scaleLevelRow: number;
  scaleRow: number;
  laborRow: number;
  lastDataRow: number;
}

export const L = (key: LaborKey): string => colLetter(columnIndex(LABOR_COLUMNS, key));

export function writeLabor(ws: ExcelJS.Worksheet, budget: Budget, est: Estimate, standard: Standard): LaborLayout {
  setupTableSheet(ws, LABOR_COLUMNS, `人力成本测算表（公式(2)：L = Σ(P×Q) × S）— ${est.name}`, {
    technicalCoefficient: COEFFICIENT_FORMAT,
    businessCoefficient: COEFFICIENT_FORMAT,
    collaborationCoefficient: COEFFICIENT_FORMAT,
    coefficient: COEFFICIENT_FORMAT,
    unitPrice: MONEY_FORMAT,
    personMonths: WORKLOAD_FORMAT,
    amount: MONEY_FORMAT,
  }, est.name);
  for (const key of ["name", "note", "serviceType", "category"] as const) ws.getColumn(columnIndex(LABOR_COLUMNS, key)).alignment = { wrapText: true, vertical: "top" };

  const col = (key: LaborKey) => columnIndex(LABOR_COLUMNS, key);
  const typeOrder = new Map(standard.serviceTypes.map((t, i) => [t.id, i]));
  const groups = new Map<string, EstimateLine[]>();
  for (const line of est.lines) {
    const g = groups.get(line.serviceType);
    if (g) g.push(line);
    else groups.set(line.serviceType, [line]);
  }
  const ordered = [...groups.entries()].sort((a, b) => (typeOrder.get(a[0]) ?? 0) - (typeOrder.get(b[0]) ?? 0));
  const categoryName = new Map(standard.categories.map((c) => [c.id, c.name]));
  const typeName = new Map(standard.serviceTypes.map((t) => [t.id, `${t.id} ${t.name}`]));
  const quickRows = new Map(standard.quick.map((q) => [q.item, q]));

  const lineRows: number[] = new Array<number>(est.lines.length);
  const subtotalRows: number[] = [];
  let r = FIRST_DATA_ROW;
  let seq = 0;
  for (const [typeId, lines] of ordered) {
    const first = r;
    for (const line of lines) {
      const src = budget.services[line.index];
      if (!src) throw new RangeError(`estimate line ${line.index} has no budget line`);
      const row = ws.getRow(r);
      const c = (key: LaborKey) => row.getCell(col(key));
      const ref = (key: LaborKey) => `${L(key)}${r}`;
      c("seq").value = ++seq;
      c("category").value = categoryName.get(line.category) ?? line.category;
      c("serviceType").value = typeName.get(typeId) ?? typeId;
      c("item").value = line.item;
      c("name").value = line.name;
      c("technical").value = line.technical;
      c("technicalCoefficient").value = fx(`VLOOKUP(${ref("technical")},${RANGES.technical},2,0)`, num(line.technicalCoefficient));
      c("business").value = line.business;
      c("businessCoefficient").value = fx(`VLOOKUP(${ref("business")},${RANGES.business},2,0)`, num(line.businessCoefficient));
      // Collaboration follows the units where units are given (表A.3), unless the item excludes it.
      const fromUnits = line.units !== null && line.collaborationBasis === "units";
      c("collaboration").value = fromUnits ? fx(unitsLadder(ref("units")), line.collaboration) : line.collaboration;
      c("collaborationCoefficient").value = fx(`VLOOKUP(${ref("collaboration")},${RANGES.collaboration},2,0)`, num(line.collaborationCoefficient));
      c("units").value = line.units;
      c("method").value = METHOD_LABELS[line.method];
      c("coefficient").value = fx(`ROUND(${ref("technicalCoefficient")}*${ref("businessCoefficient")}*${ref("collaborationCoefficient")},4)`, num(line.coefficient));
      if (line.method === "quick") {
        // 方法2: the tier is the one whose Table B.1 price Table B.2 prints for the column.
        const q = quickRows.get(line.item);
        const names = [0, 1, 2].map((k) => {
          const p = q?.prices[k] ?? null;
          return p === null ? `"/"` : `"${tierForStandardPrice(standard, p).name}"`;
        });
        c("tier").value = fx(`IF(${ref("collaboration")}="F1",${names[0]},IF(${ref("collaboration")}="F2",${names[1]},${names[2]}))`, line.tier.name);
      } else {
        c("tier").value = fx(tierLadder(ref("coefficient")), line.tier.name);
      }
      c("unitPrice").value = fx(`VLOOKUP(${ref("tier")},${RANGES.tiers},${TIER_RATE_INDEX},0)`, cellMoney(line.unitPrice));
      c("personMonths").value = num(line.personMonths);
      c("amount").value = fx(`${ref("unitPrice")}*${ref("personMonths")}`, cellMoney(line.amount));
      c("note").value = text(src.note);
      c("lineKey").value = line.index;
      c("statedCollaboration").value = src.collaboration ?? "";
      c("shownCollaboration").value = fromUnits ? "" : line.collaboration;
      c("exportedItem").value = line.item;
      lineRows[line.index] = r;
      r++;
    }
    const last = r - 1;
    const row = ws.getRow(r);
    row.getCell(col("seq")).value = SUBTOTAL_LABEL;
    row.getCell(col("serviceType")).value = typeName.get(typeId) ?? typeId;
    row.getCell(col("name")).value = "服务类型小计";
    let pm = lines[0]?.personMonths.sub(lines[0].personMonths);
    let amount = pm;
    for (const l of lines) {
      pm = pm?.add(l.personMonths);
      amount = amount?.add(l.amount);
    }
    row.getCell(col("personMonths")).value = fx(`SUM(${L("personMonths")}${first}:${L("personMonths")}${last})`, pm ? num(pm) : 0);
    row.getCell(col("amount")).value = fx(`SUM(${L("amount")}${first}:${L("amount")}${last})`, amount ? cellMoney(amount) : 0);
    styleTotalRow(row);
    subtotalRows.push(r);
    r++;
  }

  const totalRow = r;
  // Drop-downs and checks for the cells a reviewer is expected to edit, one range per column
  // (per-cell rules would cost seconds on a large budget and grow the file).
  if (totalRow > FIRST_DATA_ROW) {
    // exceljs has this collection but leaves it out of its type declarations.
    const rules = (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
    for (const key of ["collaboration", "units", "method", "personMonths"] as const) {
      rules.add(`${L(key)}${FIRST_DATA_ROW}:${L(key)}${totalRow - 1}`, VALIDATION[key]);
    }
  }
  const sumOf = (key: LaborKey) => (subtotalRows.length ? `SUM(${subtotalRows.map((s) => `${L(key)}${s}`).join(",")})` : "0");
  const total = ws.getRow(totalRow);
  total.getCell(col("seq")).value = TOTAL_LABEL;
  total.getCell(col("name")).value = "Σ(P×Q)（公式(2)，乘以 S 之前）";
  total.getCell(col("personMonths")).value = fx(sumOf("personMonths"), num(est.personMonths));
  total.getCell(col("amount")).value = fx(sumOf("amount"), cellMoney(est.laborSubtotal));
  styleTotalRow(total);

  const pmCell = `${abs(L("personMonths"), totalRow)}`;
  const rows = {
    personYears: totalRow + 1,
    scaleLevel: totalRow + 2,
    scale: totalRow + 3,
    labor: totalRow + 4,
  };
  const label = (row: number, s: string) => {
    ws.getRow(row).getCell(col("name")).value = s;
    ws.mergeCells(row, col("name"), row, col("unitPrice"));
  };
  label(rows.personYears, "人年（Σ工作量 ÷ 12，保留两位小数）");
  ws.getRow(rows.personYears).getCell(col("personMonths")).value = fx(`ROUND(${pmCell}/12,2)`, num(est.personYears));
  label(rows.scaleLevel, "项目规模级别（表A.4，按Σ工作量：≤60人月 S1，≤120 S2，≤360 S3，≤600 S4，其余 S5）");
  ws.getRow(rows.scaleLevel).getCell(col("personMonths")).value = fx(scaleLadder(pmCell, "A"), est.scale.level);
  label(rows.scale, "项目规模系数 S（表A.4）");
  ws.getRow(rows.scale).getCell(col("personMonths")).value = fx(scaleLadder(pmCell, "B"), num(est.scale.coefficient));
  ws.getRow(rows.scale).getCell(col("personMonths")).numFmt = "0.00";
  label(rows.labor, "人力成本 L = Σ(P×Q) × S（公式(2)，四舍五入至 0.01 元）");
  ws.getRow(rows.labor).getCell(col("amount")).value = fx(`ROUND(${L("amount")}${totalRow}*${L("personMonths")}${rows.scale},2)`, cellMoney(est.labor));
  for (const k of [rows.personYears, rows.scaleLevel, rows.scale, rows.labor]) ws.getRow(k).font = { bold: true };

  return {
    lineRows,
    totalRow,
    personYearsRow: rows.personYears,
    scaleLevelRow: rows.scaleLevel,
    scaleRow: rows.scale,
    laborRow: rows.labor,
    // An empty budget still gets a one-row range (the total row, whose 档位 is empty), never a reversed one.
    lastDataRow: Math.max(totalRow - 1, FIRST_DATA_ROW),
  };
}

export function writeTierGroups(ws: ExcelJS.Worksheet, est: Estimate, standard: Standard, labor: LaborLayout): void {
  const cols: ColumnDef[] = [
    { key: "tier", header: "档位", width: 10 },
    { key: "staff", header: "人员级别", width: 14 },
    { key: "range", header: "运营难度系数", width: 14 },
    { key: "unitPrice", header: "单价 P（元/人月）", width: 16 },
    { key: "personMonths", header: "工作量 Q（人月）", width: 16 },
    { key: "amount", header: "金额 P×Q（元）", width: 18 },
    { key: "lines", header: "服务内容行数", width: 12 },
  ];
  setupTableSheet(ws, cols, "人员级别汇总（公式(2)：按人员级别 i = 1…m 分组，Σ P_i × Q_i）", {
    unitPrice: MONEY_FORMAT,
    personMonths: WORKLOAD_FORMAT,
    amount: MONEY_FORMAT,
  }, est.name);
  const LS = sheetRef(SHEET.labor);
  const range = (key: LaborKey) => `${LS}!${abs(L(key), FIRST_DATA_ROW)}:${abs(L(key), labor.lastDataRow)}`;
  const byTier = new Map(est.tierGroups.map((g) => [g.tier, g]));
  standard.tiers.forEach((tier, k) => {
    const r = FIRST_DATA_ROW + k;
    const row = ws.getRow(r);
    const g = byTier.get(tier.tier);
    row.getCell(1).value = tier.name;
    row.getCell(2).value = tier.staff;
    row.getCell(3).value = tier.range;
    row.getCell(4).value = fx(`${T}!${abs(TIER_RATE_COL, TABLE_ROWS.tiers + k)}`, cellMoney(est.rateProfile.rates[k] as Dec));
    row.getCell(5).value = fx(`SUMIF(${range("tier")},A${r},${range("personMonths")})`, g ? num(g.personMonths) : 0);
    row.getCell(6).value = fx(`SUMIF(${range("tier")},A${r},${range("amount")})`, g ? cellMoney(g.amount) : 0);
    row.getCell(7).value = fx(`COUNTIF(${range("tier")},A${r})`, g ? g.lines : 0);
  });
  const last = FIRST_DATA_ROW + standard.tiers.length - 1;
  const totalRow = ws.getRow(last + 1);
  totalRow.getCell(1).value = TOTAL_LABEL;
  totalRow.getCell(5).value = fx(`SUM(E${FIRST_DATA_ROW}:E${last})`, num(est.personMonths));
  totalRow.getCell(6).value = fx(`SUM(F${FIRST_DATA_ROW}:F${last})`, cellMoney(est.laborSubtotal));
  totalRow.getCell(7).value = fx(`SUM(G${FIRST_DATA_ROW}:G${last})`, est.lines.length);
  styleTotalRow(totalRow);
  const s = ws.getRow(last + 2);
  s.getCell(1).value = "项目规模系数 S（表A.4）";
  s.getCell(6).value = fx(`${LS}!${abs(L("personMonths"), labor.scaleRow)}`, num(est.scale.coefficient));
  s.getCell(6).numFmt = "0.00";
  const l = ws.getRow(last + 3);
  l.getCell(1).value = "人力成本 L = Σ P_i×Q_i × S";
  l.getCell(6).value = fx(`${LS}!${abs(L("amount"), labor.laborRow)}`, cellMoney(est.labor));
  l.font = { bold: true };
}
