/**
 * First-run setup and administration, importing budget files and workbooks, the local draft
 * that survives a reload, and the English switch — against a real server, in Chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { allText, clickInModal, count, popupSettled, signIn, startHarness, text, value, type Harness } from "./harness.js";

const ZHAO = { username: "zhao", password: "zhao-pass-1", displayName: "赵磊", department: "市交通运输局" };
const ADMIN = { username: "root", password: "admin-pass-99", displayName: "系统管理员" };

let h: Harness;
const logs: string[] = [];
const files = mkdtempSync(join(tmpdir(), "govcost-web-files-"));

beforeAll(async () => {
  // Only a preparer: the first administrator is still to be set up through /setup.
  h = await startHarness([ZHAO], (line) => logs.push(line));
});

afterAll(async () => {
  await h?.close();
});

describe("setup, administration, import, drafts", { timeout: 120_000 }, () => {
  it("sets up the first administrator with the one-time link, who then manages users, departments and rate profiles", async () => {
    const token = /\/setup\?token=(\S+)/.exec(logs.join("\n"))?.[1];
    expect(token).toBeTruthy();
    const context = await h.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${h.url}/setup?token=${token}`);
    await value(page.locator("#token")).toBe(token);
    await page.fill("#username", ADMIN.username);
    await page.fill("#displayName", ADMIN.displayName);
    await page.fill("#password", ADMIN.password);
    await page.fill("#confirm", ADMIN.password);
    await page.click("button[type=submit]");
    await text(page.locator(".ant-result-title")).toBe("管理员已创建");
    await context.close();

    const { context: c2, page: admin } = await signIn(h.browser, h.url, ADMIN);
    await admin.click("text=用户与部门");
    await allText(admin.locator(".ant-table-tbody")).toContain("赵磊");
    // A department, then an account in it.
    await admin.click(".ant-tabs-tab >> text=部门管理");
    await admin.click("text=新建部门");
    await admin.fill(".ant-modal:visible input#name", "市卫生健康委员会");
    await clickInModal(admin, ".ant-btn-primary");
    await allText(admin.locator(".ant-table-tbody")).toContain("市卫生健康委员会");
    await admin.click(".ant-tabs-tab >> text=用户");
    // The dialog's first field takes the focus, and Esc closes it.
    await admin.click("text=新建账户");
    await admin.waitForFunction(() => document.activeElement?.id === "username");
    await admin.keyboard.press("Escape");
    await count(admin.locator(".ant-modal:visible")).toBe(0);
    await admin.click("text=新建账户");
    await admin.fill(".ant-modal:visible input#username", "sun");
    await admin.fill(".ant-modal:visible input#displayName", "孙悦");
    await admin.click(".ant-modal:visible #departmentId");
    await popupSettled(admin, "select-dropdown");
    await admin.click(".ant-select-item-option >> text=市卫生健康委员会");
    await admin.fill(".ant-modal:visible input#password", "sun-pass-123");
    await clickInModal(admin, ".ant-btn-primary");
    await allText(admin.locator(".ant-table-tbody")).toContain("孙悦");

    // A rate profile (表B.1 注2).
    await admin.click(".ant-menu >> text=费率方案");
    await admin.click("text=新建费率方案");
    await admin.fill(".ant-modal:visible input#name", "2025年某市工资价位");
    for (const [i, r] of ["17500", "23800", "30200", "37000", "49000"].entries()) await admin.fill(`.ant-modal:visible input#r${i}`, r);
    await clickInModal(admin, ".ant-btn-primary");
    await allText(admin.locator(".ant-table-tbody")).toContain("2025年某市工资价位");
    await allText(admin.locator(".ant-table-tbody")).toContain("49,000.00");

    // The audit log shows what was done.
    await admin.click(".ant-menu >> text=审计日志");
    await allText(admin.locator(".ant-table-tbody")).toContain("新建费率方案");
    await allText(admin.locator(".ant-table-tbody")).toContain("新建账户");
    await c2.close();
  });

  it("imports a budget file: located errors for a bad one, a new budget for a good one; a workbook round trip keeps the total", async () => {
    const { context, page } = await signIn(h.browser, h.url, ZHAO);
    const bad = join(files, "bad.json");
    writeFileSync(bad, JSON.stringify({ name: "有错误的预算", services: [{ item: "7.2.z", personMonths: "3" }, { item: "6.2.a", personMonths: "2.555" }] }));
    await page.setInputFiles("[data-testid=import-file]", bad);
    const dialog = page.locator(".ant-modal", { hasText: "导入失败" });
    // Each place as the screens name it, not as the file's field path.
    await text(dialog).toContain("bad.json · 第 1 行 服务内容");
    await text(dialog).toContain("7.2.z");
    await text(dialog).toContain("bad.json · 第 2 行 工作量");
    await text(dialog).toContain("小数位过多");
    await text(dialog).not.toContain("services[");
    await text(dialog).not.toContain("govcost catalog 查看");
    await dialog.locator("button", { hasText: /关\s*闭/ }).click();

    const good = join(files, "good.yaml");
    writeFileSync(
      good,
      [
        "name: 导入测试预算",
        "services:",
        "  - item: 9.1.a      # T3 B3 不涉及: 1.5 × 1.5 = 2.25 → 第三档 28,500 × 4 = 114,000.00",
        "    personMonths: 4",
        "  - item: 8.2.a      # T1 B3, 4 units → F2: 1.0 × 1.5 × 1.2 = 1.8 → 第三档 28,500 × 10 = 285,000.00",
        "    personMonths: 10",
        "    units: 4",
        "nonLabor:",
        "  business:",
        "    - name: 调研差旅",
        '      amount: "12000.25"',
        "",
      ].join("\n"),
    );
    await page.setInputFiles("[data-testid=import-file]", good);
    // A preview first: nothing is saved until 导入 is pressed.
    // Σ P×Q = 399,000.00; 14 人月 = 1.17 人年 → S1 1.00; L = 399,000.00; T = 12,000.25; C = 411,000.25
    const preview = page.locator(".ant-modal", { hasText: "导入预览" });
    await text(preview.locator("[data-testid=import-totals]")).toContain("411,000.25");
    await text(preview.locator("[data-testid=import-totals]")).toContain("399,000.00");
    await count(preview.locator("[data-testid=import-lines] .ant-table-row")).toBe(2);
    await text(preview.locator("[data-testid=import-lines]")).toContain("285,000.00");
    await value(preview.locator("[data-testid=import-name]")).toBe("导入测试预算");
    await count(preview.getByText("本部门已有同名预算", { exact: false })).toBe(0);
    await preview.locator("[data-testid=import-create]").click();
    await text(page.locator("[data-testid=total-c]")).toBe("411,000.25");
    await text(page.locator('[data-line="1"]')).toContain("→F2");

    // Export the workbook and import it back: the same figures.
    await page.click("[data-testid=export]");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=export-xlsx]")]);
    const xlsx = join(files, "roundtrip.xlsx");
    await download.saveAs(xlsx);
    await page.click(".ant-menu >> text=预算管理");
    await page.setInputFiles("[data-testid=import-file]", xlsx);
    // The same name exists now: the preview says so, and the import still creates a second budget.
    const again = page.locator(".ant-modal", { hasText: "导入预览" });
    await text(again).toContain("本部门已有同名预算");
    await text(again.locator("[data-testid=import-totals]")).toContain("411,000.25");
    await again.locator("[data-testid=import-create]").click();
    await page.waitForSelector('[data-line="1"]');
    await text(page.locator("[data-testid=total-c]")).toBe("411,000.25");
    await page.click(".ant-menu >> text=预算管理");
    await text(page.locator(".ant-table-tbody")).toContain("导入测试预算");
    await context.close();

    // The audit log says 导入预算, with the file, not 新建预算.
    const { context: c2, page: admin } = await signIn(h.browser, h.url, ADMIN);
    await admin.click(".ant-menu >> text=审计日志");
    await admin.click("[data-testid=audit-action]");
    // the option list is virtual: type to find the action
    await admin.keyboard.type("导入预算");
    await popupSettled(admin, "select-dropdown");
    await admin.click(".ant-select-item-option >> text=导入预算");
    await count(admin.locator(".ant-table-tbody .ant-table-row")).toBe(2);
    await allText(admin.locator(".ant-table-tbody")).toContain("文件 good.yaml");
    await allText(admin.locator(".ant-table-tbody")).toContain("预算“导入测试预算”");
    await c2.close();
  });

  it("keeps unsaved edits in the browser and offers them back after a reload", async () => {
    const { context, page } = await signIn(h.browser, h.url, ZHAO);
    await page.locator(".ant-table-tbody a", { hasText: "导入测试预算" }).first().click();
    await page.fill('[data-line="0"] input[data-pm]', "5");
    // 9.1.a now 5 人月: 28,500 × 5 = 142,500.00; C = 411,000.25 + 28,500.00 = 439,500.25
    await text(page.locator("[data-testid=total-c]")).toBe("439,500.25");
    // The draft is written to this browser a moment after the last keystroke: wait until it holds the edit.
    await page.waitForFunction(() =>
      Object.keys(localStorage).some((k) => k.startsWith("govcost:draft:") && (JSON.parse(localStorage.getItem(k) ?? "{}") as { draft?: { services?: { personMonths?: string }[] } }).draft?.services?.[0]?.personMonths === "5"),
    );
    await page.reload();
    const prompt = page.locator(".ant-modal-confirm", { hasText: "发现未保存的草稿" });
    await prompt.locator("button", { hasText: "恢复草稿" }).click();
    await value(page.locator('[data-line="0"] input[data-pm]')).toBe("5");
    await text(page.locator("[data-testid=total-c]")).toBe("439,500.25");
    await text(page.locator("[data-testid=save-state]")).toBe("有未保存的修改");
    await context.close();
  });

  it("switches to English and back", async () => {
    const { context, page } = await signIn(h.browser, h.url, ZHAO);
    await page.click(".ant-segmented-item >> text=EN");
    await text(page.locator(".ant-menu")).toContain("Budgets");
    await text(page.locator(".gc-brand")).toContain("Government IT Operation Services Cost Estimation");
    // The server answers in English too: a common password refused, and a budget file's located problems.
    await page.click("[data-testid=current-user]");
    await page.click("[data-testid=menu-password]");
    await page.fill(".ant-modal:visible input#oldPassword", ZHAO.password);
    await page.fill(".ant-modal:visible input#newPassword", "password123");
    await page.fill(".ant-modal:visible input#confirm", "password123");
    await clickInModal(page, ".ant-btn-primary");
    await text(page.locator(".ant-modal:visible")).toContain("This is a common password, easily guessed; choose another");
    await clickInModal(page, ".ant-btn:not(.ant-btn-primary)");
    const bad = join(files, "bad-en.json");
    writeFileSync(bad, JSON.stringify({ name: "x", services: [{ item: "7.2.z", personMonths: "3" }] }));
    await page.setInputFiles("[data-testid=import-file]", bad);
    const dialog = page.locator(".ant-modal:visible");
    await text(dialog).toContain("bad-en.json has 1 problem(s)");
    await text(dialog).toContain("bad-en.json · line 1 Service item");
    expect(await dialog.locator(".ant-list").textContent()).not.toMatch(/[\u4e00-\u9fff]/);
    await dialog.locator(".ant-btn").first().click();
    await page.click(".ant-segmented-item >> text=中文");
    await text(page.locator(".ant-menu")).toContain("预算管理");
    await context.close();
  });

  it("prices with a rate profile chosen in the editor, and the server's saved figures agree", async () => {
    const { context, page } = await signIn(h.browser, h.url, ZHAO);
    await page.locator(".ant-table-tbody a", { hasText: "导入测试预算" }).first().click();
    await text(page.locator("[data-testid=total-c]")).toBe("411,000.25");
    await page.click(".ant-card-extra .ant-select");
    await popupSettled(page, "select-dropdown");
    await page.click(".ant-select-item-option >> text=2025年某市工资价位");
    // Tiers from the profile: 第三档 30,200. 9.1.a 30,200 × 4 = 120,800.00; 8.2.a 30,200 × 10 = 302,000.00;
    // Σ = 422,800.00, S1 → L = 422,800.00; T = 12,000.25; C = 434,800.25
    await text(page.locator("[data-testid=total-c]")).toBe("434,800.25");
    await text(page.locator(".ant-alert")).toContain("已按表B.1 注2 替换基准人月费率");
    await page.keyboard.press("Control+s");
    await page.fill("[data-testid=save-comment]", "改用本市费率方案");
    await page.keyboard.press("Enter");
    await text(page.locator("[data-testid=save-state]")).toBe("已保存 v2");
    await page.click(".ant-menu >> text=预算管理");
    await text(page.locator(".ant-table-row", { hasText: "导入测试预算" }).first()).toContain("434,800.25");
    await context.close();
  });
});
