/** `govcost review` as a user runs it: the built binary, real files, exit codes. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cliHarness } from "./harness.js";
import ExcelJS from "exceljs";

const cli = cliHarness("review");
const govcost = (args: string[], input?: string) => cli.run(args, input === undefined ? {} : { input });
const file = cli.file;

/** 7.2.b 3 units → 1.728 → 第三档 28500 × 36 = 1026000.00; 7.1.b → 1.8 → 28500 × 30 = 855000.00; Σ Q = 66 > 60 → S2 0.98. */
const BUDGET = `name: 审核命令示例
services:
  - { item: 7.2.b, personMonths: 36, units: 3 }
  - { item: 7.1.b, personMonths: 30 }
nonLabor:
  equipment: [ { name: 工具租赁, amount: 36000 } ]
`;

const REVIEW = `reviewer: 王审核
opinion: 核减工作量依据不足部分。
lines:
  - { line: 1, personMonths: 30, reason: workload-unsupported, note: 服务级别协议只支持 30 人月 }
nonLabor:
  equipment: [ { index: 0, remove: true, reason: non-labor-unsupported } ]
`;

describe("govcost review", () => {
  it("without decisions prints the findings", () => {
    const r = govcost(["review", file("b.yaml", BUDGET)]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("送审（申报）金额 C：1,879,380.00 元"); // L 1881000 × 0.98 = 1843380.00; + T 36000.00
    expect(r.out).toContain("预审发现（1）：");
    expect(r.out).toContain("[警告] 设备材料费 E 第 1 项［5.3］：非人力成本“工具租赁”未写明依据");
  });

  it("with decisions prints the reduction table, the scale effect and the totals", () => {
    const r = govcost(["review", file("b.yaml", BUDGET), "--decisions", file("r.yaml", REVIEW)]);
    expect(r.code).toBe(0);
    // Line 1: 1026000.00 − 855000.00 = 171000.00; approved Σ Q 60 → S1 1.00; L 1710000.00;
    // labor reduction 1843380.00 − 1710000.00 = 133380.00; scale effect 133380 − 171000 = −37620.00.
    expect(r.out).toContain("171,000.00");
    expect(r.out).toContain("规模系数影响：-37,620.00 元（S2 0.98 → S1 1.00）");
    // C: 1879380.00 → 1710000.00, reduction 169380.00; 169380 ÷ 1879380 × 100 = 9.0125… → 9.01
    expect(r.out).toContain("审定金额 1,710,000.00 元（人民币壹佰柒拾壹万元整）；审减金额 169,380.00 元；审减率 9.01%");
  });

  it("--json gives the documented shape", () => {
    const r = govcost(["review", file("b.yaml", BUDGET), "--decisions", file("r.yaml", REVIEW), "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as Record<string, unknown> & { lines: unknown[]; nonLabor: unknown[]; totals: unknown; submitted: { total: string }; approved: { total: string } };
    expect(Object.keys(j)).toEqual(["submitted", "approved", "lines", "nonLabor", "external", "scaleEffect", "totals", "grandTotals", "findings"]);
    expect([j.submitted.total, j.approved.total]).toEqual(["1879380.00", "1710000.00"]);
    expect(j.lines[0]).toEqual({
      line: 1,
      item: "7.2.b",
      approvedItem: "7.2.b",
      submittedAmount: "1026000.00",
      approvedAmount: "855000.00",
      reduction: "171000.00",
      reasons: [{ code: "workload-unsupported", label: "工作量依据不足", clause: "5.2 Q：依据服务需求、服务规模和服务级别协议", note: "服务级别协议只支持 30 人月" }],
    });
    expect(j.nonLabor[0]).toMatchObject({ part: "equipment", index: 0, name: "工具租赁", submittedAmount: "36000.00", approvedAmount: "0.00", reduction: "36000.00" });
    expect(j.scaleEffect).toBe("-37620.00");
    expect(j.totals).toEqual({ submitted: "1879380.00", approved: "1710000.00", reduction: "169380.00", reductionRate: "9.01" });
  });

  it("rejects a bad review file with exit code 2 and every problem at its field path", () => {
    const bad = file("bad.yaml", "lines:\n  - { line: 9, personMonths: -1, reason: nope }\n  - { line: 1, reason: other }\nexternal: [ { index: 0, amount: 1.234, reason: duplicate } ]\n");
    const r = govcost(["review", file("b.yaml", BUDGET), "--decisions", bad]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toContain(`${bad}: 审核文件有 7 处问题，未审核：`);
    expect(r.err).toContain("lines[0].line: 送审预算没有第 9 行；line 应在 1–2 之间");
    expect(r.err).toContain("lines[0].personMonths: 不能为负数");
    expect(r.err).toContain("lines[0].reason: 未知的核减理由“nope”");
    expect(r.err).toContain("lines[1]: 该审核决定未调整任何内容");
    expect(r.err).toContain("lines[1].note: 理由为 other（其他）时须在 note 中说明");
    expect(r.err).toContain("external[0].amount: “1.234”小数位过多");
    expect(r.err).toContain("external[0].index: 送审预算的 external 为空");
    expect(r.err).not.toMatch(/\n\s+at /);
    const j = govcost(["review", file("b.yaml", BUDGET), "--decisions", bad, "--json"]);
    expect(j.code).toBe(2);
    expect((JSON.parse(j.out) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual([
      "lines[0].personMonths",
      "lines[0].reason",
      "lines[0].line",
      "lines[1]",
      "lines[1].note",
      "external[0].amount",
      "external[0].index",
    ]);
  });

  it("writes the workbook and the 审核意见书", async () => {
    const html = path.join(cli.dir, "意见书.html");
    const xlsx = path.join(cli.dir, "审核.xlsx");
    const r = govcost(["review", file("b.yaml", BUDGET), "--decisions", file("r.yaml", REVIEW), "--html", html, "--xlsx", xlsx]);
    expect(r.code).toBe(0);
    const page = readFileSync(html, "utf8");
    expect(page).toContain("审核意见书");
    expect(page).toContain("人民币壹佰柒拾壹万元整");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(xlsx) as unknown as ExcelJS.Buffer);
    expect(wb.getWorksheet("审减明细表")).toBeDefined();
  });

  it("schema review prints the review file's JSON Schema; help has examples", () => {
    const s = JSON.parse(govcost(["schema", "review"]).out) as { $id: string; properties: Record<string, unknown> };
    expect(s.$id).toContain("review");
    expect(Object.keys(s.properties)).toEqual(["$schema", "reviewer", "opinion", "lines", "nonLabor", "external"]);
    expect(JSON.parse(govcost(["schema"]).out).$id).toContain("budget");
    const h = govcost(["review", "--help"]);
    expect(h.code).toBe(0);
    expect(h.out).toContain("govcost review budget.yaml --decisions review.yaml");
  });
});
