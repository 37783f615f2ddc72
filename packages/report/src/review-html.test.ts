/**
 * The 审核意见书: its figures, sentences and signature block in HTML, and a real Chromium print
 * on A4 with the Chinese text searchable.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_STANDARD, loadBudget, reviewBudget, validateReview, EMPTY_REVIEW, type ReviewResult } from "@govcost/core";
import { renderReportPdf, renderReviewHtml } from "./index.js";

/**
 * 7.2.b 3 units → 1.728 → 第三档 28500 × 36 = 1026000.00; 7.1.b → 1.8 → 28500 × 30 = 855000.00;
 * Σ Q 66 → S2 0.98: L = 1881000 × 0.98 = 1843380.00; T = 36000.00; C = 1879380.00; external 120000.00.
 * Review: line 1 → 30 人月 (855000.00, reduction 171000.00); Σ Q 60 → S1: L = 1710000.00;
 * scale effect (1843380 − 1710000) − 171000 = −37620.00; equipment removed (36000.00).
 * Grand total 1999380.00 → 1830000.00: reduction 169380.00; rate 169380 ÷ 1999380 × 100 = 8.4716… → 8.47.
 */
const BUDGET = `
name: 粤东某市数据共享运营项目
services:
  - { item: 7.2.b, personMonths: 36, units: 3 }
  - { item: 7.1.b, personMonths: 30 }
nonLabor:
  equipment: [ { name: "<工具>租赁", amount: 36000 } ]
external: [ { item: 6.1.a, name: 政务外网运营, amount: 120000, basis: 运营商报价 } ]
`;

function result(decisions: unknown): ReviewResult {
  const loaded = loadBudget(BUDGET, DEFAULT_STANDARD);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  if (decisions === null) return reviewBudget(loaded.budget, EMPTY_REVIEW, DEFAULT_STANDARD);
  const v = validateReview(decisions, loaded.budget, DEFAULT_STANDARD);
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return reviewBudget(loaded.budget, v.review, DEFAULT_STANDARD);
}

const DECISIONS = {
  reviewer: "王审核",
  opinion: "经审核，核减工作量依据不足部分。<script>",
  lines: [{ line: 1, personMonths: 30, reason: "workload-unsupported", note: "服务级别协议只支持 30 人月" }],
  nonLabor: { equipment: [{ index: 0, remove: true, reason: "non-labor-unsupported" }] },
};
const DATE = new Date("2025-03-01T00:00:00Z");

describe("renderReviewHtml", () => {
  const html = renderReviewHtml(result(DECISIONS), { generatedAt: DATE });

  it("gives the summary with the approved amount in words, the reduction and the rate", () => {
    expect(html).toContain("系统业务运营服务成本审核意见书");
    expect(html).toContain("申报金额：1,999,380.00 元；审定金额：1,830,000.00 元（大写：人民币壹佰捌拾叁万元整）");
    expect(html).toContain("审减金额：169,380.00 元；审减率：8.47%");
  });

  it("lists each line with reasons and clauses, and explains the scale effect", () => {
    expect(html).toContain("7.2.b 数据采集与清洗");
    expect(html).toContain("工作量依据不足<span class=\"clause\">（5.2 Q：依据服务需求、服务规模和服务级别协议）</span><br>服务级别协议只支持 30 人月");
    expect(html).toContain("-37,620.00");
    // The equipment entry, the budget's first: numbered 1, as on screen (the decision file counts from 0).
    expect(html).toMatch(/<tr><td class="c">1<\/td><td>设备材料费<\/td><td>&lt;工具&gt;租赁<\/td>/);
    expect(html).toContain("人力成本审减 133,380.00 元，与各行审减合计 171,000.00 元相差 -37,620.00 元（规模系数影响）：审定后总工作量为 60 人月，项目规模系数由 S2 0.98 变为 S1 1.00（表A.4）");
  });

  it("shows the findings, the opinion escaped, and the signature block", () => {
    expect(html).toContain("非人力成本“&lt;工具&gt;租赁”未写明依据");
    expect(html).toContain("经审核，核减工作量依据不足部分。&lt;script&gt;");
    expect(html).not.toContain("<script>");
    expect(html).toContain("评审人：王审核");
    expect(html).toContain("日期：2025年3月1日");
  });

  it("says nothing of a scale effect when there is none, and shows 万元 when asked", () => {
    const plain = renderReviewHtml(result(null), { generatedAt: DATE, unit: "wan" });
    expect(plain).not.toContain("规模系数影响）：");
    // 1999380.00 元 = 199.9380 万元
    expect(plain).toContain("199.9380");
  });
});

const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));

describe("the 审核意见书 as PDF", () => {
  it.skipIf(!CHROMIUM)("prints on A4 with the Chinese text searchable (skipped only without Chromium)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "govcost-review-pdf-"));
    try {
      const pdf = join(dir, "审核意见书.pdf");
      writeFileSync(pdf, await renderReportPdf(renderReviewHtml(result(DECISIONS), { generatedAt: DATE })));
      expect(execFileSync("pdfinfo", [pdf]).toString()).toMatch(/Page size:\s+595\.\d+ x 84[12]\.\d+ pts \(A4\)/);
      const text = execFileSync("pdftotext", ["-layout", pdf, "-"]).toString();
      expect(text).toContain("审核意见书");
      expect(text).toContain("人民币壹佰捌拾叁万元整");
      expect(text).toContain("评审人：王审核");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
