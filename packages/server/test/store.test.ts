/**
 * The storage interface against both real databases: an SQLite file and a PostgreSQL server
 * (GOVCOST_TEST_DATABASE_URL, or a throwaway cluster started by the helper). Nothing is mocked.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { openPostgresStore, openSqliteStore } from "../src/store/open.js";
import type { NewVersion, Store } from "../src/store/store.js";
import { computeBudget, versionFrom } from "../src/budgets/compute.js";
import { buildApp } from "../src/app.js";
import { MIGRATIONS } from "../src/store/schema.js";
import { addUser, startServer } from "../src/index.js";
import { startTestPostgres, type TestPostgres } from "./helpers/postgres.js";
import { budgetDoc, login, seedUser, TEST_COST } from "./helpers/app.js";

let pgServer: TestPostgres | undefined;
const tmp = mkdtempSync("/tmp/govcost-store-test-");

beforeAll(async () => {
  pgServer = await startTestPostgres();
});
afterAll(async () => {
  await pgServer?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

let counter = 0;
const backends: [string, () => Promise<Store>][] = [
  ["SQLite", async () => openSqliteStore(join(tmp, `s${++counter}.sqlite`))],
  [
    "PostgreSQL",
    async () => {
      if (!pgServer) throw new Error("PostgreSQL did not start");
      return openPostgresStore(await pgServer.freshDatabase());
    },
  ],
];

const NOW = "2026-01-05T08:00:00.000Z";

function version(doc: unknown, author: { id: number; name: string }, comment = ""): NewVersion {
  const c = computeBudget(doc, null);
  if (!c.ok) throw new Error(JSON.stringify(c.problems));
  return versionFrom(c, null, author, comment, null, new Date().toISOString());
}

describe.each(backends)("storage on %s", (_name, open) => {
  let store: Store;
  let deptA: number;
  let alice: { id: number; displayName: string };

  beforeAll(async () => {
    store = await open();
    expect(await store.migrate()).toEqual(MIGRATIONS.map((m) => m.id));
    deptA = (await store.createDepartment("财政局", NOW)).id;
    alice = await seedUser(store, "alice", "preparer", deptA);
  });
  afterAll(async () => {
    await store.close();
  });

  it("applies migrations once: a second run finds nothing to do", async () => {
    expect(await store.migrate()).toEqual([]);
    const rows = await store.db.selectFrom("govcost_migrations").selectAll().execute();
    expect(rows.map((r) => r.name)).toEqual(["initial", "packed version texts", "unpacked version texts", "counted throttled logins", "usernames unique regardless of case", "review rounds"]);
  });

  it("keeps users, departments and unique names", async () => {
    const u = await store.findUserByUsername("alice");
    expect(u).toMatchObject({ username: "alice", role: "preparer", departmentId: deptA, departmentName: "财政局", disabled: false });
    await expect(store.createDepartment("财政局", NOW)).rejects.toThrow();
    await expect(seedUser(store, "alice", "reviewer", null)).rejects.toThrow();
  });

  it("stores money exactly: 1234567890.12 comes back as written", async () => {
    const doc = { name: "大额", services: [], nonLabor: { equipment: [{ name: "设备", amount: "1234567890.12" }] } };
    const id = await store.createBudget({ departmentId: deptA, name: "大额", rateProfileId: null, createdBy: alice.id }, version(doc, { id: alice.id, name: alice.displayName }));
    const b = await store.getBudget(id);
    // T = 1234567890.12 (the only item), C = L + T = 0.00 + 1234567890.12
    expect(b?.total).toBe("1234567890.12");
    const v = await store.getVersion(id, 1);
    expect(v?.nonLabor).toBe("1234567890.12");
    expect(v?.labor).toBe("0.00");
  });

  it("saves versions on top of the latest one and refuses a stale base (nothing overwritten)", async () => {
    const id = await store.createBudget({ departmentId: deptA, name: "版本", rateProfileId: null, createdBy: alice.id }, version(budgetDoc("v1"), { id: alice.id, name: "甲" }, "初稿"));
    const r2 = await store.saveVersion(id, 1, version(budgetDoc("v2"), { id: alice.id, name: "乙" }, "第二稿"), null);
    expect(r2).toEqual({ ok: true, version: 2 });
    const stale = await store.saveVersion(id, 1, version(budgetDoc("stale"), { id: alice.id, name: "丙" }, "过时"), null);
    expect(stale).toMatchObject({ ok: false, current: { version: 2, author: "乙", comment: "第二稿" } });
    expect((await store.listVersions(id)).map((v) => [v.version, v.author])).toEqual([
      [2, "乙"],
      [1, "甲"],
    ]);
    expect(JSON.parse((await store.getVersion(id, 2))?.document ?? "{}").name).toBe("v2");
  });

  it("lets exactly one of many concurrent saves on the same base win", async () => {
    const id = await store.createBudget({ departmentId: deptA, name: "并发", rateProfileId: null, createdBy: alice.id }, version(budgetDoc("c"), { id: alice.id, name: "甲" }));
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store.saveVersion(id, 1, version(budgetDoc(`c${i}`), { id: alice.id, name: `作者${i}` }), null)));
    expect(results.filter((r) => r?.ok).length).toBe(1);
    expect(results.filter((r) => r && !r.ok).every((r) => r && !r.ok && "current" in r && r.current.version === 2)).toBe(true);
    expect((await store.listVersions(id)).map((v) => v.version)).toEqual([2, 1]);
  });

  it("keeps the saves that succeed when another save made at the same moment fails (each save stands alone)", async () => {
    // Three saves at once; the middle one names an author who does not exist, so its insert breaks
    // the foreign key: it alone is refused, with its audit entry.
    const ids = await Promise.all(["甲", "乙", "丙"].map((n) => store.createBudget({ departmentId: deptA, name: `同批${n}`, rateProfileId: null, createdBy: alice.id }, version(budgetDoc(n), { id: alice.id, name: "甲" }))));
    const audit = (target: string) => (v: number) => ({ at: NOW, userId: alice.id, username: "alice", action: "budget.save", target, detail: { version: v } });
    const saves = ids.map((id, i) => store.saveVersion(id, 1, version(budgetDoc(`第二版${i}`), i === 1 ? { id: 999_999, name: "无此人" } : { id: alice.id, name: "甲" }), null, audit(`batch:${id}`)));
    const [a, b, c] = await Promise.allSettled(saves);
    expect(a).toEqual({ status: "fulfilled", value: { ok: true, version: 2 } });
    expect(b?.status).toBe("rejected");
    expect(c).toEqual({ status: "fulfilled", value: { ok: true, version: 2 } });
    expect((await store.listVersions(ids[1] ?? 0)).map((v) => v.version)).toEqual([1]);
    const targets = (await store.listAudit({ limit: 50, action: "budget.save" })).map((e) => e.target);
    expect(targets).toContain(`batch:${ids[0]}`);
    expect(targets).toContain(`batch:${ids[2]}`);
    expect(targets).not.toContain(`batch:${ids[1]}`);
  });

  it("refuses to change or delete saved versions and audit entries (append-only in the database)", async () => {
    await store.audit({ at: NOW, userId: alice.id, username: "alice", action: "login", target: "user:1" });
    await expect(store.db.updateTable("audit_log").set({ action: "x" }).execute()).rejects.toThrow(/append-only/);
    await expect(store.db.deleteFrom("audit_log").execute()).rejects.toThrow(/append-only/);
    await expect(store.db.updateTable("budget_versions").set({ comment: "x" }).execute()).rejects.toThrow(/append-only/);
    await expect(store.db.deleteFrom("budget_versions").execute()).rejects.toThrow(/append-only/);
    const entries = await store.listAudit({ limit: 10 });
    expect(entries[0]).toMatchObject({ action: "login", username: "alice" });
  });

  it("finds sessions until they expire", async () => {
    await store.createSession({ idHash: "h1", userId: alice.id, csrfToken: "c1", now: NOW, expiresAt: "2026-01-05T20:00:00.000Z" });
    expect((await store.getSession("h1", "2026-01-05T19:59:59.000Z"))?.user.username).toBe("alice");
    expect(await store.getSession("h1", "2026-01-05T20:00:00.000Z")).toBeUndefined();
  });

  it("counts login failures per key within a window", async () => {
    await store.recordLoginFailure(["user:x", "ip:1"], "2026-01-05T08:00:00.000Z");
    await store.recordLoginFailure(["user:x", "ip:1"], "2026-01-05T08:05:00.000Z");
    expect(await store.loginFailures("user:x", "2026-01-05T07:59:00.000Z")).toEqual({ count: 2, oldest: "2026-01-05T08:00:00.000Z", newest: "2026-01-05T08:05:00.000Z" });
    expect((await store.loginFailures("user:x", "2026-01-05T08:01:00.000Z")).count).toBe(1);
    await store.clearLoginFailures("user:x");
    expect((await store.loginFailures("user:x", "2000-01-01T00:00:00.000Z")).count).toBe(0);
    expect((await store.loginFailures("ip:1", "2000-01-01T00:00:00.000Z")).count).toBe(2);
  });

  it("counts throttled attempts per source and interval in one upsert each", async () => {
    const at = "2026-01-05T08:00:00.000Z";
    const counts = await Promise.all(Array.from({ length: 5 }, () => store.countThrottled("192.0.2.1", at)));
    // five concurrent attempts: each sees a different count, exactly one sees 1 (the one to audit)
    expect([...counts].sort()).toEqual([1, 2, 3, 4, 5]);
    expect(await store.countThrottled("192.0.2.1", "2026-01-05T08:10:00.000Z")).toBe(1);
    expect(await store.countThrottled("192.0.2.2", at)).toBe(1);
  });

  it("allows one first-administrator setup only", async () => {
    await store.addSetupToken("tok", NOW, "2099-01-01T00:00:00.000Z");
    const user = { username: "root1", displayName: "管理员", role: "admin" as const, departmentId: null, passwordHash: "x" };
    expect(await store.completeSetup("wrong", NOW, user)).toEqual({ ok: false, reason: "token" });
    const [a, b] = await Promise.all([store.completeSetup("tok", NOW, user), store.completeSetup("tok", NOW, { ...user, username: "root2" })]);
    expect([a.ok, b.ok].filter(Boolean).length).toBe(1);
    expect(await store.setupDone()).toBe(true);
  });

  it("serves the API on this database: save, then a stale save gets 409 naming who saved", async () => {
    const app = await buildApp({ store, scryptLog2N: TEST_COST, webRoot: null, log: () => undefined });
    try {
      const c = await login(app, "alice");
      const created = await c.inject({ method: "POST", url: "/api/budgets", payload: { name: "接口", document: budgetDoc() } });
      expect(created.statusCode).toBe(201);
      const id = (created.json() as { id: number }).id;
      expect((await c.inject({ method: "PUT", url: `/api/budgets/${id}`, payload: { document: budgetDoc("x"), baseVersion: 1, comment: "改" } })).statusCode).toBe(200);
      const stale = await c.inject({ method: "PUT", url: `/api/budgets/${id}`, payload: { document: budgetDoc("y"), baseVersion: 1 } });
      expect(stale.statusCode).toBe(409);
      expect(stale.json()).toMatchObject({ error: { code: "conflict", current: { version: 2, author: "alice 姓名", comment: "改" } } });
    } finally {
      await app.close();
    }
  });

  it("walks every kind of API call on this database", async () => {
    const app = await buildApp({ store, scryptLog2N: TEST_COST, webRoot: null, log: (l) => console.error(l) });
    try {
      await seedUser(store, "walkadmin", "admin", deptA);
      await seedUser(store, "walkrev", "reviewer", null);
      const a = await login(app, "walkadmin");
      const ok = async (method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", url: string, payload?: Record<string, unknown>) => {
        const res = await a.inject({ method, url, ...(payload ? { payload } : {}) });
        expect(res.statusCode, `${method} ${url}: ${res.body.slice(0, 300)}`).toBeLessThan(300);
        return res.json() as Record<string, unknown> & { id: number };
      };
      const profile = await ok("POST", "/api/rate-profiles", { name: "方案", source: "来源", rates: ["17000", "23000", "29000", "36000", "47000"] });
      await ok("PATCH", `/api/rate-profiles/${profile.id}`, { name: "方案二" });
      expect(((await ok("GET", "/api/rate-profiles")).profiles as unknown[]).length).toBe(2);
      const b = await ok("POST", "/api/budgets", { name: "走查", document: budgetDoc(), rateProfileId: profile.id });
      // priced with the profile's rates, not 表B.1's 22500
      expect((b.estimate as { rateProfile: { rates: string[] } }).rateProfile.rates[1]).toBe("23000.00");
      await ok("PUT", `/api/budgets/${b.id}`, { document: budgetDoc("二"), baseVersion: 1, comment: "二" });
      await ok("GET", `/api/budgets/${b.id}/versions`);
      await ok("GET", `/api/budgets/${b.id}/versions/1`);
      await ok("GET", `/api/budgets/${b.id}/compare?from=1&to=2`);
      const rc = await ok("GET", `/api/budgets/${b.id}/recompute?version=1`);
      expect(rc.identical).toBe(true);
      await ok("POST", `/api/budgets/${b.id}/versions/1/restore`, { baseVersion: 2 });
      await ok("PATCH", `/api/budgets/${b.id}`, { name: "走查改名" });
      const copy = await ok("POST", `/api/budgets/${b.id}/copy`, { name: "副本" });
      await ok("DELETE", `/api/budgets/${copy.id}`);
      const rev = await store.findUserByUsername("walkrev");
      await ok("POST", `/api/budgets/${b.id}/submit`, { reviewerId: rev?.id });
      const list = (await ok("GET", "/api/budgets")).budgets as { id: number; version: number; total: string }[];
      expect(list.find((x) => x.id === b.id)).toMatchObject({ version: 3 });
      expect(list.some((x) => x.id === copy.id)).toBe(false);
      const r = await login(app, "walkrev");
      expect(((await r.inject({ url: "/api/budgets" })).json() as { budgets: { id: number }[] }).budgets.map((x) => x.id)).toEqual([b.id]);
      await ok("GET", `/api/budgets/${b.id}/export?format=json`);
      await ok("POST", "/api/departments", { name: "走查部门" });
      await ok("GET", "/api/users");
      const audit = (await ok("GET", "/api/audit?limit=5")).entries as { action: string }[];
      expect(audit[0]?.action).toBe("department.create");
    } finally {
      await app.close();
    }
  });

  it("has no orphan versions and contiguous version numbers", async () => {
    const rows = await sql<{ budget_id: number; n: number | string; max: number | string }>`SELECT budget_id, COUNT(*) AS n, MAX(version) AS max FROM budget_versions GROUP BY budget_id`.execute(store.db);
    for (const r of rows.rows) expect(Number(r.n)).toBe(Number(r.max));
  });
});

describe("startServer with DATABASE_URL", () => {
  it("runs the same server on PostgreSQL, printing the setup link, and addUser works there too", async () => {
    if (!pgServer) throw new Error("PostgreSQL did not start");
    const url = await pgServer.freshDatabase();
    const lines: string[] = [];
    const server = await startServer({ port: 0, databaseUrl: url, webRoot: "/nonexistent", log: (l) => lines.push(l) });
    try {
      const health = (await (await fetch(`${server.url}/api/health`)).json()) as { database: string };
      expect(health.database).toBe("postgres");
      expect(lines.join("\n")).toMatch(/\/setup\?token=[A-Za-z0-9_-]{43}/);
      await addUser({ username: "pgadmin", password: "long enough pw", role: "admin", databaseUrl: url });
      expect(await (await fetch(`${server.url}/api/setup/status`)).json()).toEqual({ needed: false });
      const login = await fetch(`${server.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "pgadmin", password: "long enough pw" }) });
      expect(login.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe("PostgreSQL migrations under concurrent start-up", () => {
  it("several processes starting at once apply each migration exactly once (advisory lock)", async () => {
    if (!pgServer) throw new Error("PostgreSQL did not start");
    const url = await pgServer.freshDatabase();
    const stores = Array.from({ length: 4 }, () => openPostgresStore(url, { max: 2 }));
    try {
      const applied = await Promise.all(stores.map((s) => s.migrate()));
      expect(applied.flat().sort()).toEqual(MIGRATIONS.map((m) => m.id));
      const rows = await stores[0]!.db.selectFrom("govcost_migrations").selectAll().execute();
      expect(rows.length).toBe(MIGRATIONS.length);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});
