/** The server's messages in English for a client whose Accept-Language puts English first, Chinese otherwise; times in the configured zone. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatProblem, type Problem } from "@govcost/core";
import { requestLang } from "../src/http/errors.js";
import { startServer } from "../src/index.js";
import { mkdtempSync, rmSync } from "node:fs";
import { budgetDoc, login, PASSWORD, seedUser, sqliteApp, type TestApp } from "./helpers/app.js";

const EN = { "accept-language": "en-US,en;q=0.9" };
const ZH = { "accept-language": "zh-CN,zh;q=0.9,en;q=0.8" };

let t: TestApp;
let berlin: TestApp;
beforeAll(async () => {
  process.env.GOVCOST_SCRYPT_LOG2N = "4";
  t = await sqliteApp();
  berlin = await sqliteApp({ timeZone: "Europe/Berlin" });
});
afterAll(async () => {
  await t.close();
  await berlin.close();
});

describe("Accept-Language", () => {
  it("is English only when English is the first choice", () => {
    const lang = (v?: string) => requestLang({ headers: v === undefined ? {} : { "accept-language": v } });
    expect(lang()).toBe("zh-CN");
    expect(lang("en")).toBe("en");
    expect(lang("en-GB")).toBe("en");
    expect(lang(ZH["accept-language"])).toBe("zh-CN");
    expect(lang(EN["accept-language"])).toBe("en");
    expect(lang("zh-CN;q=0.5, en;q=0.8")).toBe("en");
    expect(lang("fr")).toBe("zh-CN");
  });
});

describe("server messages in both languages", () => {
  it("answers a wrong password, an unknown endpoint and a missing session in the asked language", async () => {
    await seedUser(t.store, "ann", "reviewer", null);
    const wrong = (headers: Record<string, string>) => t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "ann", password: "not the password" }, headers });
    expect((await wrong(ZH)).json()).toEqual({ error: { code: "bad_credentials", message: "用户名或密码错误" } });
    expect((await wrong(EN)).json()).toEqual({ error: { code: "bad_credentials", message: "Wrong username or password" } });
    expect((await t.app.inject({ url: "/api/nothing", headers: EN })).json()).toEqual({ error: { code: "not_found", message: "No such endpoint: GET /api/nothing" } });
    expect((await t.app.inject({ url: "/api/nothing" })).json()).toEqual({ error: { code: "not_found", message: "没有这个接口：GET /api/nothing" } });
    expect((await t.app.inject({ url: "/api/budgets", headers: EN })).json()).toMatchObject({ error: { code: "unauthenticated", message: "Not signed in, or the session expired: sign in again" } });
  });

  it("gives a budget file's located problems in English, with the core's English sentences", async () => {
    const d = await t.store.createDepartment("英文部门", new Date().toISOString());
    await seedUser(t.store, "eve", "preparer", d.id);
    const c = await login(t.app, "eve", PASSWORD);
    const bad = { name: "x", services: [{ item: "7.2.z", personMonths: "6" }] };
    const en = await c.inject({ method: "POST", url: "/api/budgets", payload: { document: bad }, headers: EN });
    expect(en.statusCode).toBe(400);
    const body = en.json() as { error: { message: string; details: { code: string; params: Problem["params"]; message: string; path: string }[] } };
    expect(body.error.message).toBe("The budget file has 1 problem");
    const first = body.error.details[0];
    if (!first) throw new Error("no detail");
    expect(first.path).toBe("services[0].item");
    expect(first.message).toBe(formatProblem({ code: first.code, params: first.params } as Problem, "en"));
    expect(first.message).not.toMatch(/[\u4e00-\u9fff]/);

    const zh = await c.inject({ method: "POST", url: "/api/budgets", payload: { document: bad } });
    const zhBody = zh.json() as { error: { message: string; details: { message: string }[] } };
    expect(zhBody.error.message).toBe("预算文件有 1 处错误");
    expect(zhBody.error.details[0]?.message).toMatch(/7\.2\.z/);

    // a request body's problems too
    const req = await c.inject({ method: "POST", url: "/api/budgets", payload: { document: budgetDoc(), extra: 1 }, headers: EN });
    expect(req.json()).toMatchObject({ error: { code: "invalid_request", message: "The request body is not as required" } });
    expect((req.json() as { error: { details: { message: string }[] } }).error.details[0]?.message).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it("refuses a weak password in the asked language", async () => {
    const d = await t.store.createDepartment("密码部门", new Date().toISOString());
    await seedUser(t.store, "pam", "preparer", d.id);
    const c = await login(t.app, "pam", PASSWORD);
    const r = await c.inject({ method: "POST", url: "/api/auth/password", payload: { oldPassword: PASSWORD, newPassword: "short" }, headers: EN });
    expect(r.json()).toEqual({ error: { code: "bad_request", message: "The password needs at least 10 characters" } });
    const z = await c.inject({ method: "POST", url: "/api/auth/password", payload: { oldPassword: PASSWORD, newPassword: "short" } });
    expect(z.json()).toEqual({ error: { code: "bad_request", message: "密码至少 10 个字符" } });
  });
});

describe("times in the configured zone", () => {
  it("names the conflicting save's time in Beijing time by default and in the configured zone otherwise", async () => {
    for (const [app, zone] of [[t, "Asia/Shanghai"], [berlin, "Europe/Berlin"]] as const) {
      const d = await app.store.createDepartment("时区部门", new Date().toISOString());
      await seedUser(app.store, "tz", "preparer", d.id);
      const c = await login(app.app, "tz", PASSWORD);
      const me = (await c.inject({ url: "/api/auth/me" })).json() as { timeZone: string };
      expect(me.timeZone).toBe(zone);
      expect(((await app.app.inject({ url: "/api/health" })).json() as { timeZone: string }).timeZone).toBe(zone);
      const created = (await c.inject({ method: "POST", url: "/api/budgets", payload: { document: budgetDoc("时区") } })).json() as { id: number };
      const saved = (await c.inject({ method: "PUT", url: `/api/budgets/${created.id}`, payload: { document: budgetDoc("时区2"), baseVersion: 1 } })).json() as { updatedAt: string };
      const stale = await c.inject({ method: "PUT", url: `/api/budgets/${created.id}`, payload: { document: budgetDoc("时区3"), baseVersion: 1 }, headers: EN });
      expect(stale.statusCode).toBe(409);
      const at = new Date(saved.updatedAt);
      const p = Object.fromEntries(new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(at).map((x) => [x.type, x.value]));
      const shown = `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
      expect((stale.json() as { error: { message: string } }).error.message).toBe(
        `tz 姓名 saved this budget as version 2 at ${shown}; your changes are based on an earlier version and were not saved. Look at the latest version, then save again.`,
      );
    }
  });
});

describe("GOVCOST_TIME_ZONE", () => {
  it("is checked at start: an unknown zone stops the server with a clear message", async () => {
    const dir = mkdtempSync("/tmp/govcost-tz-");
    const before = process.env.GOVCOST_TIME_ZONE;
    try {
      process.env.GOVCOST_TIME_ZONE = "Asia/Beijing";
      await expect(startServer({ dataDir: dir, port: 0, webRoot: "/nonexistent", log: () => undefined })).rejects.toThrow("环境变量 GOVCOST_TIME_ZONE 应为 IANA 时区名（如 Asia/Shanghai、UTC），实际为“Asia/Beijing”");
      process.env.GOVCOST_TIME_ZONE = "UTC";
      const s = await startServer({ dataDir: dir, port: 0, webRoot: "/nonexistent", log: () => undefined });
      try {
        expect(((await (await fetch(`${s.url}/api/health`)).json()) as { timeZone: string }).timeZone).toBe("UTC");
      } finally {
        await s.close();
      }
    } finally {
      if (before === undefined) delete process.env.GOVCOST_TIME_ZONE;
      else process.env.GOVCOST_TIME_ZONE = before;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
