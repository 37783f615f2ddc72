/**
 * A plain table as an xlsx workbook (the audit log's export): one sheet, a bold frozen header row,
 * every value a text cell (quote-prefixed where it looks like a formula, so no name or note ever
 * runs as one).
 */
import ExcelJS from "exceljs";
import { quotePrefixFormulaLikeText } from "./quote-prefix.js";

export interface TableColumn {
  header: string;
  /** Width in characters. */
  width: number;
}

export async function writeTableWorkbook(opts: { sheet: string; title: string; columns: TableColumn[]; rows: string[][]; now?: Date }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "govcost";
  wb.created = opts.now ?? new Date();
  wb.title = opts.title;
  const ws = wb.addWorksheet(opts.sheet, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = opts.columns.map((c) => ({ header: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  for (const r of opts.rows) ws.addRow(r).alignment = { wrapText: true, vertical: "top" };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: opts.columns.length } };
  return quotePrefixFormulaLikeText(Buffer.from(await wb.xlsx.writeBuffer()));
}
