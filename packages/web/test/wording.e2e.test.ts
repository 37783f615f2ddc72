/**
 * In Chromium against a real server: services priced outside formula (1) entered in the editor,
 * the budget list (year, search, sort, new from the example or from a budget as template), and a
 * walk over every page and export in both languages that fails on any internal name on screen.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import type { BrowserContext, Page } from "playwright-core";
import { PROBLEMS, REASON_CODES, WARNINGS } from "@govcost/core";
import { allText, clickInModal, count, popupSettled, signIn, startHarness, text, value, type Harness } from "./harness.js";

const ZHANG = { username: "zhang", password: "zhang-pass-1", displayName: "张敏", department: "市政务服务数据管理局" };
const ROOT = { username: "root", password: "root-pass-99", displayName: "系统管理员", department: "", role: "admin" as const };

let h: Harness;
/** The budget made from the example (with services outside formula (1)), used by the walk. */
let exampleUrl = "";

beforeAll(async () => {
  h = await startHarness([ZHANG, ROOT]);
});

afterAll(async () => {
  await h?.close();
});

async function save(page: Page, comment: string, version: number): Promise<void> {
  await page.click("[data-testid=save]");
  await page.fill("[data-testid=save-comment]", comment);
  await page.keyboard.press("Enter");
  await text(page.locator(".ant-message")).toContain(`已保存为版本 v${version}`);
}

/** 新建预算 with a source, a name and a year; the editor opens. */
async function newBudget(page: Page, source: "空白预算" | "示例预算", name: string, year: string): Promise<void> {
  await page.click("button:has-text('新建预算')");
  await page.locator(".ant-modal:visible label", { hasText: source }).click();
  await page.fill("[data-testid=budget-name-input]", name);
  await page.fill("[data-testid=budget-year-input]", year);
  await clickInModal(page, ".ant-btn-primary");
  await page.waitForSelector("[data-testid=add-line]");
}

/*
 * The example budget (core's EXAMPLE_BUDGET_YAML, standard rates):
 *   7.2.b 24 人月, 3 units → F2: 1.2 × 1.2 × 1.2 = 1.728 → 第三档 28500 × 24 = 684000.00
 *   7.1.b 6 人月: 1.2 × 1.5 × 1.0 = 1.8 → 第三档 28500 × 6 = 171000.00
 *   8.2.d 6.5 人月, F3: 1.5 × 2.0 × 1.5 = 4.5 → 第五档 46500 × 6.5 = 302250.00
 *   8.3.e 12 人月, method 2: 表B.2 22500 (第二档) × 12 = 270000.00
 *   Σ Q = 48.5 人月 = 4.04 人年 → S1 1.00; L = 1427250.00
 *   T = 50000 + 36000 + 8000 = 94000.00; C = 1521250.00
 * With 6.1.b at 120,000.00 outside formula (1): 合计（含公式外）= 1521250.00 + 120000.00 = 1641250.00
 */
describe("services priced outside formula (1) in the editor", { timeout: 180_000 }, () => {
  it("adds, checks, changes and removes them, and shows C + them as 合计（含公式外）", async () => {
    const { context, page } = await signIn(h.browser, h.url, ZHANG);
    await newBudget(page, "示例预算", "2026年度数据运营服务", "2026");
    exampleUrl = page.url();
    await text(page.locator("[data-testid=total-c]")).toBe("1,521,250.00");
    await count(page.locator("[data-testid=summary-grand-total]")).toBe(0);

    await page.click("[data-testid=add-external]");
    const first = page.locator("[data-testid=external-0]");
    // Not yet chosen: the entry says what is missing, at its fields, and C is unchanged.
    await allText(first.locator(".gc-issue")).toContain("服务内容：请选择服务内容（6.1.a–6.1.d 或 8.5.a–8.5.d）");
    await allText(first.locator(".gc-issue")).toContain("金额：请填写金额（元）");
    await allText(first.locator(".gc-issue")).toContain("计价依据：请填写计价依据");
    await text(page.locator("[data-testid=banner-errors]")).toContain("项公式(1)之外的服务");
    // The item's own name comes with the item.
    await first.locator("select").selectOption("6.1.b");
    await value(first.locator("input[placeholder='名称']")).toBe("设施效能监管与评估");
    // Thousands separators are accepted, as in every amount.
    await first.locator("input[inputmode=decimal]").fill("120,000");
    await allText(first.locator(".gc-issue")).toBe("计价依据：请填写计价依据");
    await first.locator("input[placeholder^='计价依据']").fill("按市政务外网运营服务预算标准（6.1.2）");
    await count(first.locator(".gc-issue")).toBe(0);
    await count(page.locator("[data-testid=banner-errors]")).toBe(0);
    await text(page.locator("[data-testid=external-sum]")).toContain("120,000.00");
    await text(page.locator("[data-testid=summary-external]")).toBe("120,000.00");
    await text(page.locator("[data-testid=summary-grand-total]")).toBe("1,641,250.00");
    await text(page.locator("[data-testid=grand-total-in-words]")).toBe("人民币壹佰陆拾肆万壹仟贰佰伍拾元整");
    // C itself stays C = L + T: the services outside formula (1) do not enter it.
    await text(page.locator("[data-testid=total-c]")).toBe("1,521,250.00");
    // Its trail says how the grand total is made.
    // Scrolled to first: a scroll closes the trail (its anchor moves away).
    await page.locator("[data-testid=summary-grand-total]").scrollIntoViewIfNeeded();
    await page.click("[data-testid=summary-grand-total]");
    await text(page.locator("[data-testid=figure-trace]")).toContain("合计（含公式外）= 总成本 C 1,521,250.00 + 公式(1)之外计价的服务 120,000.00 = 1,641,250.00 元");
    await page.keyboard.press("Escape");

    // A second entry with a wrong amount is located and kept out of the totals; removing it clears the error.
    await page.click("[data-testid=add-external]");
    const second = page.locator("[data-testid=external-1]");
    await second.locator("select").selectOption("8.5.a");
    await second.locator("input[inputmode=decimal]").fill("12万");
    await second.locator("input[placeholder^='计价依据']").fill("沿用原有度量方法（8.5.2）");
    await allText(second.locator(".gc-issue")).toContain("金额：");
    await text(page.locator("[data-testid=summary-grand-total]")).toBe("1,641,250.00");
    await second.locator("button[aria-label='删除']").click();
    await count(page.locator("[data-testid=external-1]")).toBe(0);
    await count(page.locator("[data-testid=banner-errors]")).toBe(0);

    // Saved and read back.
    await save(page, "加列政务外网服务", 2);
    await page.reload();
    await text(page.locator("[data-testid=summary-grand-total]")).toBe("1,641,250.00");
    await value(page.locator("[data-testid=external-0] select")).toBe("6.1.b");
    await value(page.locator("[data-testid=external-0] input[inputmode=decimal]")).toBe("120000.00");
    await value(page.locator("[data-testid=external-0] input[placeholder^='计价依据']")).toBe("按市政务外网运营服务预算标准（6.1.2）");

    // A 6.1 item typed into the line box points to where it belongs.
    await page.fill("[data-testid=add-line]", "6.1.a");
    await page.keyboard.press("Enter");
    await text(page.locator(".ant-message")).toContain("6.1.a 属 6.1 政务网络运营服务，不按公式(1)计价：请在下方“公式(1)之外计价的服务”中添加");
    await page.fill("[data-testid=add-line]", "");
    await context.close();
  });
});

describe("the budget list", { timeout: 180_000 }, () => {
  it("shows the year, searches, filters by year, sorts, and starts a budget from another as template", async () => {
    const { context, page } = await signIn(h.browser, h.url, ZHANG);
    await newBudget(page, "空白预算", "2025年度网络运维补充", "2025");
    await page.click(".ant-menu >> text=预算管理");
    const rows = page.locator(".ant-table-tbody .ant-table-row");
    await count(rows).toBe(2);
    const names = () => rows.locator("td:first-child a").allTextContents();
    const row = (name: string) => page.locator(".ant-table-row", { has: page.locator("a", { hasText: name }) });
    await text(row("2026年度数据运营服务").locator("td").nth(1)).toBe("2026");

    // Sort by amount: 0.00 before 1,521,250.00, then the reverse.
    await page.locator(".ant-table-thead th", { hasText: "总成本 C" }).click();
    await expect.poll(names).toEqual(["2025年度网络运维补充", "2026年度数据运营服务"]);
    await page.locator(".ant-table-thead th", { hasText: "总成本 C" }).click();
    await expect.poll(names).toEqual(["2026年度数据运营服务", "2025年度网络运维补充"]);
    // By year, ascending.
    await page.locator(".ant-table-thead th", { hasText: "年度" }).click();
    await expect.poll(names).toEqual(["2025年度网络运维补充", "2026年度数据运营服务"]);

    // Search by name, then clear.
    await page.fill("[data-testid=budget-search] input", "网络");
    await expect.poll(names).toEqual(["2025年度网络运维补充"]);
    await text(page.locator(".ant-card-body")).toContain("显示 1 / 2 个预算");
    await page.fill("[data-testid=budget-search] input", "");
    await count(rows).toBe(2);
    // Filter by year.
    await page.click("[data-testid=budget-year-filter]");
    await popupSettled(page, "select-dropdown");
    await page.locator(".ant-select-item-option", { hasText: "2026年度" }).click();
    await expect.poll(names).toEqual(["2026年度数据运营服务"]);
    await page.click("[data-testid=budget-year-filter]");
    await popupSettled(page, "select-dropdown");
    await page.locator(".ant-select-item-option", { hasText: "全部年度" }).click();
    await count(rows).toBe(2);

    // 新建预算 from a budget of the department: next year's name follows the year.
    await page.click("button:has-text('新建预算')");
    await page.locator(".ant-modal:visible label", { hasText: "以本部门的预算为模板" }).click();
    await page.fill("[data-testid=budget-year-input]", "2027");
    await page.click("[data-testid=budget-template]");
    await popupSettled(page, "select-dropdown");
    await page.locator(".ant-select-item-option", { hasText: "2026年度数据运营服务" }).click();
    await value(page.locator("[data-testid=budget-name-input]")).toBe("2027年度数据运营服务");
    await clickInModal(page, ".ant-btn-primary");
    await page.waitForSelector("[data-testid=add-line]");
    // The template's latest version, with its service outside formula (1).
    await text(page.locator("[data-testid=summary-grand-total]")).toBe("1,641,250.00");
    await page.click(".ant-menu >> text=预算管理");
    await count(rows).toBe(3);
    await text(row("2027年度数据运营服务").locator("td").nth(1)).toBe("2027");

    // The row action 以此为模板 keeps the year unless changed; the name dialog changes name and year.
    await row("2025年度网络运维补充").locator("button", { hasText: "重命名" }).click();
    await value(page.locator("[data-testid=budget-year-input]")).toBe("2025");
    await page.fill("[data-testid=budget-year-input]", "");
    await clickInModal(page, ".ant-btn-primary");
    await text(row("2025年度网络运维补充").locator("td").nth(1)).toBe("—");
    await context.close();
  });
});

// ---- no internal name on any screen or export ----------------------------------------------

/** Identifiers of the budget file, the API and the store that a user must never read. */
const FIELD_NAMES = ["nonLabor", "grandTotal", "personMonths", "rateProfile", "baseVersion", "laborSubtotal", "externalTotal", "ratesName", "dataProducts", "latestVersion", "departmentId", "user:", "budget:", "rate_profile"];
/** Plain English words that are also field names: wrong on a Chinese screen, ordinary words in English mode. */
const ENGLISH_WORDS = ["services", "external", "collaboration", "units", "equipment", "business", "coefficient", "quick", "null", "undefined"];
/** Codes of problems, warnings and review reasons (they are data; their sentences are what users read). */
const CODES = [...Object.keys(PROBLEMS), ...Object.keys(WARNINGS), ...REASON_CODES].filter((c) => c.includes("_"));

function internalNames(seen: string, lang: "zh-CN" | "en"): string[] {
  const found = new Set<string>();
  for (const n of FIELD_NAMES) if (seen.includes(n)) found.add(n);
  if (lang === "zh-CN") for (const w of ENGLISH_WORDS) if (new RegExp(`\\b${w}\\b`, "i").test(seen)) found.add(w);
  for (const c of CODES) if (new RegExp(`\\b${c}\\b`).test(seen)) found.add(c);
  // Any other camelCase identifier or field path (services[2].personMonths).
  for (const m of seen.matchAll(/\b[a-z]+[A-Z][A-Za-z]*\b|\b[a-z]+\[\d+\]/g)) found.add(m[0]);
  return [...found];
}

/** What a user can read on the page: its text, and the placeholders and titles of its fields. */
async function visibleText(page: Page, exclude = ""): Promise<string> {
  return page.evaluate((ex) => {
    const skip = ex ? [...document.querySelectorAll(ex)] : [];
    for (const el of skip) el.setAttribute("data-wording-skip", "");
    const clone = document.body.cloneNode(true) as HTMLElement;
    for (const el of skip) el.removeAttribute("data-wording-skip");
    for (const el of clone.querySelectorAll("[data-wording-skip], script, style")) el.remove();
    const attrs = [...clone.querySelectorAll("[placeholder], [title], [aria-label]")].map((el) => [el.getAttribute("placeholder"), el.getAttribute("title"), el.getAttribute("aria-label")].filter(Boolean).join(" "));
    document.body.appendChild(clone);
    clone.style.position = "absolute";
    clone.style.left = "-99999px";
    const seen = clone.innerText;
    clone.remove();
    return `${seen}\n${attrs.join("\n")}`;
  }, exclude);
}

async function check(page: Page, where: string, lang: "zh-CN" | "en", exclude = "", marker = lang === "en" ? /Budgets|Sign in/ : /预算管理|登\s?录/): Promise<void> {
  const seen = await visibleText(page, exclude);
  // The page was read (not an empty shell), in the language asked for.
  expect(seen.length, where).toBeGreaterThan(40);
  expect(seen, where).toMatch(marker);
  expect(internalNames(seen, lang), `${where} (${lang})`).toEqual([]);
}

async function withLang(lang: "zh-CN" | "en", who: typeof ZHANG | typeof ROOT): Promise<{ context: BrowserContext; page: Page }> {
  const r = await signIn(h.browser, h.url, who);
  await r.page.evaluate((l) => localStorage.setItem("govcost:lang", l), lang);
  await r.page.reload();
  await r.page.waitForSelector("[data-testid=current-user]");
  return r;
}

describe("no internal name on any page or export", { timeout: 300_000 }, () => {
  it("the test's own list catches field names, paths and codes", () => {
    expect(internalNames("第 1 行：未填 units 或 collaboration；services[4].personMonths；scale_cliff；budget:3", "zh-CN").sort()).toEqual(
      ["budget:", "collaboration", "personMonths", "scale_cliff", "services", "services[4]", "units"].sort(),
    );
    expect(internalNames("F2 2–5 units; services priced outside formula (1)", "en")).toEqual([]);
  });

  for (const lang of ["zh-CN", "en"] as const) {
    it(`walks the pages a preparer and an administrator see (${lang})`, async () => {
      expect(exampleUrl).not.toBe("");
      const budgetPath = new URL(exampleUrl).pathname;
      const { context, page } = await withLang(lang, ZHANG);
      await page.waitForSelector(".ant-table-row");
      await check(page, "budget list", lang);
      // New-budget dialog with the template choice open.
      await page.locator(".ant-card-extra button").last().click();
      await page.locator(".ant-modal:visible .ant-radio-wrapper").last().click();
      await page.waitForSelector("[data-testid=budget-template]");
      await check(page, "new budget dialog", lang);
      await page.keyboard.press("Escape");

      // The editor, with a line whose collaboration is defaulted (a warning), a hotline line, and an input error.
      await page.goto(`${h.url}${budgetPath}`);
      await page.waitForSelector("[data-testid=summary-grand-total]");
      await page.fill("[data-testid=add-line]", "8.3.d");
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => document.activeElement?.hasAttribute("data-pm"));
      await page.keyboard.type("10");
      await page.fill("[data-testid=add-line]", "8.5.a");
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => document.activeElement?.hasAttribute("data-pm"));
      await page.keyboard.type("-1");
      await page.waitForSelector(".gc-issue.warning");
      await page.waitForSelector("[data-testid=banner-errors]");
      await check(page, "editor", lang);
      await text(page.locator("[data-testid=external]")).toContain(lang === "en" ? "Services priced outside formula (1)" : "公式(1)之外计价的服务");
      await page.locator("[data-testid=labor-l]").scrollIntoViewIfNeeded();
      await page.click("[data-testid=labor-l]");
      await page.waitForSelector("[data-testid=figure-trace]");
      await check(page, "trail of L", lang);
      await page.keyboard.press("Escape");
      await page.click("[data-testid=save]");
      await page.waitForSelector("[data-testid=save-comment]");
      await check(page, "save dialog", lang);
      await page.keyboard.press("Escape");

      // History and a comparison (v1 → v2 added the service outside formula (1)).
      await page.goto(`${h.url}${budgetPath}/history`);
      await page.waitForSelector("[data-testid=compare]");
      await page.click("[data-testid=compare]");
      await page.waitForSelector("[data-testid=comparison]");
      // No service line changed: said in a line, not as an empty table; the one table is the entries'.
      await page.waitForSelector("[data-testid=comparison-lines-none]");
      await count(page.locator("[data-testid=comparison] .ant-table")).toBe(1);
      await check(page, "history and comparison", lang);
      await page.locator("[data-testid^=recompute-]").first().click();
      await page.waitForSelector("[data-testid=recompute-diff]");
      await check(page, "recompute", lang);

      await page.goto(`${h.url}/rates`);
      await page.waitForSelector(".ant-table-row");
      await check(page, "rate profiles", lang);
      await context.close();

      const admin = await withLang(lang, ROOT);
      // The audit log whole: actions, objects and details as the server words them.
      for (const [path, ready, what] of [
        ["/admin/users", ".ant-table-row", "users and departments"],
        ["/rates", ".ant-table-row", "rate profiles (administrator)"],
        ["/audit", ".ant-table-row", "audit log"],
        ["/reviews", ".ant-table", "review progress (审核进度)"],
        ["/check", ".ant-upload", "batch check (批量核查)"],
      ] as const) {
        await admin.page.goto(`${h.url}${path}`);
        await admin.page.waitForSelector(ready);
        await check(admin.page, what, lang);
      }
      await admin.context.close();

      const anon = await h.browser.newContext({ locale: lang });
      const login = await anon.newPage();
      await login.addInitScript((l) => localStorage.setItem("govcost:lang", l), lang);
      await login.goto(`${h.url}/login`);
      await login.waitForSelector("#login-username");
      await check(login, "login", lang);
      // The first-run page: its form, or (the accounts exist) the word that setup is done.
      await login.goto(`${h.url}/setup`);
      await login.waitForSelector(".gc-login-card .ant-form, .gc-login-card .ant-result");
      await check(login, "setup", lang, "", lang === "en" ? /administrator|Administrator/ : /管理员/);
      await anon.close();
    });
  }

  it("says no internal name in the estimate report or the workbook", async () => {
    const id = new URL(exampleUrl).pathname.split("/").pop() as string;
    const { context } = await signIn(h.browser, h.url, ZHANG);
    const html = await (await context.request.get(`${h.url}/api/budgets/${id}/export?format=html`)).text();
    const report = html.replace(/<style>[\s\S]*?<\/style>/, "").replace(/<[^>]+>/g, " ");
    expect(report).toContain("编制单位（盖章）");
    expect(report).toContain("合计（含公式外）");
    expect(internalNames(report, "zh-CN")).toEqual([]);

    const res = await context.request.get(`${h.url}/api/budgets/${id}/export?format=xlsx`);
    expect(res.status()).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.body()) as unknown as ArrayBuffer);
    const cells: string[] = [];
    for (const ws of wb.worksheets) {
      // The hidden sheet that lets govcost read the workbook back is for govcost, not for a reader.
      if (ws.state === "veryHidden") continue;
      cells.push(ws.name);
      ws.eachRow((row) =>
        row.eachCell((c) => {
          // Hidden helper columns (govcost:line, govcost:item…) let the reader tell an edit from the export's own display.
          if (ws.getColumn(c.col).hidden) return;
          const v = c.value;
          if (typeof v === "string") cells.push(v);
          else if (v && typeof v === "object" && "richText" in v) cells.push(v.richText.map((r) => r.text).join(""));
        }),
      );
    }
    const workbook = cells.join("\n");
    expect(workbook).toContain("编制单位（盖章）：");
    expect(internalNames(workbook, "zh-CN")).toEqual([]);
    await context.close();
  });
});
