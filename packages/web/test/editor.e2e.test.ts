/**
 * The web app against a real server and database, in Chromium: sign in, build a budget with the
 * keyboard, check the figures, save, reload, export, department isolation and a conflicting save.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { DEFAULT_STANDARD, estimate, validateBudget } from "@govcost/core";
import { addLine, allText, clickInModal, count, popupSettled, signIn, startHarness, text, value, type Harness } from "./harness.js";

const ZHANG = { username: "zhang", password: "zhang-pass-1", displayName: "张敏", department: "市政务服务数据管理局" };
const LI = { username: "li", password: "li-pass-123", displayName: "李强", department: "市政务服务数据管理局" };
const WANG = { username: "wang", password: "wang-pass-1", displayName: "王芳", department: "市财政局" };
const CHEN = { username: "chen", password: "chen-pass-1", displayName: "陈静", department: "市财政局", role: "reviewer" as const };
const BUDGET = "市政务大数据中心运营服务（2026年）";

let h: Harness;
let budgetUrl = "";

beforeAll(async () => {
  h = await startHarness([ZHANG, LI, WANG, CHEN]);
});

afterAll(async () => {
  await h?.close();
});

describe("web app end to end", { timeout: 120_000 }, () => {
  it("builds a budget whose figures equal the engine's, saves it and finds it after a reload", async () => {
    const { context, page } = await signIn(h.browser, h.url, ZHANG);
    await page.click("text=新建预算");
    await page.fill("[data-testid=budget-name-input]", BUDGET);
    await page.keyboard.press("Enter");
    await page.waitForSelector("[data-testid=add-line]");
    budgetUrl = page.url();

    // Line 1: 7.2.b 数据采集与清洗 (T2, B2, collaboration 根据实际情况确定), 24 person-months, 3 units → F2.
    await addLine(page, "7.2.b", "24");
    await page.keyboard.press("Tab"); // collaboration: given as a number of units (the default)
    await page.keyboard.press("Tab");
    await page.keyboard.type("3");
    // Line 2: 6.2.a 业务咨询与受理 (T1, B1, 不涉及): collaboration fixed at F1, said as text with no control to change it.
    await addLine(page, "6.2.a", "12");
    await text(page.locator('[data-line="1"] .gc-fixed')).toContain("F1 不涉及");
    await count(page.locator('[data-line="1"] select[aria-label*="协同难度"]')).toBe(0);
    // Line 3: 8.1.a 业务优化与改进 (T3, B3, 不涉及), 6.5 person-months.
    await addLine(page, "8.1.a", "6.5");
    // Line 4: 7.2.b again, collaboration given as a level: F3, 2 person-months.
    await addLine(page, "7.2.b", "2");
    await page.selectOption('[data-line="3"] select[aria-label$="协同难度填法"]', "level");
    await page.selectOption('[data-line="3"] select[aria-label$="协同难度级别"]', "F3");

    // Non-labor items D, E, B.
    for (const [part, name, amount] of [
      ["dataProducts", "人口基础信息数据集", "50000"],
      ["equipment", "数据治理工具租赁", "120000.50"],
      ["business", "专家评审会", "8000"],
    ] as const) {
      await page.click(`[data-testid=add-${part}]`);
      const box = page.locator(`[data-testid=cost-${part}]`);
      await box.locator("input[aria-label$=名称]").last().fill(name);
      await box.locator("input[aria-label$='金额（元）']").last().fill(amount);
    }

    // By hand (表A.1–A.3, 表B.1, 表A.4):
    //   7.2.b F2: 1.2 × 1.2 × 1.2 = 1.728 → 第三档 (1.5, 2.6] → 28,500 × 24  = 684,000.00
    //   6.2.a F1: 1.0 × 1.0 × 1.0 = 1     → 第一档          → 16,500 × 12  = 198,000.00
    //   8.1.a F1: 1.5 × 1.5 × 1.0 = 2.25  → 第三档          → 28,500 × 6.5 = 185,250.00
    //   7.2.b F3: 1.2 × 1.2 × 1.5 = 2.16  → 第三档          → 28,500 × 2   =  57,000.00
    //   Σ P×Q = 1,124,250.00; Σ Q = 44.5 人月 = 3.71 人年 ≤ 5 → S1 = 1.00 → L = 1,124,250.00
    //   T = 50,000 + 120,000.50 + 8,000 = 178,000.50
    //   C = L + T = 1,302,250.50
    await text(page.locator("[data-testid=total-c]")).toBe("1,302,250.50");
    await text(page.locator('[data-line="0"]')).toContain("→F2");
    await text(page.locator('[data-line="0"]')).toContain("684,000.00");
    await text(page.locator('[data-line="3"]')).toContain("57,000.00");
    await text(page.locator("[data-testid=amount-in-words]")).toBe("人民币壹佰叁拾万贰仟贰佰伍拾元伍角整");

    // The same document through core's engine.
    const doc = {
      name: BUDGET,
      services: [
        { item: "7.2.b", personMonths: "24", units: 3 },
        { item: "6.2.a", personMonths: "12" },
        { item: "8.1.a", personMonths: "6.5" },
        { item: "7.2.b", personMonths: "2", collaboration: "F3" },
      ],
      nonLabor: { dataProducts: [{ name: "a", amount: "50000" }], equipment: [{ name: "b", amount: "120000.50" }], business: [{ name: "c", amount: "8000" }] },
    };
    const v = validateBudget(doc, DEFAULT_STANDARD);
    expect(v.ok).toBe(true);
    if (v.ok) expect(estimate(v.budget, DEFAULT_STANDARD).total.toFixed(2)).toBe("1302250.50");

    // 万元 toggle: 1,302,250.50 元 = 130.2250 万元 (four decimals, half up: 130.225050 → 130.2251).
    await page.click("text=万元");
    await text(page.locator("[data-testid=total-c]")).toBe("130.2251");
    await page.locator(".ant-segmented-item", { hasText: /^元$/ }).click();

    // The trail of a line.
    await page.locator('[data-line="0"] [data-amount]').click();
    await text(page.locator("[data-testid=line-trace]")).toContain("1.728");
    await text(page.locator("[data-testid=line-trace]")).toContain("第三档");
    await text(page.locator("[data-testid=line-trace]")).toContain("表4");
    await page.keyboard.press("Escape");

    // Input errors appear beside their field, in Chinese, and leave the line out of the total.
    await page.fill('[data-line="2"] input[data-pm]', "6.555");
    await text(page.locator('[data-issue-field="personMonths"]').first()).toContain("小数位过多");
    await text(page.locator("[data-testid=total-c]")).toBe("1,117,000.50"); // 1,302,250.50 − 185,250.00 (line 3 left out; 38 人月 still S1)
    await page.fill('[data-line="2"] input[data-pm]', "6.5");
    await text(page.locator("[data-testid=total-c]")).toBe("1,302,250.50");

    // Save with a comment (Ctrl+S opens the comment box).
    await page.keyboard.press("Control+s");
    await page.fill("[data-testid=save-comment]", "首次编制");
    await page.keyboard.press("Enter");
    await text(page.locator("[data-testid=save-state]")).toBe("已保存 v2");

    // Reload: the saved budget is listed with its total and reopens with the same figures.
    await page.goto(`${h.url}/budgets`);
    const row = page.locator("tr", { hasText: BUDGET });
    await text(row).toContain("1,302,250.50");
    await text(row).toContain("张敏");
    await row.locator("a", { hasText: BUDGET }).click();
    await text(page.locator("[data-testid=total-c]")).toBe("1,302,250.50");
    await count(page.locator("[data-line]")).toBe(4);
    await context.close();
  });

  it("exports the workbook as an xlsx file", async () => {
    const { context, page } = await signIn(h.browser, h.url, ZHANG);
    await page.goto(budgetUrl);
    await page.waitForSelector("[data-testid=export]");
    await page.click("[data-testid=export]");
    await popupSettled(page, "dropdown");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=export-xlsx]")]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = await download.path();
    const bytes = readFileSync(file);
    // An xlsx file is a zip archive: it starts with "PK\x03\x04" and holds xl/workbook.xml.
    expect(bytes.subarray(0, 4).toString("latin1")).toBe("PK\u0003\u0004");
    expect(bytes.includes(Buffer.from("xl/workbook.xml"))).toBe(true);
    await context.close();
  });

  it("shows the editor's non-labor and summary sections and the rate-profile choice in English after the switch", async () => {
    const { context, page } = await signIn(h.browser, h.url, ZHANG);
    await page.goto(budgetUrl);
    await page.waitForSelector("[data-testid=summary]");
    // The rate-profile choice is labelled in the page's language, and follows a switch.
    const profile = page.locator(".ant-card-extra .ant-select");
    await text(profile).toBe("表B.1 基准人月费率（2023年广东省）（标准）");
    await page.getByText("EN", { exact: true }).click();
    await text(profile).toBe("Table B.1 base person-month rates (Guangdong 2023) (standard)");
    await text(page.locator("[data-testid=cost-dataProducts]")).toContain("Data products D");
    await text(page.locator("[data-testid=add-equipment]")).toContain("Add Equipment");
    await text(page.locator("[data-testid=summary]")).toContain("Summary (formula (1) C = L + T)");
    await text(page.locator("[data-testid=summary]")).toContain("Total person-months");
    await text(page.locator("[data-testid=summary]")).toContain("Amount in words");
    await text(page.locator("[data-testid=levels]")).toContain("Unit price (yuan/person-month)");
    await allText(page.locator("[data-testid=summary]")).not.toContain("工作量合计");
    await page.getByText("中文", { exact: true }).click();
    await text(page.locator("[data-testid=summary]")).toContain("工作量合计");
    await text(profile).toBe("表B.1 基准人月费率（2023年广东省）（标准）");
    await context.close();
  });

  it("opens the standard's description of a line's service item from the keyboard", async () => {
    const { context, page } = await signIn(h.browser, h.url, ZHANG);
    await page.goto(budgetUrl);
    await page.waitForSelector("[data-line='0'] [data-help]");
    const itemId = ((await page.locator("[data-line='0'] [role=cell]").nth(1).textContent()) ?? "").trim();
    const item = DEFAULT_STANDARD.items.find((x) => x.id === itemId);
    expect(item).toBeDefined();
    const description = item?.description ?? "";
    expect(description.length).toBeGreaterThan(0);
    // Reach the help button with the keyboard: Shift+Tab from the line's person-months field.
    await page.locator("[data-line='0'] input[data-pm]").focus();
    await page.keyboard.press("Shift+Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-help") ?? null)).not.toBeNull();
    // The description is announced with the button.
    const describedBy = await page.locator("[data-line='0'] [data-help]").getAttribute("aria-describedby");
    expect(describedBy).toBeTruthy();
    await text(page.locator(`[id="${describedBy}"]`)).toContain(description.slice(0, 20));
    await page.keyboard.press("Enter");
    await text(page.locator("[data-testid=line-help]")).toContain(description);
    await page.keyboard.press("Escape");
    await expect.poll(() => page.locator("[data-testid=line-help]").count()).toBe(0);
    await page.locator("[data-line='0'] [data-help]").focus();
    await page.keyboard.press(" ");
    await text(page.locator("[data-testid=line-help]")).toContain(description);
    await context.close();
  });

  it("does not show the budget to a preparer of another department", async () => {
    const { context, page } = await signIn(h.browser, h.url, WANG);
    await allText(page.locator(".ant-table")).not.toContain(BUDGET);
    await page.goto(budgetUrl);
    await text(page.locator(".ant-alert")).toContain("预算不存在，或不属于您的部门");
    await context.close();
  });

  it("refuses a conflicting save, explains it, and keeps the edits on screen", async () => {
    const a = await signIn(h.browser, h.url, ZHANG);
    const b = await signIn(h.browser, h.url, LI);
    await a.page.goto(budgetUrl);
    await b.page.goto(budgetUrl);
    await a.page.waitForSelector('[data-line="0"]');
    await b.page.waitForSelector('[data-line="0"]');

    // 张敏 saves first.
    await a.page.fill('[data-line="1"] input[data-pm]', "10");
    await a.page.click("[data-testid=save]");
    await a.page.fill("[data-testid=save-comment]", "按评审意见调减业务咨询工作量");
    await a.page.keyboard.press("Enter");
    await text(a.page.locator("[data-testid=save-state]")).toBe("已保存 v3");

    // 李强 edited the older version and saves: refused with who, when and why.
    await b.page.fill('[data-line="2"] input[data-pm]', "8");
    await b.page.click("[data-testid=save]");
    await b.page.fill("[data-testid=save-comment]", "增加业务优化工作量");
    await b.page.keyboard.press("Enter");
    const conflict = b.page.locator("[data-testid=conflict]");
    await text(conflict).toContain("张敏");
    await text(conflict).toContain("v3");
    await text(conflict).toContain("按评审意见调减业务咨询工作量");
    await text(conflict).toContain("没有丢失");
    await b.page.click("[data-testid=conflict-keep]");
    await value(b.page.locator('[data-line="2"] input[data-pm]')).toBe("8");
    await text(b.page.locator("[data-testid=save-state]")).toBe("有未保存的修改");
    // 8.1.a now 8 人月: 28,500 × 8 = 228,000.00; C = 1,302,250.50 − 185,250.00 + 228,000.00 = 1,345,000.50
    await text(b.page.locator("[data-testid=total-c]")).toBe("1,345,000.50");

    // Save as a copy: nothing is lost.
    await b.page.click("[data-testid=save]");
    await b.page.keyboard.press("Enter");
    await b.page.click("[data-testid=conflict-copy]");
    await text(b.page.locator("[data-testid=save-state]")).toBe("已保存 v1");
    await text(b.page.locator("[data-testid=total-c]")).toBe("1,345,000.50");
    await a.context.close();
    await b.context.close();
  });

  it("compares two versions and restores one; copies, renames and deletes budgets from the list", async () => {
    const { context, page } = await signIn(h.browser, h.url, ZHANG);
    await page.goto(`${budgetUrl}/history`);
    await text(page.locator(".ant-table-tbody")).toContain("按评审意见调减业务咨询工作量");
    // v2 → v3: 6.2.a 12 → 10 人月 at 16,500: Σ P×Q and C fall by 2 × 16,500 = 33,000.00.
    // The comparison starts from the two latest versions: v2 and v3.
    await text(page.locator("[data-testid=compare-from]")).toContain("v2 ·");
    await text(page.locator("[data-testid=compare-to]")).toContain("v3 ·");
    await page.click("[data-testid=compare]");
    const cmp = page.locator("[data-testid=comparison]");
    await text(cmp).toContain("1,302,250.50 → 1,269,250.50");
    // Differences are grouped like every amount: 1,269,250.50 − 1,302,250.50 = −33,000.00.
    await text(cmp).toContain("（-33,000.00）");
    await text(cmp).toContain("工作量：12 → 10");

    // Restore v2 as v4.
    await page.locator(".ant-table-row", { hasText: "首次编制" }).locator("button", { hasText: /恢\s*复/ }).click();
    await text(page.locator(".ant-modal-confirm")).toContain("将以第 2 版的内容另存为新版本（v4）");
    await clickInModal(page, ".ant-btn-primary");
    // The answer is said in a message (an error would be, too: this line then shows which).
    await text(page.locator(".ant-message")).toContain("已恢复为第 4 版");
    await text(page.locator(".ant-table-tbody")).toContain("v4 最新");
    await text(page.locator(".ant-table-row", { hasText: "v4" })).toContain("1,302,250.50");

    // List: a copy (以此为模板), rename the copy, delete it (with confirmation).
    await page.click(".ant-menu >> text=预算管理");
    const original = page.locator(".ant-table-row").filter({ has: page.locator("a", { hasText: new RegExp(`^${BUDGET}$`) }) });
    await original.locator("button", { hasText: "以此为模板" }).click();
    await value(page.locator("[data-testid=budget-name-input]")).toBe(`${BUDGET}（副本）`);
    await page.fill("[data-testid=budget-name-input]", "2027年度预算（草稿）");
    await clickInModal(page, ".ant-btn-primary");
    await text(page.locator(".ant-table-tbody")).toContain("2027年度预算（草稿）");
    await page.locator(".ant-table-row", { hasText: "2027年度预算（草稿）" }).locator("button", { hasText: "重命名" }).click();
    await page.fill("[data-testid=budget-name-input]", "2027年度预算（送审稿）");
    await clickInModal(page, ".ant-btn-primary");
    await text(page.locator(".ant-table-tbody")).toContain("2027年度预算（送审稿）");
    await allText(page.locator(".ant-table-tbody")).not.toContain("2027年度预算（草稿）");
    // The copy has the original's latest version (v4): the same total.
    await text(page.locator(".ant-table-row", { hasText: "2027年度预算（送审稿）" })).toContain("1,302,250.50");
    await page.locator(".ant-table-row", { hasText: "2027年度预算（送审稿）" }).locator("button", { hasText: /删\s*除/ }).click();
    await text(page.locator(".ant-modal-confirm")).toContain("此操作不可撤销");
    await clickInModal(page, ".ant-btn-dangerous");
    await allText(page.locator(".ant-table-tbody")).not.toContain("2027年度预算（送审稿）");
    await text(page.locator(".ant-table-tbody")).toContain(BUDGET);
    await context.close();
  });

  it("submits the budget to a reviewer, who can read it but not change it", async () => {
    const { context, page } = await signIn(h.browser, h.url, ZHANG);
    await page.goto(budgetUrl);
    await page.click("button:has-text('提交审核')");
    await page.click(".ant-modal:visible .ant-select");
    await popupSettled(page, "select-dropdown");
    await page.locator(".ant-select-item-option", { hasText: "陈静" }).click();
    await text(page.locator(".ant-modal:visible .ant-select")).toContain("陈静");
    await clickInModal(page, ".ant-btn-primary");
    await text(page.locator(".ant-message")).toContain("已提交给 陈静 审核");
    await context.close();

    const r = await signIn(h.browser, h.url, CHEN);
    // A reviewer lands on 待我审核; the budget list is one click away.
    await text(r.page.locator(".ant-card-head")).toContain("待我审核");
    await r.page.click(".ant-menu-item:has-text('预算管理')");
    // A change of page is a transition: 待我审核 stays on screen until the budget list can render, and
    // its own row of this budget (a link to the review page) must not be the one clicked.
    await r.page.waitForSelector("[data-testid=budget-search]");
    const row = r.page.locator(".ant-table-row", { hasText: BUDGET }).first();
    await text(row).toContain("已提交");
    await allText(r.page.locator(".ant-card-extra")).not.toContain("新建预算");
    await row.locator("a").click();
    await text(r.page.locator("[data-testid=total-c]")).toBe("1,302,250.50");
    await text(r.page.locator(".gc-sticky-summary")).toContain("只读（审核）");
    await count(r.page.locator("[data-testid=save]")).toBe(0);
    await r.context.close();
  });

  it("recomputes a stored version at today's rates and shows stored, today's and the difference", async () => {
    const { context, page } = await signIn(h.browser, h.url, ZHANG);
    await page.goto(`${budgetUrl}/history`);
    await page.click("[data-testid=recompute-1]");
    await page.waitForSelector("[data-testid=recompute]");
    const stored = ((await page.locator("[data-testid=recompute-stored]").textContent()) ?? "").trim();
    expect(stored).toMatch(/^[\d,]+\.\d\d$/);
    // Saved with the standard's rates, which have not changed: today's total is the same.
    await text(page.locator("[data-testid=recompute-today]")).toBe(stored);
    await text(page.locator("[data-testid=recompute-diff]")).toBe("0.00");
    await text(page.locator("[data-testid=recompute]")).toContain("结果与保存的数字一致");
    await context.close();
  });

  it("changes the password from the user menu: a wrong old one is refused, the new one signs in", async () => {
    const { context, page } = await signIn(h.browser, h.url, WANG);
    await page.hover("[data-testid=current-user]");
    await page.click("[data-testid=menu-password]");
    await page.fill("[data-testid=old-password]", "not-the-password");
    await page.fill("[data-testid=new-password]", "wang-new-pass-2");
    await page.fill("[data-testid=confirm-password]", "wang-new-pass-2");
    await page.click(".ant-modal-footer .ant-btn-primary");
    await text(page.locator("[data-testid=password-form]")).toContain("原密码不正确");
    // The rule is said under the new password before anything is sent.
    await text(page.locator("[data-testid=password-form]")).toContain("至少 10 个字符；不能与用户名相同");
    // A new password the server refuses (a run of characters) is said under the new password, not the old one.
    await page.fill("[data-testid=old-password]", WANG.password);
    await page.fill("[data-testid=new-password]", "1234567890");
    await page.fill("[data-testid=confirm-password]", "1234567890");
    await page.click(".ant-modal-footer .ant-btn-primary");
    const newField = page.locator(".ant-form-item", { has: page.locator("[data-testid=new-password]") });
    await text(newField.locator(".ant-form-item-explain-error")).toContain("密码不能是连续的字符");
    await count(page.locator(".ant-form-item", { has: page.locator("[data-testid=old-password]") }).locator(".ant-form-item-explain-error")).toBe(0);
    await page.fill("[data-testid=new-password]", "wang-new-pass-2");
    await page.fill("[data-testid=confirm-password]", "wang-new-pass-2");
    await page.click(".ant-modal-footer .ant-btn-primary");
    await text(page.locator(".ant-message")).toContain("密码已修改");
    await context.close();
    const again = await signIn(h.browser, h.url, { username: WANG.username, password: "wang-new-pass-2" });
    await text(again.page.locator("[data-testid=current-user]")).toContain(WANG.displayName);
    await again.context.close();
  });
});
