/** The 非人力成本测算表 (公式(3)) and the 公式外计价 sheet of the estimate workbook. */
import type ExcelJS from "exceljs";
import { NON_LABOR_PARTS, type Estimate } from "@govcost/core";
import { colLetter, columnIndex, EXTERNAL_COLUMNS, FIRST_DATA_ROW, MONEY_FORMAT, NON_LABOR_COLUMNS, PART_LABELS, SUBTOTAL_LABEL, TOTAL_LABEL } from "./layout.js";
import { fx, cellMoney, num, text, setupTableSheet, styleTotalRow } from "./write-cells.js";

export interface NonLaborLayout {
  totalRow: number;
  rows: Map<string, number>;
}

export function writeNonLabor(ws: ExcelJS.Worksheet, est: Estimate): NonLaborLayout {
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
    row.getCell(col("amount")).value = items.length ? fx(`SUM(${amountCol}${first}:${amountCol}${r - 1})`, cellMoney(est.nonLaborParts[part])) : fx("0", 0);
    styleTotalRow(row);
    subtotalRows.push(r);
    r++;
  }
  const total = ws.getRow(r);
  total.getCell(col("seq")).value = TOTAL_LABEL;
  total.getCell(col("part")).value = "非人力成本 T";
  total.getCell(col("name")).value = "T = D + E + B（公式(3)）";
  total.getCell(col("amount")).value = fx(subtotalRows.map((s) => `${amountCol}${s}`).join("+"), cellMoney(est.nonLabor));
  styleTotalRow(total);
  return { totalRow: r, rows };
}

export function writeExternal(ws: ExcelJS.Worksheet, est: Estimate): number {
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
  total.getCell(col("amount")).value = fx(`SUM(${a}${FIRST_DATA_ROW}:${a}${r - 1})`, cellMoney(est.externalTotal));
  styleTotalRow(total);
  return r;
}
