/**
 * Upgrading a database written by the release that stored version texts brotli-compressed (SQLite,
 * migration 2): migration 3 puts the texts back in their columns and every version reads back as
 * that release read it. The fixture and the script that made it are in fixtures/ (make-release-db.mjs).
 */
import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import BetterSqlite3 from "better-sqlite3";
import { openSqliteStore } from "../src/store/open.js";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const expected = JSON.parse(readFileSync(fixture("release-v2.expected.json"), "utf8")) as {
  packedVersions: number;
  versions: { budget: number; version: number; document: string; estimate: string; total: string }[];
};
const dir = mkdtempSync("/tmp/govcost-release-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sha = (s: string) => createHash("sha256").update(s).digest("hex");

describe("migration 3 on a database of the release that packed version texts", () => {
  it("unpacks every packed version: the same JSON text for each, still append-only", async () => {
    const file = join(dir, "govcost.sqlite");
    copyFileSync(fixture("release-v2.sqlite"), file);
    // As the release left it: migrations 1 and 2, some versions packed (the text column empty).
    const before = new BetterSqlite3(file, { readonly: true });
    expect(before.prepare("SELECT id FROM govcost_migrations ORDER BY id").all()).toEqual([{ id: 1 }, { id: 2 }]);
    expect(before.prepare("SELECT COUNT(*) AS n FROM budget_versions WHERE document_br IS NOT NULL OR estimate_br IS NOT NULL").get()).toEqual({ n: expected.packedVersions });
    expect(expected.packedVersions).toBeGreaterThan(0);
    before.close();

    const store = openSqliteStore(file);
    try {
      expect(await store.migrate()).toEqual([3, 4, 5, 6]);
      expect(expected.versions).toHaveLength(4);
      for (const e of expected.versions) {
        const v = await store.getVersion(e.budget, e.version);
        if (!v) throw new Error(`budget ${e.budget} lost version ${e.version}`);
        expect(sha(v.document), `${e.budget}/${e.version} document`).toBe(e.document);
        expect(sha(v.estimate), `${e.budget}/${e.version} estimate`).toBe(e.estimate);
        expect((JSON.parse(v.estimate) as { total: string }).total).toBe(e.total);
        expect(v.total).toBe(e.total);
      }
      const columns = (await sql<{ name: string }>`SELECT name FROM pragma_table_info('budget_versions')`.execute(store.db)).rows.map((r) => r.name);
      expect(columns).not.toContain("document_br");
      expect(columns).not.toContain("estimate_br");
      // The versions stay append-only after the one rewrite.
      await expect(sql`UPDATE budget_versions SET comment = 'x' WHERE budget_id = 1`.execute(store.db)).rejects.toThrow(/append-only/);
      await expect(sql`DELETE FROM budget_versions WHERE budget_id = 1`.execute(store.db)).rejects.toThrow(/append-only/);
      expect(await store.migrate()).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
