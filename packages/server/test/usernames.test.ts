/** Usernames are unique regardless of case; login accepts any case; older duplicates are renamed by migration 5. */
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "../src/store/open.js";
import { login, PASSWORD, seedUser, sqliteApp, type Client, type TestApp } from "./helpers/app.js";

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await sqliteApp();
  await seedUser(t.store, "root", "admin", null);
  admin = await login(t.app, "root");
});
afterAll(async () => t.close());

describe("usernames regardless of case", () => {
  it("refuses Pb and PB once pb exists (409), and pb signs in as PB", async () => {
    const body = { displayName: "评审", password: "a long password 1", role: "reviewer" };
    expect((await admin.inject({ method: "POST", url: "/api/users", payload: { ...body, username: "pb" } })).statusCode).toBe(201);
    for (const username of ["Pb", "PB"]) {
      const r = await admin.inject({ method: "POST", url: "/api/users", payload: { ...body, username } });
      expect(r.statusCode).toBe(409);
      expect(r.json()).toMatchObject({ error: { code: "duplicate", message: "用户名已存在" } });
    }
    const me = await login(t.app, "PB", "a long password 1");
    expect(me.userId).toBe((await t.store.findUserByUsername("pb"))?.id);
    await expect(seedUser(t.store, "ROOT", "admin", null)).rejects.toThrow();
    expect((await login(t.app, "Root", PASSWORD)).userId).toBe(admin.userId);
  });

  it("migration 5 keeps the oldest of accounts that differ only in case and renames the others name.id", async () => {
    const dir = mkdtempSync("/tmp/govcost-case-");
    const store = openSqliteStore(join(dir, "govcost.sqlite"));
    try {
      await store.migrate();
      // As before migration 5: no index, three accounts differing only in case.
      await sql`DROP INDEX users_username_lower`.execute(store.db);
      await store.db.deleteFrom("govcost_migrations").where("id", "=", 5).execute();
      const ids = [];
      for (const name of ["pb", "Pb", "PB"]) ids.push((await seedUser(store, name, "reviewer", null)).id);
      expect(await store.migrate()).toEqual([5]);
      const names = (await store.db.selectFrom("users").select(["id", "username"]).orderBy("id").execute()).map((u) => u.username);
      expect(names).toEqual(["pb", `Pb.${ids[1]}`, `PB.${ids[2]}`]);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
