/**
 * Review rounds on both real databases (an SQLite file and PostgreSQL, as store.test.ts): migration 6
 * on a database of the release before it (budgets submitted through budget_reviewers become round
 * 1), the append-only review versions, one winner among concurrent review saves, and the whole
 * workflow over HTTP on PostgreSQL (NUMERIC money comes back as exact strings).
 *
 * The budget (表B.1, S1 = 1.00): 7.2.b 6 × 22,500 = 135,000.00; 7.2.a 7 × 28,500 = 199,500.00;
 * L = 334,500.00; T = 1,000.50; C = 335,500.50.
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
import { startTestPostgres, type TestPostgres } from "./helpers/postgres.js";
import { budgetDoc, login, seedUser, TEST_COST } from "./helpers/app.js";
import type { ReviewAnswer } from "../src/api-types.js";

let pgServer: TestPostgres | undefined;
const tmp = mkdtempSync("/tmp/govcost-review-store-");

beforeAll(async () => {
  pgServer = await startTestPostgres();
});
afterAll(async () => {
  await pgServer?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

let counter = 0;
const backends: [string, () => Promise<Store>][] = [
  ["SQLite", async () => openSqliteStore(join(tmp, `r${++counter}.sqlite`))],
  [
    "PostgreSQL",
    async () => {
      if (!pgServer) throw new Error("PostgreSQL did not start");
      return openPostgresStore(await pgServer.freshDatabase());
    },
  ],
];

function version(doc: unknown, author: { id: number; name: string }, savedAt: string): NewVersion {
  const c = computeBudget(doc, null);
  if (!c.ok) throw new Error(JSON.stringify(c.problems));
  return versionFrom(c, null, author, "", null, savedAt);
}

/** The schema as the release before review rounds left it: migrations 1–5, applied as that release did. */
async function migrateToRelease5(store: Store): Promise<void> {
  await store.db.transaction().execute(async (tx) => {
    await sql`CREATE TABLE govcost_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`.execute(tx);
    for (const m of MIGRATIONS.filter((x) => x.id <= 5)) {
      await m.before?.(tx, store.dialect);
      for (const stmt of m.sql[store.dialect]) await sql.raw(stmt).execute(tx);
      await tx.insertInto("govcost_migrations").values({ id: m.id, name: m.name, applied_at: "2026-01-01T00:00:00.000Z" }).execute();
    }
  });
}

describe.each(backends)("review rounds on %s", (_name, open) => {
  it("migration 6: a budget submitted under the previous release becomes round 1 for its latest reviewer; drafts stay drafts", async () => {
    const store = await open();
    try {
      await migrateToRelease5(store);
      const dept = (await store.createDepartment("数据局", "2026-01-01T00:00:00.000Z")).id;
      const alice = await seedUser(store, "alice", "preparer", dept);
      const r1 = await seedUser(store, "r1", "reviewer", null);
      const r2 = await seedUser(store, "r2", "reviewer", null);
      const author = { id: alice.id, name: alice.displayName };
      const submitted = await store.createBudget({ departmentId: dept, name: "已提交", rateProfileId: null, createdBy: alice.id }, version(budgetDoc("已提交"), author, "2026-01-02T00:00:00.000Z"));
      // Edited after its first submission (the release allowed it): the reviewer has been reading version 2.
      const doc2 = budgetDoc("已提交");
      (doc2.services as { personMonths: string }[])[1]!.personMonths = "5";
      expect(await store.saveVersion(submitted, 1, version(doc2, author, "2026-01-04T00:00:00.000Z"), null)).toEqual({ ok: true, version: 2 });
      const draft = await store.createBudget({ departmentId: dept, name: "草稿", rateProfileId: null, createdBy: alice.id }, version(budgetDoc("草稿"), author, "2026-01-02T00:00:00.000Z"));
      await store.db.insertInto("budget_reviewers").values([
        { budget_id: submitted, reviewer_id: r1.id, submitted_at: "2026-01-03T00:00:00.000Z", submitted_by: alice.id },
        { budget_id: submitted, reviewer_id: r2.id, submitted_at: "2026-01-05T00:00:00.000Z", submitted_by: alice.id },
      ]).execute();
      await store.db.updateTable("budgets").set({ status: "submitted" }).where("id", "=", submitted).execute();

      expect(await store.migrate()).toEqual([6]);
      const rounds = await store.listRounds(submitted);
      // version 2: 7.2.a 5 × 28,500 = 142,500.00; C = 135,000 + 142,500 + 1,000.50 = 278,500.50
      expect(rounds).toEqual([
        expect.objectContaining({ round: 1, submittedVersion: 2, reviewerId: r2.id, reviewerName: "r2 姓名", submittedBy: alice.id, submittedByName: "alice 姓名", submittedAt: "2026-01-05T00:00:00.000Z", openedAt: null, outcome: null, reviewVersion: 0, answers: "[]", submittedTotal: "278500.50", submittedGrandTotal: "278500.50", approvedTotal: null, frozen: false }),
      ]);
      expect((await store.getBudget(submitted))?.status).toBe("submitted");
      expect(await store.listRounds(draft)).toEqual([]);
      expect((await store.getBudget(draft))?.status).toBe("draft");
      // The latest reviewer reads it; the one it was first submitted to no longer does, and the history stays.
      expect(await store.isReviewerOf(submitted, r2.id)).toBe(true);
      expect(await store.isReviewerOf(submitted, r1.id)).toBe(false);
      expect((await store.db.selectFrom("budget_reviewers").selectAll().execute()).length).toBe(2);
      expect((await store.listBudgets({ reviewerId: r2.id })).map((b) => b.id)).toEqual([submitted]);
      // Locked now: a save is refused, naming the status.
      expect(await store.saveVersion(submitted, 2, version(budgetDoc("x"), author, "2026-01-06T00:00:00.000Z"), null)).toEqual({ ok: false, locked: "submitted" });
      expect(await store.migrate()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it("keeps review versions append-only and lets exactly one of several concurrent saves on one base win", async () => {
    const store = await open();
    try {
      await store.migrate();
      const dept = (await store.createDepartment("数据局", "2026-01-01T00:00:00.000Z")).id;
      const alice = await seedUser(store, "alice", "preparer", dept);
      const rita = await seedUser(store, "rita", "reviewer", null);
      const id = await store.createBudget({ departmentId: dept, name: "并发审核", rateProfileId: null, createdBy: alice.id }, version(budgetDoc(), { id: alice.id, name: "甲" }, "2026-01-02T00:00:00.000Z"));
      const audit = (action: string) => () => ({ at: "2026-01-02T00:00:00.000Z", userId: null, username: null, action });
      expect(await store.submitRound(id, { reviewerId: rita.id, by: alice.id, byName: "甲", at: "2026-01-02T00:00:00.000Z", answers: "[]" }, audit("budget.submit"))).toEqual({ ok: true, round: 1, version: 1 });
      const save = (i: number) => store.saveReviewVersion(id, 1, 0, { review: `{"opinion":"${i}"}`, authorId: rita.id, authorName: "审", savedAt: "2026-01-03T00:00:00.000Z", comment: "", approvedTotal: "1.00", approvedGrandTotal: "1.00" }, audit("review.save"));
      // Not in review yet: refused by status.
      expect(await save(0)).toEqual({ ok: false, status: "submitted" });
      expect(await store.transition(id, ["submitted"], "in_review", () => ({ opened_at: "2026-01-03T00:00:00.000Z" }), audit("review.open"))).toEqual({ ok: true, round: 1, status: "in_review" });
      // A reassignment keeps the status it finds (in review stays in review).
      const other = await seedUser(store, "rex", "reviewer", null);
      expect(await store.transition(id, ["submitted", "in_review"], null, () => ({ reviewer_id: other.id }), audit("review.reassign"))).toEqual({ ok: true, round: 1, status: "in_review" });
      expect((await store.getBudget(id))?.status).toBe("in_review");
      expect(await store.transition(id, ["submitted", "in_review"], null, () => ({ reviewer_id: rita.id }), audit("review.reassign"))).toEqual({ ok: true, round: 1, status: "in_review" });
      const results = await Promise.all([1, 2, 3, 4, 5, 6].map(save));
      expect(results.filter((r) => r?.ok)).toEqual([{ ok: true, version: 1 }]);
      expect(results.filter((r) => r && !r.ok).every((r) => r && "current" in r && r.current.version === 1)).toBe(true);
      expect((await store.listReviewVersions(id)).map((v) => [v.round, v.version, v.approvedTotal])).toEqual([[1, 1, "1.00"]]);
      await expect(sql`UPDATE review_versions SET comment = 'x'`.execute(store.db)).rejects.toThrow(/append-only/);
      await expect(sql`DELETE FROM review_versions`.execute(store.db)).rejects.toThrow(/append-only/);
    } finally {
      await store.close();
    }
  });
});

describe("the workflow over HTTP on PostgreSQL", () => {
  it("submits, opens, saves decisions, returns, resubmits and approves with exact figures", async () => {
    if (!pgServer) throw new Error("PostgreSQL did not start");
    const store = openPostgresStore(await pgServer.freshDatabase());
    await store.migrate();
    const app = await buildApp({ store, scryptLog2N: TEST_COST, webRoot: null, log: () => undefined });
    try {
      const dept = (await store.createDepartment("数据局", new Date().toISOString())).id;
      await seedUser(store, "alice", "preparer", dept);
      const ritaId = (await seedUser(store, "rita", "reviewer", null)).id;
      const alice = await login(app, "alice");
      const rita = await login(app, "rita");
      const id = (await alice.inject({ method: "POST", url: "/api/budgets", payload: { document: budgetDoc() } })).json<{ id: number }>().id;
      const call = async (c: typeof alice, method: "GET" | "POST" | "PUT", path: string, payload?: Record<string, unknown>, code = 200) => {
        const res = await c.inject({ method, url: `/api/budgets/${id}${path}`, ...(payload ? { payload } : {}) });
        expect(res.statusCode, `${method} ${path}: ${res.body}`).toBe(code);
        return res.json<Record<string, unknown>>();
      };
      await call(alice, "POST", "/submit", { reviewerId: ritaId });
      await call(rita, "POST", "/review/open");
      const review = { lines: [{ line: 2, personMonths: "4", reason: "workload-unsupported" }], nonLabor: { equipment: [{ index: 0, remove: true, reason: "non-labor-unsupported" }] } };
      // 4 × 28,500 = 114,000.00; approved C = 135,000 + 114,000 = 249,000.00; 审减 86,500.50; 86,500.50 ÷ 335,500.50 = 25.78 %
      expect(await call(rita, "PUT", "/review", { baseVersion: 0, review })).toMatchObject({ reviewVersion: 1, totals: { submitted: "335500.50", approved: "249000.00", reduction: "86500.50", reductionRate: "25.78" } });
      expect((await call(rita, "PUT", "/review", { baseVersion: 0, review }, 409)).error).toMatchObject({ code: "conflict", current: { version: 1, author: "rita 姓名" } });
      await call(rita, "POST", "/review/return", { opinion: "请补充依据" });
      expect((await call(alice, "GET", "/review")) as unknown as ReviewAnswer).toMatchObject({ status: "returned", round: { round: 1, reviewVersion: 2, totals: { approved: "249000.00", reductionRate: "25.78" } } });
      await call(alice, "POST", "/submit", { reviewerId: ritaId, answers: [{ target: "line:2", accept: true, note: null }] });
      await call(rita, "POST", "/review/open");
      await call(rita, "PUT", "/review", { baseVersion: 0, review });
      await call(rita, "POST", "/review/approve", { baseVersion: 1 });
      const rows = await store.db.selectFrom("review_rounds").select(["round", "outcome", "approved_total", "approved_grand_total"]).where("budget_id", "=", id).orderBy("round").execute();
      expect(rows).toEqual([
        { round: 1, outcome: "returned", approved_total: null, approved_grand_total: null },
        { round: 2, outcome: "approved", approved_total: "249000.00", approved_grand_total: "249000.00" },
      ]);
      const list = (await alice.inject({ url: "/api/reviews" })).json<{ reviews: unknown[] }>();
      expect(list.reviews).toEqual([expect.objectContaining({ budgetId: id, status: "approved", round: 2, totals: { submitted: "335500.50", approved: "249000.00", reduction: "86500.50", reductionRate: "25.78" } })]);
      expect((await call(alice, "PUT", "", { document: budgetDoc(), baseVersion: 1 }, 409)).error).toMatchObject({ code: "budget_locked" });
    } finally {
      await app.close();
      await store.close();
    }
  });
});
