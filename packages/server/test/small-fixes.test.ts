/** text/plain is 415 as documented; a department rename is audited with its old name; download names carry no control characters. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentDisposition } from "../src/budgets/routes.js";
import { budgetDoc, login, seedUser, sqliteApp, type Client, type TestApp } from "./helpers/app.js";

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await sqliteApp();
  await seedUser(t.store, "root", "admin", null);
  admin = await login(t.app, "root");
});
afterAll(async () => t.close());

describe("a text/plain body", () => {
  it("is 415 on the public estimate and on signed-in routes", async () => {
    const r = await t.app.inject({ method: "POST", url: "/api/estimate", payload: JSON.stringify(budgetDoc()), headers: { "content-type": "text/plain" } });
    expect(r.statusCode).toBe(415);
    expect(r.json()).toMatchObject({ error: { code: "unsupported_media_type", message: "不支持的内容类型：请以 application/json 发送" } });
    const d = await admin.inject({ method: "POST", url: "/api/departments", payload: JSON.stringify({ name: "x" }), headers: { "content-type": "text/plain; charset=utf-8" } });
    expect(d.statusCode).toBe(415);
  });
});

describe("department rename", () => {
  it("records the old and the new name in the audit log", async () => {
    const d = (await admin.inject({ method: "POST", url: "/api/departments", payload: { name: "统计局" } })).json() as { id: number };
    expect((await admin.inject({ method: "PATCH", url: `/api/departments/${d.id}`, payload: { name: "数据局" } })).statusCode).toBe(200);
    const [entry] = await t.store.listAudit({ limit: 1, action: "department.rename" });
    expect(entry?.detail).toEqual({ from: "统计局", name: "数据局" });
  });
});

describe("download file names", () => {
  it("drop NUL, other control characters and bidi overrides", () => {
    expect(contentDisposition("预算\u0000\u001b[2J\u202egpj.xlsx")).toBe(`attachment; filename="__[2Jgpj.xlsx"; filename*=UTF-8''${encodeURIComponent("预算[2Jgpj.xlsx")}`);
    expect(contentDisposition("a\u0000b.xlsx")).not.toContain("%00");
  });

  it("in the export's Content-Disposition", async () => {
    const d = await t.store.createDepartment("导出部门", new Date().toISOString());
    await seedUser(t.store, "exp", "preparer", d.id);
    const c = await login(t.app, "exp");
    const b = (await c.inject({ method: "POST", url: "/api/budgets", payload: { name: "甲\u0000乙", document: budgetDoc() } })).json() as { id: number };
    const r = await c.inject({ url: `/api/budgets/${b.id}/export?format=json` });
    expect(r.statusCode).toBe(200);
    expect(String(r.headers["content-disposition"])).toBe(`attachment; filename="__-_1_.json"; filename*=UTF-8''${encodeURIComponent("甲乙-第1版.json")}`);
  });
});

describe("the public estimate, per address", () => {
  it("answers 429 with Retry-After after 60 in a minute, other addresses unaffected, and again in the next minute", async () => {
    let clock = Date.parse("2026-03-02T09:00:30.000Z");
    const r = await sqliteApp({ now: () => new Date(clock) });
    try {
      const ask = (ip: string) => r.app.inject({ method: "POST", url: "/api/estimate", payload: budgetDoc(), remoteAddress: ip });
      for (let i = 0; i < 60; i++) expect((await ask("192.0.2.1")).statusCode).toBe(200);
      const over = await ask("192.0.2.1");
      expect(over.statusCode).toBe(429);
      // the minute began at 09:00:00; 30 s of it are left
      expect(over.headers["retry-after"]).toBe("30");
      expect(over.json()).toMatchObject({ error: { code: "too_many_requests", message: "测算请求过于频繁（每个地址每分钟至多 60 次），请 30 秒后再试" } });
      expect((await ask("192.0.2.2")).statusCode).toBe(200);
      clock += 30_000;
      expect((await ask("192.0.2.1")).statusCode).toBe(200);
    } finally {
      await r.close();
    }
  });

  it("quotes at most a short prefix of a huge bad value", async () => {
    const huge = "9".repeat(1_000_000);
    const res = await t.app.inject({ method: "POST", url: "/api/estimate", payload: `{"name":"x","services":[{"item":"7.2.b","personMonths":"${huge}"}]}`, headers: { "content-type": "application/json" }, remoteAddress: "192.0.2.9" });
    expect(res.statusCode).toBe(400);
    expect(res.body.length).toBeLessThan(2000);
  });
});
