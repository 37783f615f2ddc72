/** POST /api/check: one submitted workbook per request, checked in the bounded worker; reviewers and administrators only. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { login, seedUser, sqliteApp, type TestApp } from "./helpers/app.js";
import * as fx from "../../workbook/test/fixtures/foreign.js";
import type { CheckAnswer } from "../src/api-types.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
let t: TestApp;
beforeAll(async () => {
  process.env.GOVCOST_SCRYPT_LOG2N = "4";
  t = await sqliteApp();
  const d = await t.store.createDepartment("核查部门", new Date().toISOString());
  await seedUser(t.store, "checker", "reviewer", null);
  await seedUser(t.store, "maker", "preparer", d.id);
});
afterAll(async () => t.close());

describe("POST /api/check", () => {
  it("checks a department's own workbook: findings by cell, totals in 元, the recomputed budget", async () => {
    const c = await login(t.app, "checker");
    const r = await c.inject({ method: "POST", url: `/api/check?name=${encodeURIComponent("某局.xlsx")}`, payload: await fx.errors(), headers: { "content-type": XLSX } });
    expect(r.statusCode).toBe(200);
    const a = r.json() as CheckAnswer;
    expect(a.result.file).toBe("某局.xlsx");
    // (342000 + 684000 + 22500 × 24 + 350000) × 0.98 = 1877680; 2015000 − 1877680 = 137320
    expect([a.result.declared, a.result.recomputed, a.result.difference]).toEqual(["2015000.00", "1877680.00", "137320.00"]);
    expect(a.result.findings.map((f) => [f.code, f.cell])).toEqual([
      ["tier-mismatch", "测算明细!G4"],
      ["unit-price-mismatch", "测算明细!H5"],
      ["amount-arithmetic", "测算明细!J6"],
      ["scale-missing", "测算明细!J7"],
    ]);
    expect((a.document as { services: { item: string }[] }).services.map((s) => s.item)).toEqual(["7.1.a", "7.2.b", "9.2.c", "8.2.d"]);
  });

  it("English sentences on request", async () => {
    const c = await login(t.app, "checker");
    const r = await c.inject({ method: "POST", url: "/api/check?lang=en", payload: await fx.errors(), headers: { "content-type": XLSX } });
    expect((r.json() as CheckAnswer).result.findings[2]?.message).toBe("the amount 305000.00 yuan is not this row's unit price × workload 35000 × 10 = 350000.00 yuan");
  });

  it("an unreadable file is an answer with its reason, not an error", async () => {
    const c = await login(t.app, "checker");
    const r = await c.inject({ method: "POST", url: "/api/check", payload: Buffer.from("PK not really"), headers: { "content-type": XLSX } });
    expect(r.statusCode).toBe(200);
    const a = r.json() as CheckAnswer;
    expect(a.result.error).toContain("xlsx");
    expect(a.document).toBeNull();
  });

  it("preparers may not use it", async () => {
    const c = await login(t.app, "maker");
    const r = await c.inject({ method: "POST", url: "/api/check", payload: await fx.cleanYuan(), headers: { "content-type": XLSX } });
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ error: { message: "只有审核人和管理员可以核查送审测算表" } });
  });
});
