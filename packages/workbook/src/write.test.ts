/**
 * The exported workbook recalculated by an independent engine (HyperFormula): every formula
 * gives the figure govcost computed, to the cent, and a reviewer's edit updates the dependent
 * figures to the hand-computed values.
 */
import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { HyperFormula, type RawCellContent } from "hyperformula";
import { DEFAULT_STANDARD, estimate, validateBudget, type Budget } from "@govcost/core";
import { writeEstimateWorkbook } from "./write.js";
import { SHEET } from "./layout.js";

function budgetOf(doc: unknown): Budget {
  const v = validateBudget(doc, DEFAULT_STANDARD);
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.budget;
}

/** Budget A: a rate profile (表B.1 注2), S2 scale, a quick line, a stated F3, external services. */
const DOC_A = {
  name: "某市政务数据运营服务项目",
  rates: [17000, 23000, 29000, 36000, 48000],
  ratesName: "2025年某市费率方案",
  services: [
    { item: "7.2.b", personMonths: "24", units: 3, method: "coefficient" },
    { item: "9.1.a", personMonths: "36.5", method: "coefficient", note: "安全策略" },
    { item: "7.2.d", personMonths: "12", method: "quick" },
    { item: "8.2.d", personMonths: "10", collaboration: "F3", method: "coefficient" },
  ],
  nonLabor: { equipment: [{ name: "服务器租赁", amount: "12000.50", note: "一年" }], business: [{ name: "差旅", amount: "3000.00" }] },
  external: [{ item: "6.1.a", name: "政务外网业务咨询", amount: "50000.00", basis: "按网络运营服务商预算标准（6.1.2）" }],
};

/** Budget B: standard rates, units → F2 collaboration (表A.3), S1 scale. */
const DOC_B = {
  name: "某区业务运营服务",
  services: [
    { item: "8.1.b", personMonths: "6", units: 4, method: "coefficient" },
    { item: "6.2.a", personMonths: "12", method: "coefficient" },
    { item: "9.4.b", personMonths: "8.25", units: 1, method: "coefficient" },
  ],
  nonLabor: { dataProducts: [{ name: "地址数据集", amount: "20000.00" }] },
};

/** Budget C: Σ(P×Q) × S lands exactly on half a fen. */
const DOC_C = {
  name: "舍入检验",
  rates: [16501, 22500, 28500, 35000, 46500],
  services: [{ item: "6.2.a", personMonths: "60.25", method: "coefficient" }],
};

interface Loaded {
  wb: ExcelJS.Workbook;
  hf: HyperFormula;
  sheetId: (name: string) => number;
  /** HyperFormula's value of a cell, e.g. value("人力成本测算表", "R3"). */
  value: (sheet: string, address: string) => unknown;
  set: (sheet: string, address: string, v: RawCellContent) => void;
}

function decode(address: string): { col: number; row: number } {
  const m = /^([A-Z]+)(\d+)$/.exec(address);
  if (!m) throw new Error(address);
  let col = 0;
  for (const ch of m[1] as string) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { col: col - 1, row: Number(m[2]) - 1 };
}

async function load(buf: Buffer): Promise<Loaded> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  const sheets: Record<string, RawCellContent[][]> = {};
  wb.eachSheet((ws) => {
    const rows: RawCellContent[][] = [];
    for (let r = 1; r <= ws.rowCount; r++) {
      const out: RawCellContent[] = [];
      for (let c = 1; c <= ws.columnCount; c++) {
        const v = ws.getRow(r).getCell(c).value as unknown;
        if (v && typeof v === "object" && "formula" in v) out.push(`=${(v as { formula: string }).formula}`);
        else if (typeof v === "string") out.push(v.startsWith("=") || v.startsWith("'") ? `'${v}` : v);
        else if (typeof v === "number" || typeof v === "boolean") out.push(v);
        else out.push(null);
      }
      rows.push(out);
    }
    sheets[ws.name] = rows;
  });
  const hf = HyperFormula.buildFromSheets(sheets, { licenseKey: "gpl-v3" });
  const sheetId = (name: string) => {
    const id = hf.getSheetId(name);
    if (id === undefined) throw new Error(name);
    return id;
  };
  return {
    wb,
    hf,
    sheetId,
    value: (sheet, address) => hf.getCellValue({ sheet: sheetId(sheet), ...decode(address) }),
    set: (sheet, address, v) => {
      hf.setCellContents({ sheet: sheetId(sheet), ...decode(address) }, [[v]]);
    },
  };
}

/** Every formula cell: HyperFormula's value equals the cached result the export wrote (the engine's figure). */
function everyFormulaAgrees(l: Loaded): number {
  let n = 0;
  l.wb.eachSheet((ws) => {
    ws.eachRow((row) => {
      row.eachCell((cell) => {
        const v = cell.value as unknown;
        if (!(v && typeof v === "object" && "formula" in v)) return;
        // exceljs reads a cached <v>0</v> back as no result; the file itself holds the 0.
        const cached = (v as unknown as { result: unknown }).result ?? 0;
        const got = l.value(ws.name, cell.address);
        if (typeof cached === "number") {
          expect(typeof got, `${ws.name}!${cell.address}`).toBe("number");
          expect((got as number).toFixed(4), `${ws.name}!${cell.address} =${(v as { formula: string }).formula}`).toBe(cached.toFixed(4));
        } else expect(got, `${ws.name}!${cell.address}`).toBe(cached);
        n++;
      });
    });
  });
  return n;
}

const money = (x: unknown) => (x as number).toFixed(2);

/** The labor sheet's row holding an item, by its id in column D. */
function rowOf(wb: ExcelJS.Workbook, item: string): number {
  const ws = wb.getWorksheet(SHEET.labor) as ExcelJS.Worksheet;
  for (let r = 3; r <= ws.rowCount; r++) if (ws.getCell(`D${r}`).value === item) return r;
  throw new Error(item);
}

function rowLabelled(wb: ExcelJS.Workbook, sheet: string, col: string, startsWith: string): number {
  const ws = wb.getWorksheet(sheet) as ExcelJS.Worksheet;
  for (let r = 1; r <= ws.rowCount; r++) {
    const v = ws.getCell(`${col}${r}`).value;
    if (typeof v === "string" && v.startsWith(startsWith)) return r;
  }
  throw new Error(startsWith);
}

const NOW = new Date("2026-03-01T08:00:00Z");

describe("budget A: rate profile, S2, quick method, external services", () => {
  const budget = budgetOf(DOC_A);
  const est = estimate(budget, DEFAULT_STANDARD);

  it("recalculates to the engine's figures, to the cent", async () => {
    const l = await load(await writeEstimateWorkbook(budget, est, { now: NOW }));
    expect(everyFormulaAgrees(l)).toBeGreaterThan(40);
    const LS = SHEET.labor;
    // 7.2.b: T2 1.2 × B2 1.2 × F2 1.2 (3 units, 表A.3) = 1.728 ∈ (1.5, 2.6] → 第三档, profile 29000 × 24 = 696000.00
    const b = rowOf(l.wb, "7.2.b");
    expect(l.value(LS, `J${b}`)).toBe("F2");
    expect(l.value(LS, `N${b}`)).toBeCloseTo(1.728, 10);
    expect(l.value(LS, `O${b}`)).toBe("第三档");
    expect(money(l.value(LS, `R${b}`))).toBe("696000.00");
    // 9.1.a: T3 1.5 × B3 1.5 × F1 1.0 = 2.25 → 第三档 29000 × 36.5 = 1058500.00
    expect(money(l.value(LS, `R${rowOf(l.wb, "9.1.a")}`))).toBe("1058500.00");
    // 7.2.d quick: 表B.2 F1 22500 = 第二档 → profile 23000 × 12 = 276000.00
    const d = rowOf(l.wb, "7.2.d");
    expect(l.value(LS, `O${d}`)).toBe("第二档");
    expect(money(l.value(LS, `R${d}`))).toBe("276000.00");
    // 8.2.d: T3 1.5 × B4 2.0 × F3 1.5 = 4.5 ∈ (4.1, 6] → 第五档 48000 × 10 = 480000.00
    expect(money(l.value(LS, `R${rowOf(l.wb, "8.2.d")}`))).toBe("480000.00");
    // Σ Q = 24 + 36.5 + 12 + 10 = 82.5 人月 (6.88 人年) ∈ (60, 120] → S2 0.98
    // Σ(P×Q) = 696000 + 1058500 + 276000 + 480000 = 2510500.00; L = 2510500 × 0.98 = 2460290.00
    // T = 12000.50 + 3000.00 = 15000.50; C = 2475290.50; + external 50000.00 = 2525290.50
    const S = SHEET.summary;
    expect(l.value(S, "B6")).toBe(82.5);
    expect(l.value(S, "B7")).toBe(6.88);
    expect(l.value(S, "B8")).toBe(0.98);
    expect(money(l.value(S, "B9"))).toBe("2460290.00");
    expect(money(l.value(S, "B10"))).toBe("15000.50");
    expect(money(l.value(S, "B11"))).toBe("2475290.50");
    expect(money(l.value(S, "B12"))).toBe("50000.00");
    expect(money(l.value(S, "B13"))).toBe("2525290.50");
    expect([est.labor.toFixed(2), est.total.toFixed(2), est.grandTotal.toFixed(2)]).toEqual(["2460290.00", "2475290.50", "2525290.50"]);
    // 人员级别汇总: 第三档 24 + 36.5 = 60.5 人月, 696000 + 1058500 = 1754500.00
    const third = rowLabelled(l.wb, SHEET.tierGroups, "A", "第三档");
    expect(l.value(SHEET.tierGroups, `E${third}`)).toBe(60.5);
    expect(money(l.value(SHEET.tierGroups, `F${third}`))).toBe("1754500.00");
  });

  it("updates the dependent figures when a reviewer changes a workload", async () => {
    const l = await load(await writeEstimateWorkbook(budget, est, { now: NOW }));
    const b = rowOf(l.wb, "7.2.b");
    l.set(SHEET.labor, `Q${b}`, 30);
    // 29000 × 30 = 870000.00; Σ = 870000 + 1058500 + 276000 + 480000 = 2684500.00
    // Σ Q = 88.5 → still S2; L = 2684500 × 0.98 = 2630810.00; C = 2630810.00 + 15000.50 = 2645810.50
    expect(money(l.value(SHEET.labor, `R${b}`))).toBe("870000.00");
    expect(money(l.value(SHEET.summary, "B9"))).toBe("2630810.00");
    expect(money(l.value(SHEET.summary, "B11"))).toBe("2645810.50");
    // 9.1.a 36.5 → 80: Σ Q = 30 + 80 + 12 + 10 = 132 ∈ (120, 360] → S3 0.96
    // Σ = 870000 + 29000 × 80 (2320000) + 276000 + 480000 = 3946000.00; L = 3946000 × 0.96 = 3788160.00
    l.set(SHEET.labor, `Q${rowOf(l.wb, "9.1.a")}`, 80);
    expect(l.value(SHEET.summary, "B8")).toBe(0.96);
    expect(money(l.value(SHEET.summary, "B9"))).toBe("3788160.00");
    // A change of a tier price on 系数表 (表B.1 注2): 第三档 29000 → 30000
    // Σ = 30000 × 30 + 30000 × 80 + 276000 + 480000 = 4056000.00; L = 4056000 × 0.96 = 3893760.00
    l.set(SHEET.tables, "E35", 30000);
    expect(money(l.value(SHEET.summary, "B9"))).toBe("3893760.00");
  });

  it("has the defined names, money formats, A4 page setup, frozen headers", async () => {
    const buf = await writeEstimateWorkbook(budget, est, { now: NOW });
    const l = await load(buf);
    const names = new Map(l.wb.definedNames.model.map((n) => [n.name, n.ranges[0]]));
    const LS = `'${SHEET.labor}'`;
    const lRow = rowLabelled(l.wb, SHEET.labor, "E", "人力成本 L");
    const sRow = rowLabelled(l.wb, SHEET.labor, "E", "项目规模系数 S");
    expect(names.get("LaborCost")).toBe(`${LS}!$R$${lRow}`);
    expect(names.get("ScaleCoefficient")).toBe(`${LS}!$Q$${sRow}`);
    expect(names.get("TotalCost")).toBe(`'${SHEET.summary}'!$B$11`);
    const nlTotal = rowLabelled(l.wb, SHEET.nonLabor, "A", "合计");
    expect(names.get("NonLaborCost")).toBe(`'${SHEET.nonLabor}'!$D$${nlTotal}`);
    // The names point at the right figures.
    expect(money(l.value(SHEET.labor, `R${lRow}`))).toBe("2460290.00");
    expect(l.value(SHEET.labor, `Q${sRow}`)).toBe(0.98);
    expect(money(l.value(SHEET.nonLabor, `D${nlTotal}`))).toBe("15000.50");

    const labor = l.wb.getWorksheet(SHEET.labor) as ExcelJS.Worksheet;
    const b = rowOf(l.wb, "7.2.b");
    expect(labor.getCell(`R${b}`).numFmt).toBe("#,##0.00");
    expect(labor.getCell(`P${b}`).numFmt).toBe("#,##0.00");
    expect(labor.getCell(`R${lRow}`).numFmt).toBe("#,##0.00");
    expect((l.wb.getWorksheet(SHEET.summary) as ExcelJS.Worksheet).getCell("B11").numFmt).toBe("#,##0.00");
    expect((l.wb.getWorksheet(SHEET.nonLabor) as ExcelJS.Worksheet).getCell(`D${nlTotal}`).numFmt).toBe("#,##0.00");
    for (const name of [SHEET.summary, SHEET.labor, SHEET.tierGroups, SHEET.nonLabor, SHEET.external, SHEET.notes]) {
      const ws = l.wb.getWorksheet(name) as ExcelJS.Worksheet;
      expect(ws.pageSetup.paperSize, name).toBe(9);
      expect(ws.pageSetup.fitToPage, name).toBe(true);
      expect(ws.pageSetup.fitToWidth, name).toBe(1);
      expect(ws.views[0]?.state, name).toBe("frozen");
      expect((ws.views[0] as { ySplit?: number }).ySplit, name).toBe(2);
      expect(ws.headerFooter.oddHeader, name).toContain("某市政务数据运营服务项目");
      expect(ws.headerFooter.oddFooter, name).toBe("&C第 &P 页，共 &N 页");
    }
    // Print titles repeat the header row: exceljs stores them as _xlnm.Print_Titles.
    const xml = await workbookXml(buf);
    expect(xml).toContain(`<definedName name="_xlnm.Print_Titles" localSheetId="1">&apos;${SHEET.labor}&apos;!$2:$2</definedName>`);
    // Drop-downs on the cells a reviewer edits: 协同难度级别 F1–F3, 计价方法, 单位数 ≥ 1, 工作量 ≥ 0.
    const { inspectZip } = await import("./zip-guard.js");
    const z = inspectZip(buf, { maxUncompressedBytes: 1e9, maxRatio: 1e9, maxEntries: 1e4 }, (n) => n === "xl/worksheets/sheet2.xml");
    const sheetXml = z.ok ? (z.files.get("xl/worksheets/sheet2.xml") as Buffer).toString() : "";
    const totalRow = rowLabelled(l.wb, SHEET.labor, "A", "合计");
    expect(sheetXml).toContain(`sqref="J3:J${totalRow - 1}"><formula1>&quot;F1,F2,F3&quot;</formula1>`);
    expect(sheetXml).toContain(`sqref="M3:M${totalRow - 1}"><formula1>&quot;方法1（系数法）,方法2（速查表B.2）&quot;</formula1>`);
    expect(sheetXml).toMatch(new RegExp(`type="whole"[^>]*sqref="L3:L${totalRow - 1}"`));
    expect(sheetXml).toMatch(new RegExp(`type="decimal"[^>]*sqref="Q3:Q${totalRow - 1}"`));
    // Columns wide enough for their headers and the money figures.
    expect(labor.getColumn("R").width).toBeGreaterThanOrEqual(14);
    expect(labor.getColumn("E").width).toBeGreaterThanOrEqual(20);
    // The machine sheet is hidden from the reviewer.
    expect((l.wb.getWorksheet(SHEET.meta) as ExcelJS.Worksheet).state).toBe("veryHidden");
  });

  it("writes the summary, coefficient tables and notes a reviewer expects", async () => {
    const l = await load(await writeEstimateWorkbook(budget, est, { now: NOW }));
    const s = l.wb.getWorksheet(SHEET.summary) as ExcelJS.Worksheet;
    expect(s.getCell("B3").value).toBe("某市政务数据运营服务项目");
    expect(s.getCell("B4").value).toBe("T/DGAG 024—2024《政务信息化项目 服务成本度量规范 系统业务运营服务》");
    expect(s.getCell("B5").value).toBe("2025年某市费率方案");
    // 2525290.50 元 = 贰佰伍拾贰万伍仟贰佰玖拾元伍角（无分，core 的写法加“整”）
    expect(s.getCell("B14").value).toBe("人民币贰佰伍拾贰万伍仟贰佰玖拾元伍角整");
    expect(String(s.getCell("B15").value)).toContain("四舍五入");
    const t = l.wb.getWorksheet(SHEET.tables) as ExcelJS.Worksheet;
    expect(t.getCell("A3").value).toContain("表A.1");
    expect(t.getCell("A31").value).toContain("表B.1");
    expect(t.getCell("E35").value).toBe(29000);
    expect(t.getCell("D35").value).toBe(28500);
    const notes = l.wb.getWorksheet(SHEET.notes) as ExcelJS.Worksheet;
    const text: string[] = [];
    notes.eachRow((row) => row.eachCell((c) => text.push(String(c.value))));
    const all = text.join("\n");
    expect(all).toContain("已按表B.1 注2 替换基准人月费率");
    expect(all).toContain("两种方法核对");
    expect(all).toContain("标准歧义的处理");
    // 7.2.b F2: 方法1 28500 under the profile 29000; 表B.2 F2 28500 = 第三档 → 29000: the methods agree here.
    expect(all).toMatch(/7\.2\.b F2/);
  });

  it("words the summary as the screens do and ends it with the signature block", async () => {
    const l = await load(await writeEstimateWorkbook(budget, est, { now: NOW }));
    const s = l.wb.getWorksheet(SHEET.summary) as ExcelJS.Worksheet;
    expect(s.getCell("A13").value).toBe("合计（含公式外）（元）");
    expect(s.getCell("C13").value).toBe("总成本 C + 公式(1)之外计价的服务");
    expect(s.getCell("A14").value).toBe("合计（含公式外）大写");
    // NOW is 2026-03-01 08:00 UTC = 16:00 in Beijing (UTC+8), as the report's 编制日期.
    expect(s.getCell("B16").value).toBe("2026-03-01 16:00（北京时间）");
    // Row 17 stays empty; rows 18–21 are the signature block, filled in by hand.
    expect([17, 18, 19, 20, 21].map((r) => s.getCell(`A${r}`).value)).toEqual([null, "编制单位（盖章）：", "编制人：", "审核人：", "日期："]);
    expect([18, 19, 20].map((r) => s.getCell(`B${r}`).value)).toEqual([null, null, null]);
    expect(s.getCell("B21").value).toBe("年\u3000\u3000月\u3000\u3000日");
    expect(s.getCell("B18").border?.bottom?.style).toBe("thin");
    // The figures above the block still recalculate to the engine's: C = 2475290.50, + 50000.00 = 2525290.50.
    expect(money(l.value(SHEET.summary, "B13"))).toBe("2525290.50");
  });
});

describe("budget B: units → F2 collaboration, S1", () => {
  const budget = budgetOf(DOC_B);
  const est = estimate(budget, DEFAULT_STANDARD);

  it("recalculates to the engine's figures and follows an edit of units and workload", async () => {
    const l = await load(await writeEstimateWorkbook(budget, est, { now: NOW }));
    everyFormulaAgrees(l);
    const LS = SHEET.labor;
    // 8.1.b: 4 units → F2; T2 1.2 × B4 2.0 × F2 1.2 = 2.88 ∈ (2.6, 4.1] → 第四档 35000 × 6 = 210000.00
    const a = rowOf(l.wb, "8.1.b");
    expect(l.value(LS, `J${a}`)).toBe("F2");
    expect(l.value(LS, `O${a}`)).toBe("第四档");
    expect(money(l.value(LS, `R${a}`))).toBe("210000.00");
    // 6.2.a: T1 × B1 × F1 = 1 → 第一档 16500 × 12 = 198000.00
    const g = rowOf(l.wb, "6.2.a");
    expect(money(l.value(LS, `R${g}`))).toBe("198000.00");
    // 9.4.b: 1 unit → F1; 1.2 × 1.2 × 1.0 = 1.44 ∈ (1, 1.5] → 第二档 22500 × 8.25 = 185625.00
    const c = rowOf(l.wb, "9.4.b");
    expect(money(l.value(LS, `R${c}`))).toBe("185625.00");
    // Σ Q = 26.25 ≤ 60 → S1 1.00; L = 593625.00; T = 20000.00; C = 613625.00
    expect(l.value(SHEET.summary, "B8")).toBe(1);
    expect(money(l.value(SHEET.summary, "B9"))).toBe("593625.00");
    expect(money(l.value(SHEET.summary, "B11"))).toBe("613625.00");
    expect(money(l.value(SHEET.summary, "B13"))).toBe("613625.00");

    // Reviewer: 9.4.b involves 2 units → F2: 1.2 × 1.2 × 1.2 = 1.728 → 第三档 28500 × 8.25 = 235125.00
    l.set(LS, `L${c}`, 2);
    expect(l.value(LS, `J${c}`)).toBe("F2");
    expect(l.value(LS, `O${c}`)).toBe("第三档");
    expect(money(l.value(LS, `R${c}`))).toBe("235125.00");
    // Σ = 210000 + 198000 + 235125 = 643125.00 (S1); C = 663125.00
    expect(money(l.value(SHEET.summary, "B9"))).toBe("643125.00");
    expect(money(l.value(SHEET.summary, "B11"))).toBe("663125.00");
    // 6.2.a 12 → 60 人月: 16500 × 60 = 990000.00; Σ Q = 6 + 60 + 8.25 = 74.25 → S2 0.98
    // L = (210000 + 990000 + 235125) × 0.98 = 1435125 × 0.98 = 1406422.50; C = 1426422.50
    l.set(LS, `Q${g}`, 60);
    expect(l.value(SHEET.summary, "B8")).toBe(0.98);
    expect(money(l.value(SHEET.summary, "B9"))).toBe("1406422.50");
    expect(money(l.value(SHEET.summary, "B11"))).toBe("1426422.50");
    // Exactly 60 人月 is still S1 (表A.4: 5人年及以下): 6.2.a 45.75 → Σ Q = 6 + 45.75 + 8.25 = 60
    l.set(LS, `Q${g}`, 45.75);
    expect(l.value(SHEET.summary, "B8")).toBe(1);
  });
});

describe("budget C: labor cost on half a fen", () => {
  it("rounds L half-up like the engine", async () => {
    const budget = budgetOf(DOC_C);
    const est = estimate(budget, DEFAULT_STANDARD);
    // 16501 × 60.25 = 994185.25; Σ Q 60.25 > 60 → S2; 994185.25 × 0.98 = 974301.545 → 974301.55
    expect(est.labor.toFixed(2)).toBe("974301.55");
    const l = await load(await writeEstimateWorkbook(budget, est, { now: NOW }));
    everyFormulaAgrees(l);
    expect(money(l.value(SHEET.summary, "B9"))).toBe("974301.55");
  });
});

async function workbookXml(buf: Buffer): Promise<string> {
  const { inspectZip } = await import("./zip-guard.js");
  const z = inspectZip(buf, { maxUncompressedBytes: 1e9, maxRatio: 1e9, maxEntries: 1e4 }, (n) => n === "xl/workbook.xml");
  if (!z.ok) throw new Error(JSON.stringify(z.problem));
  return (z.files.get("xl/workbook.xml") as Buffer).toString("utf8");
}

describe("an empty budget", () => {
  it("recalculates to zeros", async () => {
    const budget = budgetOf({ name: "空预算", services: [] });
    const l = await load(await writeEstimateWorkbook(budget, estimate(budget, DEFAULT_STANDARD), { now: NOW }));
    everyFormulaAgrees(l);
    // No lines: Σ Q = 0 → S1 1.00; L = T = C = 0.00
    expect(l.value(SHEET.summary, "B8")).toBe(1);
    for (const cell of ["B9", "B10", "B11", "B13"]) expect(money(l.value(SHEET.summary, cell))).toBe("0.00");
  });
});
