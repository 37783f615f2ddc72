/**
 * 核查 of submitted workbooks: each fixture (test/fixtures/foreign.ts, with its figures worked out
 * by hand there) gives exactly its expected findings, at the expected cells, with the expected
 * amounts at stake; clean workbooks and govcost's own workbooks give none.
 */
import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { DEFAULT_STANDARD, estimate } from "@govcost/core";
import { checkSubmittedWorkbook, checkWorkbook } from "./check.js";
import { checkResultToJson } from "./json.js";
import { mapToYaml, readCheckMap } from "./map.js";
import { writeCheckSummary } from "./summary.js";
import { fieldOfHeader, readHeaderText } from "./headers.js";
import { writeEstimateWorkbook } from "../write.js";
import { budgetOf, DOC_A, DOC_B, edit, exportDoc } from "../../test/read-helpers.js";
import * as fx from "../../test/fixtures/foreign.js";

const check = async (build: () => Promise<Buffer>, name: string) => checkResultToJson(await checkWorkbook(await build(), { fileName: name }));
const brief = (j: Awaited<ReturnType<typeof check>>) => j.findings.map((f) => [f.code, f.severity, f.cell, f.amountAtStake]);

describe("headers", () => {
  it("ignores whitespace, full-width brackets and units, and reads 万元 from a bracket", () => {
    expect(fieldOfHeader(" 工作量（人月）")).toBe("workload");
    expect(fieldOfHeader("人月单价 (元/人月)")).toBe("price");
    expect(fieldOfHeader("金 额（万元）")).toBe("amount");
    expect(readHeaderText("金额（万元）").unit).toBe("wan");
    expect(fieldOfHeader("服务内容类别编号")).toBe("id");
    expect(fieldOfHeader("协同难度级别")).toBe("collaboration");
    expect(fieldOfHeader("备注")).toBeNull();
  });
});

describe("clean workbooks give no findings", () => {
  it("元, title rows, ids and levels: declared 1405000.00 = recomputed", async () => {
    const j = await check(fx.cleanYuan, "clean.xlsx");
    expect(brief(j)).toEqual([]);
    // 171000 + 684000 + 270000 + 280000 = 1405000; Σ Q 50 人月 → S1.
    expect([j.declared, j.recomputed, j.difference]).toEqual(["1405000.00", "1405000.00", "0.00"]);
    expect(j.project).toBe("某区政务服务数据管理局2025年系统业务运营服务项目费用测算表");
  });

  it("万元, two-row merged header, names without ids, subtotals, S2 applied", async () => {
    const r = await checkWorkbook(await fx.cleanWanMerged(), { fileName: "wan.xlsx" });
    expect(r.map).toEqual({ sheet: "运营服务费", headerRow: 3, firstRow: 5, unit: "wan", columns: { name: "B", technical: "C", business: "D", collaboration: "E", coefficient: "F", tier: "G", price: "H", workload: "I", amount: "J" } });
    const j = checkResultToJson(r);
    expect(brief(j)).toEqual([]);
    // (1026000 + 342000 + 540000 + 171000) × 0.98 = 2079000 × 0.98 = 2037420.00 元 = 203.742 万元.
    expect([j.declared, j.recomputed, j.difference]).toEqual(["2037420.00", "2037420.00", "0.00"]);
    expect(r.budget?.services.map((s) => s.item)).toEqual(["7.2.b", "7.2.a", "9.2.c", "9.1.a"]);
  });

  it("方法2 named on the sheet: recomputed by 表B.2", async () => {
    const r = await checkWorkbook(await fx.quickMethod(), { fileName: "quick.xlsx" });
    const j = checkResultToJson(r);
    expect(brief(j)).toEqual([]);
    expect(j.method).toBe("quick");
    expect(r.budget?.services.map((s) => [s.item, s.method])).toEqual([["7.2.b", "quick"], ["9.2.c", "quick"]]);
    // 28500 × 10 + 22500 × 4 = 285000 + 90000 = 375000
    expect([j.declared, j.recomputed]).toEqual(["375000.00", "375000.00"]);
  });

  it("a header repeated on a later page and a note row are skipped", async () => {
    const r = await checkWorkbook(await fx.twoPages(), { fileName: "pages.xlsx" });
    const j = checkResultToJson(r);
    expect(brief(j)).toEqual([]);
    expect(r.budget?.services.map((s) => s.item)).toEqual(["7.2.a", "9.2.c", "7.1.a"]);
    // 57000 + 90000 + 28500 = 175500
    expect([j.declared, j.recomputed]).toEqual(["175500.00", "175500.00"]);
  });

  it("a two-row merged header repeated on a later page: the first line under the repeat is kept", async () => {
    const r = await checkWorkbook(await fx.twoPagesMerged(), { fileName: "pages2.xlsx" });
    const j = checkResultToJson(r);
    expect(brief(j)).toEqual([]);
    expect(r.budget?.services.map((s) => s.item)).toEqual(["7.2.a", "9.2.c", "7.1.a", "8.2.d"]);
    // 57000 + 90000 + 28500 + 70000 = 245500
    expect([j.declared, j.recomputed]).toEqual(["245500.00", "245500.00"]);
  });

  it("no title above the header: no project name, not the first service's", async () => {
    const j = await check(fx.noTitle, "untitled.xlsx");
    expect(j.project).toBeNull();
    expect(brief(j)).toEqual([]);
    // 57000 + 90000 = 147000
    expect([j.declared, j.recomputed]).toEqual(["147000.00", "147000.00"]);
    // Only a section heading above the header: still no project name.
    const headed = await check(() => fx.noTitle("一、人力成本测算"), "headed.xlsx");
    expect(headed.project).toBeNull();
    expect([headed.declared, headed.recomputed]).toEqual(["147000.00", "147000.00"]);
  });

  it("万元 in the title in passing is no unit statement: the amounts stay in 元", async () => {
    const j = await check(fx.titleMentionsWan, "title-wan.xlsx");
    expect(j.project).toBe("某局2025年运营服务项目（预算控制数150万元）费用测算表");
    expect(brief(j)).toEqual([]);
    // 225000 + 285000 = 510000 元, not 510000 万元
    expect([j.declared, j.recomputed]).toEqual(["510000.00", "510000.00"]);
  });

  it("the total in words is passed over; 数据产品费 and 设备材料费 rows are non-labor parts, not services", async () => {
    const r = await checkWorkbook(await fx.wordsAndNonLaborRows(), { fileName: "parts.xlsx" });
    const j = checkResultToJson(r);
    expect(brief(j)).toEqual([]);
    expect(r.budget?.services.map((s) => s.item)).toEqual(["7.2.a"]);
    expect(r.budget?.nonLabor.dataProducts.map((x) => [x.name, x.amount.toFixed(2)])).toEqual([["数据产品费", "10000.00"]]);
    expect(r.budget?.nonLabor.equipment.map((x) => [x.name, x.amount.toFixed(2)])).toEqual([["设备材料费", "5000.00"]]);
    // 285000 + 10000 + 5000 = 300000
    expect([j.declared, j.recomputed]).toEqual(["300000.00", "300000.00"]);
  });

  for (const [label, doc] of [["DOC_A", DOC_A], ["DOC_B", DOC_B]] as const) {
    it(`govcost's own workbook (${label}) is read by the estimate reader and checks clean`, async () => {
      const budget = budgetOf(doc);
      const est = estimate(budget, DEFAULT_STANDARD);
      const r = await checkWorkbook(await writeEstimateWorkbook(budget, est), { fileName: "own.xlsx" });
      expect(r.kind).toBe("govcost");
      expect(r.findings).toEqual([]);
      expect(r.recomputed?.toFixed(2)).toBe(est.grandTotal.toFixed(2));
      expect(r.difference?.toFixed(2)).toBe("0.00");
    });
  }
});

/**
 * govcost's own workbook, edited after the export. The export of OWN lays out:
 *   row 3  7.1.b T2 1.2 × B3 1.5 × F1 1.0 = 1.8   → 第三档 28500 × 6  = 171000; row 4 小计
 *   row 5  7.2.b T2 1.2 × B2 1.2 × F2 1.2 = 1.728 → 第三档 28500 × 24 = 684000 (3 units → F2); row 6 小计
 *   row 7  合计 Σ(P×Q) = 855000, Σ Q = 30 人月 = 2.5 人年 ≤ 5 → S1 1.00 (row 10), L = 855000 (row 11)
 *   汇总 B9 L 855000, B10 T 0, B11 C 855000, B12 公式外 0, B13 合计 855000.
 * Columns of the 人力成本测算表: P 单价, Q 工作量, R 金额; F 技术难度级别, H 业务难度级别.
 */
const OWN = {
  name: "某局运营项目",
  services: [
    { item: "7.1.b", personMonths: "6", method: "coefficient" },
    { item: "7.2.b", personMonths: "24", units: 3, method: "coefficient" },
  ],
};
const ownEdited = (change: (labor: ExcelJS.Worksheet, summary: ExcelJS.Worksheet) => void) => async () =>
  edit(await exportDoc(OWN), (wb) => change(wb.getWorksheet("人力成本测算表") as ExcelJS.Worksheet, wb.getWorksheet("汇总") as ExcelJS.Worksheet));

describe("govcost's own workbook, edited: checked as it shows, not as re-estimated", () => {
  it("untouched: clean, declared 855000.00 = recomputed", async () => {
    const j = await check(ownEdited(() => {}), "own.xlsx");
    expect(brief(j)).toEqual([]);
    expect([j.declared, j.recomputed]).toEqual(["855000.00", "855000.00"]);
  });

  it("a unit price overwritten by a constant and recalculated: unit-price-mismatch for (stated − standard) × Q", async () => {
    const j = await check(
      ownEdited((labor, summary) => {
        // P5 35000; recalculated: R5 = 35000 × 24 = 840000, Σ = 171000 + 840000 = 1011000.
        labor.getCell("P5").value = 35000;
        labor.getCell("R5").value = { formula: "P5*Q5", result: 840000 };
        labor.getCell("R6").value = { formula: "SUM(R5:R5)", result: 840000 };
        labor.getCell("R7").value = { formula: "SUM(R4,R6)", result: 1011000 };
        labor.getCell("R11").value = { formula: "ROUND(R7*Q10,2)", result: 1011000 };
        for (const r of [9, 11, 13]) summary.getCell(`B${r}`).value = { formula: (summary.getCell(`B${r}`).value as { formula: string }).formula, result: 1011000 };
      }),
      "price.xlsx",
    );
    // (35000 − 28500) × 24 = 156000
    expect(brief(j)).toEqual([["unit-price-mismatch", "error", "人力成本测算表!P5", "156000.00"]]);
    // declared: the 汇总's 合计 as shown, 1011000; 1011000 − 855000 = 156000
    expect([j.declared, j.recomputed, j.difference]).toEqual(["1011000.00", "855000.00", "156000.00"]);
  });

  it("the 汇总's 合计 overwritten by a constant: total-arithmetic at 汇总!B13, declared as shown", async () => {
    const j = await check(ownEdited((_, summary) => void (summary.getCell("B13").value = 900000)), "total.xlsx");
    // 900000 − (B11 855000 + B12 0) = 45000
    expect(brief(j)).toEqual([["total-arithmetic", "error", "汇总!B13", "45000.00"]]);
    expect(j.findings[0]?.message).toBe("“合计（含公式外）（元）” 900,000.00 元不等于表中各项之和 855,000.00 元（总成本 C + 公式(1)之外计价的服务）");
    expect([j.declared, j.recomputed, j.difference]).toEqual(["900000.00", "855000.00", "45000.00"]);
  });

  it("an amount overwritten by a constant: amount-arithmetic, and the sums built on it", async () => {
    const j = await check(ownEdited((labor) => void (labor.getCell("R3").value = 200000)), "amount.xlsx");
    expect(brief(j)).toEqual([
      // 200000 − 28500 × 6 = 200000 − 171000 = 29000
      ["amount-arithmetic", "error", "人力成本测算表!R3", "29000.00"],
      // R4 = SUM(R3:R3) and the sums built on it are recalculated from R3 200000: stale. Cells: R4, R7, R11.
      ["stale-values", "warning", "人力成本测算表!R4", null],
    ]);
    expect(j.findings[1]?.message).toContain("3 个公式单元格");
    // declared: the 汇总's 合计 as shown, 855000 (its cells refer to the other sheets' cached values)
    expect([j.declared, j.recomputed]).toEqual(["855000.00", "855000.00"]);
  });

  it("a workload changed without recalculation: stale-values; declared as shown, recomputed from the workload", async () => {
    const j = await check(ownEdited((labor) => void (labor.getCell("Q3").value = 10)), "workload.xlsx");
    expect(brief(j)).toEqual([["stale-values", "warning", "人力成本测算表!R3", null]]);
    // Stale: R3 = P3*Q3, Q4 and R4 (小计), Q7 and R7 (合计), Q8 = ROUND(Q7/12,2), R11 = ROUND(R7*Q10,2): 7 cells.
    expect(j.findings[0]?.message).toContain("7 个公式单元格");
    // R3 shows 171000, the formula gives 28500 × 10 = 285000
    expect(j.findings[0]?.message).toContain("显示 171,000，公式算得 285,000");
    // recomputed: 285000 + 684000 = 969000 (Σ Q = 34 ≤ 60 → S1); 855000 − 969000 = −114000
    expect([j.declared, j.recomputed, j.difference]).toEqual(["855000.00", "969000.00", "-114000.00"]);
  });

  it("an id changed so that it no longer fits the levels and price beside it", async () => {
    const j = await check(ownEdited((labor) => void (labor.getCell("D3").value = "9.2.c")), "id.xlsx");
    expect(brief(j)).toEqual([
      // 9.2.c is T2 B2 (表14): H3 still says B3
      ["level-mismatch", "error", "人力成本测算表!H3", null],
      // E3 still names 7.1.b 数据标准与规范制定: the id and the name disagree, priced by the id
      ["item-name-mismatch", "error", "人力成本测算表!D3", null],
      // 9.2.c: 1.2 × 1.2 × 1.0 = 1.44 → 第二档 22500; (28500 − 22500) × 6 = 36000
      ["unit-price-mismatch", "error", "人力成本测算表!P3", "36000.00"],
    ]);
    expect(j.findings[1]?.message).toBe("编号 9.2.c 在标准中是“网络监控”，而旁边所填名称“数据标准与规范制定”是 7.1.b“数据标准与规范制定”（附录A）；编号与名称所指不是同一服务内容类别，核定时按编号 9.2.c 计价，请核对应为哪一项");
    // recomputed: 22500 × 6 + 684000 = 135000 + 684000 = 819000; 855000 − 819000 = 36000
    expect([j.declared, j.recomputed, j.difference]).toEqual(["855000.00", "819000.00", "36000.00"]);
  });

  it("sheets named like govcost's but laid out otherwise are read as a department's table", async () => {
    const j = await check(fx.govcostNamed, "named.xlsx");
    expect(j.kind).toBe("foreign");
    // 9.2.c at 28500 where the standard gives 22500: (28500 − 22500) × 4 = 24000
    expect(brief(j)).toEqual([["unit-price-mismatch", "error", "人力成本测算表!D4", "24000.00"]]);
    // declared 合计 399000 = 285000 + 114000; recomputed 28500 × 10 + 22500 × 4 = 285000 + 90000 = 375000
    expect([j.declared, j.recomputed, j.difference]).toEqual(["399000.00", "375000.00", "24000.00"]);
  });
});

describe("findings", () => {
  it("a wrong tier, a price from the wrong tier, a typo in an amount, a missing S", async () => {
    const j = await check(fx.errors, "errors.xlsx");
    expect(brief(j)).toEqual([
      ["tier-mismatch", "error", "测算明细!G4", null],
      // (28500 − 22500) × 24 = 144000
      ["unit-price-mismatch", "error", "测算明细!H5", "144000.00"],
      // 305000 − 35000 × 10 = −45000
      ["amount-arithmetic", "error", "测算明细!J6", "-45000.00"],
      // 2015000 × (1 − 0.98) = 40300; at the 合计 cell
      ["scale-missing", "error", "测算明细!J7", "40300.00"],
    ]);
    expect(j.findings[0]?.message).toBe("7.2.b：申报档位“第二档”，运营难度系数 1.728 按表B.1 属第三档");
    expect(j.findings[3]?.clause).toBe("公式(2)、表A.4");
    // (342000 + 684000 + 540000 + 350000) × 0.98 = 1877680; 2015000 − 1877680 = 137320
    expect([j.declared, j.recomputed, j.difference]).toEqual(["2015000.00", "1877680.00", "137320.00"]);
  });

  it("stale cached values are one finding, and the check uses the recalculated values", async () => {
    const j = await check(fx.stale, "stale.xlsx");
    expect(brief(j)).toEqual([["stale-values", "warning", "Sheet1!F4", null]]);
    expect(j.findings[0]?.message).toContain("2 个公式单元格");
    expect(j.findings[0]?.message).toContain("显示 285,000，公式算得 342,000");
    // 12 × 28500 + 5 × 22500 = 342000 + 112500 = 454500
    expect([j.declared, j.recomputed, j.difference]).toEqual(["454500.00", "454500.00", "0.00"]);
  });

  it("names: containment, ambiguous, unknown, a 6.1 item, the hotline, a duplicate", async () => {
    const j = await check(fx.names, "names.xlsx");
    expect(brief(j)).toEqual([
      ["ambiguous-item", "error", "表2 运营服务费!B5", "33000.00"],
      ["unknown-item", "error", "表2 运营服务费!B6", "67500.00"],
      ["outside-formula", "error", "表2 运营服务费!B7", null],
      ["hotline-eligibility", "confirm", "表2 运营服务费!B8", "66000.00"],
      ["duplicate-item", "warning", "表2 运营服务费!B9", "45000.00"],
    ]);
    expect(j.findings[0]?.message).toContain("6.1.a 业务咨询与受理、6.2.a 业务咨询与受理");
    // 225000 + 66000 + 45000 + 22500 (outside formula (1)) = 358500; 459000 − 358500 = 100500
    expect([j.declared, j.recomputed, j.difference]).toEqual(["459000.00", "358500.00", "100500.00"]);
  });

  it("two items in one row: a finding naming both, not the first item's price", async () => {
    const j = await check(fx.severalItemsInOneRow, "several.xlsx");
    expect(brief(j)).toEqual([["ambiguous-item", "error", "测算表!B5", "114000.00"]]);
    expect(j.findings[0]?.message).toContain("一行写了多个服务内容类别（7.1.a 数据战略和治理体系制定、9.2.c 网络监控）");
    // 225000 + 114000 = 339000 declared; 225000 recomputed (the row left out); difference 114000.
    expect([j.declared, j.recomputed, j.difference]).toEqual(["339000.00", "225000.00", "114000.00"]);
  });

  it("row numbers under 编号, and an id with a letter too many, leave the item to its name", async () => {
    const r = await checkWorkbook(await fx.rowNumbersAsIds(), { fileName: "numbers.xlsx" });
    const j = checkResultToJson(r);
    expect(brief(j)).toEqual([]);
    // Neither 1, 2 nor 7.1.aa reads as an id: each row's item comes from its name.
    expect(r.budget?.services.map((s) => s.item)).toEqual(["7.2.b", "9.2.c", "7.1.a"]);
    // 225000 + 90000 + 57000 = 372000
    expect([j.declared, j.recomputed, j.difference]).toEqual(["372000.00", "372000.00", "0.00"]);
  });

  it("prices above Table B.1 with no rate profile named", async () => {
    const j = await check(fx.aboveRates, "rates.xlsx");
    // (30000 − 28500) × 10 + (24000 − 22500) × 5 = 22500
    expect(brief(j)).toEqual([["rate-above-standard", "warning", "预算!C3", "22500.00"]]);
    expect([j.declared, j.recomputed, j.difference]).toEqual(["420000.00", "397500.00", "22500.00"]);
  });

  it("levels, collaboration, coefficient, subtotal, scale and total", async () => {
    const j = await check(fx.levelsAndSums, "levels.xlsx");
    expect(brief(j)).toEqual([
      ["level-mismatch", "error", "人力成本!C3", null],
      ["collaboration-not-applicable", "error", "人力成本!E4", null],
      // (35000 − 28500) × 4 = 26000
      ["unit-price-mismatch", "error", "人力成本!I4", "26000.00"],
      ["collaboration-units-mismatch", "error", "人力成本!E6", null],
      ["coefficient-mismatch", "error", "人力成本!G7", null],
      // 1407000 − (570000 + 900000) = −63000
      ["subtotal-arithmetic", "error", "人力成本!K8", "-63000.00"],
      // 1895000 × (0.96 − 0.98) = −37900
      ["scale-mismatch", "error", "人力成本!G10", "-37900.00"],
      // 1819300 − 1895000 × 0.96 = 1819300 − 1819200 = 100
      ["total-arithmetic", "error", "人力成本!K11", "100.00"],
    ]);
    expect(j.findings.map((f) => f.message)).toEqual([
      "7.1.a 数据战略和治理体系制定：申报 技术难度 为 T2，表3规定为 T3（难度级别由标准按服务内容类别确定，不能自定）",
      "7.2.a 处理规则制定：申报协同难度 F2，但表4规定该项协同难度“不涉及”，只能取 F1",
      "7.2.a 处理规则制定：申报单价 35,000 元/人月，按标准应为 28,500 元/人月（T3 × B3 × F1 = 2.25 → 第三档）；差额 × 工作量 4 人月",
      "7.2.b：申报协同难度 F3，而所列涉及单位数 3 按表A.3 对应 F2",
      "9.2.c：申报运营难度系数 1.5，而 T×B×F = 1.44（T2 1.2 × B2 1.2 × F1 1.0，表A.1–A.3）",
      "小计 1,407,000.00 元不等于其上各行金额之和 1,470,000.00 元（第 6–7 行）",
      "申报规模系数 0.96，总工作量 74 人月 = 6.17 人年，按表A.4 应为 S2 0.98",
      "“总计” 1,819,300.00 元不等于表中各项之和 1,819,200.00 元（Σ各行金额 × 规模系数 + 非人力成本）",
    ]);
    // (285000 + 114000 + 570000 + 900000) × 0.98 = 1831620; 1819300 − 1831620 = −12320
    expect([j.declared, j.recomputed, j.difference]).toEqual(["1819300.00", "1831620.00", "-12320.00"]);
  });

  it("English sentences", async () => {
    const r = await checkWorkbook(await fx.errors(), { fileName: "e.xlsx" });
    expect(checkResultToJson(r, "en").findings[2]?.message).toBe("the amount 305,000.00 yuan is not this row's unit price × workload 35,000 × 10 = 350,000.00 yuan");
  });
});

describe("a stated scale coefficient not applied", () => {
  it("人力成本 written as Σ under a 规模系数 row: total-arithmetic for the amount at stake", async () => {
    const j = await check(fx.scaleStatedNotApplied, "scale.xlsx");
    // 1495500 − 1495500 × 0.98 = 1495500 − 1465590 = 29910
    expect(brief(j)).toEqual([["total-arithmetic", "error", "测算!E7", "29910.00"]]);
    expect(j.findings[0]?.message).toBe("“人力成本” 1,495,500.00 元不等于表中各项之和 1,465,590.00 元（Σ各行金额 × 规模系数 0.98）");
    expect([j.declared, j.recomputed, j.difference]).toEqual(["1495500.00", "1465590.00", "29910.00"]);
  });
});

describe("cells without a figure, formulas that cannot be worked out, far-reaching sheets", () => {
  it("an error value, a negative or empty workload and a total saved as #REF! are findings, not zeros passed over", async () => {
    const j = await check(fx.unreadableCells, "unreadable.xlsx");
    expect(brief(j)).toEqual([
      ["invalid-value", "error", "测算表!E5", "90000.00"],
      ["invalid-value", "error", "测算表!E6", "57000.00"],
      ["amount-arithmetic", "error", "测算表!F6", "114000.00"],
      ["invalid-value", "error", "测算表!E7", "280000.00"],
      ["invalid-value", "error", "测算表!F8", null],
    ]);
    expect(j.findings[0]?.message).toBe("工作量显示错误值 #REF!，读不出数字；按标准重算时本行工作量计为 0 人月，请补正后再核");
    expect(j.findings[1]?.message).toContain("工作量 -2 为负数");
    expect(j.findings[3]?.message).toContain("工作量未填");
    expect(j.findings[4]?.message).toBe("“合计”显示错误值 #REF!，读不出数字；未采用此格，申报金额按各行金额之和计");
    // 225000 + 90000 + 57000 + 280000 = 652000 declared; 22500 × 10 = 225000 recomputed.
    expect([j.declared, j.recomputed, j.difference]).toEqual(["652000.00", "225000.00", "427000.00"]);
  });

  it("a workload written as text that is no figure says what is allowed", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("表");
    ws.addRow(["服务内容编号", "服务内容", "工作量（人月）", "金额（元）"]);
    ws.addRow(["7.2.b", "数据采集与清洗", "八个月", 180000]);
    const j = checkResultToJson(await checkWorkbook(Buffer.from(await wb.xlsx.writeBuffer()), { fileName: "t.xlsx" }));
    expect(brief(j)).toEqual([["invalid-value", "error", "表!C2", "180000.00"]]);
    expect(j.findings[0]?.message).toBe("工作量“八个月”不是数字（应填 人月数，如 8 或 8.5）；按标准重算时本行工作量计为 0 人月，请补正后再核");
  });

  it.each(["noValue", "circular", "reversed"] as const)("a sum the check cannot work out (%s) keeps the value the file shows", async (kind) => {
    const j = await check(() => fx.sumsThatCannotBeWorkedOut(kind), `${kind}.xlsx`);
    expect(brief(j)).toEqual([]);
    // 270000 + 112500 = 382500, S1.
    expect([j.declared, j.recomputed, j.difference]).toEqual(["382500.00", "382500.00", "0.00"]);
  });

  it("currency signs, thousands separators, units and full-width digits and ids are read", async () => {
    const r = await checkWorkbook(await fx.typedFigures(), { fileName: "typed.xlsx" });
    const j = checkResultToJson(r);
    expect(brief(j)).toEqual([]);
    expect(r.budget?.services.map((x) => [x.item, x.personMonths.toString()])).toEqual([["7.2.b", "10"], ["9.2.c", "4"]]);
    // 225000 + 90000 = 315000
    expect([j.declared, j.recomputed]).toEqual(["315000.00", "315000.00"]);
  });

  it("prices in 万元/人月 and workloads in 人年, said by their headers, are turned into 元 and 人月", async () => {
    const r = await checkWorkbook(await fx.unitsInHeaders(), { fileName: "units.xlsx" });
    const j = checkResultToJson(r);
    expect(brief(j)).toEqual([]);
    expect(r.map).toMatchObject({ workloadUnit: "year", priceUnit: "wan" });
    // 1 人年 = 12 人月, 0.5 人年 = 6 人月; 22500 × 12 + 22500 × 6 = 270000 + 135000 = 405000
    expect(r.budget?.services.map((x) => x.personMonths.toString())).toEqual(["12", "6"]);
    expect([j.declared, j.recomputed]).toEqual(["405000.00", "405000.00"]);
    // --print-map says both units, and reads back as the same mapping.
    const yaml = mapToYaml(r.map as NonNullable<typeof r.map>);
    expect(yaml).toContain("workloadUnit: year");
    expect(yaml).toContain("priceUnit: wan");
    const { parse } = await import("yaml");
    expect(readCheckMap(parse(yaml))).toEqual({ ok: true, map: r.map });
  });

  it("a 合计 above the lines sums the lines below it", async () => {
    const j = await check(fx.totalAboveLines, "top.xlsx");
    expect(brief(j)).toEqual([]);
    // 270000 + 135000 = 405000
    expect([j.declared, j.recomputed]).toEqual(["405000.00", "405000.00"]);
  });

  it("a sheet reaching XFD249999 and a formula over the whole sheet check in moments, clean", async () => {
    const started = Date.now();
    const j = await check(fx.farReachingSheet, "far.xlsx");
    expect(brief(j)).toEqual([]);
    expect([j.declared, j.recomputed]).toEqual(["1405000.00", "1405000.00"]);
    // Reading the rectangle (16,384 columns × 249,999 rows) took minutes and gigabytes.
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);

  it("a mapping under which no line is read is said, not reported as a clean empty table", async () => {
    const r = await checkWorkbook(await fx.cleanYuan(), { fileName: "clean.xlsx", map: { sheet: "测算表", headerRow: 3, firstRow: 100, columns: { id: "B", name: "C", workload: "K", amount: "L" }, unit: "yuan" } });
    expect(r.ok).toBe(false);
    expect(r.reason).toBe("工作表“测算表”第 100 行起没有读到任何服务行（表头第 3 行；各列：id B、name C、workload K、amount L）；可用 --print-map 查看识别结果，改正后用 --map 指定");
  });
});

describe("unreadable files and mappings", () => {
  it("a file that is not a workbook is a result with its reason", async () => {
    const r = await checkWorkbook(Buffer.from("not a zip"), { fileName: "x.xlsx" });
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/xlsx|工作簿/);
  });

  it("a sheet without a recognisable header is refused with what is needed", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("A").addRow(["甲", "乙"]);
    const r = await checkWorkbook(Buffer.from(await wb.xlsx.writeBuffer()), { fileName: "y.xlsx" });
    expect(r.reason).toContain("未找到测算表");
  });

  it("a workbook without any content is said to be empty (what LibreOffice makes of a damaged .xls), not a layout not understood", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Sheet1");
    wb.addWorksheet("Sheet2");
    const r = await checkWorkbook(Buffer.from(await wb.xlsx.writeBuffer()), { fileName: "empty.xlsx" });
    expect([r.ok, r.reason]).toEqual([false, "工作簿中没有任何内容（所有工作表都是空的）"]);
  });

  it("--print-map's text reads back as the same mapping, which reads the table the same way", async () => {
    const first = await checkWorkbook(await fx.cleanWanMerged(), { fileName: "wan.xlsx" });
    const yaml = mapToYaml(first.map as NonNullable<typeof first.map>);
    const { parse } = await import("yaml");
    const m = readCheckMap(parse(yaml));
    if (!m.ok) throw new Error(m.problems.join("\n"));
    expect(m.map).toEqual(first.map);
    const again = await checkWorkbook(await fx.cleanWanMerged(), { fileName: "wan.xlsx", map: m.map });
    expect(again.recomputed?.toFixed(2)).toBe("2037420.00");
    expect(readCheckMap({ sheet: "", headerRow: 0, columns: { price: "1" }, unit: "usd" })).toEqual({
      ok: false,
      problems: ["sheet: 应为工作表名称", "headerRow: 应为 1 起的行号，而不是“0”", "unit: 只能是 yuan（元）或 wan（万元），而不是“usd”", "columns.price: 应为 A 到 XFD 的列字母（如 C），而不是“1”", "columns: 至少要有 name（服务内容名称）或 id（编号）", "columns: 至少要有 amount（金额）或 workload（工作量）"],
    });
    // XFD is Excel's last column (16,384); XFE is none, and would read another row's cells.
    expect(readCheckMap({ sheet: "表", headerRow: 1, columns: { name: "B", amount: "XFE" } })).toEqual({ ok: false, problems: ["columns.amount: 应为 A 到 XFD 的列字母（如 C），而不是“XFE”", "columns: 至少要有 amount（金额）或 workload（工作量）"] });
    expect(readCheckMap({ sheet: "表", headerRow: 1, columns: { name: "B", amount: "XFD" } }).ok).toBe(true);
  });

  it("the summary workbook has a row per file and a linked findings sheet", async () => {
    const results = [checkResultToJson(await checkWorkbook(await fx.errors(), { fileName: "errors.xlsx" })), checkResultToJson(await checkWorkbook(Buffer.from("x"), { fileName: "bad.xlsx" }))];
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeCheckSummary(results)) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["核查汇总", "1 errors"]);
    const s = wb.getWorksheet("核查汇总") as ExcelJS.Worksheet;
    expect(s.getRow(2).values).toEqual([undefined, 1, "errors.xlsx", "某局运营服务测算", 2015000, 1877680, 137320, 4, 0, 0, { text: "4 条", hyperlink: "#'1 errors'!A1" }]);
    expect(s.getCell("B3").value).toBe("bad.xlsx");
    expect(String(s.getCell("K3").value)).not.toBe("");
  });
});

describe("walk 12: several tables, S per line, id against name, units on 不涉及, a 合计's workload, an empty file", () => {
  it("a second sheet's table is not passed over: sheet-not-checked names it, what it declares and how to check it", async () => {
    const j = await check(fx.twoPricingSheets, "two.xlsx");
    // 政务服务平台 checked (the first of two equal tables): 285000 + 90000 = 375000, clean.
    expect([j.declared, j.recomputed, j.difference]).toEqual(["375000.00", "375000.00", "0.00"]);
    // 数据共享平台's table, 35000 × 6 = 210000 declared, is named with that amount, at its name header.
    expect(brief(j)).toEqual([["sheet-not-checked", "warning", "数据共享平台!B1", "210000.00"]]);
    expect(j.findings[0]?.message).toBe(
      "工作表“数据共享平台”另有一张测算表（表头第 1 行，1 行服务，申报 210,000.00 元），未核查：每个文件只核查一张表，本次核查的是工作表“政务服务平台”，申报与核定金额都不含该表；请用 --map 指定 sheet: 数据共享平台 另行核查（可先用 --print-map 输出映射，把 sheet 改为该表）",
    );
    const en = checkResultToJson(await checkWorkbook(await fx.twoPricingSheets(), { fileName: "two.xlsx" }), "en");
    expect(en.findings[0]?.message).toContain('the sheet "数据共享平台" holds another pricing table');
  });

  it("--map naming the other sheet checks it, and names the first sheet's table as not checked", async () => {
    const map = { sheet: "数据共享平台", headerRow: 1, firstRow: 2, columns: { id: "A", name: "B", price: "C", workload: "D", amount: "E" }, unit: "yuan" as const };
    const j = checkResultToJson(await checkWorkbook(await fx.twoPricingSheets(), { fileName: "two.xlsx", map }));
    expect(brief(j)).toEqual([
      // 7.4.d 1.44 → 第二档 22500: (35000 − 22500) × 6 = 12500 × 6 = 75000
      ["unit-price-mismatch", "error", "数据共享平台!C2", "75000.00"],
      // 政务服务平台's 合计 375000
      ["sheet-not-checked", "warning", "政务服务平台!B1", "375000.00"],
    ]);
    // 210000 declared; 22500 × 6 = 135000 recomputed; 210000 − 135000 = 75000
    expect([j.declared, j.recomputed, j.difference]).toEqual(["210000.00", "135000.00", "75000.00"]);
  });

  it("a 规模系数 column applied in each line's amount is S applied, not an arithmetic error nor a missing S", async () => {
    const r = await checkWorkbook(await fx.scalePerLine("0.98"), { fileName: "s.xlsx" });
    expect(r.map?.columns.scale).toBe("E");
    const j = checkResultToJson(r);
    expect(brief(j)).toEqual([]);
    // 22500 × 50 × 0.98 + 28500 × 30 × 0.98 = 1102500 + 837900 = 1940400 = 1980000 × 0.98 (S2, 80 人月)
    expect([j.declared, j.recomputed, j.difference]).toEqual(["1940400.00", "1940400.00", "0.00"]);
  });

  it("a 规模系数 column that is not 表A.4's S is scale-mismatch, once, at the first line's S", async () => {
    const j = await check(() => fx.scalePerLine("0.96"), "s96.xlsx");
    // (22500 × 50 + 28500 × 30) × (0.96 − 0.98) = 1980000 × −0.02 = −39600
    expect(brief(j)).toEqual([["scale-mismatch", "error", "测算!E2", "-39600.00"]]);
    expect(j.findings[0]?.message).toBe("申报规模系数 0.96，总工作量 80 人月 = 6.67 人年，按表A.4 应为 S2 0.98");
    // declared 1080000 + 820800 = 1900800; recomputed 1980000 × 0.98 = 1940400; 1900800 − 1940400 = −39600
    expect([j.declared, j.recomputed, j.difference]).toEqual(["1900800.00", "1940400.00", "-39600.00"]);
  });

  it("a line's own S is in its amount's arithmetic: a typo is said against P × Q × S", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("测算");
    ws.addRow(["编号", "服务内容", "单价", "工作量", "规模系数", "金额"]);
    // 22500 × 50 × 0.98 = 1102500, written 1102000
    ws.addRow(["9.2.c", "网络监控", 22500, 50, 0.98, 1102000]);
    ws.addRow(["7.2.a", "处理规则制定", 28500, 30, 0.98, 837900]);
    const j = checkResultToJson(await checkWorkbook(Buffer.from(await wb.xlsx.writeBuffer()), { fileName: "typo.xlsx" }));
    // 1102000 − 1102500 = −500
    expect(brief(j)).toEqual([["amount-arithmetic", "error", "测算!F2", "-500.00"]]);
    expect(j.findings[0]?.message).toBe("金额 1,102,000.00 元不等于本行单价 × 工作量 × 规模系数 22,500 × 50 × 0.98 = 1,102,500.00 元");
  });

  it("an id beside another item's name: item-name-mismatch names both, the line priced by the id", async () => {
    const r = await checkWorkbook(await fx.idNameMismatch(), { fileName: "idname.xlsx" });
    const j = checkResultToJson(r);
    expect(brief(j)).toEqual([["item-name-mismatch", "error", "测算!A3", null]]);
    expect(j.findings[0]?.item).toBe("9.2.c");
    expect(checkResultToJson(r, "en").findings[0]?.message).toBe(
      'the id 9.2.c is "网络监控" in the standard, but the name beside it, "数据标准与规范制定", is 7.1.b "数据标准与规范制定" (Annex A); the id and the name name different items, and the recomputation prices the line as 9.2.c: check which is meant',
    );
    expect(r.budget?.services.map((s) => s.item)).toEqual(["7.2.a", "9.2.c"]);
    // 285000 + 22500 × 4 = 285000 + 90000 = 375000 (by the id; 7.1.b would be 28500 × 4 = 114000)
    expect([j.declared, j.recomputed]).toEqual(["375000.00", "375000.00"]);
  });

  it("units on a 不涉及 item: collaboration-not-applicable (warning), units ignored, F1 used", async () => {
    const j = await check(fx.unitsOnNoneItem, "units.xlsx");
    expect(brief(j)).toEqual([["collaboration-not-applicable", "warning", "测算!C2", null]]);
    expect(j.findings[0]?.message).toBe("7.1.a 数据战略和治理体系制定：填了涉及单位数 3，但表3规定该项协同难度“不涉及”，单位数不影响计价；核定时不用此格，按 F1 计");
    // 2.25 → 28500 × 2 = 57000 (F1, not F2)
    expect([j.declared, j.recomputed]).toEqual(["57000.00", "57000.00"]);
  });

  it("a 合计's workload that is not the lines' sum: total-arithmetic at the workload cell", async () => {
    const j = await check(fx.totalWorkloadOff, "q.xlsx");
    expect(brief(j)).toEqual([
      // 55 stated, 30 + 35 = 65
      ["total-arithmetic", "error", "测算!D4", null],
      // 1672500 × (1 − 0.98) = 33450
      ["scale-missing", "error", "测算!E4", "33450.00"],
    ]);
    expect(j.findings[0]?.message).toBe("“合计”的工作量 55 人月不等于各行工作量之和 65 人月；规模系数按总工作量由表A.4 确定，核定时按各行工作量之和计");
    // 1672500 × 0.98 = 1639050; 1672500 − 1639050 = 33450
    expect([j.declared, j.recomputed, j.difference]).toEqual(["1672500.00", "1639050.00", "33450.00"]);
  });

  it("an empty (0-byte) file is said to be empty, not a file that may be a PDF", async () => {
    for (const r of [await checkWorkbook(Buffer.alloc(0), { fileName: "e.xlsx" }), await checkSubmittedWorkbook(Buffer.alloc(0), { fileName: "e.xls" })]) {
      expect([r.ok, r.reason]).toEqual([false, "文件为空（0 字节），不是工作簿；请重新导出或上传该测算表"]);
    }
  });
});

describe("walk 13: sub-projects in one table, a non-labor table, the stated method, a named rate profile", () => {
  it("two sub-projects each closed by its 合计, then 总计: each 合计 sums its own group, no finding", async () => {
    const j = await check(() => fx.subProjects(), "sub.xlsx");
    expect(brief(j)).toEqual([]);
    // 总计 = 合计 375000 (285000 + 90000) + 合计 135000 (22500 × 6) = 510000; 20 人月 → S1
    expect([j.declared, j.recomputed, j.difference]).toEqual(["510000.00", "510000.00", "0.00"]);
  });

  it("a group's 合计 that is not its lines' sum is still found, against that group alone", async () => {
    const j = await check(() => fx.subProjects(136000), "sub.xlsx");
    // 136000 − 22500 × 6 = 136000 − 135000 = 1000
    expect(brief(j)).toEqual([["subtotal-arithmetic", "error", "测算!E10", "1000.00"]]);
    expect(j.findings[0]?.message).toBe("本组“合计” 136,000.00 元不等于其上各行金额之和 135,000.00 元（第 9–9 行）");
    expect(checkResultToJson(await checkWorkbook(await fx.subProjects(136000), { fileName: "sub.xlsx" }), "en").findings[0]?.message).toBe(
      'the group\'s "合计" 136,000.00 yuan is not the sum of the rows above, 135,000.00 yuan (rows 9–9)',
    );
    // The 总计 510000 = 285000 + 90000 + 135000 is right.
    expect([j.declared, j.recomputed]).toEqual(["510000.00", "510000.00"]);
  });

  it("a separate non-labor table (序号 | 费用名称 | 金额) is read as 公式(3)'s parts, not left out", async () => {
    const r = await checkWorkbook(await fx.laborThenNonLaborTable(), { fileName: "two.xlsx" });
    const j = checkResultToJson(r);
    expect(brief(j)).toEqual([]);
    // 375000 + (20000 + 5000) = 400000
    expect([j.declared, j.recomputed, j.difference]).toEqual(["400000.00", "400000.00", "0.00"]);
    expect(r.budget?.nonLabor.equipment.map((e) => [e.name, e.amount.toFixed(2)])).toEqual([["设备材料费", "20000.00"]]);
    expect(r.budget?.nonLabor.business.map((e) => [e.name, e.amount.toFixed(2)])).toEqual([["业务费", "5000.00"]]);
  });

  it("a note saying 方法2 was not used leaves the sheet 方法1", async () => {
    const r = await checkWorkbook(await fx.quickNamedInNegatedNote(), { fileName: "m1.xlsx" });
    expect(r.method).toBe("coefficient");
    expect(r.budget?.services.map((s) => s.method)).toEqual(["coefficient"]);
    const j = checkResultToJson(r);
    expect(brief(j)).toEqual([]);
    // 1.728 → 第三档 28500 × 10 = 285000
    expect([j.declared, j.recomputed]).toEqual(["285000.00", "285000.00"]);
  });

  it("a 方法2 sheet's price is held against 表B.2's row and column, not T×B×F → 表B.1", async () => {
    const j = await check(fx.quickSlash, "q.xlsx");
    expect(j.method).toBe("quick");
    // (35000 − 28500) × 2 = 13000
    expect(brief(j)).toEqual([
      ["collaboration-not-applicable", "error", "测算!C3", null],
      ["unit-price-mismatch", "error", "测算!D3", "13000.00"],
    ]);
    expect(j.findings[1]?.clause).toBe("公式(2)、表B.2");
    expect(j.findings[1]?.message).toBe("7.1.a 数据战略和治理体系制定：申报单价 35,000 元/人月，按表B.2 第 13 行“本部门”列（F1，方法2）应为 28,500 元/人月（第三档）；差额 × 工作量 2 人月");
    // 28500 × 2 = 57000; 70000 − 57000 = 13000
    expect([j.declared, j.recomputed, j.difference]).toEqual(["70000.00", "57000.00", "13000.00"]);
  });

  it("a named rate profile, one price per tier, rising: taken as the profile's, one finding to confirm", async () => {
    const r = await checkWorkbook(await fx.namedRateProfile("consistent"), { fileName: "rp.xlsx" });
    const j = checkResultToJson(r);
    // (29500 × 10 + 23500 × 4) − (28500 × 10 + 22500 × 4) = 389000 − 375000 = 14000
    expect(brief(j)).toEqual([["rate-profile-named", "confirm", "测算!C4", "14000.00"]]);
    expect(j.findings[0]?.message).toBe(
      "申报表写明所用费率方案“2024年某市人力资源市场工资价位”，各档单价表内一致且逐档不降（元/人月：第二档 23,500（表B.1 22,500）、第三档 29,500（表B.1 28,500）），核定按该方案的单价计（表B.1 注2）；请核实该方案确为本地区人社部门发布的信息传输、软件和信息技术服务业岗位工资价位，否则按表B.1 计",
    );
    expect([j.declared, j.recomputed, j.difference]).toEqual(["389000.00", "389000.00", "0.00"]);
    // Tiers the sheet does not use keep 表B.1's prices.
    expect(r.budget?.rates?.map((x) => x.toString())).toEqual(["16500", "23500", "29500", "35000", "46500"]);
    expect(r.budget?.ratesName).toBe("2024年某市人力资源市场工资价位");
  });

  it("a named profile: a line off its tier's price in the same sheet is the only error", async () => {
    const j = await check(() => fx.namedRateProfile("mixed"), "rp.xlsx");
    expect(brief(j)).toEqual([
      // 448000 − 432000 = 16000 (see the fixture)
      ["rate-profile-named", "confirm", "测算!C4", "16000.00"],
      // (30000 − 29500) × 2 = 1000
      ["unit-price-mismatch", "error", "测算!C5", "1000.00"],
    ]);
    expect(j.findings[1]?.message).toBe("7.1.a 数据战略和治理体系制定：申报单价 30,000 元/人月，而本表所写费率方案“2024年某市人力资源市场工资价位”的第三档单价为 29,500 元/人月（第 3 行所列；同一档应为同一单价）；差额 × 工作量 2 人月");
    // 449000 − 448000 = 1000
    expect([j.declared, j.recomputed, j.difference]).toEqual(["449000.00", "448000.00", "1000.00"]);
  });

  it("a named basis whose prices fall from tier to tier is no profile: held against 表B.1", async () => {
    const j = await check(() => fx.namedRateProfile("falling"), "rp.xlsx");
    expect(brief(j)).toEqual([
      // (23000 − 28500) × 10 = −55000
      ["unit-price-mismatch", "warning", "测算!C3", "-55000.00"],
      // (24000 − 22500) × 4 = 6000
      ["unit-price-mismatch", "error", "测算!C4", "6000.00"],
    ]);
    // 28500 × 10 + 22500 × 4 = 375000; 326000 − 375000 = −49000
    expect([j.declared, j.recomputed, j.difference]).toEqual(["326000.00", "375000.00", "-49000.00"]);
  });
});
