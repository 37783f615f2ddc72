/**
 * The review workbook: the submitted estimate's sheets plus 审减明细表, the reduction table with
 * live formulas. Submitted amounts refer to the estimate's own cells, so an edit there flows
 * through; approved amounts are the engine's figures for the approved budget. Per line the
 * reduction is submitted − approved; the approved labor cost is ROUND(Σ approved × S approved, 2);
 * the scale effect is the labor reduction − Σ line reductions; totals and the reduction rate are
 * formulas with the engine's figures cached. Reason and note texts are string cells, never formulas.
 * Defined names: SubmittedCost, ApprovedCost, ReductionAmount, ReductionRate (C, labor + non-labor).
 */
import type ExcelJS from "exceljs";
import { quotePrefixFormulaLikeText } from "./quote-prefix.js";
import { DEFAULT_STANDARD, type Budget, type ReductionReason, type ReviewResult } from "@govcost/core";
import { colLetter, columnIndex, EXTERNAL_COLUMNS, FIRST_DATA_ROW, MONEY_FORMAT, NON_LABOR_COLUMNS, PART_LABELS, SHEET, sheetRef } from "./layout.js";
import { abs, cellMoney, fx, num, printSetup, setupTableSheet, styleTotalRow, text } from "./write-cells.js";
import { L } from "./write-labor.js";
import { buildEstimateWorkbook, type EstimateWorkbookLayout, type WriteOptions } from "./write.js";

export const REVIEW_SHEET = "审减明细表";

const COLUMNS = [
  { key: "seq", header: "行号/序号", width: 9 },
  { key: "part", header: "类别", width: 14 },
  { key: "item", header: "编号/名称", width: 22 },
  { key: "approvedItem", header: "审定编号", width: 10 },
  { key: "submitted", header: "送审（申报）金额（元）", width: 18 },
  { key: "approved", header: "审定金额（元）", width: 18 },
  { key: "reduction", header: "审减金额（元）", width: 18 },
  { key: "reasons", header: "理由（条款）", width: 40 },
  { key: "note", header: "审核说明", width: 40 },
] as const;
type Key = (typeof COLUMNS)[number]["key"];
const C = (key: Key): string => colLetter(COLUMNS.findIndex((c) => c.key === key) + 1);
const I = (key: Key): number => COLUMNS.findIndex((c) => c.key === key) + 1;

function reasonsText(rs: readonly ReductionReason[]): string | null {
  return rs.length === 0 ? null : rs.map((r) => (r.clause ? `${r.label}（${r.clause}）` : r.label)).join("；");
}
function noteText(rs: readonly ReductionReason[]): string | null {
  return rs[0]?.note ?? null;
}

/** The reduction table's rows, by role, for tests and readers. */
export interface ReviewSheetLayout {
  lineRows: number[];
  lineSubtotalRow: number;
  scaleRow: number;
  laborRow: number;
  scaleEffectRow: number;
  nonLaborRow: number;
  totalRow: number;
  rateRow: number;
  externalRow: number;
  grandTotalRow: number;
  grandRateRow: number;
}

/** Write the review workbook (xlsx bytes) for a budget and its review. */
export async function writeReviewWorkbook(budget: Budget, r: ReviewResult, opts: WriteOptions = {}): Promise<Buffer> {
  const { wb, layout } = buildEstimateWorkbook(budget, r.submitted, { ...opts, standard: opts.standard ?? DEFAULT_STANDARD });
  wb.title = `${r.submitted.name} 审核`;
  const ws = wb.addWorksheet(REVIEW_SHEET, { properties: { tabColor: { argb: "FFC00000" } } });
  // The reduction table right after 汇总, and open on it.
  const order = wb.worksheets.filter((w) => w !== ws);
  order.splice(1, 0, ws);
  // exceljs orders sheets by orderNo, which its typings leave out.
  order.forEach((w, i) => ((w as ExcelJS.Worksheet & { orderNo: number }).orderNo = i + 1));
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 1, visibility: "visible" }];
  const rows = writeReviewSheet(ws, r, layout);
  const RS = sheetRef(REVIEW_SHEET);
  wb.definedNames.add(`${RS}!${abs(C("submitted"), rows.totalRow)}`, "SubmittedCost");
  wb.definedNames.add(`${RS}!${abs(C("approved"), rows.totalRow)}`, "ApprovedCost");
  wb.definedNames.add(`${RS}!${abs(C("reduction"), rows.totalRow)}`, "ReductionAmount");
  wb.definedNames.add(`${RS}!${abs(C("reduction"), rows.rateRow)}`, "ReductionRate");
  const out = await wb.xlsx.writeBuffer();
  return quotePrefixFormulaLikeText(Buffer.from(out as ArrayBuffer));
}

export function writeReviewSheet(ws: ExcelJS.Worksheet, r: ReviewResult, layout: EstimateWorkbookLayout): ReviewSheetLayout {
  setupTableSheet(ws, COLUMNS, `审减明细表 — ${r.submitted.name}${r.review.reviewer ? `（评审人：${r.review.reviewer}）` : ""}`, { submitted: MONEY_FORMAT, approved: MONEY_FORMAT, reduction: MONEY_FORMAT }, r.submitted.name);
  for (const key of ["reasons", "note", "item"] as const) ws.getColumn(I(key)).alignment = { wrapText: true, vertical: "top" };
  const LS = sheetRef(SHEET.labor);
  const NS = sheetRef(SHEET.nonLabor);
  const XS = sheetRef(SHEET.external);
  const nlAmount = colLetter(columnIndex(NON_LABOR_COLUMNS, "amount"));
  const extAmount = colLetter(columnIndex(EXTERNAL_COLUMNS, "amount"));
  const [S, A, D] = [C("submitted"), C("approved"), C("reduction")];
  let row = FIRST_DATA_ROW;
  const put = (values: Partial<Record<Key, ExcelJS.CellValue>>): number => {
    const x = ws.getRow(row);
    for (const [k, v] of Object.entries(values)) x.getCell(I(k as Key)).value = v;
    return row++;
  };
  const reduce = (at: number, value: ReviewResult["scaleEffect"]) => fx(`${S}${at}-${A}${at}`, cellMoney(value));

  // 人力成本: one row per submitted line.
  const lineRows = r.lines.map((l, i) => {
    const at = row;
    return put({
      seq: l.line,
      part: "人力成本",
      item: text(l.item),
      approvedItem: text(l.approvedItem ?? "核减"),
      submitted: fx(`${LS}!${abs(L("amount"), layout.labor.lineRows[i] as number)}`, cellMoney(l.submittedAmount)),
      approved: cellMoney(l.approvedAmount),
      reduction: reduce(at, l.reduction),
      reasons: text(reasonsText(l.reasons)),
      note: text(noteText(l.reasons)),
    });
  });
  const first = FIRST_DATA_ROW;
  const last = Math.max(row - 1, first);
  const sumOf = (col: string) => (r.lines.length ? `SUM(${col}${first}:${col}${last})` : "0");
  const lineSubtotalRow = put({
    seq: "小计",
    part: "Σ(P×Q)",
    submitted: fx(sumOf(S), cellMoney(r.submitted.laborSubtotal)),
    approved: fx(sumOf(A), cellMoney(r.approved.laborSubtotal)),
    reduction: fx(sumOf(D), cellMoney(r.lineReductions)),
  });
  const scaleRow = put({
    seq: "规模系数",
    part: "S（表A.4）",
    item: `${r.submitted.scale.level} → ${r.approved.scale.level}`,
    submitted: fx(`${LS}!${abs(L("personMonths"), layout.labor.scaleRow)}`, num(r.submitted.scale.coefficient)),
    approved: num(r.approved.scale.coefficient),
  });
  ws.getRow(scaleRow).getCell(I("submitted")).numFmt = "0.00";
  ws.getRow(scaleRow).getCell(I("approved")).numFmt = "0.00";
  const laborRow = put({
    seq: "人力成本",
    part: "L = Σ(P×Q) × S",
    submitted: fx(`${LS}!${abs(L("amount"), layout.labor.laborRow)}`, cellMoney(r.labor.submitted)),
    approved: fx(`ROUND(${A}${lineSubtotalRow}*${A}${scaleRow},2)`, cellMoney(r.labor.approved)),
    reduction: fx(`${S}${row}-${A}${row}`, cellMoney(r.labor.reduction)),
  });
  const scaleEffectRow = put({
    seq: "规模系数影响",
    part: "L 审减 − Σ行审减",
    reduction: fx(`${D}${laborRow}-${D}${lineSubtotalRow}`, cellMoney(r.scaleEffect)),
    reasons: text(r.scaleEffect.isZero() ? null : "规模系数作用于全部人力成本（公式(2)、表A.4）"),
  });

  // 非人力成本
  const nlRows: number[] = [];
  r.nonLabor.forEach((x) => {
    const at = row;
    const ref = layout.nonLabor.rows.get(`${x.part}.${x.index}`) as number;
    nlRows.push(
      put({
        seq: x.index + 1, // the entry's place in its list, from 1 as on screen (decision files count from 0)
        part: PART_LABELS[x.part as keyof typeof PART_LABELS],
        item: text(x.name),
        submitted: fx(`${NS}!${abs(nlAmount, ref)}`, cellMoney(x.submittedAmount)),
        approved: cellMoney(x.approvedAmount),
        reduction: reduce(at, x.reduction),
        reasons: text(reasonsText(x.reasons)),
        note: text(noteText(x.reasons)),
      }),
    );
  });
  const sumRows = (col: string, list: number[]) => (list.length ? list.map((k) => `${col}${k}`).join("+") : "0");
  const nonLaborRow = put({
    seq: "非人力成本",
    part: "T = D + E + B",
    submitted: fx(sumRows(S, nlRows), cellMoney(r.nonLaborTotals.submitted)),
    approved: fx(sumRows(A, nlRows), cellMoney(r.nonLaborTotals.approved)),
    reduction: fx(`${S}${row}-${A}${row}`, cellMoney(r.nonLaborTotals.reduction)),
  });
  const totalRow = put({
    seq: "总成本",
    part: "C = L + T",
    submitted: fx(`${S}${laborRow}+${S}${nonLaborRow}`, cellMoney(r.totals.submitted)),
    approved: fx(`${A}${laborRow}+${A}${nonLaborRow}`, cellMoney(r.totals.approved)),
    reduction: fx(`${S}${row}-${A}${row}`, cellMoney(r.totals.reduction)),
  });
  const rate = (at: number, t: ReviewResult["totals"]) => fx(`IF(${S}${at}=0,"",ROUND(${D}${at}/${S}${at}*100,2))`, t.reductionRate === null ? "" : num(t.reductionRate));
  const rateRow = put({ seq: "审减率（%）", part: "审减金额 ÷ 申报金额", reduction: rate(totalRow, r.totals) });
  ws.getRow(rateRow).getCell(I("reduction")).numFmt = "0.00";

  // 公式(1)之外计价
  const exRows: number[] = [];
  r.external.forEach((x) => {
    const at = row;
    exRows.push(
      put({
        seq: x.index + 1, // the entry's place in its list, from 1 as on screen (decision files count from 0)
        part: "公式(1)之外",
        item: text(x.name),
        submitted: fx(`${XS}!${abs(extAmount, FIRST_DATA_ROW + x.index)}`, cellMoney(x.submittedAmount)),
        approved: cellMoney(x.approvedAmount),
        reduction: reduce(at, x.reduction),
        reasons: text(reasonsText(x.reasons)),
        note: text(noteText(x.reasons)),
      }),
    );
  });
  const externalRow = put({
    seq: "公式外合计",
    submitted: fx(sumRows(S, exRows), cellMoney(r.externalTotals.submitted)),
    approved: fx(sumRows(A, exRows), cellMoney(r.externalTotals.approved)),
    reduction: fx(`${S}${row}-${A}${row}`, cellMoney(r.externalTotals.reduction)),
  });
  const grandTotalRow = put({
    seq: "总计",
    part: "C + 公式外",
    submitted: fx(`${S}${totalRow}+${S}${externalRow}`, cellMoney(r.grandTotals.submitted)),
    approved: fx(`${A}${totalRow}+${A}${externalRow}`, cellMoney(r.grandTotals.approved)),
    reduction: fx(`${S}${row}-${A}${row}`, cellMoney(r.grandTotals.reduction)),
  });
  const grandRateRow = put({ seq: "审减率（%）", part: "含公式外", reduction: rate(grandTotalRow, r.grandTotals) });
  ws.getRow(grandRateRow).getCell(I("reduction")).numFmt = "0.00";
  for (const k of [lineSubtotalRow, laborRow, scaleEffectRow, nonLaborRow, totalRow, rateRow, externalRow, grandTotalRow, grandRateRow]) styleTotalRow(ws.getRow(k));
  if (r.review.opinion) {
    row++;
    put({ seq: "审核意见", item: text(r.review.opinion) });
    ws.mergeCells(row - 1, I("item"), row - 1, I("note"));
  }
  printSetup(ws, "2:2", r.submitted.name);
  return { lineRows, lineSubtotalRow, scaleRow, laborRow, scaleEffectRow, nonLaborRow, totalRow, rateRow, externalRow, grandTotalRow, grandRateRow };
}
