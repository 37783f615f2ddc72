/**
 * The review workflow over HTTP (fastify.inject, a real SQLite file): submit, withdraw, open,
 * decisions saved as versions with 409 on a stale base, return with an opinion, answers on
 * resubmission, approve with frozen figures, reassign and reopen by an administrator, the locks on
 * the budget while it is with the reviewer, and every refusal by status, role and department.
 *
 * The budget (figures from 表B.1 at S1 = 1.00, no rate profile):
 *   line 1  7.2.b  6 人月 × 22,500 = 135,000.00
 *   line 2  7.2.a  7 人月 × 28,500 = 199,500.00
 *   L = 334,500.00 × 1.00 = 334,500.00;  T = E 1,000.50;  C = 335,500.50
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import fc from "fast-check";
import { budgetDoc, login, seedUser, sqliteApp, type Client, type TestApp } from "./helpers/app.js";
import type { ReviewAnswer, ReviewListEntry, ReviewSaveAnswer, ReviewVersionAnswer, ReviewVersionMeta, StatusAnswer } from "../src/api-types.js";

let t: TestApp;
let alice: Client; // preparer, 数据局
let bob: Client; // preparer, 数据局
let carol: Client; // preparer, 财政局
let rita: Client; // reviewer
let rex: Client; // another reviewer
let root: Client; // administrator without a department
let ritaId: number;
let rexId: number;
let id: number;

/** Cuts line 2 to 4 人月 and removes the equipment entry. */
const REVIEW = {
  lines: [{ line: 2, personMonths: "4", reason: "workload-unsupported", note: "运维工单量只支持 4 人月" }],
  nonLabor: { equipment: [{ index: 0, remove: true, reason: "non-labor-unsupported" }] },
};

beforeAll(async () => {
  t = await sqliteApp();
  const now = new Date().toISOString();
  const data = (await t.store.createDepartment("数据局", now)).id;
  const finance = (await t.store.createDepartment("财政局", now)).id;
  await seedUser(t.store, "alice", "preparer", data);
  await seedUser(t.store, "bob", "preparer", data);
  await seedUser(t.store, "carol", "preparer", finance);
  ritaId = (await seedUser(t.store, "rita", "reviewer", null)).id;
  rexId = (await seedUser(t.store, "rex", "reviewer", null)).id;
  await seedUser(t.store, "root", "admin", null);
  alice = await login(t.app, "alice");
  bob = await login(t.app, "bob");
  carol = await login(t.app, "carol");
  rita = await login(t.app, "rita");
  rex = await login(t.app, "rex");
  root = await login(t.app, "root");
  const created = await alice.inject({ method: "POST", url: "/api/budgets", payload: { name: "政务热线运营", document: budgetDoc("政务热线运营") } });
  expect(created.statusCode).toBe(201);
  id = (created.json() as { id: number }).id;
});
afterAll(async () => t.close());

const url = (path = "") => `/api/budgets/${id}${path}`;
const post = (c: Client, path: string, payload: Record<string, unknown> = {}) => c.inject({ method: "POST", url: url(path), payload });
const status = async (c: Client = alice) => ((await c.inject({ url: url() })).json() as { status: string }).status;
const error = (res: { json(): unknown }) => (res.json() as { error: { code: string; message: string; details?: { path: string; code: string }[]; current?: { version: number; author: string }; status?: string } }).error;

describe("review workflow", () => {
  it("submits round 1 and locks the budget: saves, restores, renames and deletes answer 409 budget_locked", async () => {
    expect(await status()).toBe("draft");
    const res = await post(alice, "/submit", { reviewerId: ritaId });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, status: "submitted", round: 1 } satisfies StatusAnswer);
    expect(await status()).toBe("submitted");
    const list = (await alice.inject({ url: "/api/budgets" })).json() as { budgets: { id: number; status: string }[] };
    expect(list.budgets.find((b) => b.id === id)?.status).toBe("submitted");

    const locked = [
      await alice.inject({ method: "PUT", url: url(), payload: { document: budgetDoc("改"), baseVersion: 1 } }),
      await alice.inject({ method: "POST", url: url("/versions/1/restore"), payload: { baseVersion: 1 } }),
      await alice.inject({ method: "PATCH", url: url(), payload: { name: "改名" } }),
      await alice.inject({ method: "DELETE", url: url() }),
    ];
    for (const r of locked) {
      expect(r.statusCode).toBe(409);
      expect(error(r)).toMatchObject({ code: "budget_locked", status: "submitted" });
      expect(error(r).message).toContain("已提交");
    }
    expect(((await alice.inject({ url: url() })).json() as { version: number; name: string })).toMatchObject({ version: 1, name: "政务热线运营" });
    // Submitting again while submitted is refused, naming the status.
    const again = await post(alice, "/submit", { reviewerId: ritaId });
    expect(again.statusCode).toBe(409);
    expect(error(again)).toMatchObject({ code: "wrong_status" });
  });

  it("shows the assigned reviewer the round before it is opened; the department sees no review yet (404)", async () => {
    const res = await rita.inject({ url: url("/review") });
    expect(res.statusCode).toBe(200);
    const a = res.json() as ReviewAnswer;
    expect(a).toMatchObject({ budgetId: id, status: "submitted", round: { round: 1, submittedVersion: 1, reviewerId: ritaId, reviewer: "rita 姓名", submittedBy: "alice 姓名", openedAt: null, outcome: null, reviewVersion: 0, answers: [] }, previous: [], changesSincePrevious: null });
    // Nothing decided: the approved figures are the submitted ones.
    expect(a.round.totals).toEqual({ submitted: "335500.50", approved: "335500.50", reduction: "0.00", reductionRate: "0.00" });
    expect((a.result as { totals: unknown }).totals).toEqual(a.round.totals);
    expect((await alice.inject({ url: url("/review") })).statusCode).toBe(404);
    expect((await rita.inject({ url: "/api/reviews" })).json()).toMatchObject({ reviews: [{ budgetId: id, status: "submitted", round: 1, totals: { submitted: "335500.50" } }] });
  });

  it("lets the department withdraw before the reviewer opens it, and submit again", async () => {
    expect((await post(rita, "/withdraw")).statusCode).toBe(403);
    const w = await post(alice, "/withdraw");
    expect(w.json()).toEqual({ ok: true, status: "draft", round: 0 });
    expect(await status()).toBe("draft");
    expect((await rita.inject({ url: url("/review") })).statusCode).toBe(404);
    expect((await post(alice, "/withdraw")).statusCode).toBe(409);
    expect((await post(alice, "/submit", { reviewerId: ritaId })).json()).toEqual({ ok: true, status: "submitted", round: 1 });
  });

  it("refuses decisions before the reviewer opens the round, and opening by anyone else", async () => {
    const early = await rita.inject({ method: "PUT", url: url("/review"), payload: { baseVersion: 0, review: REVIEW } });
    expect(early.statusCode).toBe(409);
    expect(error(early).code).toBe("wrong_status");
    expect((await post(rex, "/review/open")).statusCode).toBe(404);
    expect((await post(alice, "/review/open")).statusCode).toBe(403);
    expect((await post(carol, "/review/open")).statusCode).toBe(404);
    const open = await post(rita, "/review/open");
    expect(open.json()).toEqual({ ok: true, status: "in_review", round: 1 });
    expect(await status()).toBe("in_review");
    // Opening twice changes nothing.
    expect((await post(rita, "/review/open")).json()).toEqual({ ok: true, status: "in_review", round: 1 });
    const w = await post(alice, "/withdraw");
    expect(w.statusCode).toBe(409);
    expect(error(w).message).toContain("审核中");
    const save = await alice.inject({ method: "PUT", url: url(), payload: { document: budgetDoc("改"), baseVersion: 1 } });
    expect(error(save)).toMatchObject({ code: "budget_locked" });
    expect(error(save).message).toContain("审核中");
  });

  it("answers a bad review with 400 and every problem at its path, never 500", async () => {
    const bad = {
      lines: [
        { line: 9, personMonths: "4", reason: "workload-unsupported" },
        { line: 1, personMonths: "-1", reason: "nope" },
        { line: 2, personMonths: "3" },
      ],
      nonLabor: { equipment: [{ index: 0, remove: true, reason: "other" }] },
    };
    const res = await rita.inject({ method: "PUT", url: url("/review"), payload: { baseVersion: 0, review: bad } });
    expect(res.statusCode).toBe(400);
    const e = error(res);
    expect(e.code).toBe("invalid_review");
    const at = (e.details ?? []).map((d) => `${d.path} ${d.code}`);
    expect(at).toContain("lines[0].line review_out_of_range");
    expect(at).toContain("lines[1].reason unknown_reason");
    expect(at).toContain("lines[2].reason no_reason");
    expect(at).toContain("nonLabor.equipment[0].note other_needs_note");
    expect(at.some((x) => x.startsWith("lines[1].personMonths"))).toBe(true);
    for (const body of [{ baseVersion: 0, review: "x" }, { baseVersion: 0, review: [] }, { baseVersion: 0, review: null }, { baseVersion: -1, review: {} }, { review: {} }, { baseVersion: 0, review: {}, extra: 1 }]) {
      const r = await rita.inject({ method: "PUT", url: url("/review"), payload: body });
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(error(r).details?.length, JSON.stringify(body)).toBeGreaterThan(0);
    }
    expect((await rita.inject({ url: url("/review/versions") })).json()).toEqual({ versions: [] });
  });

  it("saves decisions as review versions with the figures, and answers 409 with who saved on a stale base", async () => {
    const res = await rita.inject({ method: "PUT", url: url("/review"), payload: { baseVersion: 0, review: REVIEW, comment: "初审" } });
    expect(res.statusCode).toBe(200);
    // line 2: 4 × 28,500 = 114,000.00 → L = 135,000 + 114,000 = 249,000.00; E removed → T = 0;
    // approved C = 249,000.00; reduction = 335,500.50 − 249,000.00 = 86,500.50;
    // rate = 86,500.50 ÷ 335,500.50 × 100 = 25.782… → 25.78
    expect(res.json()).toMatchObject({ round: 1, reviewVersion: 1, author: "rita 姓名", totals: { submitted: "335500.50", approved: "249000.00", reduction: "86500.50", reductionRate: "25.78" } } satisfies Partial<ReviewSaveAnswer>);
    const stale = await rita.inject({ method: "PUT", url: url("/review"), payload: { baseVersion: 0, review: { ...REVIEW, opinion: "x" } } });
    expect(stale.statusCode).toBe(409);
    expect(error(stale)).toMatchObject({ code: "conflict", current: { version: 1, author: "rita 姓名" } });
    expect(error(stale).message).toContain("rita 姓名");
    // Only the assigned reviewer writes decisions.
    expect((await alice.inject({ method: "PUT", url: url("/review"), payload: { baseVersion: 1, review: REVIEW } })).statusCode).toBe(403);
    expect((await rex.inject({ method: "PUT", url: url("/review"), payload: { baseVersion: 1, review: REVIEW } })).statusCode).toBe(404);
    expect((await carol.inject({ method: "PUT", url: url("/review"), payload: { baseVersion: 1, review: REVIEW } })).statusCode).toBe(404);
    const versions = (await rita.inject({ url: url("/review/versions") })).json() as { versions: ReviewVersionMeta[] };
    expect(versions.versions).toEqual([{ round: 1, reviewVersion: 1, author: "rita 姓名", savedAt: expect.any(String), comment: "初审", totals: { submitted: "335500.50", approved: "249000.00", reduction: "86500.50", reductionRate: "25.78" } }]);
    // The 待我审核 list: the reviewer sees the figures of the decisions so far; the department, until
    // the round is decided, only what it submitted (approved = submitted, nothing reduced).
    expect(((await rita.inject({ url: "/api/reviews" })).json() as { reviews: ReviewListEntry[] }).reviews[0]).toMatchObject({ status: "in_review", totals: { approved: "249000.00", reduction: "86500.50" } });
    expect(((await alice.inject({ url: "/api/reviews" })).json() as { reviews: ReviewListEntry[] }).reviews[0]).toMatchObject({ status: "in_review", totals: { submitted: "335500.50", approved: "335500.50", reduction: "0.00", reductionRate: "0.00" } });
    expect(((await root.inject({ url: "/api/reviews?status=in_review" })).json() as { reviews: ReviewListEntry[] }).reviews.map((r) => r.budgetId)).toEqual([id]);
    expect((await root.inject({ url: "/api/reviews?status=done" })).statusCode).toBe(400);
    expect((await carol.inject({ url: "/api/reviews" })).json()).toEqual({ reviews: [] });
    const v1 = (await rita.inject({ url: url("/review/versions/1") })).json() as ReviewVersionAnswer;
    expect(v1.review).toMatchObject({ ...REVIEW, reviewer: "rita 姓名" });
    expect((v1.result as { lines: { reduction: string }[] }).lines.map((l) => l.reduction)).toEqual(["0.00", "85500.00"]);
    expect((await rita.inject({ url: url("/review/versions/2") })).statusCode).toBe(404);
  });

  it("returns only with an opinion; the department then reads the decisions and may edit again", async () => {
    const none = await post(rita, "/review/return");
    expect(none.statusCode).toBe(400);
    expect(error(none).details?.[0]).toMatchObject({ path: "opinion", code: "opinion_required" });
    expect((await post(alice, "/review/return", { opinion: "x" })).statusCode).toBe(403);
    const stale = await post(rita, "/review/return", { baseVersion: 0, opinion: "第 2 行工作量依据不足" });
    expect(stale.statusCode).toBe(409);
    const res = await post(rita, "/review/return", { baseVersion: 1, opinion: "第 2 行工作量依据不足，请补充工单统计" });
    expect(res.json()).toEqual({ ok: true, status: "returned", round: 1 });
    expect(await status()).toBe("returned");
    // The opinion was saved with the decisions as review version 2.
    const a = (await alice.inject({ url: url("/review") })).json() as ReviewAnswer;
    expect(a).toMatchObject({ status: "returned", round: { round: 1, outcome: "returned", reviewVersion: 2 }, review: { opinion: "第 2 行工作量依据不足，请补充工单统计" } });
    expect(a.round.totals).toEqual({ submitted: "335500.50", approved: "249000.00", reduction: "86500.50", reductionRate: "25.78" });
    expect((await bob.inject({ url: url("/review") })).statusCode).toBe(200);
    expect((await carol.inject({ url: url("/review") })).statusCode).toBe(404);
    expect((await rex.inject({ url: url("/review") })).statusCode).toBe(404);
    // No more decisions once returned.
    expect((await rita.inject({ method: "PUT", url: url("/review"), payload: { baseVersion: 2, review: REVIEW } })).statusCode).toBe(409);
    // The department edits: line 2 to 5 人月 (5 × 28,500 = 142,500.00; C = 135,000 + 142,500 + 1,000.50 = 278,500.50).
    const doc = budgetDoc("政务热线运营");
    (doc.services as { personMonths: string }[])[1]!.personMonths = "5";
    const saved = await alice.inject({ method: "PUT", url: url(), payload: { document: doc, baseVersion: 1, comment: "按审核意见调整" } });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ version: 2, status: "returned", estimate: { total: "278500.50" } });
  });

  it("exports the returned round: the 审核意见书 (HTML) and the workbook with its 审减明细表, for the department and the reviewer", async () => {
    const html = await alice.inject({ url: url("/review/export?format=html") });
    expect(html.statusCode).toBe(200);
    expect(html.headers["content-type"]).toContain("text/html");
    expect(html.headers["content-disposition"]).toContain(encodeURIComponent("政务热线运营-第1轮审核.html"));
    expect(html.headers["content-security-policy"]).toContain("default-src 'none'");
    // 送审 335,500.50; 审定 249,000.00 (人民币贰拾肆万玖仟元整); 审减 86,500.50; 25.78 %
    for (const s of ["审核意见书", "335,500.50", "249,000.00", "贰拾肆万玖仟元整", "86,500.50", "25.78", "第 2 行工作量依据不足，请补充工单统计", "运维工单量只支持 4 人月"]) expect(html.body).toContain(s);
    const xlsx = await rita.inject({ url: url("/review/export?format=xlsx") });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toContain("审减明细表");
    expect((await carol.inject({ url: url("/review/export?format=html") })).statusCode).toBe(404);
    expect((await alice.inject({ url: url("/review/export?format=doc") })).statusCode).toBe(400);
    expect((await alice.inject({ url: url("/review/export?format=html&round=7") })).statusCode).toBe(404);
  });

  it("resubmits as round 2 with answers to the decisions, checked against round 1's decisions", async () => {
    const bad = await post(alice, "/submit", {
      reviewerId: ritaId,
      answers: [
        { target: "line:2", accept: true, note: null },
        { target: "line:1", accept: true, note: null },
        { target: "equipment:0", accept: false, note: "" },
        { target: "line:2", accept: false, note: "重复" },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect((error(bad).details ?? []).map((d) => `${d.path} ${d.code}`)).toEqual(["answers[1].target answer_unknown_target", "answers[2].note answer_needs_note", "answers[3].target answer_duplicate"]);
    expect(await status()).toBe("returned");
    const answers = [
      { target: "line:2", accept: true, note: null },
      { target: "equipment:0", accept: false, note: "设备维保合同已附，见附件 3" },
    ];
    const res = await post(alice, "/submit", { reviewerId: ritaId, answers });
    expect(res.json()).toEqual({ ok: true, status: "submitted", round: 2 });
    // The department no longer sees round 2 (open), but still round 1.
    expect(((await alice.inject({ url: url("/review") })).json() as ReviewAnswer).round.round).toBe(1);
    const a = (await rita.inject({ url: url("/review") })).json() as ReviewAnswer;
    expect(a.round).toMatchObject({ round: 2, submittedVersion: 2, answers, reviewVersion: 0, totals: { submitted: "278500.50", approved: "278500.50" } });
    expect(a.previous.map((p) => p.round.round)).toEqual([1]);
    expect(a.previous[0]?.review).toMatchObject({ lines: REVIEW.lines });
    // With it, round 1's submitted file (line 2 at 199,500.00 ÷ 28,500 = 7 人月, before the change to 5).
    expect((a.previous[0]?.document as { services: { personMonths: unknown }[] }).services[1]?.personMonths).toBe("7");
    // Since round 1: line 2 went from 199,500.00 to 142,500.00 (Δ −57,000.00).
    const line2 = a.changesSincePrevious?.changed.find((c) => c.key === "7.2.a#1");
    expect(line2?.fields.find((f) => f.field === "amount")).toEqual({ field: "amount", from: "199500.00", to: "142500.00", delta: "-57000.00" });
    expect(a.changesSincePrevious?.figures.find((f) => f.name === "total")).toMatchObject({ from: "335500.50", to: "278500.50", delta: "-57000.00" });
  });

  it("lets an administrator reassign the open round: the new reviewer decides, the old one sees round 2 no more", async () => {
    expect((await post(alice, "/reassign", { reviewerId: rexId })).statusCode).toBe(403);
    expect((await post(root, "/reassign", { reviewerId: 999_999 })).statusCode).toBe(400);
    const res = await post(root, "/reassign", { reviewerId: rexId });
    expect(res.json()).toEqual({ ok: true, status: "submitted", round: 2 });
    expect((await post(rita, "/review/open")).statusCode).toBe(403);
    // rita reviewed round 1 and still reads it.
    expect(((await rita.inject({ url: url("/review") })).json() as ReviewAnswer).round.round).toBe(1);
    expect((await rita.inject({ url: "/api/reviews" })).json()).toEqual({ reviews: [] });
    expect(((await rex.inject({ url: "/api/reviews?status=submitted" })).json() as { reviews: ReviewListEntry[] }).reviews.map((r) => r.budgetId)).toEqual([id]);
    expect((await post(rex, "/review/open")).json()).toEqual({ ok: true, status: "in_review", round: 2 });
  });

  it("approves with the figures frozen with the round; the approved budget is read-only", async () => {
    const bad = await post(rex, "/review/approve", { extra: true });
    expect(bad.statusCode).toBe(400);
    expect((await post(rita, "/review/approve")).statusCode).toBe(403);
    // No decision in round 2: the approved figures are the submitted ones exactly.
    const res = await post(rex, "/review/approve", { opinion: "同意" });
    expect(res.json()).toEqual({ ok: true, status: "approved", round: 2 });
    const a = (await alice.inject({ url: url("/review") })).json() as ReviewAnswer;
    expect(a.round).toMatchObject({ round: 2, outcome: "approved", decidedAt: expect.any(String), reviewVersion: 1, totals: { submitted: "278500.50", approved: "278500.50", reduction: "0.00", reductionRate: "0.00" } });
    expect((a.result as { totals: unknown }).totals).toEqual(a.round.totals);
    const rows = await t.store.db.selectFrom("review_rounds").select(["round", "approved_total", "approved_grand_total", "outcome"]).where("budget_id", "=", id).orderBy("round").execute();
    expect(rows).toEqual([
      { round: 1, approved_total: null, approved_grand_total: null, outcome: "returned" },
      { round: 2, approved_total: "278500.50", approved_grand_total: "278500.50", outcome: "approved" },
    ]);
    for (const r of [
      await alice.inject({ method: "PUT", url: url(), payload: { document: budgetDoc(), baseVersion: 2 } }),
      await alice.inject({ method: "PATCH", url: url(), payload: { name: "改名" } }),
      await post(alice, "/submit", { reviewerId: ritaId }),
      await post(rex, "/review/return", { opinion: "x" }),
    ]) expect(r.statusCode).toBe(409);
    const locked = await alice.inject({ method: "DELETE", url: url() });
    expect(error(locked).message).toContain("审核通过");
    expect((await alice.inject({ url: "/api/reviews" })).json()).toMatchObject({ reviews: [{ budgetId: id, status: "approved", round: 2, reviewer: "rex 姓名", totals: { approved: "278500.50" } }] });
  });

  it("lets an administrator reopen an approved budget with a reason: back to draft, the round keeps its figures", async () => {
    expect((await post(alice, "/reopen", { reason: "预算调整" })).statusCode).toBe(403);
    const empty = await post(root, "/reopen", { reason: "  " });
    expect(empty.statusCode).toBe(400);
    expect(error(empty).details?.[0]?.path).toBe("reason");
    const res = await post(root, "/reopen", { reason: "年中预算调整" });
    expect(res.json()).toEqual({ ok: true, status: "draft", round: 2 });
    expect((await post(root, "/reopen", { reason: "again" })).statusCode).toBe(409);
    const a = (await alice.inject({ url: url("/review") })).json() as ReviewAnswer;
    expect(a).toMatchObject({ status: "draft", round: { round: 2, outcome: "approved", reopenReason: "年中预算调整", totals: { approved: "278500.50" } } });
    const saved = await alice.inject({ method: "PATCH", url: url(), payload: { name: "政务热线运营（调整）" } });
    expect(saved.statusCode).toBe(200);
    // Round 2 decided nothing, so there is nothing to answer in round 3; withdrawn, it is a draft again.
    const answered = await post(alice, "/submit", { reviewerId: ritaId, answers: [{ target: "line:1", accept: true }] });
    expect(error(answered).details?.[0]).toMatchObject({ path: "answers[0].target", code: "answer_unknown_target" });
    expect((await post(alice, "/submit", { reviewerId: ritaId })).json()).toEqual({ ok: true, status: "submitted", round: 3 });
    expect((await post(alice, "/withdraw")).json()).toEqual({ ok: true, status: "draft", round: 2 });
  });

  it("audits every transition with its details", async () => {
    const entries = ((await root.inject({ url: "/api/audit?limit=100" })).json() as { entries: { action: string; target: string; detail: Record<string, unknown> }[] }).entries.filter((e) => e.target === `budget:${id}`);
    const actions = entries.map((e) => e.action).reverse();
    expect(actions.filter((a) => a.startsWith("review.") || a.startsWith("budget.submit") || a.startsWith("budget.withdraw"))).toEqual([
      "budget.submit", "budget.withdraw", "budget.submit", "review.open", "review.save", "review.save", "review.return", "review.export", "review.export", "budget.submit", "review.reassign", "review.open", "review.save", "review.approve", "review.reopen", "budget.submit", "budget.withdraw",
    ]);
    const ret = entries.find((e) => e.action === "review.return");
    expect(ret?.detail).toMatchObject({ round: 1, reviewVersion: 2, submitted: "335500.50", approved: "249000.00", reduction: "86500.50", reductionRate: "25.78", opinion: "第 2 行工作量依据不足，请补充工单统计" });
    expect(entries.find((e) => e.action === "review.reopen")?.detail).toMatchObject({ round: 2, reason: "年中预算调整" });
    expect(entries.find((e) => e.action === "review.reassign")?.detail).toMatchObject({ round: 2, reviewerId: rexId });
  });

  it("documents the workflow routes in OpenAPI", async () => {
    const doc = (await t.app.inject({ url: "/api/openapi.json" })).json() as { paths: Record<string, Record<string, unknown>> };
    const ops = Object.entries(doc.paths).flatMap(([p, o]) => Object.keys(o).map((m) => `${m.toUpperCase()} ${p}`));
    for (const op of [
      "POST /api/budgets/{id}/submit", "POST /api/budgets/{id}/withdraw", "POST /api/budgets/{id}/review/open", "GET /api/budgets/{id}/review", "PUT /api/budgets/{id}/review",
      "GET /api/budgets/{id}/review/versions", "GET /api/budgets/{id}/review/versions/{v}", "POST /api/budgets/{id}/review/return", "POST /api/budgets/{id}/review/approve",
      "GET /api/budgets/{id}/review/export", "GET /api/reviews", "POST /api/budgets/{id}/reassign", "POST /api/budgets/{id}/reopen",
    ]) expect(ops).toContain(op);
    // The review file is described by its own schema, as in `govcost schema review`.
    const put = doc.paths["/api/budgets/{id}/review"]?.put as { requestBody: { content: { "application/json": { schema: { properties: { review: unknown } } } } } };
    expect(put.requestBody.content["application/json"].schema.properties.review).toEqual({ $ref: "#/components/schemas/Review" });
    expect((doc as unknown as { components: { schemas: Record<string, { title?: string }> } }).components.schemas.Review?.title).toBe("govcost 审核文件");
  });
});

describe("review bodies, any shape", () => {
  it("never answer 500: a PUT of any review is saved (200), refused with located problems (400) or a conflict (409)", async () => {
    const created = await alice.inject({ method: "POST", url: "/api/budgets", payload: { name: "随机审核", document: budgetDoc("随机审核", 3) } });
    const bid = (created.json() as { id: number }).id;
    expect((await alice.inject({ method: "POST", url: `/api/budgets/${bid}/submit`, payload: { reviewerId: ritaId } })).statusCode).toBe(200);
    expect((await rita.inject({ method: "POST", url: `/api/budgets/${bid}/review/open` })).statusCode).toBe(200);
    const reason = fc.oneof(fc.constantFrom("workload-unsupported", "duplicate", "other", "method"), fc.string(), fc.integer());
    const num = fc.oneof(fc.string(), fc.integer({ min: -5, max: 9 }), fc.double(), fc.constantFrom("4", "0.5", "1e3", "-1", "3.456"));
    const line = fc.record({ line: fc.oneof(fc.integer({ min: -1, max: 5 }), fc.string()), personMonths: num, item: fc.oneof(fc.constantFrom("7.2.a", "8.5.1", "x"), fc.integer()), units: num, collaboration: fc.constantFrom("F1", "F2", "F3", "F9"), method: fc.constantFrom("quick", "coefficient", "other"), remove: fc.oneof(fc.boolean(), fc.string()), reason: fc.oneof(reason, fc.array(reason)), note: fc.oneof(fc.string(), fc.constant(null)) }, { requiredKeys: [] });
    const entry = fc.record({ index: fc.oneof(fc.integer({ min: -1, max: 3 }), fc.string()), amount: num, remove: fc.boolean(), reason, note: fc.string() }, { requiredKeys: [] });
    const review = fc.oneof(
      fc.jsonValue(),
      fc.record({ opinion: fc.oneof(fc.string(), fc.integer()), lines: fc.oneof(fc.array(line, { maxLength: 4 }), fc.jsonValue()), nonLabor: fc.record({ equipment: fc.array(entry, { maxLength: 3 }), business: fc.jsonValue() }, { requiredKeys: [] }), external: fc.array(entry, { maxLength: 2 }) }, { requiredKeys: [] }),
    );
    let base = 0;
    await fc.assert(
      fc.asyncProperty(review, fc.boolean(), async (r, stale) => {
        const res = await rita.inject({ method: "PUT", url: `/api/budgets/${bid}/review`, payload: { baseVersion: stale ? base + 7 : base, review: r } });
        expect([200, 400, 409], res.body).toContain(res.statusCode);
        if (res.statusCode === 200) base = (res.json() as ReviewSaveAnswer).reviewVersion;
        if (res.statusCode === 400) expect((res.json() as { error: { details: unknown[] } }).error.details.length).toBeGreaterThan(0);
      }),
      { numRuns: 150, seed: 20261130 },
    );
  });
});

