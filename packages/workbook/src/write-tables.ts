/** The 系数表 of the estimate workbook: 表A.1–A.4 and 表B.1 as the labor sheet's formulas read them. */
import type ExcelJS from "exceljs";
import type { Dec, Estimate, Standard } from "@govcost/core";
import { MONEY_FORMAT, TABLE_ROWS } from "./layout.js";
import { TWELVE, num, HEADER_FILL } from "./write-cells.js";

export function writeTables(ws: ExcelJS.Worksheet, est: Estimate, standard: Standard): void {
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
