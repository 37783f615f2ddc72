/**
 * Cell helpers of the estimate workbook: formula cells with cached results, number cells from exact
 * decimals, sheet and print setup shared by every sheet.
 */
import type ExcelJS from "exceljs";
import { Dec } from "@govcost/core";
import { FIRST_DATA_ROW, HEADER_ROW, SHEET, sheetRef, type ColumnDef } from "./layout.js";

export type CellValue = ExcelJS.CellValue;

export const TWELVE = Dec.fromInt(12);

/** A formula cell with the engine's figure as its cached result. */
export function fx(formula: string, result: number | string): CellValue {
  return { formula, result } as CellValue;
}

/**
 * Money as a number cell (xlsx stores numbers as doubles): the double nearest the engine's exact
 * figure, read from its two-decimal text. The figure is already exact at the fen; `toFixed` throws
 * rather than round if it is not.
 */
export function cellMoney(d: Dec): number {
  return Number(d.toFixed(2));
}

export function num(d: Dec): number {
  return Number(d.toString());
}

/** Text from a budget is always a string cell: never a formula, whatever its first character. */
export function text(s: string | null | undefined): CellValue {
  return s === null || s === undefined ? null : s;
}

export const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8EEF7" } };
export const SUBTOTAL_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF5F5F5" } };
export const THIN: ExcelJS.Border = { style: "thin", color: { argb: "FF999999" } };

export function setupTableSheet(ws: ExcelJS.Worksheet, columns: readonly ColumnDef[], title: string, numFmts: Partial<Record<string, string>>, project: string): void {
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
export function printSetup(ws: ExcelJS.Worksheet, titleRows: string, project: string): void {
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

export function styleTotalRow(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.eachCell({ includeEmpty: false }, (cell) => {
    cell.fill = SUBTOTAL_FILL;
  });
}

export const T = sheetRef(SHEET.tables);
export const abs = (col: string, row: number): string => `$${col}$${row}`;
