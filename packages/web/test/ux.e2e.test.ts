/**
 * What a first-time preparer tripped over, in Chromium against a real server: the catalogue
 * tree, merging a conflicting save, messages in the screen's words, the standard's title,
 * amounts with thousands separators, rate tiers, what an administrator is offered, leaving
 * with unsaved edits, the three banners, and line entry.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { DEFAULT_STANDARD } from "@govcost/core";
import { addLine, allText, clickInModal, count, signIn, startHarness, text, value, type Harness } from "./harness.js";

const ZHANG = { username: "zhang", password: "zhang-pass-1", displayName: "张敏", department: "市政务服务数据管理局" };
const LI = { username: "li", password: "li-pass-123", displayName: "李强", department: "市政务服务数据管理局" };
const ROOT = { username: "root", password: "root-pass-99", displayName: "系统管理员", department: "", role: "admin" as const };

let h: Harness;
const SEARCH = ".ant-drawer input[placeholder^=\"按编号\"]";

beforeAll(async () => {
  h = await startHarness([ZHANG, LI, ROOT]);
});

afterAll(async () => {
  await h?.close();
});

async function newBudget(page: Page, name: string): Promise<string> {
  await page.click("text=新建预算");
  await page.fill("[data-testid=budget-name-input]", name);
  await page.keyboard.press("Enter");
  await page.waitForSelector("[data-testid=add-line]");
  return page.url();
}

/** Paste `text` into the element as Excel or WPS would put it on the clipboard. */
async function paste(page: Page, selector: string, text: string): Promise<void> {
  await page.locator(selector).focus();
  await page.locator(selector).evaluate((el, t) => {
    const data = new DataTransfer();
    data.setData("text/plain", t);
    el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

async function save(page: Page, comment: string): Promise<void> {
  await page.click("[data-testid=save]");
  await page.fill("[data-testid=save-comment]", comment);
  await page.keyboard.press("Enter");
}

describe("a first-time preparer's path", { timeout: 120_000 }, () => {
  it("names the standard by its title on the sign-in page", async () => {
    const context = await h.browser.newContext({ locale: "zh-CN" });
    const page = await context.newPage();
    await page.goto(`${h.url}/login`);
    await text(page.locator(".gc-login-card")).toContain(`T/DGAG 024—2024《${DEFAULT_STANDARD.title}》`);
    await text(page.locator(".gc-login-card")).toContain("《政务信息化项目 服务成本度量规范 系统业务运营服务》");
    await context.close();
  });

  it("opens catalogue branches by the arrow, a click on the name and the keyboard; a search opens its matches and clearing it gives the tree back", async () => {
    const { context, page } = await signIn(h.browser, h.url, ZHANG);
    await newBudget(page, "目录测试");
    await page.click("text=从目录选择");
    const tree = page.locator("[data-testid=catalog-tree]");
    await tree.waitFor();
    // Closed at first: no service type is shown.
    await count(tree.locator(".ant-tree-treenode", { hasText: "7.2 " })).toBe(0);
    // Keyboard: from the search box into the tree (its first branch, 6, is active), → opens it.
    await page.locator(SEARCH).focus();
    await page.locator(".ant-drawer [role=tree]").focus();
    await page.keyboard.press("ArrowRight");
    await count(tree.locator(".ant-tree-node-content-wrapper", { hasText: /^6\.2 / })).toBe(1);
    // The arrow beside "7 数据运营服务".
    const cat7 = tree.locator(".ant-tree-treenode", { has: page.locator(".ant-tree-node-content-wrapper", { hasText: /^7 数据运营服务/ }) });
    await cat7.locator(".ant-tree-switcher").click();
    await count(tree.locator(".ant-tree-treenode", { hasText: "7.2 " })).toBe(1);
    // A double-click on a type's name opens it (and leaves it open).
    await tree.locator(".ant-tree-node-content-wrapper", { hasText: /^7\.2 / }).dblclick();
    await count(tree.locator(".ant-tree-treenode", { hasText: "7.2.b" })).toBe(1);
    // The arrow again closes 7.
    // (after the opening motion: a click during it is taken by the moving node)
    await page.waitForFunction(() => document.querySelector(".ant-drawer .ant-tree-treenode-motion") === null);
    await cat7.locator(".ant-tree-switcher").click();
    await count(tree.locator(".ant-tree-treenode", { hasText: "7.2.b" })).toBe(0);
    // Search opens the branches that hold its matches; clearing it gives back the preparer's tree.
    await page.fill(SEARCH, "7.2.b");
    await count(tree.locator(".ant-tree-treenode", { hasText: "7.2.b" })).toBe(1);
    await page.fill(SEARCH, "");
    await count(tree.locator(".ant-tree-treenode", { hasText: "7.2.b" })).toBe(0);
    await count(tree.locator(".ant-tree-node-content-wrapper", { hasText: /^6\.2 / })).toBe(1);
    await page.screenshot({ path: "/tmp/ux-catalog.png" });
    await context.close();
  });

  it("merges a conflicting save into the latest version without retyping, and lets the preparer choose where both changed a line", async () => {
    const a = await signIn(h.browser, h.url, ZHANG);
    const url = await newBudget(a.page, "合并测试");
    await addLine(a.page, "6.2.a", "12");
    await addLine(a.page, "8.1.a", "6");
    await save(a.page, "初稿");
    await text(a.page.locator("[data-testid=save-state]")).toBe("已保存 v2");

    const b = await signIn(h.browser, h.url, LI);
    await b.page.goto(url);
    await b.page.waitForSelector('[data-line="1"]');

    // 张敏 changes line 1 (6.2.a 12 → 10) and saves v3.
    await a.page.fill('[data-line="0"] input[data-pm]', "10");
    await save(a.page, "调减咨询");
    await text(a.page.locator("[data-testid=save-state]")).toBe("已保存 v3");

    // 李强, on v2, changes line 2 (8.1.a 6 → 8) and adds 9.1.a: refused, then merged.
    await b.page.fill('[data-line="1"] input[data-pm]', "8");
    await addLine(b.page, "9.1.a", "3");
    await save(b.page, "增加优化");
    await text(b.page.locator("[data-testid=conflict]")).toContain("张敏");
    await text(b.page.locator(".ant-modal-title")).toContain("张敏 已保存了新版本");
    await b.page.click("[data-testid=conflict-merge]");
    await count(b.page.locator("[data-testid=conflict]")).toBe(0);
    await value(b.page.locator('[data-line="0"] input[data-pm]')).toBe("10");
    await value(b.page.locator('[data-line="1"] input[data-pm]')).toBe("8");
    await value(b.page.locator('[data-line="2"] input[data-pm]')).toBe("3");
    await save(b.page, "增加优化");
    await text(b.page.locator("[data-testid=save-state]")).toBe("已保存 v4");

    // Both change line 1: 李强 saves 9 (v5); 张敏, still on v3, typed 11: she chooses between them.
    await b.page.fill('[data-line="0"] input[data-pm]', "9");
    await save(b.page, "再调");
    await text(b.page.locator("[data-testid=save-state]")).toBe("已保存 v5");
    await a.page.fill('[data-line="0"] input[data-pm]', "11");
    await save(a.page, "我的调整");
    await a.page.click("[data-testid=conflict-merge]");
    const conflict = a.page.locator("[data-testid=merge-conflict]");
    await count(conflict).toBe(1);
    await text(conflict).toContain("6.2.a 11 人月");
    await text(conflict).toContain("6.2.a 9 人月");
    await a.page.screenshot({ path: "/tmp/ux-merge.png" });
    await conflict.locator("[data-testid=merge-theirs]").click();
    await a.page.click("[data-testid=merge-done]");
    await value(a.page.locator('[data-line="0"] input[data-pm]')).toBe("9");
    // 8.1.a 8 and 9.1.a 3 came from v5 untouched.
    await count(a.page.locator("[data-line]")).toBe(3);
    await b.context.close();

    // The same user in another tab: said so, not "他人".
    const other = await a.context.newPage();
    await other.goto(url);
    await other.waitForSelector('[data-line="0"]');
    await a.page.fill('[data-line="1"] input[data-pm]', "7");
    await save(a.page, "标签页一");
    await text(a.page.locator("[data-testid=save-state]")).toBe("已保存 v6");
    await other.fill('[data-line="2"] input[data-pm]', "4");
    await save(other, "标签页二");
    await text(other.locator("[data-testid=conflict]")).toContain("您本人");
    await text(other.locator(".ant-modal-title")).toContain("您已在另一个窗口或标签页保存了新版本");
    await a.context.close();
  });

  it("names fields as the screen does, takes amounts with thousands separators, and keeps errors, warnings and hints apart", async () => {
    const { context, page } = await signIn(h.browser, h.url, ZHANG);
    await newBudget(page, "提示测试");
    // 7.2.b (根据实际情况确定) with the units left empty: the warning speaks of 单位数 and 协同难度级别.
    await addLine(page, "7.2.b", "24");
    const warn = page.locator('[data-line="0"] .gc-issue.warning');
    await text(warn).toContain("未填单位数或协同难度级别");
    await text(warn).not.toMatch(/units|collaboration/);
    await page.fill('[data-line="0"] [data-units]', "0");
    await text(page.locator('[data-line="0"] .gc-issue.error')).toContain("单位数应 ≥ 1");
    await text(page.locator('[data-line="0"] .gc-issue.error')).not.toContain("units");
    await page.fill('[data-line="0"] [data-units]', "3");

    // 业务费 6,500 and full-width ８０００: read as 6500 and 8000.
    await page.click("[data-testid=add-business]");
    const box = page.locator("[data-testid=cost-business]");
    await box.locator("input[aria-label$=名称]").last().fill("专家评审会");
    await box.locator("input[aria-label$='金额（元）']").last().fill("6,500");
    await page.click("[data-testid=add-business]");
    await box.locator("input[aria-label$=名称]").last().fill("培训");
    await box.locator("input[aria-label$='金额（元）']").last().fill("８０００");
    // 7.2.b F2 (3 units): 1.2 × 1.2 × 1.2 = 1.728 → 第三档 28,500 × 24 = 684,000.00; S1 (2 人年).
    // T = 6,500 + 8,000 = 14,500.00; C = 684,000.00 + 14,500.00 = 698,500.00
    await text(page.locator("[data-testid=total-c]")).toBe("698,500.00");
    await count(page.locator("[data-testid=banner-errors]")).toBe(0);

    // A wrong amount: the example is money, and the banner speaks of a cost item, not of a line.
    await box.locator("input[aria-label$='金额（元）']").last().fill("八千");
    await text(box).toContain("不是有效金额");
    await text(box).toContain("6500");
    await text(box).not.toContain('"6.5"');
    await text(page.locator("[data-testid=banner-errors]")).toContain("1 项非人力成本");
    await text(page.locator("[data-testid=banner-errors]")).not.toContain("行服务内容");
    await box.locator("input[aria-label$='金额（元）']").last().fill("8000");
    await count(page.locator("[data-testid=banner-errors]")).toBe(0);

    // Over 5 人年 (S2): the scale hint is a hint, in its own box, not in a red one.
    await page.fill('[data-line="0"] input[data-pm]', "61");
    await count(page.locator("[data-testid=banner-errors]")).toBe(0);
    await page.screenshot({ path: "/tmp/ux-banners.png", fullPage: true });
    // Printing: no sidebar, and the P×Q column on the page.
    await page.emulateMedia({ media: "print" });
    await count(page.locator(".ant-layout-sider:visible")).toBe(0);
    expect(await page.locator('[data-line="0"] [data-amount]').isVisible()).toBe(true);
    await page.screenshot({ path: "/tmp/ux-print.png", fullPage: true });
    await page.emulateMedia({ media: "screen" });
    // 61 人月 = 5.08 人年 > 5 → S2 0.98 (表A.4), just past the 60 人月 boundary: the scale-cliff hint.
    await text(page.locator("[data-testid=banner-hints]")).toContain("1 条提示");
    await text(page.locator("[data-testid=banner-hints]")).toContain("S2 0.98");
    await count(page.locator("[data-testid=banner-warnings]")).toBe(0);
    // A warning shown under its line (units left empty: F1 taken, as table 4 allows) is counted above too.
    await page.fill('[data-line="0"] [data-units]', "");
    await text(page.locator('[data-line="0"] .gc-issue.warning')).not.toBe("");
    await text(page.locator("[data-testid=banner-warnings]")).toContain("1 条警告");
    await text(page.locator("[data-testid=banner-warnings]")).toContain("其中 1 条见相应的服务行或费用下方");
    await context.close();
  });

  it("answers an unknown id, labels F-levels by their meaning, and does not mark a new line red before typing", async () => {
    const { context, page } = await signIn(h.browser, h.url, ZHANG);
    // A long name is shown whole in the header (wrapped), not cut off.
    const long = "某市政务服务数据管理局2026年度政务信息化项目系统业务运营服务（数据运营与平台运营）录入测试";
    await newBudget(page, long);
    const title = page.locator("[data-testid=toolbar-name]");
    await value(title).toBe(long);
    expect(await title.evaluate((el) => el.scrollHeight <= el.clientHeight + 1 && el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    // Nothing changed since v1: saving says so rather than make a v2 equal to it.
    await page.keyboard.press("Control+s");
    await text(page.locator(".ant-message")).toContain("没有未保存的修改：当前内容就是已保存的 v1");
    await count(page.locator("[data-testid=save-comment]")).toBe(0);
    await page.fill("[data-testid=add-line]", "7.2.z");
    await page.keyboard.press("Enter");
    await text(page.locator(".ant-message")).toContain("标准中没有编号或名称为“7.2.z”的服务内容");
    await count(page.locator("[data-line]")).toBe(0);

    await page.fill("[data-testid=add-line]", "7.2.b");
    await page.keyboard.press("Enter");
    await page.locator('[data-line="0"]').waitFor();
    // Nothing typed yet: the workload is not marked as an error.
    await count(page.locator('[data-line="0"] .gc-issue.error')).toBe(0);
    await count(page.locator('[data-line="0"] .gc-err')).toBe(0);
    // Nor is it counted in the error banner.
    await count(page.locator("[data-testid=banner-errors]")).toBe(0);
    // The units box does not show a 1 it does not hold.
    expect(await page.locator('[data-line="0"] [data-units]').getAttribute("placeholder")).toBe("未填");
    await page.selectOption('[data-line="0"] select[aria-label$="协同难度填法"]', "level");
    const options = await page.locator('[data-line="0"] select[aria-label$="协同难度级别"] option').allTextContents();
    // F3 as Table A.3 has it: 6 or more units (Table B.2's column says 跨5个部门以上, which A.3 makes precise).
    expect(options).toEqual(["未填（F1）", "F1 本部门", "F2 跨2–5个单位", "F3 跨6个及以上单位"]);
    // Leaving the empty workload marks it (here by pressing 从目录选择: the button still takes that click,
    // the message under the line appearing only once the click is over).
    await page.locator('[data-line="0"] input[data-pm]').focus();
    await page.click("text=从目录选择");
    await text(page.locator('[data-line="0"] .gc-issue.error')).toContain("请填写工作量");
    await text(page.locator("[data-testid=banner-errors]")).toContain("有 1 处输入错误（1 行服务内容）");
    // Added from the catalogue: not red nor counted either, and its workload takes the focus once the drawer has closed.
    await page.fill(SEARCH, "7.2.b");
    await page.locator("[data-testid=catalog-tree] .ant-tree-node-content-wrapper", { hasText: /^7\.2\.b/ }).click();
    await page.click("[data-testid=catalog-add]");
    await page.locator('[data-line="1"]').waitFor();
    await page.waitForFunction(() => document.activeElement?.matches('[data-line="1"] input[data-pm]') === true);
    await count(page.locator('[data-line="1"] .gc-err')).toBe(0);
    await text(page.locator("[data-testid=banner-errors]")).toContain("有 1 处输入错误（1 行服务内容）");
    // Saving now: the dialog says where the errors are, the new line's empty workload included (now marked),
    // and its 保存 cannot be pressed.
    await page.click("[data-testid=save]");
    await text(page.locator("[data-testid=save-errors]")).toContain("有 2 处输入错误（2 行服务内容），修正后才能保存");
    expect(await page.locator(".ant-modal-footer .ant-btn-primary").isDisabled()).toBe(true);
    await count(page.locator('[data-line="1"] .gc-err')).toBe(1);
    await page.keyboard.press("Escape");
    await count(page.locator("[data-testid=save-comment]")).toBe(0);
    // Units that are no whole number are answered in the box's words, not the file format's type error.
    await page.selectOption('[data-line="0"] select[aria-label$="协同难度填法"]', "units");
    await page.fill('[data-line="0"] [data-units]', "2.5");
    await text(page.locator('[data-line="0"] [data-issue-field="units"]')).toBe("✖ 单位数：应为整数（涉及的独立法人单位个数，如 3）");
    await context.close();
  });

  it("a form sent with a field that breaks its rules says so under the field, and the page has no uncaught error", async () => {
    const { context, page } = await signIn(h.browser, h.url, ZHANG);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.click("text=新建预算");
    await page.fill("[data-testid=budget-name-input]", "");
    await page.keyboard.press("Enter");
    await text(page.locator(".ant-modal .ant-form-item-explain-error")).not.toBe("");
    await page.waitForTimeout(300);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("asks before leaving the editor through the sidebar with unsaved edits, and the list shows the local draft", async () => {
    const { context, page } = await signIn(h.browser, h.url, ZHANG);
    await newBudget(page, "离开测试");
    await addLine(page, "6.2.a", "12");
    await text(page.locator("[data-testid=save-state]")).toBe("有未保存的修改");
    await page.click(".ant-menu >> text=预算管理");
    await text(page.locator(".ant-modal-confirm")).toContain("有未保存的修改");
    await page.locator(".ant-modal-confirm button", { hasText: "留在此页" }).click();
    await count(page.locator(".ant-modal-confirm")).toBe(0);
    await count(page.locator("[data-line]")).toBe(1);
    await page.click(".ant-menu >> text=预算管理");
    await page.locator(".ant-modal-confirm button", { hasText: "离开此页" }).click();
    const row = page.locator(".ant-table-row", { hasText: "离开测试" });
    await text(row.locator("[data-testid=local-draft]")).toBe("本机草稿");
    await context.close();
  });

  it("while the next page is on its way, the page being left takes no clicks and says it is busy", async () => {
    const { context, page } = await signIn(h.browser, h.url, ZHANG);
    await page.waitForSelector("[data-testid=budget-search]");
    // Hold back the code of 审核进度, as a slow network or a loaded machine would.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/assets\/ReviewList-[^/]*\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.click(".ant-menu >> text=审核进度");
    // The budget list stays on screen, marked busy; what is under its 新建预算 button is not the button.
    await count(page.locator(".gc-content[aria-busy=true]")).toBe(1);
    await text(page.locator(".ant-card-head")).toContain("预算管理");
    const box = await page.locator("button:has-text('新建预算')").boundingBox();
    expect(box).not.toBeNull();
    const hit = await page.evaluate(([x, y]) => document.elementFromPoint(x as number, y as number)?.closest("button")?.textContent ?? null, [(box?.x ?? 0) + (box?.width ?? 0) / 2, (box?.y ?? 0) + (box?.height ?? 0) / 2]);
    expect(hit).toBeNull();
    release();
    await text(page.locator(".ant-card-head")).toContain("审核进度");
    await count(page.locator(".gc-content[aria-busy]")).toBe(0);
    await context.close();
  });

  it("keeps rate tiers from decreasing and starts a new profile from Table B.1; offers an administrator without a department no budget creation", async () => {
    const { context, page } = await signIn(h.browser, h.url, ROOT);
    await count(page.locator("button", { hasText: "新建预算" })).toBe(0);
    await count(page.locator("button", { hasText: "导入" })).toBe(0);
    await text(page.locator("[data-testid=no-department]")).toContain("不属于任何部门");

    await page.click(".ant-menu >> text=费率方案");
    await page.click("text=新建费率方案");
    const modal = page.locator(".ant-modal:visible");
    await value(modal.locator("#r0")).toBe("16500");
    await value(modal.locator("#r4")).toBe("46500");
    await modal.locator("#name").fill("测试方案");
    // 第三档 below 第二档 (22,500): refused, with the tier named.
    await modal.locator("#r2").fill("21000");
    await modal.locator(".ant-btn-primary").click();
    await text(modal).toContain("第三档不能低于第二档");
    // "29,500" is read as 29500.
    await modal.locator("#r2").fill("29,500");
    await modal.locator("#r3").fill("35,000");
    await modal.locator(".ant-btn-primary").click();
    await allText(page.locator(".ant-table-tbody")).toContain("29,500");
    await context.close();
  });

  it("adds a block of rows pasted from a spreadsheet, names the rows it could not read, and fills a pasted column of workloads downwards", async () => {
    const { context, page } = await signIn(h.browser, h.url, ZHANG);
    await newBudget(page, "粘贴测试");
    await paste(page, "[data-testid=add-line]", "7.2.b\t24\t3\n业务咨询与受理\t12\t\n7.2.z\t5\t\n8.1.a\t6.5\t\n");
    await count(page.locator("[data-line]")).toBe(3);
    await text(page.locator("[data-testid=paste-problems]")).toContain("第 3 行：标准中没有服务内容“7.2.z”，未添加");
    // 7.2.b F2 (3 units): 28,500 × 24 = 684,000.00; 6.2.a F1: 16,500 × 12 = 198,000.00;
    // 8.1.a F1: 2.25 → 第三档 28,500 × 6.5 = 185,250.00; Σ = 1,067,250.00; 42.5 人月 → S1 1.00.
    await text(page.locator("[data-testid=total-c]")).toBe("1,067,250.00");
    // A column of workloads pasted into line 2 fills lines 2 and 3.
    await paste(page, '[data-line="1"] input[data-pm]', "10\n8\n");
    await value(page.locator('[data-line="1"] input[data-pm]')).toBe("10");
    await value(page.locator('[data-line="2"] input[data-pm]')).toBe("8");
    await value(page.locator('[data-line="0"] input[data-pm]')).toBe("24");
    // 684,000.00 + 16,500 × 10 + 28,500 × 8 = 684,000.00 + 165,000.00 + 228,000.00 = 1,077,000.00
    await text(page.locator("[data-testid=total-c]")).toBe("1,077,000.00");
    // Grouped by chapter: 6 holds 6.2.a (165,000.00), 7 holds 7.2.b (684,000.00), 8 holds 8.1.a (228,000.00).
    await page.getByRole("checkbox", { name: "按章节分组" }).check();
    await text(page.locator("[data-testid=subtotal-6]")).toBe("小计 165,000.00");
    await text(page.locator("[data-testid=subtotal-7]")).toBe("小计 684,000.00");
    await text(page.locator("[data-testid=subtotal-8]")).toBe("小计 228,000.00");
    await page.locator('[data-group="7"] button').click();
    await count(page.locator("[data-line]")).toBe(2);
    await page.screenshot({ path: "/tmp/ux-grouped.png" });
    await page.locator('[data-group="7"] button').click();
    await page.getByRole("checkbox", { name: "按章节分组" }).uncheck();
    await count(page.locator("[data-line]")).toBe(3);
    // Filtered by text (id, name or note): the others are hidden, the totals are the whole budget's.
    await page.fill("[data-testid=line-filter] input, input[data-testid=line-filter]", "咨询");
    await count(page.locator("[data-line]")).toBe(1);
    await text(page.locator("[data-line]")).toContain("6.2.a");
    await text(page.locator("[data-testid=line-filter-count]")).toBe("显示 1 / 3 行");
    await text(page.locator("[data-testid=total-c]")).toBe("1,077,000.00");
    await page.fill("[data-testid=line-filter] input, input[data-testid=line-filter]", "8.1");
    await count(page.locator("[data-line]")).toBe(1);
    await text(page.locator("[data-line]")).toContain("8.1.a");
    await page.fill("[data-testid=line-filter] input, input[data-testid=line-filter]", "");
    await count(page.locator("[data-line]")).toBe(3);
    // Select lines 1 and 3 and delete them together: 6.2.a 10 人月 stays, 16,500 × 10 = 165,000.00.
    await page.locator('[data-line="0"] input[data-select]').check();
    await page.locator('[data-line="2"] input[data-select]').check();
    await text(page.locator("[data-testid=remove-selected]")).toContain("删除所选 2 行");
    await page.click("[data-testid=remove-selected]");
    // Asked first, with the lines named (7.2.b 数据采集与清洗 and 8.1.a 业务优化与改进).
    await text(page.locator("[data-testid=remove-selected-list]")).toContain("7.2.b 数据采集与清洗");
    await text(page.locator("[data-testid=remove-selected-list]")).toContain("8.1.a 业务优化与改进");
    await clickInModal(page, ".ant-btn-dangerous");
    await count(page.locator("[data-line]")).toBe(1);
    await text(page.locator('[data-line="0"]')).toContain("6.2.a");
    await text(page.locator("[data-testid=total-c]")).toBe("165,000.00");
    await count(page.locator("[data-testid=remove-selected]")).toBe(0);
    await context.close();
  });
});
