/**
 * Screenshots of the main screens for docs/user-guide.zh-CN.md, taken from the built app on a
 * real server with a demonstration budget.
 *
 *   npm run build -w @govcost/web && node packages/web/scripts/screenshots.mjs
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { addUser, startServer } from "@govcost/server";

const out = resolve(import.meta.dirname, "..", "..", "..", "docs", "screenshots");
mkdirSync(out, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), "govcost-shots-"));
const DEPT = "市政务服务数据管理局";
await addUser({ username: "admin", password: "admin-pass-1", role: "admin", displayName: "系统管理员", department: DEPT, dataDir });
await addUser({ username: "zhangmin", password: "zhang-pass-1", role: "preparer", displayName: "张敏", department: DEPT, dataDir });
await addUser({ username: "liqiang", password: "li-pass-123", role: "preparer", displayName: "李强", department: DEPT, dataDir });
await addUser({ username: "zhoushen", password: "zhou-pass-1", role: "reviewer", displayName: "周审", dataDir });
await addUser({ username: "wangfang", password: "wang-pass-1", role: "preparer", displayName: "王芳", department: "市财政局", dataDir });
const server = await startServer({ dataDir, port: 0, webRoot: resolve(import.meta.dirname, "..", "dist"), log: () => {} });

const demo = {
  name: "市政务大数据中心运营服务（2026年度）",
  services: [
    { item: "6.2.a", personMonths: "12", method: "coefficient", note: "7×8 小时服务台" },
    { item: "6.3.a", personMonths: "18", units: 2, method: "coefficient" },
    { item: "7.2.b", personMonths: "24", units: 3, method: "coefficient", note: "涉及市人社局、市卫健委" },
    { item: "7.2.c", personMonths: "10", method: "coefficient" },
    { item: "7.5.a", personMonths: "8", collaboration: "F3", method: "coefficient" },
    { item: "8.1.a", personMonths: "6.5", method: "coefficient" },
    { item: "9.1.a", personMonths: "4", method: "coefficient" },
    { item: "10.a", personMonths: "3", units: 1, method: "coefficient" },
  ],
  nonLabor: {
    dataProducts: [{ name: "企业信用数据集采购", amount: "50000" }],
    equipment: [{ name: "数据治理工具租赁", amount: "120000.50" }],
    business: [{ name: "专家评审会", amount: "8000" }],
  },
};

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
async function shot(page, name, opts = {}) {
  // Let tables finish their loading fade before the picture is taken.
  await page.waitForFunction(() => !document.querySelector(".ant-spin-blur, .ant-spin-spinning"));
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(out, `${name}.png`), ...opts });
}

async function signIn(username, password) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN", deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.fill("#login-username", username);
  await page.fill("#login-password", password);
  return { context, page };
}

async function api(page, method, url, body) {
  return page.evaluate(
    async ({ method, url, body }) => {
      const me = await (await fetch("/api/auth/me")).json();
      const r = await fetch(url, { method, headers: { "content-type": "application/json", "x-csrf-token": me.csrfToken }, body: body === undefined ? undefined : JSON.stringify(body) });
      return r.json();
    },
    { method, url, body },
  );
}

try {
  const { page } = await signIn("zhangmin", "zhang-pass-1");
  await shot(page, "01-login");
  await page.click("button[type=submit]");
  await page.waitForSelector("text=新建预算");
  const created = await api(page, "POST", "/api/budgets", { name: demo.name, document: demo, comment: "初稿" });
  const second = { ...demo, services: demo.services.map((s) => (s.item === "7.2.b" ? { ...s, personMonths: "20" } : s)).concat([{ item: "7.3.b", personMonths: "6", method: "coefficient" }]) };
  await api(page, "PUT", `/api/budgets/${created.id}`, { document: second, baseVersion: 1, comment: "按评审意见调减数据采集工作量，增加数据质量检查" });
  await api(page, "POST", "/api/budgets", { name: "政务服务网运营服务（2026年度）", document: { name: "政务服务网运营服务（2026年度）", services: [{ item: "8.2.a", personMonths: "36", units: 4, method: "coefficient" }] }, comment: "初稿" });
  await page.reload();
  await page.waitForSelector(`text=${demo.name}`);
  await shot(page, "02-budget-list");

  await page.goto(`${server.url}/budgets/${created.id}`);
  await page.waitForSelector('[data-line="8"]');
  await page.waitForTimeout(800);
  await shot(page, "03-editor", { fullPage: true });

  await page.locator('[data-line="2"] [data-amount]').click();
  await page.waitForSelector("[data-testid=line-trace]");
  await page.waitForTimeout(300);
  await shot(page, "04-trail");
  await page.keyboard.press("Escape");
  await page.mouse.click(700, 60);

  // An input error shown beside its field.
  await page.fill('[data-line="5"] input[data-pm]', "6.555");
  await page.waitForSelector('[data-issue-field="personMonths"]');
  await shot(page, "05-input-error", { clip: { x: 188, y: 150, width: 1252, height: 560 } });
  await page.fill('[data-line="5"] input[data-pm]', "6.5");

  // The catalogue.
  await page.click("text=服务目录");
  await page.fill("[data-testid=catalog-search] input, input[data-testid=catalog-search]", "清洗");
  await page.click(".ant-tree-title >> text=7.2.b 数据采集与清洗");
  await page.waitForTimeout(300);
  await shot(page, "06-catalogue");
  await page.keyboard.press("Escape");
  await page.waitForTimeout(300);

  // Version history and comparison.
  await page.goto(`${server.url}/budgets/${created.id}/history`);
  await page.waitForSelector("[data-testid=compare]");
  await page.click("[data-testid=compare]");
  await page.waitForSelector("[data-testid=comparison]");
  await shot(page, "07-history-compare", { fullPage: true });

  // A conflicting save seen by the second preparer.
  const li = await signIn("liqiang", "li-pass-123");
  await li.page.click("button[type=submit]");
  await li.page.waitForSelector("text=新建预算");
  await li.page.goto(`${server.url}/budgets/${created.id}`);
  await li.page.waitForSelector('[data-line="0"]');
  await api(page, "PUT", `/api/budgets/${created.id}`, { document: second, baseVersion: 2, comment: "补充服务台备注" });
  await li.page.fill('[data-line="0"] input[data-pm]', "14");
  await li.page.click("[data-testid=save]");
  await li.page.fill("[data-testid=save-comment]", "增加服务台工作量");
  await li.page.keyboard.press("Enter");
  await li.page.waitForSelector("[data-testid=conflict]");
  await li.page.waitForTimeout(300);
  await shot(li.page, "08-conflict");
  await li.context.close();

  // Administration.
  const admin = await signIn("admin", "admin-pass-1");
  await admin.page.click("button[type=submit]");
  await admin.page.waitForSelector("text=新建预算");
  await api(admin.page, "POST", "/api/rate-profiles", { name: "2025年某市信息技术服务人员工资价位", source: "某市人力资源和社会保障局 2025 年工资价位表", rates: ["17500", "23800", "30200", "37000", "49000"] });
  await admin.page.goto(`${server.url}/admin/users`);
  await admin.page.waitForSelector("text=zhangmin");
  await shot(admin.page, "09-admin-users");
  await admin.page.goto(`${server.url}/rates`);
  await admin.page.waitForSelector("text=2025年某市");
  await shot(admin.page, "10-rate-profiles");
  await admin.page.goto(`${server.url}/audit`);
  await admin.page.waitForSelector("text=保存预算");
  await shot(admin.page, "11-audit-log");
  await admin.context.close();

  // Review: the preparer submits, the reviewer cuts a line and an equipment entry, returns it; the preparer reads the decisions.
  const prep = await signIn("zhangmin", "zhang-pass-1");
  await prep.page.click("button[type=submit]");
  await prep.page.waitForSelector("text=新建预算");
  const reviewers = await api(prep.page, "GET", "/api/reviewers");
  const reviewerId = reviewers.reviewers.find((r) => r.username === "zhoushen").id;
  await api(prep.page, "POST", `/api/budgets/${created.id}/submit`, { reviewerId });
  const rev = await signIn("zhoushen", "zhou-pass-1");
  await rev.page.click("button[type=submit]");
  await rev.page.waitForSelector("text=待我审核");
  await shot(rev.page, "12-review-list");
  const opened = await api(rev.page, "POST", `/api/budgets/${created.id}/review/open`, {});
  if (opened.status !== "in_review") throw new Error(`review not opened: ${JSON.stringify(opened)}`);
  const decisions = {
    reviewer: "周审",
    opinion: "数据采集工作量依据不足，按需求说明核减；数据治理工具租赁费按询价核定。",
    lines: [{ line: 3, personMonths: "16", reason: "workload-unsupported", note: "需求说明仅支撑 16 人月" }],
    nonLabor: { equipment: [{ index: 0, amount: "90000", reason: "non-labor-unsupported", note: "按三家询价的最低价核定" }] },
  };
  const saved = await api(rev.page, "PUT", `/api/budgets/${created.id}/review`, { baseVersion: 0, review: decisions });
  if (!saved.reviewVersion) throw new Error(`review not saved: ${JSON.stringify(saved)}`);
  await rev.page.goto(`${server.url}/reviews/${created.id}`);
  await rev.page.waitForSelector("[data-testid=review-approved]");
  await shot(rev.page, "13-review", { fullPage: true });
  await api(rev.page, "POST", `/api/budgets/${created.id}/review/return`, { baseVersion: 1 });
  await prep.page.goto(`${server.url}/budgets/${created.id}`);
  await prep.page.waitForSelector("text=审核意见");
  await shot(prep.page, "14-returned", { fullPage: true });
  await rev.context.close();
  await prep.context.close();
  // The administrator's 审核进度: every department's budgets in review, with the reviewer and the actions.
  const admin2 = await signIn("admin", "admin-pass-1");
  await admin2.page.click("button[type=submit]");
  await admin2.page.waitForSelector("text=新建预算");
  await admin2.page.goto(`${server.url}/reviews`);
  // The budget was returned above: it is under 全部, not 待审核.
  await admin2.page.click(".ant-segmented-item:has-text('全部')");
  await admin2.page.waitForSelector(".ant-table-row");
  await shot(admin2.page, "15-review-progress");
  await admin2.context.close();
  console.log(`screenshots written to ${out}`);
} finally {
  await browser.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
