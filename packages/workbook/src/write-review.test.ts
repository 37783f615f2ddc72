/**
 * The review workbook: 审减明细表 with live formulas and cached values, its defined names, and a
 * recalculation by LibreOffice Calc that gives the engine's figures to the cent.
 */
import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { DEFAULT_STANDARD, reviewBudget, validateBudget, validateReview, type ReviewResult } from "@govcost/core";
import { REVIEW_SHEET, writeReviewWorkbook } from "./write-review.js";
import { readEstimateWorkbook } from "./read.js";
import { cached, formula, SOFFICE, throughLibreOffice } from "../test/libreoffice.js";


function example(): { budget: Parameters<typeof writeReviewWorkbook>[0]; r: ReviewResult } {
  const v = validateBudget(
    {
      name: "审核工作簿示例",
      services: [
        { item: "7.2.b", personMonths: 36, units: 3 }, // 28500 × 36 = 1026000.00
        { item: "7.1.b", personMonths: 30, note: "=SUM(1)" }, // 28500 × 30 = 855000.00
      ],
      nonLabor: { equipment: [{ name: "工具租赁", amount: "36000.10" }] },
      external: [{ item: "6.1.a", name: "政务外网", amount: 120000, basis: "运营商报价" }],
    },
    DEFAULT_STANDARD,
  );
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  const rv = validateReview(
    {
      reviewer: "王审核",
      opinion: "=核减工作量依据不足部分",
      lines: [{ line: 1, personMonths: "29.99", reason: "workload-unsupported", note: "=不是公式" }],
      nonLabor: { equipment: [{ index: 0, amount: "20000.05", reason: "non-labor-unsupported" }] },
      external: [{ index: 0, remove: true, reason: "network-outside-formula" }],
    },
    v.budget,
    DEFAULT_STANDARD,
  );
  if (!rv.ok) throw new Error(JSON.stringify(rv.problems));
  return { budget: v.budget, r: reviewBudget(v.budget, rv.review, DEFAULT_STANDARD) };
}

// Submitted: Σ Q 66 → S2 0.98; Σ(P×Q) 1881000.00; L = 1843380.00; T = 36000.10; C = 1879380.10; external 120000.00.
// Approved: line 1 28500 × 29.99 = 854715.00; Σ Q 59.99 → S1 1.00; L = 854715 + 855000 = 1709715.00;
// T = 20000.05; C = 1729715.05; external 0.
// Line reduction 171285.00; labor reduction 1843380 − 1709715 = 133665.00; scale effect 133665 − 171285 = −37620.00.
// C reduction 1879380.10 − 1729715.05 = 149665.05; rate 149665.05 ÷ 1879380.10 × 100 = 7.9635… → 7.96.
// Grand: 1999380.10 − 1729715.05 = 269665.05; rate 269665.05 ÷ 1999380.10 × 100 = 13.4874… → 13.49.
const EXPECTED = {
  line1: [1026000, 854715, 171285],
  subtotal: [1881000, 1709715, 171285],
  labor: [1843380, 1709715, 133665],
  scaleEffect: -37620,
  nonLabor: [36000.1, 20000.05, 16000.05],
  total: [1879380.1, 1729715.05, 149665.05],
  rate: 7.96,
  grand: [1999380.1, 1729715.05, 269665.05],
  grandRate: 13.49,
};

describe("the review workbook", () => {
  it("adds 审减明细表 with formulas, cached figures, texts as strings and the defined names", async () => {
    const { budget, r } = example();
    expect(r.totals.reductionRate?.toFixed(2)).toBe("7.96");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeReviewWorkbook(budget, r)) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet(REVIEW_SHEET) as ExcelJS.Worksheet;
    expect(wb.worksheets.slice(0, 3).map((w) => w.name)).toEqual(["汇总", REVIEW_SHEET, "人力成本测算表"]);
    expect([cached(ws, "E3"), cached(ws, "F3"), cached(ws, "G3")]).toEqual(EXPECTED.line1);
    expect(formula(ws, "G3")).toBe("E3-F3");
    expect(formula(ws, "E3")).toMatch(/^'?人力成本测算表'?!\$R\$\d+$/);
    expect(ws.getCell("I3").value).toBe("=不是公式");
    expect(formula(ws, "F7")).toBe("ROUND(F5*F6,2)");
    expect(cached(ws, "G8")).toBe(EXPECTED.scaleEffect);
    // Row 9, the budget's first (and only) equipment entry: numbered 1, as on screen, not 0.
    expect([ws.getCell("A9").value, ws.getCell("C9").value]).toEqual([1, "工具租赁"]);
    const names = wb.definedNames.model.map((n) => n.name).sort();
    expect(names).toEqual(expect.arrayContaining(["ApprovedCost", "ReductionAmount", "ReductionRate", "SubmittedCost", "LaborCost", "TotalCost"]));
    // The added sheet does not stop the workbook from being read back as the submitted budget.
    const back = await readEstimateWorkbook(await writeReviewWorkbook(budget, r), { fileName: "审核.xlsx" });
    expect(back.ok).toBe(true);
  });

  it.skipIf(!SOFFICE)("recalculates in LibreOffice to the engine's figures, to the cent (skipped only without LibreOffice)", async () => {
    const { budget, r } = example();
    const out = new ExcelJS.Workbook();
    await out.xlsx.load(throughLibreOffice(await writeReviewWorkbook(budget, r)) as unknown as ExcelJS.Buffer);
    const ws = out.getWorksheet(REVIEW_SHEET) as ExcelJS.Worksheet;
    const row = (n: number) => [cached(ws, `E${n}`), cached(ws, `F${n}`), cached(ws, `G${n}`)];
    // Rows: 3–4 lines, 5 Σ, 6 S, 7 L, 8 scale effect, 9 equipment, 10 T, 11 C, 12 rate, 13 external, 14 external total, 15 grand, 16 rate.
    expect(row(3)).toEqual(EXPECTED.line1);
    expect(row(5)).toEqual(EXPECTED.subtotal);
    expect([cached(ws, "E6"), cached(ws, "F6")]).toEqual([0.98, 1]);
    expect(row(7)).toEqual(EXPECTED.labor);
    expect(cached(ws, "G8")).toBe(EXPECTED.scaleEffect);
    expect(row(9)).toEqual(EXPECTED.nonLabor);
    expect(row(11)).toEqual(EXPECTED.total);
    expect(cached(ws, "G12")).toBe(EXPECTED.rate);
    expect(row(15)).toEqual(EXPECTED.grand);
    expect(cached(ws, "G16")).toBe(EXPECTED.grandRate);
    // Each recalculated figure is the engine's, to the cent.
    expect(Math.round((cached(ws, "G11") as number) * 100)).toBe(Number(r.totals.reduction.units));
  }, 180_000);
});
