/**
 * The summary workbook of a batch check (`govcost check --xlsx`): one row per file (project,
 * declared and recomputed totals, difference, counts by severity, a link to the file's findings
 * sheet), then one findings sheet per file.
 */
import ExcelJS from "exceljs";
import { SEVERITY_LABELS, type Severity } from "@govcost/core";
import type { CheckResultJson } from "./json.js";

const MONEY_FMT = "#,##0.00";

/** A sheet name Excel accepts: at most 31 characters, none of []:*?/\, unique. */
function sheetName(base: string, used: Set<string>): string {
  const clean = base.replace(/[[\]:*?/\\]/g, "_").slice(0, 28) || "核查";
  let name = clean;
  for (let k = 2; used.has(name.toLowerCase()); k++) name = `${clean.slice(0, 26)}~${k}`;
  used.add(name.toLowerCase());
  return name;
}

/** An amount in 元 (a two-decimal string) as the number an xlsx cell holds. */
const cellMoney = (s: string | null) => (s === null ? null : Number(s));

export async function writeCheckSummary(results: readonly CheckResultJson[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const summary = wb.addWorksheet("核查汇总");
  const used = new Set<string>(["核查汇总"]);
  summary.columns = [
    { header: "序号", width: 6 },
    { header: "文件", width: 36 },
    { header: "项目名称", width: 40 },
    { header: "申报金额（元）", width: 18 },
    { header: "核定金额（元）", width: 18 },
    { header: "差额（元）", width: 16 },
    { header: "错误", width: 8 },
    { header: "警告", width: 8 },
    { header: "需核实", width: 8 },
    { header: "发现明细", width: 14 },
    { header: "未能读取的原因", width: 50 },
  ];
  summary.getRow(1).font = { bold: true };
  summary.views = [{ state: "frozen", ySplit: 1 }];
  results.forEach((r, i) => {
    const count = (s: Severity) => r.findings.filter((f) => f.severity === s).length;
    const ok = r.error === undefined;
    const row = summary.addRow([
      i + 1,
      r.file,
      r.project ?? "",
      cellMoney(r.declared),
      cellMoney(r.recomputed),
      cellMoney(r.difference),
      ok ? count("error") : null,
      ok ? count("warning") : null,
      ok ? count("confirm") : null,
      null,
      ok ? null : r.error,
    ]);
    for (const c of [4, 5, 6]) row.getCell(c).numFmt = MONEY_FMT;
    if (!ok) return;
    const name = sheetName(`${i + 1} ${r.file.replace(/^.*[/\\]/, "").replace(/\.[^.]+$/, "")}`, used);
    row.getCell(10).value = { text: `${r.findings.length} 条`, hyperlink: `#'${name.replace(/'/g, "''")}'!A1` };
    row.getCell(10).font = { color: { argb: "FF0563C1" }, underline: true };
    const ws = wb.addWorksheet(name);
    ws.addRow([`${r.file} ${r.project ?? ""}`]).font = { bold: true };
    ws.addRow(["申报金额（元）", cellMoney(r.declared), "核定金额（元）", cellMoney(r.recomputed), "差额（元）", cellMoney(r.difference)]);
    ws.addRow([]);
    const head = ws.addRow(["序号", "级别", "代码", "位置", "服务内容", "条款", "涉及金额（元）", "说明"]);
    head.font = { bold: true };
    r.findings.forEach((f, k) => {
      const fr = ws.addRow([k + 1, SEVERITY_LABELS[f.severity as Severity].zh, f.code, f.cell, f.item ?? "", f.clause, cellMoney(f.amountAtStake), f.message]);
      fr.getCell(7).numFmt = MONEY_FMT;
    });
    ws.addRow([]);
    ws.addRow([{ text: "← 返回核查汇总", hyperlink: "#'核查汇总'!A1" }]);
    ws.columns.forEach((col, k) => (col.width = [6, 8, 26, 16, 10, 18, 16, 90][k] ?? 12));
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
