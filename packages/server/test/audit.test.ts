/** The audit log in words (Chinese and English), its filters (who, what, from/to in the configured zone) and its xlsx export. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import type { AuditEntryText } from "../src/api-types.js";
import { budgetDoc, login, PASSWORD, seedUser, sqliteApp, type Client, type TestApp } from "./helpers/app.js";

const EN = { "accept-language": "en" };
let clock = new Date("2026-11-29T15:00:00Z"); // 23:00 in Beijing
let t: TestApp;
let admin: Client;
let prep: Client;
let budgetId = 0;

type Answer = { entries: AuditEntryText[]; actions: { action: string; text: string }[] };

beforeAll(async () => {
  process.env.GOVCOST_SCRYPT_LOG2N = "4";
  t = await sqliteApp({ now: () => clock });
  await seedUser(t.store, "root", "admin", null);
  admin = await login(t.app, "root");
  const dep = (await admin.inject({ method: "POST", url: "/api/departments", payload: { name: "数据管理科" } })).json() as { id: number };
  await admin.inject({ method: "POST", url: "/api/users", payload: { username: "zhang", displayName: "张三", password: PASSWORD, role: "preparer", departmentId: dep.id } });
  await admin.inject({ method: "PATCH", url: `/api/departments/${dep.id}`, payload: { name: "数据运营科" } });
  await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "zhang", password: "wrong password!" } });
  prep = await login(t.app, "zhang");
  // past Beijing midnight: the next entries are on 30 November
  clock = new Date("2026-11-29T16:30:00Z");
  budgetId = ((await prep.inject({ method: "POST", url: "/api/budgets", payload: { document: budgetDoc("运营预算") } })).json() as { id: number }).id;
  await prep.inject({ method: "PUT", url: `/api/budgets/${budgetId}`, payload: { document: budgetDoc("运营预算"), baseVersion: 1, comment: "补充采集" } });
  await admin.inject({ method: "POST", url: "/api/rate-profiles", payload: { name: "2025 年市场价", source: "询价", rates: [20000, 24000, 28500, 33500, 46500] } });
});
afterAll(async () => t.close());

const audit = async (query = "", headers: Record<string, string> = {}) => {
  const r = await admin.inject({ url: `/api/audit${query}`, headers });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as Answer;
};

describe("audit log in words", () => {
  it("names actions, objects and details in Chinese, never codes, ids or JSON", async () => {
    const { entries, actions } = await audit();
    const by = (action: string) => entries.find((e) => e.action === action);
    expect(by("login")?.actionText).toBe("登录");
    expect(by("login.failed")).toMatchObject({ actionText: "登录失败", targetText: "账户 zhang", detailText: "用户名 zhang；密码错误" });
    expect(by("department.create")).toMatchObject({ actionText: "新建部门", detailText: "名称“数据管理科”" });
    expect(by("department.rename")).toMatchObject({ actionText: "重命名部门", targetText: "部门“数据运营科”", detailText: "由“数据管理科”改为“数据运营科”" });
    expect(by("user.create")).toMatchObject({ actionText: "新建账户", targetText: "账户 张三（zhang）", detailText: "用户名 zhang；角色 编制人；部门 数据运营科" });
    expect(by("budget.create")).toMatchObject({ actionText: "新建预算", targetText: "预算“运营预算”" });
    // budgetDoc: 7.2.b 6 人月 + 7.2.a 7 人月 and 1,000.50 元 of equipment; the total is the server's, grouped
    const save = by("budget.save");
    expect(save?.detailText).toMatch(/^第 2 版；基于第 1 版；总成本 [\d,]+\.\d\d 元；说明：补充采集$/);
    expect(by("rate_profile.create")?.detailText).toBe("名称“2025 年市场价”；第一档 20,000、第二档 24,000、第三档 28,500、第四档 33,500、第五档 46,500");
    expect(by("rate_profile.create")?.targetText).toBe("费率方案“2025 年市场价”");
    for (const e of entries) {
      for (const text of [e.actionText, e.targetText, e.detailText]) {
        expect(text).not.toMatch(/[a-z_]+:\d|rate_profile|[{}]|\.(save|create)\b/);
      }
    }
    expect(actions).toContainEqual({ action: "budget.import", text: "导入预算" });
    expect(actions).toContainEqual({ action: "login.failed", text: "登录失败" });
  });

  it("says the same in English, and names an action added later by its group", async () => {
    const { entries } = await audit("", EN);
    expect(entries.find((e) => e.action === "login")?.actionText).toBe("Signed in");
    expect(entries.find((e) => e.action === "department.rename")).toMatchObject({ targetText: "department “数据运营科”", detailText: "from “数据管理科” to “数据运营科”" });
    // A name with its username in half-width brackets in English.
    expect(entries.find((e) => e.action === "user.create")?.targetText).toBe("account 张三 (zhang)");
    await t.store.audit({ at: clock.toISOString(), userId: null, username: "zhang", action: "review.later", target: `budget:${budgetId}`, detail: { version: 2, secret: "x" } });
    const zh = (await audit("?action=review.later")).entries;
    expect(zh).toHaveLength(1);
    expect(zh[0]).toMatchObject({ actionText: "审核操作", targetText: "预算“运营预算”", detailText: "第 2 版" });
    expect((await audit("?action=review.later", EN)).entries[0]).toMatchObject({ actionText: "Review action", detailText: "version 2" });
  });

  it("names a failed sign-in's account by the username typed, even one that looks like an id", async () => {
    // account 2 exists (zhang); "2" is typed as a username that does not exist
    await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "2", password: "wrong password!" } });
    const failed = (await audit("?action=login.failed")).entries[0];
    expect(failed).toMatchObject({ targetText: "账户 2", detailText: "用户名 2；用户名不存在" });
  });

  it("still names a deleted budget", async () => {
    const other = ((await prep.inject({ method: "POST", url: "/api/budgets", payload: { document: budgetDoc("临时预算") } })).json() as { id: number }).id;
    await prep.inject({ method: "DELETE", url: `/api/budgets/${other}` });
    const del = (await audit("?action=budget.delete")).entries[0];
    expect(del).toMatchObject({ actionText: "删除预算", targetText: "预算“临时预算”", detailText: "名称“临时预算”" });
  });
});

describe("audit filters", () => {
  it("by user, action and calendar days in Beijing time", async () => {
    const zhang = (await audit("?user=zhang")).entries;
    expect(zhang.length).toBeGreaterThan(0);
    expect(zhang.every((e) => e.username === "zhang")).toBe(true);
    expect((await audit("?action=department.rename")).entries.map((e) => e.action)).toEqual(["department.rename"]);
    // 15:00 UTC on the 29th is 23:00 on the 29th in Beijing; 16:30 UTC is 00:30 on the 30th
    const on29 = (await audit("?from=2026-11-29&to=2026-11-29")).entries;
    const on30 = (await audit("?from=2026-11-30&to=2026-11-30")).entries;
    expect(on29.map((e) => e.action)).toContain("department.rename");
    expect(on29.every((e) => e.at < "2026-11-29T16:00:00.000Z")).toBe(true);
    expect(on30.map((e) => e.action)).toContain("budget.save");
    expect(on30.every((e) => e.at >= "2026-11-29T16:00:00.000Z")).toBe(true);
    expect(on29.length + on30.length).toBe((await audit()).entries.length);
    expect((await audit("?from=2026-12-01")).entries).toEqual([]);
  });

  it("refuses a day that does not exist, and from after to, located", async () => {
    const bad = await admin.inject({ url: "/api/audit?from=2026-02-30" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: "invalid_request", details: [{ path: "from" }] } });
    const reversed = await admin.inject({ url: "/api/audit?from=2026-11-30&to=2026-11-29", headers: EN });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json()).toMatchObject({ error: { message: "The from date is after the to date" } });
    expect((await prep.inject({ url: "/api/audit" })).statusCode).toBe(403);
  });
});

describe("audit export", () => {
  it("is an xlsx workbook of the filtered entries in words, times in Beijing time", async () => {
    const r = await admin.inject({ url: "/api/audit/export?user=zhang" });
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toContain("spreadsheetml");
    expect(String(r.headers["content-disposition"])).toContain(encodeURIComponent("审计日志-2026-11-30.xlsx"));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("审计日志");
    expect(ws).toBeDefined();
    const rows = (ws?.getSheetValues() ?? []).slice(1).map((row) => (Array.isArray(row) ? row.slice(1).map(String) : []));
    expect(rows[0]).toEqual(["时间（Asia/Shanghai）", "用户", "动作", "对象", "详情", "地址"]);
    const zhangRows = (await audit("?user=zhang")).entries.length;
    expect(rows).toHaveLength(1 + zhangRows);
    const failed = rows.find((row) => row[2] === "登录失败");
    expect(failed?.slice(0, 5)).toEqual(["2026-11-29 23:00", "zhang", "登录失败", "账户 zhang", "用户名 zhang；密码错误"]);
    const en = await admin.inject({ url: "/api/audit/export?action=login", headers: EN });
    const wbEn = new ExcelJS.Workbook();
    await wbEn.xlsx.load(en.rawPayload as unknown as ArrayBuffer);
    expect(wbEn.getWorksheet("Audit log")?.getRow(2).getCell(3).value).toBe("Signed in");
  });
});
