/**
 * A reviewer's round trip through a real spreadsheet application: the exported workbook is edited,
 * LibreOffice Calc recalculates every formula on load (as Excel does with fullCalcOnLoad) and saves
 * it as xlsx in its own dialect; the figures it saved are the hand-computed ones, and govcost reads
 * the saved file back with the reviewer's edits.
 */
import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { DEFAULT_STANDARD, estimate, validateBudget } from "@govcost/core";
import { writeEstimateWorkbook } from "./write.js";
import { readEstimateWorkbook } from "./read.js";
import { SHEET } from "./layout.js";
import { cached, SOFFICE, throughLibreOffice } from "../test/libreoffice.js";

describe("through LibreOffice Calc", () => {
  it.skipIf(!SOFFICE)("recalculates an edited workbook to the hand-computed figures and reads back (skipped only without LibreOffice: apt-get install libreoffice-calc)", async () => {
    const v = validateBudget(
      {
        name: "某市政务数据运营服务项目",
        rates: [17000, 23000, 29000, 36000, 48000],
        ratesName: "2025年某市费率方案",
        services: [
          { item: "7.2.b", personMonths: "24", units: 3, method: "coefficient" },
          { item: "9.1.a", personMonths: "36.5", method: "coefficient", note: "=安全策略" },
          { item: "7.2.d", personMonths: "12", method: "quick" },
          { item: "8.2.d", personMonths: "10", collaboration: "F3", method: "coefficient" },
        ],
        nonLabor: { business: [{ name: "差旅", amount: "3000.00" }] },
      },
      DEFAULT_STANDARD,
    );
    if (!v.ok) throw new Error(JSON.stringify(v.problems));
    const exported = await writeEstimateWorkbook(v.budget, estimate(v.budget, DEFAULT_STANDARD));

    // The reviewer: 7.2.b 24 → 30 人月 and 3 → 6 units.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported as unknown as ExcelJS.Buffer);
    const labor = wb.getWorksheet(SHEET.labor) as ExcelJS.Worksheet;
    let row = 0;
    for (let r = 3; r <= labor.rowCount; r++) if (labor.getCell(`D${r}`).value === "7.2.b") row = r;
    labor.getCell(`Q${row}`).value = 30;
    labor.getCell(`L${row}`).value = 6;
    const saved = throughLibreOffice(Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));

    const out = new ExcelJS.Workbook();
    await out.xlsx.load(saved as unknown as ExcelJS.Buffer);
    const l = out.getWorksheet(SHEET.labor) as ExcelJS.Worksheet;
    const s = out.getWorksheet(SHEET.summary) as ExcelJS.Worksheet;
    // 6 units → F3 (表A.3); T2 1.2 × B2 1.2 × F3 1.5 = 2.16 ∈ (1.5, 2.6] → 第三档 29000 × 30 = 870000.00
    expect(cached(l, `J${row}`)).toBe("F3");
    expect(cached(l, `N${row}`)).toBe(2.16);
    expect(cached(l, `O${row}`)).toBe("第三档");
    expect(cached(l, `R${row}`)).toBe(870000);
    // Σ = 870000 + 29000 × 36.5 (1058500) + 23000 × 12 (276000) + 48000 × 10 (480000) = 2684500.00
    // Σ Q = 30 + 36.5 + 12 + 10 = 88.5 → 7.38 人年, S2 0.98; L = 2684500 × 0.98 = 2630810.00; C = 2633810.00
    expect(cached(s, "B6")).toBe(88.5);
    expect(cached(s, "B7")).toBe(7.38);
    expect(cached(s, "B8")).toBe(0.98);
    expect(cached(s, "B9")).toBe(2630810);
    expect(cached(s, "B11")).toBe(2633810);

    const r = await readEstimateWorkbook(saved, { fileName: "测算表.xlsx" });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.document).toEqual({
      name: "某市政务数据运营服务项目",
      rates: [17000, 23000, 29000, 36000, 48000],
      ratesName: "2025年某市费率方案",
      services: [
        { item: "7.2.b", personMonths: "30", units: 6, method: "coefficient" },
        { item: "9.1.a", personMonths: "36.5", method: "coefficient", note: "=安全策略" },
        { item: "7.2.d", personMonths: "12", method: "quick" },
        { item: "8.2.d", personMonths: "10", collaboration: "F3", method: "coefficient" },
      ],
      nonLabor: { business: [{ name: "差旅", amount: "3000.00" }] },
    });
    expect(estimate(r.budget, DEFAULT_STANDARD).total.toFixed(2)).toBe("2633810.00");
  });
});
