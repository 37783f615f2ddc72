/**
 * The review workflow in Chromium against a real server: the preparer submits (and withdraws
 * once), the reviewer cuts two lines with reasons and removes a non-labor entry, returns the
 * budget; the preparer sees each decision, answers them, changes a line and resubmits; the
 * reviewer sees the answers and what changed, and approves. The figures on the reviewer's screen
 * are the CLI's (`govcost review --json`) for the same files, and the exported workbook
 * recalculated by LibreOffice gives them again.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { allText, clickInModal, count, popupSettled, signIn, startHarness, text, type Harness } from "./harness.js";
import { cached, SOFFICE, throughLibreOffice } from "../../workbook/test/libreoffice.js";

const ZHANG = { username: "zhang", password: "zhang-pass-1", displayName: "张敏", department: "市政务服务数据管理局" };
const CHEN = { username: "chen", password: "chen-pass-12", displayName: "陈静", department: "市财政局", role: "reviewer" as const };
// An administrator of the department (the review is shown to the department once decided).
const ROOT = { username: "root", password: "root-pass-99", displayName: "部门管理员", department: "市政务服务数据管理局", role: "admin" as const };
const CLI = resolve(import.meta.dirname, "..", "..", "cli", "bin", "govcost.js");

const BUDGET = {
  name: "审核流程示例",
  services: [
    { item: "7.2.b", personMonths: 36, units: 3 }, // T2 1.2 × B2 1.2 × F2 1.2 = 1.728 → 第三档 28500; × 36 = 1026000.00
    { item: "7.1.b", personMonths: 30 }, //           T2 1.2 × B3 1.5 × F1 1.0 = 1.8 → 第三档 28500; × 30 = 855000.00
    { item: "7.1.b", personMonths: 12 }, //           28500 × 12 = 342000.00
  ],
  nonLabor: {
    dataProducts: [{ name: "数据集", amount: 50000, note: "采购合同报价" }],
    equipment: [
      { name: "工具租赁", amount: 36000 },
      { name: "打印", amount: 4000, note: "按上年实际" },
    ],
  },
};

let h: Harness;
let budgetId = "";

beforeAll(async () => {
  h = await startHarness([ZHANG, CHEN, ROOT]);
});

afterAll(async () => {
  await h?.close();
});

/** Create the budget through the API the page uses (the editor's own entry is tested elsewhere). */
async function createBudget(page: Page): Promise<string> {
  return page.evaluate(async (doc) => {
    const me = await (await fetch("/api/auth/me")).json();
    const r = await fetch("/api/budgets", { method: "POST", headers: { "content-type": "application/json", "x-csrf-token": me.csrfToken }, body: JSON.stringify({ name: doc.name, document: doc }) });
    return String((await r.json()).id);
  }, BUDGET);
}

async function submit(page: Page): Promise<void> {
  await page.click("button:has-text('提交审核')");
  await page.click(".ant-modal:visible .ant-select");
  await popupSettled(page, "select-dropdown");
  await page.locator(".ant-select-item-option", { hasText: "陈静" }).click();
  await clickInModal(page, ".ant-btn-primary");
  await text(page.locator("[data-testid=budget-status]")).toBe("已提交");
}

/** Pick reasons in the reason picker of a line or entry (`line:1`, `equipment:0`). */
async function pickReasons(page: Page, target: string, labels: string[]): Promise<void> {
  await page.locator(`[data-review-target="${target}"] .ant-select`).click();
  await popupSettled(page, "select-dropdown");
  for (const l of labels) await page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option", { hasText: l }).first().click();
  await page.keyboard.press("Escape");
}

async function confirm(page: Page): Promise<void> {
  await clickInModal(page, ".ant-btn-primary");
}

/** The four figures on the reviewer's screen. */
async function screenTotals(page: Page): Promise<{ submitted: string; approved: string; reduction: string; rate: string }> {
  const get = async (id: string) => ((await page.locator(`[data-testid=${id}]`).textContent()) ?? "").trim();
  return { submitted: await get("review-submitted"), approved: await get("review-approved"), reduction: await get("review-reduction"), rate: await get("review-rate") };
}

/**
 * The short column headers (six characters or fewer) of the page's table whose text runs onto a
 * second line: a column squeezed by the others. Longer headers may wrap.
 */
async function wrappedHeaders(page: Page): Promise<string[]> {
  return page.locator(".ant-table-thead th").evaluateAll((ths) =>
    ths
      .filter((th) => {
        const label = (th.textContent ?? "").trim();
        if (label.length === 0 || label.length > 6) return false;
        const tops: number[] = [];
        const walk = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
        for (let n = walk.nextNode(); n; n = walk.nextNode()) {
          const r = document.createRange();
          r.selectNodeContents(n);
          for (const rect of r.getClientRects()) tops.push(rect.top);
        }
        return tops.some((t) => Math.abs(t - (tops[0] ?? t)) > 4);
      })
      .map((th) => (th.textContent ?? "").trim()),
  );
}

/** The column headers of the page's table, in order. */
async function headers(page: Page): Promise<string[]> {
  return (await page.locator(".ant-table-thead th").allTextContents()).map((x) => x.trim()).filter((x) => x.length > 0);
}

const grouped = (s: string) => s.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
/** "1897380.00" → "1,897,380.00" as the screen shows money. */
const shown = (m: string) => {
  const [i, f] = m.split(".") as [string, string];
  return `${grouped(i)}.${f}`;
};

describe("review workflow", { timeout: 300_000 }, () => {
  it("the preparer submits, sees the budget read-only, withdraws and submits again", async () => {
    const { context, page } = await signIn(h.browser, h.url, ZHANG);
    budgetId = await createBudget(page);
    // The budget list: a preparer's budgets are all their department's, so no 部门 column; no
    // header squeezed onto two lines at 1,440 pixels.
    await page.goto(`${h.url}/budgets`);
    await text(page.locator(".ant-table-row", { hasText: BUDGET.name })).toContain("编制中");
    expect(await headers(page)).toEqual(["名称", "年度", "总成本 C（元）", "版本", "状态", "最后修改", "修改人", "操作"]);
    expect(await wrappedHeaders(page)).toEqual([]);
    await page.goto(`${h.url}/budgets/${budgetId}`);
    await page.waitForSelector("[data-line='2']");
    await submit(page);
    // Submitted: read-only, no save, withdraw offered.
    await count(page.locator("[data-testid=save]")).toBe(0);
    await count(page.locator("[data-testid=read-only-budget]")).toBe(1);
    expect(await page.locator("[data-line='0'] input[data-pm]").isDisabled()).toBe(true);
    await page.click("[data-testid=withdraw]");
    await confirm(page);
    await count(page.locator("[data-testid=budget-status]")).toBe(0);
    await count(page.locator("[data-testid=save]")).toBe(1);
    await submit(page);
    await context.close();
  });

  it("the reviewer cuts two lines with reasons, removes a non-labor entry, and the figures are the CLI's and the workbook's", async () => {
    const { context, page } = await signIn(h.browser, h.url, CHEN);
    // 待我审核 is the landing page.
    const row = page.locator(".ant-table-row", { hasText: BUDGET.name });
    await text(row).toContain("已提交");
    // The reviewer's own reviews: no 审核人 column (it would repeat their name); the department and the
    // submitter are shown. The name keeps at least 200 pixels; no short header runs onto two lines.
    expect(await headers(page)).toEqual(["名称", "部门", "状态", "轮次", "送审（申报）金额（元）", "审定金额（元）", "审减金额（元）", "审减率", "提交时间"]);
    expect(await wrappedHeaders(page)).toEqual([]);
    expect((await page.locator(".ant-table-thead th").first().boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(200);
    await text(row).toContain("市政务服务数据管理局");
    await text(row).toContain("张敏");
    await row.locator("a").click();
    await text(page.locator("[data-testid=review-status]")).toBe("审核中");
    // Submitted: Σ(P×Q) = 1026000 + 855000 + 342000 = 2223000.00; Σ Q = 78 人月 → S2 0.98;
    // L = 2223000.00 × 0.98 = 2178540.00; T = 50000 + 36000 + 4000 = 90000.00; C = 2268540.00.
    await text(page.locator("[data-testid=review-submitted]")).toBe("2,268,540.00");
    await text(page.locator("[data-testid=review-approved]")).toBe("2,268,540.00");

    // Line 1: 36 → 30 人月 (工作量依据不足). Before a reason is chosen the line says so.
    await page.fill("[data-review-pm='1']", "30");
    await text(page.locator("[data-review-target='line:1'] .gc-issue")).toContain("请选择核减理由");
    await pickReasons(page, "line:1", ["工作量依据不足"]);
    await count(page.locator("[data-review-target='line:1'] .gc-issue")).toBe(0);
    // Units that are no whole number are said in the box's own words; line 2's item (7.1.b, 表3) fixes F1, so it has no units or level to choose.
    await page.fill("[aria-label='第 1 行审定的单位数']", "abc");
    await text(page.locator("[data-review-target='line:1'] .gc-issue")).toContain("单位数应为正整数（涉及的单位个数，如 3）");
    await page.fill("[aria-label='第 1 行审定的单位数']", "3");
    await count(page.locator("[data-review-target='line:1'] .gc-issue")).toBe(0);
    await count(page.locator("[aria-label='第 2 行审定的单位数']")).toBe(0);
    await text(page.locator("[data-review-target='line:2'] .gc-fixed")).toBe("F1 不涉及");
    // Line 2: 30 → 24 人月 (其他, with a note).
    await page.fill("[data-review-pm='2']", "24");
    await pickReasons(page, "line:2", ["其他"]);
    await text(page.locator("[data-review-target='line:2'] .gc-issue")).toContain("理由为“其他”时请填写说明");
    await page.fill("[aria-label='第 2 行审核说明']", "运营报告只支持 24 人月");
    // Entries are numbered within their list by its letter in formula (3): the first of each is D1, E1, B1, not "1" thrice.
    await text(page.locator("[data-review-target='dataProducts:0'] > span").first()).toBe("D1");
    await text(page.locator("[data-review-target='equipment:1'] > span").first()).toBe("E2");
    // The first equipment entry removed (非人力成本依据不足).
    await page.check("[data-review-remove='equipment:0']");
    await pickReasons(page, "equipment:0", ["非人力成本依据不足"]);
    await page.fill("textarea[aria-label='审核意见']", "核减依据不足的工作量和设备租赁。");

    // Approved: 28500 × 30 = 855000.00; 28500 × 24 = 684000.00; line 3 342000.00; Σ = 1881000.00;
    // Σ Q = 66 人月 → S2 0.98; L = 1843380.00; T = 50000 + 4000 = 54000.00; C = 1897380.00.
    // Reduction 2268540.00 − 1897380.00 = 371160.00; rate 371160 ÷ 2268540 × 100 = 16.361… → 16.36.
    await text(page.locator("[data-testid=review-approved]")).toBe("1,897,380.00");
    await text(page.locator("[data-testid=review-reduction]")).toBe("371,160.00");
    await text(page.locator("[data-testid=review-rate]")).toBe("16.36%");
    await page.click("[data-testid=review-save]");
    await text(page.locator("[data-testid=review-save-state]")).toBe("已保存 v1");

    // The same files through the CLI give the same figures.
    const saved = await page.evaluate(async (id) => (await fetch(`/api/budgets/${id}/review`)).json(), budgetId);
    const dir = mkdtempSync(join(tmpdir(), "govcost-review-e2e-"));
    try {
      writeFileSync(join(dir, "budget.json"), JSON.stringify(saved.document));
      writeFileSync(join(dir, "review.json"), JSON.stringify(saved.review));
      const cli = JSON.parse(execFileSync(process.execPath, [CLI, "review", join(dir, "budget.json"), "--decisions", join(dir, "review.json"), "--json"], { encoding: "utf8" }));
      const onScreen = await screenTotals(page);
      expect(onScreen).toEqual({ submitted: shown(cli.totals.submitted), approved: shown(cli.totals.approved), reduction: shown(cli.totals.reduction), rate: `${cli.totals.reductionRate}%` });
      expect(cli.totals).toEqual({ submitted: "2268540.00", approved: "1897380.00", reduction: "371160.00", reductionRate: "16.36" });

      // The exported workbook, recalculated by LibreOffice, gives them again to the cent.
      if (SOFFICE) {
        const res = await context.request.get(`${h.url}/api/budgets/${budgetId}/review/export?format=xlsx&unit=yuan`);
        expect(res.status()).toBe(200);
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(throughLibreOffice(await res.body()) as unknown as ExcelJS.Buffer);
        const named = (name: string): unknown => {
          const ref = wb.definedNames.getRanges(name).ranges[0] as string;
          const [sheet, cell] = ref.split("!") as [string, string];
          return cached(wb.getWorksheet(sheet.replace(/^'|'$/g, "")) as ExcelJS.Worksheet, cell.replace(/\$/g, ""));
        };
        const fen = (v: unknown) => Math.round((v as number) * 100);
        expect([fen(named("SubmittedCost")), fen(named("ApprovedCost")), fen(named("ReductionAmount"))]).toEqual([226854000, 189738000, 37116000]);
        expect(named("ReductionRate")).toBe(16.36);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // A finding goes to its line: the equipment entry without a basis.
    await page.locator("[data-finding='equipment:0']").first().click();
    await count(page.locator("[data-review-target='equipment:0'].gc-flash")).toBe(1);

    await page.click("[data-testid=review-return]");
    await confirm(page);
    await text(page.locator("[data-testid=review-status]")).toBe("退回修改");
    await count(page.locator("[data-testid=review-return]")).toBe(0);
    await count(page.locator("[data-review-pm='1']")).toBe(0);
    await context.close();
  });

  it("the preparer sees each decision beside its place, answers them, changes a line and resubmits", async () => {
    const { context, page } = await signIn(h.browser, h.url, ZHANG);
    await page.goto(`${h.url}/budgets/${budgetId}`);
    await text(page.locator("[data-testid=budget-status]")).toBe("退回修改");
    const decisions = page.locator("[data-testid=review-decisions]");
    await text(decisions).toContain("核减依据不足的工作量和设备租赁。");
    await text(page.locator("[data-testid=decisions-approved]")).toBe("1,897,380.00");
    const line1 = decisions.locator(".ant-table-row", { hasText: "第 1 行" });
    // The item by its id and its name in Table 4 (7.2 b: 数据采集与清洗).
    await text(line1).toContain("7.2.b 数据采集与清洗");
    await text(line1).toContain("工作量依据不足（5.2 Q：依据服务需求、服务规模和服务级别协议）");
    // 28500 × 36 = 1026000.00 submitted, 28500 × 30 = 855000.00 approved, 171000.00 cut.
    await text(line1).toContain("1,026,000.00");
    await text(line1).toContain("171,000.00");
    await text(decisions.locator(".ant-table-row", { hasText: "第 2 行" })).toContain("运营报告只支持 24 人月");
    await text(decisions.locator(".ant-table-row", { hasText: "设备材料费 E 第 1 项" })).toContain("非人力成本依据不足或不属于该类（5.3）");

    await decisions.locator("[data-answer='line:1'] label:has-text('接受')").click();
    await decisions.locator("[data-answer='equipment:0'] label:has-text('接受')").click();
    await decisions.locator("[data-answer='line:2'] label:has-text('异议')").click();
    await page.fill("[aria-label='第 2 行的异议说明']", "附运营报告第 3 页的人月统计");
    // Accepting a decision says whether the budget carries it out: neither accepted one is made yet.
    await text(decisions.locator("[data-answer='line:1']")).toContain("预算中尚未照此修改");
    await text(decisions.locator("[data-answer='equipment:0']")).toContain("预算中尚未照此修改");

    // Line 3: 12 → 10 人月; save, then resubmit with the answers.
    await page.fill("[data-line='2'] input[data-pm]", "10");
    await page.click("[data-testid=save]");
    await page.fill("[data-testid=save-comment]", "按审核意见调整第 3 行");
    await page.keyboard.press("Enter");
    await text(page.locator("[data-testid=save-state]")).toBe("已保存 v2");
    await page.click("button:has-text('提交审核')");
    await text(page.locator("[data-testid=submit-answers]")).toContain("已核对 3 项（接受 2 项，异议 1 项）");
    // Both accepted decisions are still undone (only line 3 was changed): said before submitting.
    const undone = page.locator("[data-testid=submit-not-carried]");
    await text(undone).toContain("您接受了以下 2 项审核决定，但预算中尚未照此修改");
    await text(undone).toContain("第 1 行 7.2.b");
    await text(undone).toContain("工作量 36 → 30 人月");
    await text(undone).toContain("设备材料费 E 第 1 项 工具租赁：整项核减");
    await text(page.locator(".ant-modal:visible .ant-btn-primary")).toContain("仍然提交");
    await page.click(".ant-modal:visible .ant-select");
    await popupSettled(page, "select-dropdown");
    await page.locator(".ant-select-item-option", { hasText: "陈静" }).click();
    await clickInModal(page, ".ant-btn-primary");
    await text(page.locator("[data-testid=budget-status]")).toBe("已提交");
    await context.close();
  });

  it("the reviewer sees the answers and what changed, and approves", async () => {
    const { context, page } = await signIn(h.browser, h.url, CHEN);
    await page.goto(`${h.url}/reviews/${budgetId}`);
    await text(page.locator("[data-testid=review-status]")).toBe("审核中");
    const previous = page.locator("[data-testid=review-previous]");
    await text(previous.locator(".ant-table-row", { hasText: "第 2 行" })).toContain("附运营报告第 3 页的人月统计");
    // The two accepted decisions this submission does not carry out are said above the answers and marked in them.
    const undone = previous.locator("[data-testid=review-not-carried]");
    await text(undone).toContain("编制单位接受了 2 项审核决定，但本轮送审没有照改");
    await text(undone).toContain("工作量 36 → 30 人月");
    await text(undone).toContain("工具租赁：整项核减");
    await text(previous.locator(".ant-table-row", { hasText: "第 1 行" })).toContain("接受，但本轮送审未照改");
    await text(previous.locator(".ant-table-row", { hasText: "第 1 行" })).toContain("本轮审核决定中尚未处理");
    await allText(previous.locator("[data-testid=comparison]")).toContain("修改");
    // Round 2 submitted: Σ(P×Q) = 1026000 + 855000 + 28500 × 10 = 2166000.00; Σ Q = 76 → S2 0.98;
    // L = 2122680.00; C = 2122680.00 + 90000.00 = 2212680.00.
    await text(page.locator("[data-testid=review-submitted]")).toBe("2,212,680.00");
    await page.fill("[data-review-pm='1']", "30");
    await pickReasons(page, "line:1", ["工作量依据不足"]);
    // Approved: 855000 + 855000 + 285000 = 1995000.00; Σ Q = 70 → S2 0.98; L = 1955100.00;
    // C = 1955100.00 + 90000.00 = 2045100.00; reduction 167580.00; 167580 ÷ 2212680 × 100 = 7.573… → 7.57.
    await text(page.locator("[data-testid=review-approved]")).toBe("2,045,100.00");
    await text(page.locator("[data-testid=review-rate]")).toBe("7.57%");
    // Line 1 is now cut as accepted; the equipment entry is not, and approving says so.
    await text(previous.locator(".ant-table-row", { hasText: "第 1 行" })).toContain("本轮审核决定已照此处理");
    await page.click("[data-testid=review-approve]");
    const warning = page.locator("[data-testid=approve-not-carried]");
    await text(warning).toContain("编制单位在上一轮接受了以下 1 项审核决定");
    await text(warning).toContain("工具租赁：整项核减");
    await allText(warning).not.toContain("第 1 行");
    await count(page.locator(".ant-modal-confirm .ant-btn-dangerous")).toBe(1);
    await confirm(page);
    await text(page.locator("[data-testid=review-status]")).toBe("审核通过");
    await count(page.locator("[data-testid=review-approve]")).toBe(0);
    await context.close();

    // The preparer: approved, read-only, the approved figures shown.
    const p = await signIn(h.browser, h.url, ZHANG);
    await p.page.goto(`${h.url}/budgets/${budgetId}`);
    await text(p.page.locator("[data-testid=budget-status]")).toBe("审核通过");
    await text(p.page.locator("[data-testid=decisions-approved]")).toBe("2,045,100.00");
    await count(p.page.locator("[data-testid=save]")).toBe(0);
    await count(p.page.locator("[data-testid=withdraw]")).toBe(0);
    await p.context.close();
  });

  it("an administrator reopens the approved budget with a reason, and the preparer may change it again", async () => {
    const { context, page } = await signIn(h.browser, h.url, ROOT);
    await page.goto(`${h.url}/reviews/${budgetId}`);
    await text(page.locator("[data-testid=review-status]")).toBe("审核通过");
    await page.click("[data-testid=review-reopen]");
    await page.fill(".ant-modal:visible textarea", "预算年度调整，需补充第 3 行依据");
    await clickInModal(page, ".ant-btn-primary");
    await text(page.locator("[data-testid=review-status]")).toBe("编制中");
    await context.close();

    const p = await signIn(h.browser, h.url, ZHANG);
    await p.page.goto(`${h.url}/budgets/${budgetId}`);
    await p.page.waitForSelector("[data-line='2']");
    await count(p.page.locator("[data-testid=budget-status]")).toBe(0);
    await count(p.page.locator("[data-testid=save]")).toBe(1);
    expect(await p.page.locator("[data-line='0'] input[data-pm]").isDisabled()).toBe(false);
    await p.context.close();
  });
});
