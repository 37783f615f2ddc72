/**
 * Export of an estimate as the 测算表 a budget application attaches: Chinese sheets laid out
 * as a reviewer reads them, with live formulas (公式(1)–(3), 表A.1–A.4, 表B.1) so that a change
 * of a workload, a collaboration level or a number of units in Excel/WPS updates every figure.
 * Every formula cell carries the engine's exact figure as its cached result.
 */
import ExcelJS from "exceljs";
import { DEFAULT_STANDARD, type Budget, type Estimate, type Standard } from "@govcost/core";
import { colLetter, columnIndex, NON_LABOR_COLUMNS, SHEET, sheetRef, SUMMARY_ROWS } from "./layout.js";
import { abs } from "./write-cells.js";
import { L, writeLabor, writeTierGroups, type LaborLayout } from "./write-labor.js";
import { writeNonLabor, writeExternal, type NonLaborLayout } from "./write-costs.js";
import { writeTables } from "./write-tables.js";
import { writeSummary, writeNotes, writeMeta } from "./write-summary.js";
import { quotePrefixFormulaLikeText } from "./quote-prefix.js";

export interface WriteOptions {
  standard?: Standard;
  /** Time printed on the summary sheet and stored as the workbook's creation time. */
  now?: Date;
  /** IANA zone of the printed export time (default Asia/Shanghai). */
  timeZone?: string;
}

/**
 * Write the estimate workbook (测算表) of a budget and its estimate: 汇总, 人力成本测算表
 * (公式(2), 表A.1–A.4, 表B.1 as live formulas), 人员级别汇总, 非人力成本测算表 (公式(3)),
 * 公式外计价 (if any), 系数表 and 测算说明. Defined names: LaborCost, NonLaborCost, TotalCost,
 * ScaleCoefficient. Returns the xlsx bytes.
 */
export async function writeEstimateWorkbook(budget: Budget, estimate: Estimate, opts: WriteOptions = {}): Promise<Buffer> {
  const { wb } = buildEstimateWorkbook(budget, estimate, opts);
  const out = await wb.xlsx.writeBuffer();
  return quotePrefixFormulaLikeText(Buffer.from(out as ArrayBuffer));
}

/** Where the estimate's figures are in its workbook: for sheets that refer to them. */
export interface EstimateWorkbookLayout {
  labor: LaborLayout;
  nonLabor: NonLaborLayout;
  externalTotalRow: number | null;
}

/** The estimate workbook, not yet written: its sheets, defined names and layout. */
export function buildEstimateWorkbook(budget: Budget, estimate: Estimate, opts: WriteOptions = {}): { wb: ExcelJS.Workbook; layout: EstimateWorkbookLayout } {
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
  writeTierGroups(tierGroupsWs, estimate, standard, labor);
  const nonLabor = writeNonLabor(nonLaborWs, estimate);
  const externalTotalRow = externalWs ? writeExternal(externalWs, estimate) : null;
  writeTables(tablesWs, estimate, standard);
  writeSummary(summary, estimate, standard, { labor, nonLabor, externalTotalRow }, now, opts.timeZone);
  writeNotes(notesWs, estimate, standard, labor, nonLabor);
  writeMeta(metaWs, budget, estimate, standard);

  const LS = sheetRef(SHEET.labor);
  wb.definedNames.add(`${LS}!${abs(L("amount"), labor.laborRow)}`, "LaborCost");
  wb.definedNames.add(`${sheetRef(SHEET.nonLabor)}!${abs(colLetter(columnIndex(NON_LABOR_COLUMNS, "amount")), nonLabor.totalRow)}`, "NonLaborCost");
  wb.definedNames.add(`${sheetRef(SHEET.summary)}!${abs("B", SUMMARY_ROWS.total)}`, "TotalCost");
  wb.definedNames.add(`${LS}!${abs(L("personMonths"), labor.scaleRow)}`, "ScaleCoefficient");
  return { wb, layout: { labor, nonLabor, externalTotalRow } };
}
