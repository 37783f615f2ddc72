/**
 * Export of an estimate as the 测算表 a budget application attaches: Chinese sheets laid out
 * as a reviewer reads them, with live formulas (公式(1)–(3), 表A.1–A.4, 表B.1) so that a change
 * of a workload, a collaboration level or a number of units in Excel/WPS updates every figure.
 * Every formula cell carries the engine's exact figure as its cached result.
 */
import ExcelJS from "exceljs";
import {
  amountInWords,
  catalog,
  DECISIONS,
  DEFAULT_STANDARD,
  formatPath,
  formatWarning,
  NON_LABOR_PARTS,
  ROUNDING_POLICY,
  tierForStandardPrice,
  type Budget,
  Dec,
  type Estimate,
  type EstimateLine,
  type FieldPath,
  type Standard,
} from "@govcost/core";
import {
  COEFFICIENT_FORMAT,
  colLetter,
  columnIndex,
  EXTERNAL_COLUMNS,
  FIRST_DATA_ROW,
  HEADER_ROW,
  LABOR_COLUMNS,
  METHOD_LABELS,
  MONEY_FORMAT,
  NON_LABOR_COLUMNS,
  PART_LABELS,
  SCALE_LIMIT_COL,
  SHEET,
  sheetRef,
  SUBTOTAL_LABEL,
  SUMMARY_ROWS,
  TABLE_ROWS,
  TIER_NAME_COL,
  TIER_RATE_COL,
  TOTAL_LABEL,
  WORKLOAD_FORMAT,
  type ColumnDef,
  type LaborKey,
} from "./layout.js";

export interface WriteOptions {
  standard?: Standard;
  /** Time printed on the summary sheet and stored as the workbook's creation time. */
  now?: Date;
}

type CellValue = ExcelJS.CellValue;

const TWELVE = Dec.fromInt(12);

/** A formula cell with the engine's figure as its cached result. */
function fx(formula: string, result: number | string): CellValue {
  return { formula, result } as CellValue;
}

/** Money as the cached display value of a formula: from the engine's exact figure, to the cent. */
function money(d: Dec): number {
  return Number(d.toFixed(2));
}

function num(d: Dec): number {
  return Number(d.toString());
}

/** Text from a budget is always a string cell: never a formula, whatever its first character. */
function text(s: string | null | undefined): CellValue {
  return s === null || s === undefined ? null : s;
}

const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8EEF7" } };
const SUBTOTAL_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF5F5F5" } };
const THIN: ExcelJS.Border = { style: "thin", color: { argb: "FF999999" } };

function setupTableSheet(ws: ExcelJS.Worksheet, columns: readonly ColumnDef[], title: string, numFmts: Partial<Record<string, string>>, project: string): void {
  ws.columns = columns.map((c) => {
    const fmt = numFmts[c.key];
    return { key: c.key, width: c.width, hidden: c.hidden ?? false, ...(fmt ? { style: { numFmt: fmt } } : {}) };
  });
  const titleRow = ws.getRow(1);
  titleRow.getCell(1).value = title;
  titleRow.getCell(1).font = { bold: true, size: 14 };
  titleRow.height = 24;
  const visible = columns.filter((c) => !c.hidden).length;
  ws.mergeCells(1, 1, 1, visible);
  const header = ws.getRow(HEADER_ROW);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.alignment = { wrapText: true, vertical: "middle", horizontal: "center" };
    cell.border = { top: THIN, bottom: THIN, left: THIN, right: THIN };
  });
  header.height = 32;
  printSetup(ws, `${HEADER_ROW}:${HEADER_ROW}`, project);
}

/** A4 landscape, one page wide, header row repeated, project name in the page header. */
function printSetup(ws: ExcelJS.Worksheet, titleRows: string, project: string): void {
  ws.views = [{ state: "frozen", xSplit: 0, ySplit: HEADER_ROW, topLeftCell: `A${FIRST_DATA_ROW}`, activeCell: `A${FIRST_DATA_ROW}` }];
  ws.pageSetup = {
    ...ws.pageSetup,
    paperSize: 9,
    orientation: "landscape",
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: titleRows,
    horizontalCentered: true,
    // Printed grid lines: a reviewer's paper copy keeps the table readable without cell borders.
    showGridLines: true,
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
  ws.headerFooter = { oddHeader: `&L${project.slice(0, 100).replace(/&/g, "&&")}&R${ws.name.replace(/&/g, "&&")}`, oddFooter: "&C第 &P 页，共 &N 页" };
}

function styleTotalRow(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.eachCell({ includeEmpty: false }, (cell) => {
    cell.fill = SUBTOTAL_FILL;
  });
}

const T = sheetRef(SHEET.tables);
const abs = (col: string, row: number): string => `$${col}$${row}`;

/** 系数表 ranges used by the labor sheet's lookups. */
const RANGES = {
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

interface LaborLayout {
  /** Row of each service line, by its index in the budget. */
  lineRows: number[];
  totalRow: number;
  personYearsRow: number;
  scaleLevelRow: number;
  scaleRow: number;
  laborRow: number;
  lastDataRow: number;
}

const L = (key: LaborKey): string => colLetter(columnIndex(LABOR_COLUMNS, key));

function writeLabor(ws: ExcelJS.Worksheet, budget: Budget, est: Estimate, standard: Standard): LaborLayout {
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
      c("unitPrice").value = fx(`VLOOKUP(${ref("tier")},${RANGES.tiers},${TIER_RATE_INDEX},0)`, money(line.unitPrice));
      c("personMonths").value = num(line.personMonths);
      c("amount").value = fx(`${ref("unitPrice")}*${ref("personMonths")}`, money(line.amount));
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
    row.getCell(col("amount")).value = fx(`SUM(${L("amount")}${first}:${L("amount")}${last})`, amount ? money(amount) : 0);
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
  total.getCell(col("amount")).value = fx(sumOf("amount"), money(est.laborSubtotal));
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
  ws.getRow(rows.labor).getCell(col("amount")).value = fx(`ROUND(${L("amount")}${totalRow}*${L("personMonths")}${rows.scale},2)`, money(est.labor));
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

function writeLevels(ws: ExcelJS.Worksheet, est: Estimate, standard: Standard, labor: LaborLayout): void {
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
    row.getCell(4).value = fx(`${T}!${abs(TIER_RATE_COL, TABLE_ROWS.tiers + k)}`, money(est.rateProfile.rates[k] as Dec));
    row.getCell(5).value = fx(`SUMIF(${range("tier")},A${r},${range("personMonths")})`, g ? num(g.personMonths) : 0);
    row.getCell(6).value = fx(`SUMIF(${range("tier")},A${r},${range("amount")})`, g ? money(g.amount) : 0);
    row.getCell(7).value = fx(`COUNTIF(${range("tier")},A${r})`, g ? g.lines : 0);
  });
  const last = FIRST_DATA_ROW + standard.tiers.length - 1;
  const totalRow = ws.getRow(last + 1);
  totalRow.getCell(1).value = TOTAL_LABEL;
  totalRow.getCell(5).value = fx(`SUM(E${FIRST_DATA_ROW}:E${last})`, num(est.personMonths));
  totalRow.getCell(6).value = fx(`SUM(F${FIRST_DATA_ROW}:F${last})`, money(est.laborSubtotal));
  totalRow.getCell(7).value = fx(`SUM(G${FIRST_DATA_ROW}:G${last})`, est.lines.length);
  styleTotalRow(totalRow);
  const s = ws.getRow(last + 2);
  s.getCell(1).value = "项目规模系数 S（表A.4）";
  s.getCell(6).value = fx(`${LS}!${abs(L("personMonths"), labor.scaleRow)}`, num(est.scale.coefficient));
  s.getCell(6).numFmt = "0.00";
  const l = ws.getRow(last + 3);
  l.getCell(1).value = "人力成本 L = Σ P_i×Q_i × S";
  l.getCell(6).value = fx(`${LS}!${abs(L("amount"), labor.laborRow)}`, money(est.labor));
  l.font = { bold: true };
}

interface NonLaborLayout {
  totalRow: number;
  rows: Map<string, number>;
}

function writeNonLabor(ws: ExcelJS.Worksheet, est: Estimate): NonLaborLayout {
  setupTableSheet(ws, NON_LABOR_COLUMNS, `非人力成本测算表（公式(3)：T = D + E + B）— ${est.name}`, { amount: MONEY_FORMAT }, est.name);
  for (const key of ["name", "note"] as const) ws.getColumn(columnIndex(NON_LABOR_COLUMNS, key)).alignment = { wrapText: true, vertical: "top" };
  const col = (key: (typeof NON_LABOR_COLUMNS)[number]["key"]) => columnIndex(NON_LABOR_COLUMNS, key);
  const amountCol = colLetter(col("amount"));
  const rows = new Map<string, number>();
  const subtotalRows: number[] = [];
  let r = FIRST_DATA_ROW;
  let seq = 0;
  for (const part of NON_LABOR_PARTS) {
    const items = est.nonLaborItems[part];
    const first = r;
    items.forEach((it, i) => {
      const row = ws.getRow(r);
      row.getCell(col("seq")).value = ++seq;
      row.getCell(col("part")).value = PART_LABELS[part];
      row.getCell(col("name")).value = text(it.name);
      row.getCell(col("amount")).value = num(it.amount);
      row.getCell(col("note")).value = text(it.note);
      rows.set(`${part}.${i}`, r);
      r++;
    });
    const row = ws.getRow(r);
    row.getCell(col("seq")).value = SUBTOTAL_LABEL;
    row.getCell(col("part")).value = PART_LABELS[part];
    row.getCell(col("amount")).value = items.length ? fx(`SUM(${amountCol}${first}:${amountCol}${r - 1})`, money(est.nonLaborParts[part])) : fx("0", 0);
    styleTotalRow(row);
    subtotalRows.push(r);
    r++;
  }
  const total = ws.getRow(r);
  total.getCell(col("seq")).value = TOTAL_LABEL;
  total.getCell(col("part")).value = "非人力成本 T";
  total.getCell(col("name")).value = "T = D + E + B（公式(3)）";
  total.getCell(col("amount")).value = fx(subtotalRows.map((s) => `${amountCol}${s}`).join("+"), money(est.nonLabor));
  styleTotalRow(total);
  return { totalRow: r, rows };
}

function writeExternal(ws: ExcelJS.Worksheet, est: Estimate): number {
  setupTableSheet(ws, EXTERNAL_COLUMNS, "公式(1)之外计价的服务（6.1.2；5.1 注、8.5.2）", { amount: MONEY_FORMAT }, est.name);
  for (const key of ["name", "basis"] as const) ws.getColumn(columnIndex(EXTERNAL_COLUMNS, key)).alignment = { wrapText: true, vertical: "top" };
  const col = (key: (typeof EXTERNAL_COLUMNS)[number]["key"]) => columnIndex(EXTERNAL_COLUMNS, key);
  let r = FIRST_DATA_ROW;
  est.external.forEach((e, i) => {
    const row = ws.getRow(r);
    row.getCell(col("seq")).value = i + 1;
    row.getCell(col("item")).value = text(e.item);
    row.getCell(col("name")).value = text(e.name);
    row.getCell(col("amount")).value = num(e.amount);
    row.getCell(col("basis")).value = text(e.basis);
    r++;
  });
  const a = colLetter(col("amount"));
  const total = ws.getRow(r);
  total.getCell(col("seq")).value = TOTAL_LABEL;
  total.getCell(col("amount")).value = fx(`SUM(${a}${FIRST_DATA_ROW}:${a}${r - 1})`, money(est.externalTotal));
  styleTotalRow(total);
  return r;
}

function writeTables(ws: ExcelJS.Worksheet, est: Estimate, standard: Standard): void {
  ws.columns = [{ width: 12 }, { width: 16 }, { width: 48 }, { width: 18 }, { width: 20 }, { width: 18 }];
  ws.getCell("A1").value = `系数取值表（本测算所用；${standard.code} 附录A、附录B）`;
  ws.getCell("A1").font = { bold: true, size: 14 };
  ws.mergeCells("A1:F1");
  const heading = (r: number, title: string, headers: string[]) => {
    ws.getCell(`A${r - 2}`).value = title;
    ws.getCell(`A${r - 2}`).font = { bold: true };
    const h = ws.getRow(r - 1);
    headers.forEach((t, i) => {
      const c = h.getCell(i + 1);
      c.value = t;
      c.font = { bold: true };
      c.fill = HEADER_FILL;
      c.alignment = { wrapText: true };
    });
  };
  heading(TABLE_ROWS.technical, "表A.1 技术难度系数取值表（附录A A.1）", ["技术难度级别", "技术难度系数", "说明"]);
  standard.technical.forEach((t, k) => {
    const row = ws.getRow(TABLE_ROWS.technical + k);
    row.values = [t.level, num(t.coefficient), t.note];
    row.getCell(2).numFmt = "0.0";
  });
  heading(TABLE_ROWS.business, "表A.2 业务难度系数取值表（附录A A.2）", ["业务难度级别", "业务难度系数", "说明"]);
  standard.business.forEach((t, k) => {
    const row = ws.getRow(TABLE_ROWS.business + k);
    row.values = [t.level, num(t.coefficient), t.note];
    row.getCell(2).numFmt = "0.0";
  });
  heading(TABLE_ROWS.collaboration, "表A.3 协同难度系数取值表（附录A A.3；单位指具有独立法人资格的组织）", ["协同难度级别", "协同难度系数", "说明", "单位数下限", "单位数上限（含）"]);
  standard.collaboration.forEach((t, k) => {
    const row = ws.getRow(TABLE_ROWS.collaboration + k);
    // The open last row gets no upper bound; the units ladder never reads it.
    row.values = [t.level, num(t.coefficient), t.note, t.minUnits, t.maxUnits ?? "及以上"];
    row.getCell(2).numFmt = "0.0";
  });
  heading(TABLE_ROWS.scale, "表A.4 项目规模系数取值表（附录A A.4；上限含本数）", ["项目规模级别", "项目规模系数", "工作量规模", "工作量上限（人月，含）"]);
  standard.scale.forEach((s, k) => {
    const row = ws.getRow(TABLE_ROWS.scale + k);
    row.values = [s.level, num(s.coefficient), s.label, s.upTo === null ? "—" : num(s.upTo.mul(TWELVE))];
    row.getCell(2).numFmt = "0.00";
  });
  heading(TABLE_ROWS.tiers, "表B.1 系统业务运营服务人员成本单价取值表（附录B）", ["档位", "运营难度系数", "人员级别", "表B.1 单价（元/人月）", "本测算单价（元/人月）", "运营难度系数上限（含）"]);
  standard.tiers.forEach((t, k) => {
    const row = ws.getRow(TABLE_ROWS.tiers + k);
    row.values = [t.name, t.range, t.staff, num(standard.defaultRates.rates[k] as Dec), num(est.rateProfile.rates[k] as Dec), num(t.upTo)];
    row.getCell(4).numFmt = MONEY_FORMAT;
    row.getCell(5).numFmt = MONEY_FORMAT;
  });
  const after = TABLE_ROWS.tiers + standard.tiers.length;
  ws.getCell(`A${after}`).value = `来源：${standard.defaultRates.source}`;
  ws.getCell(`A${after + 1}`).value = est.rateProfile.custom
    ? `本测算单价按费率方案“${est.rateProfile.name}”（表B.1 注2），可在 E${TABLE_ROWS.tiers}:E${TABLE_ROWS.tiers + 4} 修改`
    : `本测算单价按${est.rateProfile.name}；如采用其他费率方案（表B.1 注2），可在 E${TABLE_ROWS.tiers}:E${TABLE_ROWS.tiers + 4} 修改`;

  // 表B.2 rows of the items priced by method 2, for the reader to check.
  const quickItems = [...new Set(est.lines.filter((l) => l.method === "quick").map((l) => l.item))];
  if (quickItems.length) {
    const start = after + 5;
    heading(start, "表B.2 系统业务运营服务人员成本单价速查表（本测算按方法2计价的服务内容）", ["表B.2 序号", "服务内容类别编号", "服务内容", "本部门（F1）", "跨2到5个部门（F2）", "跨5个部门以上（F3）"]);
    const byItem = new Map(standard.quick.map((q) => [q.item, q]));
    const names = new Map(standard.items.map((i) => [i.id, i.name]));
    quickItems.forEach((id, k) => {
      const q = byItem.get(id);
      if (!q) return;
      ws.getRow(start + k).values = [q.row, id, names.get(id) ?? "", ...q.prices.map((p) => (p === null ? "/" : num(p)))];
    });
  }
  ws.pageSetup = { ...ws.pageSetup, paperSize: 9, orientation: "portrait", fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
}


function writeSummary(ws: ExcelJS.Worksheet, est: Estimate, standard: Standard, refs: { labor: LaborLayout; nonLabor: NonLaborLayout; externalTotalRow: number | null }, now: Date): void {
  ws.columns = [{ width: 30 }, { width: 60 }, { width: 40 }];
  ws.getCell("A1").value = "政务信息化项目系统业务运营服务成本测算汇总表";
  ws.getCell("A1").font = { bold: true, size: 14 };
  ws.mergeCells("A1:C1");
  const h = ws.getRow(HEADER_ROW);
  ["项目", "内容", "说明"].forEach((t, i) => {
    const c = h.getCell(i + 1);
    c.value = t;
    c.font = { bold: true };
    c.fill = HEADER_FILL;
    c.border = { top: THIN, bottom: THIN, left: THIN, right: THIN };
  });
  printSetup(ws, `${HEADER_ROW}:${HEADER_ROW}`, est.name);
  ws.pageSetup.orientation = "portrait";
  const LS = sheetRef(SHEET.labor);
  const lc = (key: LaborKey, row: number) => `${LS}!${abs(L(key), row)}`;
  const nlAmount = colLetter(columnIndex(NON_LABOR_COLUMNS, "amount"));
  const extAmount = colLetter(columnIndex(EXTERNAL_COLUMNS, "amount"));
  const R = SUMMARY_ROWS;
  const put = (r: number, label: string, value: CellValue, note = "", fmt?: string) => {
    const row = ws.getRow(r);
    row.getCell(1).value = label;
    row.getCell(2).value = value;
    row.getCell(3).value = note;
    if (fmt) row.getCell(2).numFmt = fmt;
    row.getCell(2).alignment = { wrapText: true, horizontal: typeof value === "string" ? "left" : "right" };
    row.getCell(3).alignment = { wrapText: true };
  };
  put(R.name, "项目名称", text(est.name));
  put(R.standard, "依据标准", `${standard.code}《${standard.title}》`, `${standard.publisher} ${standard.issued} 发布，${standard.effective} 实施`);
  put(R.rateProfile, "费率方案", text(est.rateProfile.name), est.rateProfile.custom ? "按表B.1 注2 替换基准人月费率，见“系数表”" : "表B.1 标准单价");
  put(R.personMonths, "工作量合计（人月）", fx(lc("personMonths", refs.labor.totalRow), num(est.personMonths)), "Σ Q", WORKLOAD_FORMAT);
  put(R.personYears, "人年", fx(lc("personMonths", refs.labor.personYearsRow), num(est.personYears)), "Σ Q ÷ 12", "0.00");
  put(R.scale, "项目规模系数 S", fx(lc("personMonths", refs.labor.scaleRow), num(est.scale.coefficient)), `表A.4：${est.scale.level}（${est.scale.label}）`, "0.00");
  put(R.labor, "人力成本 L（元）", fx(lc("amount", refs.labor.laborRow), money(est.labor)), "公式(2)：L = Σ(P×Q) × S", MONEY_FORMAT);
  put(R.nonLabor, "非人力成本 T（元）", fx(`${sheetRef(SHEET.nonLabor)}!${abs(nlAmount, refs.nonLabor.totalRow)}`, money(est.nonLabor)), "公式(3)：T = D + E + B", MONEY_FORMAT);
  put(R.total, "总成本 C（元）", fx(`B${R.labor}+B${R.nonLabor}`, money(est.total)), "公式(1)：C = L + T", MONEY_FORMAT);
  put(
    R.external,
    "公式(1)之外计价的服务（元）",
    refs.externalTotalRow === null ? fx("0", 0) : fx(`${sheetRef(SHEET.external)}!${abs(extAmount, refs.externalTotalRow)}`, money(est.externalTotal)),
    "6.1.2；5.1 注、8.5.2，见“公式外计价”",
    MONEY_FORMAT,
  );
  put(R.grandTotal, "总计（元）", fx(`B${R.total}+B${R.external}`, money(est.grandTotal)), "总成本 C + 公式外计价", MONEY_FORMAT);
  put(R.words, "总计（大写）", amountInWords(est.grandTotal), "按导出时的金额；表中数字修改后以上方数字为准");
  put(R.rounding, "舍入规则", ROUNDING_POLICY);
  put(R.exported, "导出时间", formatTime(now), "由 govcost 生成；修改工作量、协同难度级别、单位数后各金额自动重算");
  for (const r of [R.labor, R.nonLabor, R.total, R.grandTotal]) ws.getRow(r).font = { bold: true };
}

function formatTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())} UTC`;
}

function cellOfPath(path: FieldPath, labor: LaborLayout, nonLabor: NonLaborLayout, externalFirstRow: number): string {
  const [top, a, b] = path;
  if (top === "services" && typeof a === "number") {
    const row = labor.lineRows[a];
    if (row !== undefined) return `${SHEET.labor}!${L(b === "personMonths" ? "personMonths" : b === "units" ? "units" : b === "method" ? "method" : "item")}${row}`;
  }
  if (top === "rates") return `${SHEET.tables}!${TIER_RATE_COL}${TABLE_ROWS.tiers + (typeof a === "number" ? a : 0)}`;
  if (top === "external" && typeof a === "number") return `${SHEET.external}!B${externalFirstRow + a}`;
  if (top === "nonLabor" && typeof a === "string" && typeof b === "number") {
    const row = nonLabor.rows.get(`${a}.${b}`);
    if (row !== undefined) return `${SHEET.nonLabor}!C${row}`;
  }
  return formatPath(path);
}

function writeNotes(ws: ExcelJS.Worksheet, est: Estimate, standard: Standard, labor: LaborLayout, nonLabor: NonLaborLayout): void {
  ws.columns = [{ width: 22 }, { width: 110 }];
  ws.getCell("A1").value = "测算说明与提示";
  ws.getCell("A1").font = { bold: true, size: 14 };
  ws.mergeCells("A1:B1");
  const h = ws.getRow(HEADER_ROW);
  h.values = ["项目", "说明"];
  h.font = { bold: true };
  printSetup(ws, `${HEADER_ROW}:${HEADER_ROW}`, est.name);
  ws.pageSetup.orientation = "portrait";
  ws.getColumn(2).alignment = { wrapText: true, vertical: "top" };
  let r = FIRST_DATA_ROW;
  const section = (title: string) => {
    r++;
    const c = ws.getCell(`A${r}`);
    c.value = title;
    c.font = { bold: true };
    c.fill = HEADER_FILL;
    ws.mergeCells(r, 1, r, 2);
    r++;
  };
  const line = (a: string, b: string) => {
    ws.getRow(r).getCell(1).value = a;
    ws.getRow(r).getCell(2).value = b;
    r++;
  };
  section("测算依据");
  line("标准", `${standard.code}《${standard.title}》（${standard.publisher}）`);
  line("公式(1)", "总成本 C = 人力成本 L + 非人力成本 T");
  line("公式(2)", "人力成本 L = Σ(P_i × Q_i) × S；P 为人员成本单价（方法1：T×B×F 查表B.1；方法2：表B.2），Q 为工作量（人月），S 为项目规模系数（表A.4）");
  line("公式(3)", "非人力成本 T = 数据产品费 D + 设备材料费 E + 业务费 B");
  line("费率方案", est.rateProfile.name);
  line("舍入规则", est.roundingPolicy);
  line("规模系数", est.scale.trace);
  line("人力成本", est.laborTrace);

  section("两种方法核对（本测算用到的服务内容）");
  const seen = new Set<string>();
  for (const l of est.lines) {
    const key = `${l.item}|${l.collaboration}|${l.method}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const used = l.method === "quick" ? "方法2（表B.2）" : "方法1（系数法）";
    const other = l.alternativePrice === null ? "表B.2 此列为“/”，只能用方法1" : l.alternativePrice.eq(l.unitPrice) ? `另一方法同为 ${l.alternativePrice.toString()} 元/人月，一致` : `另一方法为 ${l.alternativePrice.toString()} 元/人月，不一致`;
    line(`${l.item} ${l.collaboration}`, `${l.name}：按${used} ${l.unitPrice.toString()} 元/人月；${other}`);
  }
  const used = new Set(est.lines.map((l) => l.item));
  for (const d of catalog(standard).flatMap((e) => e.disagreements).filter((x) => used.has(x.item))) {
    line(`${d.item} ${d.level}`, `${d.detail}。处理：${d.resolution}`);
  }

  section("提示");
  if (est.warnings.length === 0) line("—", "无");
  for (const w of est.warnings) {
    const where = cellOfPath(w.path, labor, nonLabor, FIRST_DATA_ROW);
    line(w.item ? `${w.item}` : "全局", `${where}：${formatWarning(w)}`);
  }

  section("计算过程（逐行）");
  for (const l of est.lines) line(`${SHEET.labor}!${L("item")}${labor.lineRows[l.index]}`, `${l.item} ${l.name}：${l.trace}`);

  section("标准歧义的处理（govcost 的决定）");
  for (const d of DECISIONS) line(d.clause, `${d.question} —— ${d.decision}`);

  section("关于本表");
  line("修改", "可修改“人力成本测算表”的工作量、协同难度级别、单位数、计价方法，增删行，以及“系数表”的本测算单价；相关金额自动重算。技术、业务难度级别由标准的服务类型表确定，不应修改。");
  line("导入", "govcost 可读回本表（以可见单元格为准），发现问题时逐一给出工作表与单元格位置。");
}

function writeMeta(ws: ExcelJS.Worksheet, budget: Budget, est: Estimate, standard: Standard): void {
  ws.state = "veryHidden";
  const rows: [string, string][] = [
    ["format", "govcost-estimate-workbook"],
    ["version", "1"],
    ["standard", standard.id],
    ["ratesCustom", budget.rates === null ? "0" : "1"],
    ["ratesName", budget.ratesName ?? ""],
    ["ratesNameSet", budget.ratesName === null ? "0" : "1"],
    ["ratesNameShown", est.rateProfile.name],
  ];
  rows.forEach(([k, v], i) => {
    ws.getCell(`A${i + 1}`).value = k;
    ws.getCell(`B${i + 1}`).value = v;
  });
}

/**
 * Write the estimate workbook (测算表) of a budget and its estimate: 汇总, 人力成本测算表
 * (公式(2), 表A.1–A.4, 表B.1 as live formulas), 人员级别汇总, 非人力成本测算表 (公式(3)),
 * 公式外计价 (if any), 系数表 and 测算说明. Defined names: LaborCost, NonLaborCost, TotalCost,
 * ScaleCoefficient. Returns the xlsx bytes.
 */
export async function writeEstimateWorkbook(budget: Budget, estimate: Estimate, opts: WriteOptions = {}): Promise<Buffer> {
  const standard = opts.standard ?? DEFAULT_STANDARD;
  const now = opts.now ?? new Date();
  const wb = new ExcelJS.Workbook();
  wb.creator = "govcost";
  wb.created = now;
  wb.modified = now;
  wb.title = `${estimate.name} 测算表`;
  wb.calcProperties.fullCalcOnLoad = true;

  const summary = wb.addWorksheet(SHEET.summary, { properties: { tabColor: { argb: "FF1F4E79" } } });
  const laborWs = wb.addWorksheet(SHEET.labor);
  const tierGroupsWs = wb.addWorksheet(SHEET.tierGroups);
  const nonLaborWs = wb.addWorksheet(SHEET.nonLabor);
  const externalWs = estimate.external.length ? wb.addWorksheet(SHEET.external) : null;
  const tablesWs = wb.addWorksheet(SHEET.tables);
  const notesWs = wb.addWorksheet(SHEET.notes);
  const metaWs = wb.addWorksheet(SHEET.meta);

  const labor = writeLabor(laborWs, budget, estimate, standard);
  writeLevels(tierGroupsWs, estimate, standard, labor);
  const nonLabor = writeNonLabor(nonLaborWs, estimate);
  const externalTotalRow = externalWs ? writeExternal(externalWs, estimate) : null;
  writeTables(tablesWs, estimate, standard);
  writeSummary(summary, estimate, standard, { labor, nonLabor, externalTotalRow }, now);
  writeNotes(notesWs, estimate, standard, labor, nonLabor);
  writeMeta(metaWs, budget, estimate, standard);

  const LS = sheetRef(SHEET.labor);
  wb.definedNames.add(`${LS}!${abs(L("amount"), labor.laborRow)}`, "LaborCost");
  wb.definedNames.add(`${sheetRef(SHEET.nonLabor)}!${abs(colLetter(columnIndex(NON_LABOR_COLUMNS, "amount")), nonLabor.totalRow)}`, "NonLaborCost");
  wb.definedNames.add(`${sheetRef(SHEET.summary)}!${abs("B", SUMMARY_ROWS.total)}`, "TotalCost");
  wb.definedNames.add(`${LS}!${abs(L("personMonths"), labor.scaleRow)}`, "ScaleCoefficient");

  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}
