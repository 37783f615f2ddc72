/** The 汇总 and 测算说明 sheets of the estimate workbook, and its hidden metadata sheet. */
import type ExcelJS from "exceljs";
import { amountInWords, catalog, DECISIONS, DEFAULT_TIME_ZONE, localDateTime, formatWarning, placeOfPath, ROUNDING_POLICY, type Budget, type Estimate, type FieldPath, type Standard } from "@govcost/core";
import { colLetter, columnIndex, EXTERNAL_COLUMNS, FIRST_DATA_ROW, HEADER_ROW, MONEY_FORMAT, NON_LABOR_COLUMNS, SHEET, sheetRef, SUMMARY_ROWS, TABLE_ROWS, TIER_RATE_COL, WORKLOAD_FORMAT, type LaborKey } from "./layout.js";
import { type CellValue, fx, cellMoney, num, text, printSetup, abs, HEADER_FILL, THIN } from "./write-cells.js";
import { type LaborLayout, L } from "./write-labor.js";
import type { NonLaborLayout } from "./write-costs.js";

/** The signature block of the summary sheet (the report has the same four). */
export const SIGNATURE_LABELS = ["编制单位（盖章）", "编制人", "审核人", "日期"] as const;

export function writeSummary(ws: ExcelJS.Worksheet, est: Estimate, standard: Standard, refs: { labor: LaborLayout; nonLabor: NonLaborLayout; externalTotalRow: number | null }, now: Date, timeZone: string = DEFAULT_TIME_ZONE): void {
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
  put(R.labor, "人力成本 L（元）", fx(lc("amount", refs.labor.laborRow), cellMoney(est.labor)), "公式(2)：L = Σ(P×Q) × S", MONEY_FORMAT);
  put(R.nonLabor, "非人力成本 T（元）", fx(`${sheetRef(SHEET.nonLabor)}!${abs(nlAmount, refs.nonLabor.totalRow)}`, cellMoney(est.nonLabor)), "公式(3)：T = D + E + B", MONEY_FORMAT);
  put(R.total, "总成本 C（元）", fx(`B${R.labor}+B${R.nonLabor}`, cellMoney(est.total)), "公式(1)：C = L + T", MONEY_FORMAT);
  put(
    R.external,
    "公式(1)之外计价的服务（元）",
    refs.externalTotalRow === null ? fx("0", 0) : fx(`${sheetRef(SHEET.external)}!${abs(extAmount, refs.externalTotalRow)}`, cellMoney(est.externalTotal)),
    "6.1.2；5.1 注、8.5.2，见“公式外计价”",
    MONEY_FORMAT,
  );
  put(R.grandTotal, "合计（含公式外）（元）", fx(`B${R.total}+B${R.external}`, cellMoney(est.grandTotal)), "总成本 C + 公式(1)之外计价的服务", MONEY_FORMAT);
  put(R.words, "合计（含公式外）大写", amountInWords(est.grandTotal), "按导出时的金额；表中数字修改后以上方数字为准");
  put(R.rounding, "舍入规则", ROUNDING_POLICY);
  put(R.exported, "导出时间", formatTime(now, timeZone), "由 govcost 生成；修改工作量、协同难度级别、单位数后各金额自动重算");
  for (const r of [R.labor, R.nonLabor, R.total, R.grandTotal]) ws.getRow(r).font = { bold: true };
  // Signed and stamped by hand on the printed sheet: labels and empty, underlined cells, no formulas.
  SIGNATURE_LABELS.forEach((label, i) => {
    const row = ws.getRow(R.signature + i);
    row.height = 24;
    row.getCell(1).value = `${label}：`;
    row.getCell(1).font = { bold: true };
    row.getCell(1).alignment = { vertical: "bottom" };
    row.getCell(2).value = label === "日期" ? "年\u3000\u3000月\u3000\u3000日" : null;
    row.getCell(2).alignment = { horizontal: "right", vertical: "bottom" };
    row.getCell(2).border = { bottom: THIN };
  });
}


/** "2026-11-30 08:44（北京时间）" in the default zone, else "2026-11-30 01:44（Europe/Berlin）". */
function formatTime(d: Date, timeZone: string): string {
  return `${localDateTime(d, timeZone)}（${timeZone === DEFAULT_TIME_ZONE ? "北京时间" : timeZone}）`;
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
  return placeOfPath(path) || "全预算";
}

export function writeNotes(ws: ExcelJS.Worksheet, est: Estimate, standard: Standard, labor: LaborLayout, nonLabor: NonLaborLayout): void {
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
    line(w.item ? `${w.item}` : "全预算", `${where}：${formatWarning(w)}`);
  }

  section("计算过程（逐行）");
  for (const l of est.lines) line(`${SHEET.labor}!${L("item")}${labor.lineRows[l.index]}`, `${l.item} ${l.name}：${l.trace}`);

  section("标准歧义的处理（govcost 的决定）");
  for (const d of DECISIONS) line(d.clause, `${d.question} —— ${d.decision}`);

  section("关于本表");
  line("修改", "可修改“人力成本测算表”的工作量、协同难度级别、单位数、计价方法，增删行，以及“系数表”的本测算单价；相关金额自动重算。技术、业务难度级别由标准的服务类型表确定，不应修改。");
  line("导入", "govcost 可读回本表（以可见单元格为准），发现问题时逐一给出工作表与单元格位置。");
}

export function writeMeta(ws: ExcelJS.Worksheet, budget: Budget, est: Estimate, standard: Standard): void {
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
