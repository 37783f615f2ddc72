/** Online backup, command-line accounts, the web app with SPA fallback, password change, xlsx round trip. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import BetterSqlite3 from "better-sqlite3";
import { addUser, backupDatabase } from "../src/index.js";
import { openSqliteStore } from "../src/store/open.js";
import { MIGRATIONS } from "../src/store/schema.js";
import { budgetDoc, login, PASSWORD, seedUser, sqliteApp, type TestApp } from "./helpers/app.js";

let t: TestApp;
beforeAll(async () => {
  process.env.GOVCOST_SCRYPT_LOG2N = "4";
  t = await sqliteApp();
});
afterAll(async () => t.close());

describe("backupDatabase", () => {
  it("copies the database consistently while the server is writing", async () => {
    const d = await t.store.createDepartment("备份部门", new Date().toISOString());
    await seedUser(t.store, "writer", "preparer", d.id);
    const c = await login(t.app, "writer");
    const created = await c.inject({ method: "POST", url: "/api/budgets", payload: { document: budgetDoc("备份") } });
    const id = (created.json() as { id: number }).id;
    let base = 1;
    let stop = false;
    const writing = (async () => {
      while (!stop) {
        const r = await c.inject({ method: "PUT", url: `/api/budgets/${id}`, payload: { document: budgetDoc(`备份${base}`), baseVersion: base } });
        base = (r.json() as { version: number }).version;
      }
    })();
    const file = join(t.dir, "backup.sqlite");
    const { bytes } = await backupDatabase(file, { dataDir: t.dir });
    stop = true;
    await writing;
    expect(bytes).toBeGreaterThan(10_000);
    const copy = new BetterSqlite3(file, { readonly: true });
    try {
      expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
      const b = copy.prepare("SELECT latest_version AS v FROM budgets WHERE id = ?").get(id) as { v: number };
      const n = copy.prepare("SELECT COUNT(*) AS n, MAX(version) AS m FROM budget_versions WHERE budget_id = ?").get(id) as { n: number; m: number };
      // consistent: the budget's latest version is exactly the last version row in the copy
      expect(n).toEqual({ n: b.v, m: b.v });
    } finally {
      copy.close();
    }
    await expect(backupDatabase(join(t.dir, "x.sqlite"), { dataDir: "/nonexistent-govcost" })).rejects.toThrow(/没有找到数据库文件/);
  });
});

describe("addUser (govcost user add)", () => {
  it("creates accounts and departments; an administrator completes the first-run setup", async () => {
    const dir = mkdtempSync("/tmp/govcost-adduser-");
    try {
      await addUser({ username: "prep", password: "long enough pw", role: "preparer", department: "统计局", dataDir: dir });
      await addUser({ username: "boss", password: "long enough pw", role: "admin", displayName: "局长", dataDir: dir });
      await expect(addUser({ username: "prep", password: "long enough pw", role: "reviewer", dataDir: dir })).rejects.toThrow("用户名 prep 已存在");
      await expect(addUser({ username: "x", password: "short", role: "admin", dataDir: dir })).rejects.toThrow("密码至少 10 个字符");
      await expect(addUser({ username: "y", password: "long enough pw", role: "preparer", dataDir: dir })).rejects.toThrow(/必须指定部门/);
      const store = openSqliteStore(join(dir, "govcost.sqlite"));
      try {
        expect(await store.setupDone()).toBe(true);
        expect(await store.findUserByUsername("prep")).toMatchObject({ role: "preparer", departmentName: "统计局" });
        expect(await store.findUserByUsername("boss")).toMatchObject({ role: "admin", displayName: "局长", departmentId: null });
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("web app", () => {
  it("serves the built web app at / with SPA fallback, keeping /api answers JSON", async () => {
    const web = mkdtempSync("/tmp/govcost-web-");
    mkdirSync(join(web, "assets"));
    writeFileSync(join(web, "index.html"), "<!doctype html><title>govcost web</title>");
    writeFileSync(join(web, "assets", "app.js"), "console.log(1)");
    const w = await sqliteApp({ webRoot: web });
    try {
      expect((await w.app.inject({ url: "/" })).body).toContain("govcost web");
      expect((await w.app.inject({ url: "/budgets/12/versions" })).body).toContain("govcost web");
      expect((await w.app.inject({ url: "/setup?token=x" })).body).toContain("govcost web");
      expect((await w.app.inject({ url: "/assets/app.js" })).body).toBe("console.log(1)");
      const api = await w.app.inject({ url: "/api/nothing-here" });
      expect(api.statusCode).toBe(404);
      expect(api.json()).toMatchObject({ error: { code: "not_found" } });
    } finally {
      await w.close();
      rmSync(web, { recursive: true, force: true });
    }
  });
});

describe("web app caching and compression", () => {
  it("sends the build's brotli or gzip copy; hashed assets are immutable for a year, index.html is revalidated", async () => {
    const web = mkdtempSync("/tmp/govcost-web-");
    mkdirSync(join(web, "assets"));
    const html = "<!doctype html><title>govcost web</title>" + "<!-- padding -->".repeat(100);
    const js = "console.log('hashed asset');".repeat(100);
    writeFileSync(join(web, "index.html"), html);
    writeFileSync(join(web, "index.html.br"), brotliCompressSync(html));
    writeFileSync(join(web, "index.html.gz"), gzipSync(html));
    writeFileSync(join(web, "assets", "index-AbCd12_9.js"), js);
    writeFileSync(join(web, "assets", "index-AbCd12_9.js.br"), brotliCompressSync(js));
    writeFileSync(join(web, "assets", "index-AbCd12_9.js.gz"), gzipSync(js));
    const w = await sqliteApp({ webRoot: web });
    try {
      const br = await w.app.inject({ url: "/assets/index-AbCd12_9.js", headers: { "accept-encoding": "br, gzip" } });
      expect(br.statusCode).toBe(200);
      expect(br.headers["content-encoding"]).toBe("br");
      expect(br.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
      expect(br.headers["vary"]).toMatch(/accept-encoding/i);
      expect(String(br.headers["content-type"])).toMatch(/javascript/);
      expect(brotliDecompressSync(br.rawPayload).toString()).toBe(js);
      // 2,800 characters of one repeated sentence compress to well under a tenth
      expect(br.rawPayload.length).toBeLessThan(js.length / 10);

      const gz = await w.app.inject({ url: "/assets/index-AbCd12_9.js", headers: { "accept-encoding": "gzip" } });
      expect(gz.headers["content-encoding"]).toBe("gzip");
      expect(gunzipSync(gz.rawPayload).toString()).toBe(js);

      const plain = await w.app.inject({ url: "/assets/index-AbCd12_9.js" });
      expect(plain.headers["content-encoding"]).toBeUndefined();
      expect(plain.body).toBe(js);

      for (const url of ["/", "/budgets/3"]) {
        const page = await w.app.inject({ url, headers: { "accept-encoding": "br" } });
        expect(page.statusCode).toBe(200);
        expect(page.headers["cache-control"]).toBe("no-cache");
        expect(page.headers["content-encoding"]).toBe("br");
        expect(brotliDecompressSync(page.rawPayload).toString()).toBe(html);
      }
      // API answers stay uncacheable
      expect((await w.app.inject({ url: "/api/auth/me" })).headers["cache-control"]).toBe("no-store");
    } finally {
      await w.close();
      rmSync(web, { recursive: true, force: true });
    }
  });
});

describe("password change", () => {
  it("needs the old password, ends other sessions, keeps this one", async () => {
    await seedUser(t.store, "pat", "reviewer", null);
    const a = await login(t.app, "pat");
    const b = await login(t.app, "pat");
    expect((await a.inject({ method: "POST", url: "/api/auth/password", payload: { oldPassword: "wrong", newPassword: "a new long password" } })).statusCode).toBe(400);
    expect((await a.inject({ method: "POST", url: "/api/auth/password", payload: { oldPassword: PASSWORD, newPassword: "a new long password" } })).statusCode).toBe(200);
    expect((await a.inject({ url: "/api/auth/me" })).statusCode).toBe(200);
    expect((await b.inject({ url: "/api/auth/me" })).statusCode).toBe(401);
    await login(t.app, "pat", "a new long password");
  });
});

describe("xlsx round trip", () => {
  it("imports an exported workbook back into the same budget document (or says the module is missing)", async () => {
    const d = await t.store.createDepartment("导入部门", new Date().toISOString());
    await seedUser(t.store, "imp", "preparer", d.id);
    const c = await login(t.app, "imp");
    const doc = { name: "往返", services: [{ item: "7.2.b", personMonths: "6.5", units: 3 }], nonLabor: { equipment: [{ name: "设备", amount: "1200.50" }] } };
    const id = ((await c.inject({ method: "POST", url: "/api/budgets", payload: { document: doc } })).json() as { id: number }).id;
    const xlsx = await c.inject({ url: `/api/budgets/${id}/export?format=xlsx` });
    if (xlsx.statusCode === 501) return expect(xlsx.json()).toMatchObject({ error: { code: "not_available" } });
    expect(xlsx.statusCode).toBe(200);
    const back = await c.inject({ method: "POST", url: "/api/import/xlsx", payload: xlsx.rawPayload, headers: { "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" } });
    expect(back.statusCode).toBe(200);
    const imported = (back.json() as { document: { services: { item: string; personMonths: unknown }[] } }).document;
    expect(imported.services.map((s) => [s.item, String(s.personMonths)])).toEqual([["7.2.b", "6.5"]]);
    const bad = await c.inject({ method: "POST", url: "/api/import/xlsx", payload: Buffer.from("PK not really"), headers: { "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" } });
    expect(bad.statusCode).toBe(400);
    // An empty upload is the API's empty body, saying what to send, not a workbook with problems.
    for (const headers of [{ "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }, {}]) {
      const empty = await c.inject({ method: "POST", url: "/api/import/xlsx", payload: "", headers });
      expect(empty.statusCode).toBe(400);
      expect(empty.json()).toEqual({ error: { code: "empty_body", message: "请求体为空：需要一个 xlsx 工作簿文件的内容" } });
    }
  });
});

describe("SQLite migrations from several connections at once", () => {
  it("applies each migration once and every opener succeeds", async () => {
    const dir = mkdtempSync("/tmp/govcost-migrate-");
    const stores = Array.from({ length: 4 }, () => openSqliteStore(join(dir, "govcost.sqlite")));
    try {
      const applied = await Promise.all(stores.map((s) => s.migrate()));
      expect(applied.flat().sort()).toEqual(MIGRATIONS.map((m) => m.id));
      expect((await stores[0]!.db.selectFrom("govcost_migrations").selectAll().execute()).length).toBe(MIGRATIONS.length);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
