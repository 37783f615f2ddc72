/** The API through fastify.inject on a real SQLite file: accounts, sessions, CSRF, throttling, versions, rate profiles, audit. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueSetupToken } from "../src/index.js";
import { budgetDoc, login, PASSWORD, seedUser, sessionCookie, sqliteApp, type Client, type TestApp } from "./helpers/app.js";

let t: TestApp;
let deptA: number;
let admin: Client;
let alice: Client;

beforeAll(async () => {
  t = await sqliteApp();
  deptA = (await t.store.createDepartment("数据局", new Date().toISOString())).id;
  await seedUser(t.store, "alice", "preparer", deptA);
  await seedUser(t.store, "bob", "preparer", deptA);
  await seedUser(t.store, "root", "admin", null);
  admin = await login(t.app, "root");
  alice = await login(t.app, "alice");
});
afterAll(async () => t.close());

describe("first run", () => {
  it("creates the first administrator once, with the printed one-time token", async () => {
    const fresh = await sqliteApp();
    try {
      expect((await fresh.app.inject({ url: "/api/setup/status" })).json()).toEqual({ needed: true });
      const token = await issueSetupToken(fresh.store);
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const body = { username: "chief", displayName: "信息中心主任", password: "a long password 1" };
      const wrong = await fresh.app.inject({ method: "POST", url: "/api/setup", payload: { ...body, token: "nope" } });
      expect(wrong.statusCode).toBe(403);
      const weak = await fresh.app.inject({ method: "POST", url: "/api/setup", payload: { ...body, token, password: "short" } });
      expect(weak.statusCode).toBe(400);
      const ok = await fresh.app.inject({ method: "POST", url: "/api/setup", payload: { ...body, token } });
      expect(ok.statusCode).toBe(201);
      expect(ok.json()).toMatchObject({ user: { username: "chief", role: "admin" }, csrfToken: expect.any(String) });
      const me = await fresh.app.inject({ url: "/api/auth/me", headers: { cookie: sessionCookie(ok) } });
      expect(me.json()).toMatchObject({ user: { username: "chief" } });
      const again = await fresh.app.inject({ method: "POST", url: "/api/setup", payload: { ...body, username: "second", token } });
      expect(again.statusCode).toBe(409);
      expect((await fresh.app.inject({ url: "/api/setup/status" })).json()).toEqual({ needed: false });
      expect(await issueSetupToken(fresh.store)).toBeNull();
      // The token is stored only as a hash.
      const stored = await fresh.store.db.selectFrom("setup_tokens").selectAll().execute();
      expect(stored).toEqual([]);
    } finally {
      await fresh.close();
    }
  });

  it("serves a setup page when the web app is not built", async () => {
    const page = await t.app.inject({ url: "/setup?token=abc" });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("govcost 初始设置");
    expect(page.body).toContain('<script src="/setup.js"></script>');
  });
});

describe("sessions and security headers", () => {
  it("sets an HttpOnly SameSite session cookie and stores only its hash", async () => {
    const res = await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "bob", password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    const header = String(res.headers["set-cookie"]);
    expect(header).toMatch(/govcost_session=[^;]+;/);
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Lax/);
    const sid = res.cookies.find((c) => c.name === "govcost_session")?.value ?? "";
    const rows = await t.store.db.selectFrom("sessions").select("id_hash").execute();
    expect(rows.some((r) => r.id_hash === sid)).toBe(false);
    expect(rows.length).toBeGreaterThan(0);
  });

  it("answers with security headers", async () => {
    const res = await t.app.inject({ url: "/api/health" });
    expect(res.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-frame-options"]).toBe("DENY");
    expect(res.headers["referrer-policy"]).toBe("no-referrer");
    expect(res.headers["cache-control"]).toBe("no-store");
    // JSON is never a page: nothing may load from it. Pages get the web app's policy.
    expect(res.headers["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    const page = await t.app.inject({ url: "/" });
    expect(page.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(page.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(page.headers["x-frame-options"]).toBe("DENY");
  });

  it("requires a session (401) and, for changes, the CSRF token bound to it (403)", async () => {
    expect((await t.app.inject({ url: "/api/budgets" })).statusCode).toBe(401);
    const noToken = await alice.inject({ method: "POST", url: "/api/budgets", payload: { document: budgetDoc() }, csrf: false });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json()).toMatchObject({ error: { code: "csrf" } });
    const bob = await login(t.app, "bob");
    // bob's token does not work with alice's session
    const crossed = await t.app.inject({ method: "POST", url: "/api/budgets", payload: { document: budgetDoc() }, headers: { cookie: alice.cookie, "x-csrf-token": bob.csrf } });
    expect(crossed.statusCode).toBe(403);
    expect((await alice.inject({ url: "/api/budgets", csrf: false })).statusCode).toBe(200);
    const out = await bob.inject({ method: "POST", url: "/api/auth/logout" });
    expect(out.statusCode).toBe(200);
    expect((await bob.inject({ url: "/api/auth/me" })).statusCode).toBe(401);
  });

  it("ends a disabled account's sessions", async () => {
    const carol = await seedUser(t.store, "carol", "preparer", deptA);
    const c = await login(t.app, "carol");
    const res = await admin.inject({ method: "PATCH", url: `/api/users/${carol.id}`, payload: { disabled: true } });
    expect(res.statusCode).toBe(200);
    expect((await c.inject({ url: "/api/auth/me" })).statusCode).toBe(401);
    expect((await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "carol", password: PASSWORD } })).statusCode).toBe(401);
  });
});

describe("login throttling (stored in the database)", () => {
  it("delays a username after 5 failures with 429 and Retry-After, even with the right password (growing delays, not a lock)", async () => {
    await seedUser(t.store, "dave", "preparer", deptA);
    for (let i = 0; i < 5; i++) {
      const r = await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "dave", password: "wrong password" }, remoteAddress: `10.0.0.${i}` });
      expect(r.statusCode).toBe(401);
      expect(r.json()).toMatchObject({ error: { code: "bad_credentials", message: "用户名或密码错误" } });
    }
    const blocked = await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "dave", password: PASSWORD }, remoteAddress: "10.0.1.1" });
    expect(blocked.statusCode).toBe(429);
    const retry = Number(blocked.headers["retry-after"]);
    // 5 failures: the first delay is 2 s after the last failure, a moment ago
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(2);
  });

  it("refuses an address after too many failures across usernames", async () => {
    const small = await sqliteApp({ throttle: { perIp: 3 } });
    try {
      await seedUser(small.store, "erin", "preparer", null);
      for (const name of ["x1", "x2", "x3"]) {
        expect((await small.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: name, password: "p" }, remoteAddress: "192.0.2.7" })).statusCode).toBe(401);
      }
      expect((await small.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "erin", password: PASSWORD }, remoteAddress: "192.0.2.7" })).statusCode).toBe(429);
      expect((await small.app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "erin", password: PASSWORD }, remoteAddress: "192.0.2.8" })).statusCode).toBe(200);
    } finally {
      await small.close();
    }
  });
});

describe("budgets, versions, conflicts", () => {
  // v1: 7.2.b (T2 B2 F1: 1.2 × 1.2 × 1.0 = 1.44 ∈ (1, 1.5] → 第二档 22500) × 10 = 225000.00
  const v1 = { name: "政务数据运营", services: [{ item: "7.2.b", personMonths: "10" }], nonLabor: { equipment: [{ name: "存储扩容", amount: "5000.00" }] } };
  // v2: the same line × 12 = 270000.00, plus 7.2.b with 3 units (F2: 1.2 × 1.2 × 1.2 = 1.728 ∈ (1.5, 2.6] → 第三档 28500) × 2 = 57000.00
  const v2 = { ...v1, services: [{ item: "7.2.b", personMonths: "12" }, { item: "7.2.b", personMonths: "2", units: 3 }] };
  let id: number;

  it("creates version 1 with the estimate computed by the server", async () => {
    const res = await alice.inject({ method: "POST", url: "/api/budgets", payload: { name: "数据运营预算", document: v1, comment: "初稿" } });
    expect(res.statusCode).toBe(201);
    const b = res.json() as { id: number; version: number; estimate: { labor: string; nonLabor: string; total: string }; standardId: string; rateProfile: { id: string | null; rates: string[] } };
    id = b.id;
    expect(b.version).toBe(1);
    // 10 person-months ≤ 60 → S1 1.00: L = 225000.00; T = 5000.00; C = 230000.00
    expect(b.estimate).toMatchObject({ labor: "225000.00", nonLabor: "5000.00", total: "230000.00" });
    expect(b.standardId).toBe("T/DGAG 024—2024");
    expect(b.rateProfile).toEqual({ id: null, name: "表B.1 基准人月费率（2023年广东省）", rates: ["16500", "22500", "28500", "35000", "46500"] });
  });

  it("ignores any estimate the client sends", async () => {
    const res = await alice.inject({ method: "PUT", url: `/api/budgets/${id}`, payload: { document: v1, baseVersion: 1, estimate: { total: "1.00" } } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: "invalid_request" } });
  });

  it("saves version 2 and answers a stale save with 409 saying who saved what", async () => {
    const bob = await login(t.app, "bob");
    const r2 = await bob.inject({ method: "PUT", url: `/api/budgets/${id}`, payload: { document: v2, baseVersion: 1, comment: "补充跨部门采集" } });
    expect(r2.statusCode).toBe(200);
    // Σ = 270000 + 57000 = 327000.00; 14 person-months → S1: L = 327000.00; C = 332000.00
    expect(r2.json()).toMatchObject({ version: 2, estimate: { labor: "327000.00", total: "332000.00" }, updatedBy: "bob 姓名" });
    const stale = await alice.inject({ method: "PUT", url: `/api/budgets/${id}`, payload: { document: { ...v1, name: "我的修改" }, baseVersion: 1 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: { code: "conflict", current: { version: 2, author: "bob 姓名", comment: "补充跨部门采集" } } });
    expect((stale.json() as { error: { message: string } }).error.message).toContain("bob 姓名");
    const latest = await alice.inject({ url: `/api/budgets/${id}` });
    expect(latest.json()).toMatchObject({ version: 2, document: { name: "政务数据运营" } });
  });

  it("rejects an invalid document with located errors and saves nothing", async () => {
    const res = await alice.inject({ method: "PUT", url: `/api/budgets/${id}`, payload: { document: { ...v2, services: [{ item: "7.2.b", personMonths: "-1" }] }, baseVersion: 2 } });
    expect(res.statusCode).toBe(400);
    const body = res.json() as { error: { code: string; details: { path: string }[] } };
    expect(body.error.code).toBe("invalid_budget");
    expect(body.error.details[0]?.path).toBe("services[0].personMonths");
    expect((await alice.inject({ url: `/api/budgets/${id}/versions` })).json()).toMatchObject({ versions: [{ version: 2 }, { version: 1 }] });
  });

  it("compares two versions: lines added and changed, every figure's move", async () => {
    const res = await alice.inject({ url: `/api/budgets/${id}/compare?from=1&to=2` });
    expect(res.statusCode).toBe(200);
    const c = res.json() as {
      added: { item: string; amount: string }[];
      removed: unknown[];
      changed: { fields: { field: string; from: unknown; to: unknown; delta?: string }[] }[];
      figures: { name: string; from: string; to: string; delta: string }[];
    };
    expect(c.added).toMatchObject([{ item: "7.2.b", amount: "57000.00", tier: 3 }]);
    expect(c.removed).toEqual([]);
    expect(c.changed).toHaveLength(1);
    expect(c.changed[0]?.fields).toEqual([
      { field: "personMonths", from: "10", to: "12", delta: "2" },
      // 270000.00 − 225000.00
      { field: "amount", from: "225000.00", to: "270000.00", delta: "45000.00" },
    ]);
    const fig = Object.fromEntries(c.figures.map((f) => [f.name, [f.from, f.to, f.delta]]));
    expect(fig.labor).toEqual(["225000.00", "327000.00", "102000.00"]);
    expect(fig.nonLabor).toEqual(["5000.00", "5000.00", "0.00"]);
    expect(fig.total).toEqual(["230000.00", "332000.00", "102000.00"]);
    expect(fig.personMonths).toEqual(["10", "14", "4"]);
  });

  it("restores version 1 as version 3 and keeps the history", async () => {
    const stale = await alice.inject({ method: "POST", url: `/api/budgets/${id}/versions/1/restore`, payload: { baseVersion: 1 } });
    expect(stale.statusCode).toBe(409);
    const res = await alice.inject({ method: "POST", url: `/api/budgets/${id}/versions/1/restore`, payload: { baseVersion: 2 } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ version: 3, comment: "恢复第 1 版", restoredFrom: 1, estimate: { total: "230000.00" } });
    const v1Stored = (await alice.inject({ url: `/api/budgets/${id}/versions/1` })).json() as { document: unknown };
    const v3Stored = (await alice.inject({ url: `/api/budgets/${id}/versions/3` })).json() as { document: unknown };
    expect(v3Stored.document).toEqual(v1Stored.document);
    const versions = (await alice.inject({ url: `/api/budgets/${id}/versions` })).json() as { versions: { version: number; author: string; comment: string; total: string }[] };
    expect(versions.versions.map((v) => [v.version, v.total])).toEqual([
      [3, "230000.00"],
      [2, "332000.00"],
      [1, "230000.00"],
    ]);
  });

  it("renames, copies and deletes", async () => {
    expect((await alice.inject({ method: "PATCH", url: `/api/budgets/${id}`, payload: { name: "新名称" } })).json()).toMatchObject({ name: "新名称" });
    const copy = await alice.inject({ method: "POST", url: `/api/budgets/${id}/copy`, payload: { name: "副本" } });
    expect(copy.statusCode).toBe(201);
    const copyId = (copy.json() as { id: number }).id;
    expect(copy.json()).toMatchObject({ name: "副本", version: 1, estimate: { total: "230000.00" } });
    expect((await alice.inject({ method: "DELETE", url: `/api/budgets/${copyId}` })).statusCode).toBe(200);
    expect((await alice.inject({ url: `/api/budgets/${copyId}` })).statusCode).toBe(404);
    const list = (await alice.inject({ url: "/api/budgets" })).json() as { budgets: { id: number; name: string; version: number; total: string }[] };
    expect(list.budgets.find((b) => b.id === id)).toMatchObject({ name: "新名称", version: 3, total: "230000.00", departmentName: "数据局" });
    expect(list.budgets.some((b) => b.id === copyId)).toBe(false);
  });

  it("keeps a budget year: given at creation, set and cleared by PATCH, kept by a copy unless the copy names another, audited", async () => {
    const created = await alice.inject({ method: "POST", url: "/api/budgets", payload: { name: "年度预算", document: v1, year: 2026 } });
    expect(created.statusCode).toBe(201);
    const yid = (created.json() as { id: number }).id;
    const entry = async (bid: number) => ((await alice.inject({ url: "/api/budgets" })).json() as { budgets: { id: number; year: number | null; name: string }[] }).budgets.find((b) => b.id === bid);
    expect(await entry(yid)).toMatchObject({ name: "年度预算", year: 2026 });
    // A copy keeps the year; a template for next year names it.
    const same = (await alice.inject({ method: "POST", url: `/api/budgets/${yid}/copy`, payload: { name: "同年副本" } })).json() as { id: number };
    expect(await entry(same.id)).toMatchObject({ year: 2026 });
    const next = (await alice.inject({ method: "POST", url: `/api/budgets/${yid}/copy`, payload: { name: "2027 年度预算", year: 2027 } })).json() as { id: number };
    expect(await entry(next.id)).toMatchObject({ name: "2027 年度预算", year: 2027 });
    // PATCH the year alone: the name stays.
    expect((await alice.inject({ method: "PATCH", url: `/api/budgets/${yid}`, payload: { year: 2025 } })).json()).toMatchObject({ name: "年度预算", year: 2025 });
    expect((await alice.inject({ method: "PATCH", url: `/api/budgets/${yid}`, payload: { year: null } })).json()).toMatchObject({ year: null });
    expect(await entry(yid)).toMatchObject({ year: null });
    // A year outside 2000–2100 or not whole is refused at its field.
    for (const bad of [1999, 2101, 2026.5, "2026"]) {
      const res = await alice.inject({ method: "PATCH", url: `/api/budgets/${yid}`, payload: { year: bad } });
      expect(res.statusCode).toBe(400);
      expect(JSON.stringify(res.json())).toContain("year");
    }
    const audit = (await admin.inject({ url: "/api/audit" })).json() as { entries: { action: string; target: string; detail: unknown }[] };
    expect(audit.entries.filter((e) => e.action === "budget.year" && e.target === `budget:${yid}`).map((e) => e.detail)).toEqual([
      { name: "年度预算", from: 2025, to: null },
      { name: "年度预算", from: 2026, to: 2025 },
    ]);
  });

  it("exports JSON (and xlsx when the workbook package is installed)", async () => {
    const res = await alice.inject({ url: `/api/budgets/${id}/export?format=json&version=2` });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-disposition"]).toContain("attachment;");
    expect(res.json()).toMatchObject({ version: 2, estimate: { total: "332000.00" } });
    const xlsx = await alice.inject({ url: `/api/budgets/${id}/export?format=xlsx` });
    if (xlsx.statusCode === 200) expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe("PK");
    else expect(xlsx.json()).toMatchObject({ error: { code: "not_available" } });
  });

  it("lets a reviewer read a submitted budget, not change it", async () => {
    const rev = await seedUser(t.store, "rita", "reviewer", null);
    const rita = await login(t.app, "rita");
    expect((await rita.inject({ url: `/api/budgets/${id}` })).statusCode).toBe(404);
    expect((await alice.inject({ url: "/api/reviewers" })).json()).toMatchObject({ reviewers: [{ id: rev.id, username: "rita" }] });
    expect((await alice.inject({ method: "POST", url: `/api/budgets/${id}/submit`, payload: { reviewerId: rev.id } })).statusCode).toBe(200);
    expect((await rita.inject({ url: `/api/budgets/${id}` })).json()).toMatchObject({ id, version: 3 });
    expect((await rita.inject({ url: "/api/budgets" })).json()).toMatchObject({ budgets: [{ id, status: "submitted" }] });
    expect((await rita.inject({ method: "PUT", url: `/api/budgets/${id}`, payload: { document: v1, baseVersion: 3 } })).statusCode).toBe(403);
  });
});

describe("rate profiles (表B.1 注2)", () => {
  it("always lists the standard's 表B.1 as a builtin that cannot be changed", async () => {
    const list = (await alice.inject({ url: "/api/rate-profiles" })).json() as { profiles: { id: string; builtin: boolean; rates: string[] }[] };
    expect(list.profiles[0]).toMatchObject({ id: "standard", builtin: true, rates: ["16500", "22500", "28500", "35000", "46500"] });
    const res = await admin.inject({ method: "PATCH", url: "/api/rate-profiles/standard", payload: { rates: [1, 2, 3, 4, 5] } });
    expect(res.statusCode).toBe(403);
    expect((await alice.inject({ method: "POST", url: "/api/rate-profiles", payload: { name: "x", source: "", rates: [1, 2, 3, 4, 5] } })).statusCode).toBe(403);
  });

  it("refuses a profile whose prices fall from one tier to the next, naming the tier, on create and on change", async () => {
    const falling = await admin.inject({ method: "POST", url: "/api/rate-profiles", payload: { name: "降序", source: "", rates: [30000, 20000, 28500, 38500, 46500] } });
    expect(falling.statusCode).toBe(400);
    expect(falling.json()).toEqual({ error: { code: "bad_request", message: "第二档（20000 元/人月）不能低于第一档（30000 元/人月）：档位越高，单价不能越低" } });
    const list = (await admin.inject({ url: "/api/rate-profiles" })).json() as { profiles: { name: string }[] };
    expect(list.profiles.map((p) => p.name)).not.toContain("降序");
    // Equal neighbours are allowed (not decreasing); a change that makes 第五档 fall below 第四档 is not.
    const flat = await admin.inject({ method: "POST", url: "/api/rate-profiles", payload: { name: "持平", source: "", rates: [20000, 20000, 28500, 38500, 46500] } });
    expect(flat.statusCode).toBe(201);
    const id = (flat.json() as { id: string }).id;
    const change = await admin.inject({ method: "PATCH", url: `/api/rate-profiles/${id}`, headers: { "accept-language": "en" }, payload: { rates: [20000, 20000, 28500, 38500, 38000] } });
    expect(change.statusCode).toBe(400);
    expect((change.json() as { error: { message: string } }).error.message).toBe("Tier 5 (38000 yuan/person-month) cannot be below tier 4 (38500 yuan/person-month): a higher tier cannot cost less");
  });

  it("prices a budget with a chosen profile and recomputes it under today's rates", async () => {
    const created = await admin.inject({ method: "POST", url: "/api/rate-profiles", payload: { name: "2025年某市", source: "某市人社局", rates: ["17000", 23000, "29000", "36000", "47000"] } });
    expect(created.statusCode).toBe(201);
    const pid = (created.json() as { id: string }).id;
    const doc = { name: "费率", services: [{ item: "7.2.b", personMonths: "10" }] };
    const b = await alice.inject({ method: "POST", url: "/api/budgets", payload: { document: doc, rateProfileId: pid } });
    expect(b.statusCode).toBe(201);
    // 第二档 under the profile: 23000 × 10 = 230000.00
    expect(b.json()).toMatchObject({ estimate: { labor: "230000.00" }, rateProfileId: pid, rateProfile: { rates: ["17000", "23000", "29000", "36000", "47000"] }, document: { rates: [17000, 23000, 29000, 36000, 47000] } });
    const bid = (b.json() as { id: number }).id;
    expect((await admin.inject({ method: "PATCH", url: `/api/rate-profiles/${pid}`, payload: { rates: ["17000", "24000", "29000", "36000", "47000"] } })).statusCode).toBe(200);
    const r = await alice.inject({ url: `/api/budgets/${bid}/recompute` });
    expect(r.statusCode).toBe(200);
    const body = r.json() as { identical: boolean; stored: { total: string }; today: { total: string; rateProfile: { rates: string[] } }; figures: { name: string; delta: string }[]; changed: unknown[] };
    expect(body.identical).toBe(true);
    // stored 230000.00; today 24000 × 10 = 240000.00; Δ = 10000.00
    expect(body.stored.total).toBe("230000.00");
    expect(body.today.total).toBe("240000.00");
    expect(body.figures.find((f) => f.name === "total")?.delta).toBe("10000.00");
    expect(body.changed).toHaveLength(1);
    const std = (await alice.inject({ url: `/api/budgets/${bid}/recompute?rateProfileId=standard` })).json() as { today: { total: string } };
    // 22500 × 10
    expect(std.today.total).toBe("225000.00");
  });
});

describe("saving: checks keep their order", () => {
  // 7.2.b, 10 person-months, one unit: T2 B2 F1 = 1.44 → 第二档 (B.1: 22500) × 10 = 225000.00 under the standard
  const doc = { name: "保存顺序", services: [{ item: "7.2.b", personMonths: "10" }] };
  let id: number;
  beforeAll(async () => {
    id = ((await alice.inject({ method: "POST", url: "/api/budgets", payload: { document: doc } })).json() as { id: number }).id;
  });
  const put = (c: Client, url: string, payload: string, csrf = true) => c.inject({ method: "PUT", url, payload, headers: { "content-type": "application/json" }, csrf });

  it("answers a bad body 400 (located) before looking for the budget, and after the session and CSRF checks", async () => {
    for (const url of [`/api/budgets/${id}`, "/api/budgets/999999", "/api/budgets/abc"]) {
      const bad = await put(alice, url, '{"document": ');
      expect(bad.statusCode, url).toBe(400);
      expect(bad.json(), url).toMatchObject({ error: { code: "malformed_json", message: "请求体不是有效的 JSON" } });
      const empty = await put(alice, url, "");
      expect(empty.json(), url).toMatchObject({ error: { code: "empty_body" } });
      const proto = await put(alice, url, '{"__proto__": {"x": 1}, "document": {}, "baseVersion": 1}');
      expect(proto.json(), url).toMatchObject({ error: { code: "malformed_json" } });
      const noBase = await put(alice, url, JSON.stringify({ document: doc, baseVersion: 0, extra: 1 }));
      expect(noBase.statusCode, url).toBe(400);
      const details = (noBase.json() as { error: { code: string; details: { path: string; message: string }[] } }).error;
      expect(details.code).toBe("invalid_request");
      // Each problem located at its field (the unknown one at its own name), in the core's words.
      expect(details.details.map((d) => d.path).sort()).toEqual(["baseVersion", "extra"]);
      expect(details.details.find((d) => d.path === "baseVersion")?.message).toBe("数值 0 过小；下限为 1");
      expect(details.details.find((d) => d.path === "extra")?.message).toBe("未知字段“extra”");
    }
    // A good body on a budget that does not exist is 404; a bad one without a session is 401, without CSRF 403.
    expect((await put(alice, "/api/budgets/999999", JSON.stringify({ document: doc, baseVersion: 1 }))).statusCode).toBe(404);
    expect((await t.app.inject({ method: "PUT", url: `/api/budgets/${id}`, payload: "{", headers: { "content-type": "application/json" } })).statusCode).toBe(401);
    expect((await put(alice, `/api/budgets/${id}`, "{", false)).statusCode).toBe(403);
    // Nothing was saved by any of them.
    expect((await alice.inject({ url: `/api/budgets/${id}/versions` })).json()).toMatchObject({ versions: [{ version: 1 }] });
  });

  it("prices under the budget's profile, or the one the body names, looked up first", async () => {
    const created = await admin.inject({ method: "POST", url: "/api/rate-profiles", payload: { name: "保存用费率", source: "测试", rates: ["16000", "21000", "28000", "34000", "45000"] } });
    const pid = (created.json() as { id: string }).id;
    const unknown = await put(alice, `/api/budgets/${id}`, JSON.stringify({ document: doc, baseVersion: 1, rateProfileId: "no-such-profile" }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ error: { code: "unknown_rate_profile" } });
    // Named profile: 第二档 21000 × 10 = 210000.00
    const named = await put(alice, `/api/budgets/${id}`, JSON.stringify({ document: doc, baseVersion: 1, rateProfileId: pid, comment: "换费率" }));
    expect(named.statusCode).toBe(200);
    expect(named.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(named.json()).toEqual({
      id,
      name: "保存顺序",
      departmentId: deptA,
      departmentName: "数据局",
      status: "draft",
      latestVersion: 2,
      version: 2,
      standardId: "T/DGAG 024—2024",
      rateProfileId: pid,
      rateProfile: { id: pid, name: "保存用费率", rates: ["16000", "21000", "28000", "34000", "45000"] },
      updatedAt: expect.any(String),
      updatedBy: "alice 姓名",
      comment: "换费率",
      restoredFrom: null,
      estimate: expect.objectContaining({ labor: "210000.00", nonLabor: "0.00", total: "210000.00", warnings: expect.any(Array) }),
    });
    // Not named: the budget's profile, now the one chosen above (210000.00 again).
    const kept = await put(alice, `/api/budgets/${id}`, JSON.stringify({ document: doc, baseVersion: 2 }));
    expect(kept.json()).toMatchObject({ version: 3, rateProfileId: pid, estimate: { labor: "210000.00" } });
    // null: the budget file's own rates; this file has none, so Table B.1's: 22500 × 10 = 225000.00
    const own = await put(alice, `/api/budgets/${id}`, JSON.stringify({ document: doc, baseVersion: 3, rateProfileId: null }));
    expect(own.json()).toMatchObject({ version: 4, rateProfileId: null, estimate: { labor: "225000.00" } });
  });
});

describe("administration and audit", () => {
  it("manages departments and users, admin only", async () => {
    expect((await alice.inject({ url: "/api/users" })).statusCode).toBe(403);
    const d = await admin.inject({ method: "POST", url: "/api/departments", payload: { name: "卫健委" } });
    expect(d.statusCode).toBe(201);
    expect((await admin.inject({ method: "POST", url: "/api/departments", payload: { name: "卫健委" } })).statusCode).toBe(409);
    const u = await admin.inject({ method: "POST", url: "/api/users", payload: { username: "frank", displayName: "弗兰克", password: "another long pw", role: "preparer", departmentId: (d.json() as { id: number }).id } });
    expect(u.statusCode).toBe(201);
    expect(u.json()).toMatchObject({ username: "frank", departmentName: "卫健委", role: "preparer" });
    expect(JSON.stringify(u.json())).not.toContain("scrypt");
    expect((await admin.inject({ method: "PATCH", url: `/api/users/${admin.userId}`, payload: { disabled: true } })).statusCode).toBe(400);
  });

  it("records logins, failures, saves, restores, exports and account changes; offers no way to change them", async () => {
    const res = await admin.inject({ url: "/api/audit?limit=500" });
    expect(res.statusCode).toBe(200);
    const actions = new Set((res.json() as { entries: { action: string }[] }).entries.map((e) => e.action));
    for (const a of ["login", "login.failed", "login.throttled", "budget.create", "budget.save", "budget.restore", "budget.export", "budget.submit", "user.create", "user.update", "department.create", "rate_profile.create", "rate_profile.update", "logout"]) {
      expect(actions, a).toContain(a);
    }
    for (const method of ["PUT", "PATCH", "DELETE"] as const) expect((await admin.inject({ method, url: "/api/audit" })).statusCode).toBe(404);
    const page = (await admin.inject({ url: "/api/audit?limit=2" })).json() as { entries: { id: number }[] };
    const next = (await admin.inject({ url: `/api/audit?limit=2&before=${page.entries[1]?.id}` })).json() as { entries: { id: number }[] };
    expect(next.entries[0]!.id).toBeLessThan(page.entries[1]!.id);
  });
});

describe("OpenAPI", () => {
  it("documents every route with request schemas from the validating definitions", async () => {
    const doc = (await t.app.inject({ url: "/api/openapi.json" })).json() as { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown>; $ref?: string } }> } }>>; components: { schemas: { Budget: { properties: Record<string, unknown> } } } };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths["/api/estimate"]?.post?.requestBody?.content["application/json"]?.schema).toEqual({ $ref: "#/components/schemas/Budget" });
    const put = doc.paths["/api/budgets/{id}"]?.put?.requestBody?.content["application/json"]?.schema;
    expect(put?.properties?.document).toEqual({ $ref: "#/components/schemas/Budget" });
    expect(put?.properties?.baseVersion).toMatchObject({ type: "integer", minimum: 1 });
    expect(Object.keys(doc.components.schemas.Budget.properties)).toContain("services");
    expect(Object.keys(doc.paths).length).toBeGreaterThan(25);
  });
});

describe("catalogue", () => {
  it("answers GET /api/catalog with what `govcost catalog --json` prints", async () => {
    const res = await t.app.inject({ url: "/api/catalog" });
    expect(res.statusCode).toBe(200);
    const items = res.json() as { id: string; prices: (string | null)[] | null; coefficients?: (string | null)[] }[];
    // 7.2.b: T2 × B2 = 1.2 × 1.2 = 1.44 (F1) → 第二档 22500; × 1.2 (F2) = 1.728 → 第三档 28500; × 1.5 (F3) = 2.16 → 第三档 28500
    expect(items.find((i) => i.id === "7.2.b")).toMatchObject({ prices: ["22500.00", "28500.00", "28500.00"], coefficients: ["1.44", "1.728", "2.16"] });
    // The CLI's own function gives the same JSON (imported by path: the CLI is not a dependency of the server).
    const cliPath = "../../cli/src/index.js";
    const cli = (await import(cliPath)) as { catalogJson: () => unknown };
    expect(items).toEqual(JSON.parse(JSON.stringify(cli.catalogJson())));
  });
});
