/**
 * The review workflow (审核, docs/api.md “审核流程”): submit and withdraw (the department), open,
 * decisions saved as review versions, return and approve (the round's reviewer), reassign and
 * reopen (an administrator), the 待我审核 list and the review's exports.
 *
 * Access: the round's reviewer reads and writes it; the budget's department (preparers and
 * administrators of it) reads a round once it is returned or approved; a reviewer of an earlier
 * round reads that round; everyone else gets 404, as if it did not exist. Every transition changes
 * the budget's status, the round and the audit log in one transaction.
 */
import { z } from "zod";
import { bodyAt, Dec, fromFen, money, ProblemList, problemsToJson, reductionRate, reviewToJson, totalsJson, type EstimateJson } from "@govcost/core";
import { badRequest, bi, HttpError, notFound } from "../http/errors.js";
import { positiveInt, XLSX_TYPE, type AppContext } from "../http/context.js";
import { reviewDocument } from "../http/routes.js";
import { Refusal, type BudgetMeta, type ReviewVersionMetaRow, type StoredRound, type StoredVersion, type User, type UserWithSecret } from "../store/store.js";
import { compareEstimates, computeReview, EMPTY_REVIEW_DOCUMENT } from "./compute.js";
import type { Job } from "./export-worker.js";
import { ACTIONS, onlyTheReviewer, STATUS_LABELS, wrongStatus, type WorkflowAction } from "./workflow.js";
import type {
  BudgetStatus,
  ConflictInfo,
  DecisionAnswer,
  ReviewAnswer,
  ReviewFigures,
  ReviewListEntry,
  ReviewRoundJson,
  ReviewSaveAnswer,
  ReviewVersionAnswer,
  ReviewVersionMeta,
  StatusAnswer,
} from "../api-types.js";

export interface BudgetRouteTools {
  budgetFor: (user: User, idParam: string | undefined, mode: "read" | "write") => Promise<BudgetMeta>;
  exported: { (job: Job, kind: "xlsx"): Promise<Uint8Array>; (job: Job, kind: "html"): Promise<string> };
  optionalImport: <T>(load: () => Promise<T>, name: string, what: string, whatEn: string) => Promise<T>;
  contentDisposition: (name: string) => string;
}

const STATUSES = ["draft", "submitted", "in_review", "returned", "approved"] as const satisfies readonly BudgetStatus[];

const opinion = z.string().max(10000).optional().meta({ description: "审核意见（给出时与最新的审核决定一起另存为新的审核版本）" });

/** 送审, 审定, 审减, 审减率 from the two stored totals (approved null: nothing decided, the submitted figures). */
export function figures(submitted: string, approved: string | null): ReviewFigures {
  const s = money(Dec.parse(submitted));
  const a = money(Dec.parse(approved ?? submitted));
  const reduction = fromFen(s.units - a.units);
  return totalsJson({ submitted: s, approved: a, reduction, reductionRate: reductionRate(reduction, s) });
}

export function roundJson(r: StoredRound, opts: { hideOpen?: boolean } = {}): ReviewRoundJson {
  // The department does not see an open round's decisions, so not their figures either.
  const approved = (a: string | null) => (opts.hideOpen && r.outcome === null ? null : a);
  return {
    round: r.round,
    submittedVersion: r.submittedVersion,
    submittedAt: r.submittedAt,
    submittedBy: r.submittedByName,
    reviewerId: r.reviewerId,
    reviewer: r.reviewerName,
    openedAt: r.openedAt,
    outcome: r.outcome,
    decidedAt: r.decidedAt,
    reviewVersion: r.reviewVersion,
    answers: JSON.parse(r.answers) as DecisionAnswer[],
    totals: figures(r.submittedTotal, approved(r.approvedTotal)),
    grandTotals: figures(r.submittedGrandTotal, approved(r.approvedGrandTotal)),
    reopenedAt: r.reopenedAt,
    reopenReason: r.reopenReason,
  };
}

/** The decisions of a review file, as the targets an answer names: `line:3`, `equipment:0`, `external:1`. */
export function decisionTargets(review: unknown): string[] {
  const r = (review ?? {}) as { lines?: { line?: unknown }[]; nonLabor?: Record<string, { index?: unknown }[] | undefined>; external?: { index?: unknown }[] };
  const out: string[] = [];
  for (const d of r.lines ?? []) out.push(`line:${String(d.line)}`);
  for (const part of ["dataProducts", "equipment", "business"]) for (const d of r.nonLabor?.[part] ?? []) out.push(`${part}:${String(d.index)}`);
  for (const d of r.external ?? []) out.push(`external:${String(d.index)}`);
  return out;
}


/** Who a user is to a budget's review, and which rounds they see (newest first). */
interface ReviewView {
  b: BudgetMeta;
  /** Every round, newest first. */
  rounds: StoredRound[];
  /** The rounds this user may read, newest first (never empty). */
  visible: StoredRound[];
}

export async function registerReviewRoutes(ctx: AppContext, tools: BudgetRouteTools): Promise<void> {
  const { store, route, audit, iso } = ctx;

  const conflict = (c: ReviewVersionMetaRow) =>
    new HttpError(409, "conflict", bi(`此审核已由 ${c.author} 于 ${ctx.showTime(c.savedAt)} 保存为第 ${c.version} 版；您的修改基于较早的版本，未保存。请查看最新版本后再保存。`, `${c.author} saved this review as version ${c.version} at ${ctx.showTime(c.savedAt)}; your changes are based on an earlier version and were not saved. Look at the latest version, then save again.`), {
      current: { version: c.version, author: c.author, savedAt: c.savedAt, comment: c.comment } satisfies ConflictInfo,
    });

  /** The budget, its rounds and what this user sees of them; 404 when they see nothing. */
  const viewFor = async (user: User, idParam: string | undefined): Promise<ReviewView> => {
    const id = positiveInt(idParam);
    const b = id === null ? undefined : await store.getBudget(id);
    if (!b) throw notFound("预算");
    const rounds = await store.listRounds(b.id);
    if (user.role === "reviewer") {
      const mine = rounds.findIndex((r) => r.reviewerId === user.id);
      if (mine < 0) throw notFound("预算");
      return { b, rounds, visible: rounds.slice(mine) };
    }
    if (user.departmentId === null || user.departmentId !== b.departmentId) throw notFound("预算");
    const decided = rounds.findIndex((r) => r.outcome !== null);
    if (decided < 0) throw notFound("审核", "The review");
    return { b, rounds, visible: rounds.slice(decided) };
  };

  /** The current round, for its assigned reviewer only: 404 to strangers, 403 to the department and other reviewers of the budget. */
  const reviewerOf = async (user: User, idParam: string | undefined, action: WorkflowAction): Promise<{ b: BudgetMeta; round: StoredRound }> => {
    const id = positiveInt(idParam);
    const b = id === null ? undefined : await store.getBudget(id);
    if (!b) throw notFound("预算");
    const rounds = await store.listRounds(b.id);
    const own = user.role !== "reviewer" && user.departmentId !== null && user.departmentId === b.departmentId;
    const reviewerOfSome = user.role === "reviewer" && rounds.some((r) => r.reviewerId === user.id);
    if (!own && !reviewerOfSome) throw notFound("预算");
    const round = rounds[0];
    if (!round || round.reviewerId !== user.id) throw onlyTheReviewer(action);
    return { b, round };
  };

  const reviewOf = async (b: BudgetMeta, r: StoredRound): Promise<unknown> => {
    if (r.reviewVersion === 0) return EMPTY_REVIEW_DOCUMENT;
    const v = await store.getReviewVersion(b.id, r.round, r.reviewVersion);
    if (!v) throw new Error(`review ${b.id}/${r.round} lacks its version ${r.reviewVersion}`);
    return JSON.parse(v.review) as unknown;
  };

  const submittedOf = async (b: BudgetMeta, r: StoredRound): Promise<StoredVersion> => {
    const v = await store.getVersion(b.id, r.submittedVersion);
    if (!v) throw new Error(`round ${b.id}/${r.round} lacks its submitted version ${r.submittedVersion}`);
    return v;
  };

  /** A stored review priced again (a stored one always prices: it was checked when saved). */
  const priced = (v: StoredVersion, review: unknown) => {
    const c = computeReview(JSON.parse(v.document), review, v.standardId);
    if (!c.ok) throw new Error(`stored ${c.of} no longer validates: ${c.problems.map((p) => p.code).join(", ")}`);
    return c;
  };

  const resultOf = async (b: BudgetMeta, r: StoredRound, review: unknown) => (r.result !== null ? (JSON.parse(r.result) as unknown) : reviewToJson(priced(await submittedOf(b, r), review).result));

  const roundOf = (view: ReviewView, n: number | undefined): StoredRound => {
    const r = n === undefined ? view.visible[0] : view.visible.find((x) => x.round === n);
    if (!r) throw notFound(`第 ${n ?? ""} 轮审核`, `Round ${n ?? ""} of the review`);
    return r;
  };

  const versionMeta = (r: StoredRound, v: ReviewVersionMetaRow): ReviewVersionMeta => ({
    round: v.round,
    reviewVersion: v.version,
    author: v.author,
    savedAt: v.savedAt,
    comment: v.comment,
    totals: figures(r.submittedTotal, v.approvedTotal),
  });

  const reviewerUser = async (reviewerId: number) => {
    const reviewer = await store.getUser(reviewerId);
    if (!reviewer || reviewer.role !== "reviewer" || reviewer.disabled) {
      const list = new ProblemList();
      list.addAt("bad_value", bodyAt(["reviewerId"]), { value: String(reviewerId), allowed: "启用的审核人账户" });
      throw new HttpError(400, "invalid_request", bi(`账户 ${reviewerId} 不是可用的审核人`, `Account ${reviewerId} is not an active reviewer`), { details: problemsToJson(list.problems) });
    }
    return reviewer;
  };

  // ---- the department: submit, withdraw ----------------------------------------------------

  const answer = z.strictObject({
    target: z.string().min(1).max(40).meta({ description: "上一轮的审核决定：line:3（服务行，从 1 起）、dataProducts:0、equipment:1、business:0、external:2（从 0 起）" }),
    accept: z.boolean().meta({ description: "true：接受该审核决定；false：有异议（须填写 note）" }),
    note: z.string().max(2000).nullable().optional().meta({ description: "异议说明" }),
  });

  route({ method: "POST", url: "/api/budgets/:id/submit", summary: "提交审核（编制中或退回修改的预算）：冻结最新版本，开始新一轮审核；第 2 轮起可附对上一轮审核决定的核对意见", tag: "审核", access: "user",
    body: z.strictObject({ reviewerId: z.number().int().positive(), answers: z.array(answer).max(20000).optional() }),
    responses: { "200": "已提交", "409": "当前状态不能提交" },
    handler: async ({ req, body, user, params }): Promise<StatusAnswer> => {
      const b = await tools.budgetFor(user, params.id, "write");
      if (b.status !== "draft" && b.status !== "returned") throw wrongStatus(b.status, "submit", ["draft", "returned"]);
      const reviewer = await reviewerUser(body.reviewerId);
      const answers: DecisionAnswer[] = (body.answers ?? []).map((a) => ({ target: a.target, accept: a.accept, note: a.note?.trim() ? a.note : null }));
      const previous = (await store.listRounds(b.id))[0];
      const problems = new ProblemList();
      if (answers.length > 0 && !previous) problems.addAt("answers_first_round", bodyAt(["answers"]), {});
      else if (previous) {
        const targets = decisionTargets(await reviewOf(b, previous));
        const seen = new Set<string>();
        answers.forEach((a, i) => {
          if (!targets.includes(a.target)) problems.addAt("answer_unknown_target", bodyAt(["answers", i, "target"]), { target: a.target, allowed: targets.slice(0, 20).join("、") + (targets.length > 20 ? "…" : "") });
          else if (seen.has(a.target)) problems.addAt("answer_duplicate", bodyAt(["answers", i, "target"]), { target: a.target });
          seen.add(a.target);
          if (!a.accept && a.note === null) problems.addAt("answer_needs_note", bodyAt(["answers", i, "note"]), {});
        });
      }
      if (problems.problems.length > 0) throw new HttpError(400, "invalid_request", bi("请求内容不符合要求", "The request has problems"), { details: problemsToJson(problems.problems) });
      const r = await store.submitRound(b.id, { reviewerId: reviewer.id, by: user.id, byName: user.displayName, at: iso(), answers: JSON.stringify(answers) }, (round, version) => ({
        at: iso(), userId: user.id, username: user.username, action: "budget.submit", target: `budget:${b.id}`, ip: req.ip,
        detail: { round, version, reviewerId: reviewer.id, reviewer: reviewer.displayName, answers: answers.length, disputed: answers.filter((a) => !a.accept).length },
      }));
      if (!r) throw notFound("预算");
      if (!r.ok) throw wrongStatus(r.status, "submit", ["draft", "returned"]);
      return { ok: true, status: "submitted", round: r.round };
    },
  });

  route({ method: "POST", url: "/api/budgets/:id/withdraw", summary: "撤回提交（审核人尚未打开时）：本轮作废，预算回到编制中或退回修改", tag: "审核", access: "user",
    responses: { "200": "已撤回", "409": "审核人已打开或未提交" },
    handler: async ({ req, user, params }): Promise<StatusAnswer> => {
      const b = await tools.budgetFor(user, params.id, "write");
      if (b.status !== "submitted") throw wrongStatus(b.status, "withdraw", ["submitted"]);
      const r = await store.withdrawRound(b.id, (round, status) => ({ at: iso(), userId: user.id, username: user.username, action: "budget.withdraw", target: `budget:${b.id}`, ip: req.ip, detail: { round, status } }));
      if (!r) throw notFound("预算");
      if (!r.ok) throw wrongStatus(r.status, "withdraw", ["submitted"]);
      return { ok: true, status: r.status, round: r.round };
    },
  });

  // ---- reading ------------------------------------------------------------------------------

  route({ method: "GET", url: "/api/budgets/:id/review", summary: "审核（本轮或最近一轮）：送审的预算文件、审核决定、审减明细、往轮审核及本轮以来的变化", tag: "审核", access: "user",
    query: z.object({ round: z.coerce.number().int().min(1).optional() }),
    handler: async ({ user, params, query }): Promise<ReviewAnswer> => {
      const view = await viewFor(user, params.id);
      const r = roundOf(view, query.round);
      const older = view.rounds.filter((x) => x.round < r.round);
      const review = await reviewOf(view.b, r);
      const submitted = await submittedOf(view.b, r);
      const before = older[0];
      const previous = await Promise.all(older.map(async (x) => ({ round: roundJson(x), review: await reviewOf(view.b, x), document: JSON.parse((await submittedOf(view.b, x)).document) as unknown })));
      return {
        budgetId: view.b.id,
        budgetName: view.b.name,
        departmentName: view.b.departmentName,
        status: view.b.status,
        round: roundJson(r),
        review,
        document: JSON.parse(submitted.document) as unknown,
        result: await resultOf(view.b, r, review),
        previous,
        changesSincePrevious: before ? compareEstimates(JSON.parse((await submittedOf(view.b, before)).estimate) as EstimateJson, JSON.parse(submitted.estimate) as EstimateJson) : null,
      };
    },
  });

  route({ method: "GET", url: "/api/budgets/:id/review/versions", summary: "审核决定的版本（各轮，最新在前）", tag: "审核", access: "user",
    handler: async ({ user, params }): Promise<{ versions: ReviewVersionMeta[] }> => {
      const view = await viewFor(user, params.id);
      const byRound = new Map(view.visible.map((r) => [r.round, r]));
      const versions = (await store.listReviewVersions(view.b.id)).flatMap((v) => {
        const r = byRound.get(v.round);
        return r ? [versionMeta(r, v)] : [];
      });
      return { versions };
    },
  });

  route({ method: "GET", url: "/api/budgets/:id/review/versions/:v", summary: "读取审核决定的某一版本（round 缺省为本轮）及其审减明细", tag: "审核", access: "user",
    query: z.object({ round: z.coerce.number().int().min(1).optional() }),
    handler: async ({ user, params, query }): Promise<ReviewVersionAnswer> => {
      const view = await viewFor(user, params.id);
      const r = roundOf(view, query.round);
      const n = positiveInt(params.v);
      const v = n === null ? undefined : await store.getReviewVersion(view.b.id, r.round, n);
      if (!v) throw notFound(`第 ${params.v ?? ""} 版审核决定`, `Version ${params.v ?? ""} of the review decisions`);
      const review = JSON.parse(v.review) as unknown;
      return { ...versionMeta(r, v), review, result: reviewToJson(priced(await submittedOf(view.b, r), review).result) };
    },
  });

  route({ method: "GET", url: "/api/budgets/:id/review/export", summary: "导出审核：xlsx（测算表 + 审减明细表）、HTML/PDF 审核意见书", tag: "审核", access: "user",
    query: z.object({ format: z.enum(["xlsx", "html", "pdf"]).default("html"), round: z.coerce.number().int().min(1).optional(), unit: z.enum(["yuan", "wan"]).default("yuan") }),
    responses: { "200": "文件", "501": "导出模块未安装" },
    handler: async ({ req, reply, user, params, query }) => {
      const view = await viewFor(user, params.id);
      const r = roundOf(view, query.round);
      const submitted = await submittedOf(view.b, r);
      const review = JSON.stringify(await reviewOf(view.b, r));
      const base = { document: submitted.document, review, standardId: submitted.standardId };
      let bytes: Buffer | string;
      let type: string;
      if (query.format === "xlsx") {
        bytes = Buffer.from(await tools.exported({ kind: "review-xlsx", ...base }, "xlsx"));
        type = XLSX_TYPE;
      } else {
        const html = await tools.exported({ kind: "review-html", ...base, unit: query.unit, date: r.decidedAt ?? iso(), timeZone: ctx.timeZone }, "html");
        if (query.format === "html") {
          bytes = html;
          type = "text/html; charset=utf-8";
        } else {
          const rep = await tools.optionalImport(() => import("@govcost/report"), "@govcost/report", "报告导出", "Report export");
          bytes = Buffer.from(await rep.renderReportPdf(html));
          type = "application/pdf";
        }
      }
      await audit(req, user, "review.export", `budget:${view.b.id}`, { round: r.round, reviewVersion: r.reviewVersion, format: query.format });
      void reply.header("content-type", type).header("content-disposition", tools.contentDisposition(`${view.b.name}-第${r.round}轮审核.${query.format}`));
      if (query.format === "html") void reply.header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'");
      return bytes;
    },
  });

  route({ method: "GET", url: "/api/reviews", summary: "待我审核：审核人——分配给自己的；管理员——全部；编制人——本部门的（各预算的最近一轮）", tag: "审核", access: "user",
    query: z.object({ status: z.enum(STATUSES).optional().meta({ description: "只列出此状态的预算" }) }),
    handler: async ({ user, query }): Promise<{ reviews: ReviewListEntry[] }> => {
      const statuses = query.status ? [query.status] : undefined;
      const filter = user.role === "reviewer" ? { reviewerId: user.id } : user.role === "admin" ? {} : user.departmentId === null ? null : { departmentId: user.departmentId };
      if (filter === null) return { reviews: [] };
      const rows = await store.listLatestRounds({ ...filter, ...(statuses ? { statuses } : {}) });
      const hideOpen = user.role === "preparer";
      return {
        reviews: rows.map((r) => ({
          budgetId: r.budgetId,
          name: r.budgetName,
          departmentName: r.departmentName,
          status: r.status,
          round: r.round,
          reviewer: r.reviewerName,
          submittedAt: r.submittedAt,
          submittedBy: r.submittedByName,
          totals: roundJson(r, { hideOpen }).totals,
        })),
      };
    },
  });

  // ---- the reviewer: open, save, return, approve ----------------------------------------------

  route({ method: "POST", url: "/api/budgets/:id/review/open", summary: "开始审核（本轮审核人）：已提交 → 审核中，此后编制人不能撤回", tag: "审核", access: "user",
    responses: { "200": "审核中", "409": "当前状态不能开始审核" },
    handler: async ({ req, user, params }): Promise<StatusAnswer> => {
      const { b, round } = await reviewerOf(user, params.id, "open");
      if (b.status === "in_review") return { ok: true, status: "in_review", round: round.round };
      if (b.status !== "submitted") throw wrongStatus(b.status, "open", ["submitted"]);
      const at = iso();
      const r = await store.transition(b.id, ["submitted"], "in_review", (x) => (x.reviewer_id === user.id ? { opened_at: at } : new Refusal("reviewer")), (x) => ({
        at, userId: user.id, username: user.username, action: "review.open", target: `budget:${b.id}`, ip: req.ip, detail: { round: x.round, submittedVersion: x.submitted_version },
      }));
      if (!r) throw notFound("预算");
      if (!r.ok) throw "refused" in r ? onlyTheReviewer("open") : wrongStatus(r.status, "open", ["submitted"]);
      return { ok: true, status: "in_review", round: r.round };
    },
  });

  /** Check a review file against the round's submitted budget and save it as the next review version. */
  const saveReview = async (req: { ip: string }, user: UserWithSecret, b: BudgetMeta, round: StoredRound, baseVersion: number, raw: unknown, comment: string) => {
    const submitted = await submittedOf(b, round);
    const c = computeReview(JSON.parse(submitted.document), raw, submitted.standardId);
    if (!c.ok) {
      if (c.of === "budget") throw new Error(`stored version ${b.id}/${submitted.version} no longer validates`);
      const details = problemsToJson(c.problems);
      throw new HttpError(400, "invalid_review", bi(`审核决定有 ${details.length} 处错误`, `The review decisions have ${details.length} problem(s)`), { details });
    }
    // The file names its reviewer: the signed-in one unless it says otherwise.
    const rec = raw as Record<string, unknown>;
    const stored = typeof rec.reviewer === "string" && rec.reviewer.trim() !== "" ? rec : { ...rec, reviewer: user.displayName };
    const t = c.result;
    const at = iso();
    const s = await store.saveReviewVersion(
      b.id,
      round.round,
      baseVersion,
      { review: JSON.stringify(stored), authorId: user.id, authorName: user.displayName, savedAt: at, comment, approvedTotal: t.totals.approved.toFixed(2), approvedGrandTotal: t.grandTotals.approved.toFixed(2) },
      (version) => ({
        at, userId: user.id, username: user.username, action: "review.save", target: `budget:${b.id}`, ip: req.ip,
        detail: { round: round.round, reviewVersion: version, baseVersion, comment, approved: t.totals.approved.toFixed(2), reduction: t.totals.reduction.toFixed(2) },
      }),
    );
    if (!s) throw notFound("预算");
    if (!s.ok) throw "current" in s ? conflict(s.current) : wrongStatus(s.status, "save", ["in_review"]);
    return { version: s.version, savedAt: at, result: t };
  };

  route({ method: "PUT", url: "/api/budgets/:id/review", summary: "保存审核决定为新的审核版本（baseVersion = 所基于的审核版本，首次为 0；若已有更新的版本则 409）", tag: "审核", access: "user",
    body: z.strictObject({
      baseVersion: z.number().int().min(0),
      review: reviewDocument,
      comment: z.string().max(2000).optional(),
    }),
    responses: { "200": "已保存为新的审核版本", "400": "审核决定有误（定位到字段）", "409": "冲突：他人已保存更新的审核版本，或当前状态不能保存" },
    handler: async ({ req, body, user, params }): Promise<ReviewSaveAnswer> => {
      const { b, round } = await reviewerOf(user, params.id, "save");
      if (b.status !== "in_review") throw wrongStatus(b.status, "save", ["in_review"]);
      const s = await saveReview(req, user, b, round, body.baseVersion, body.review, body.comment ?? "");
      return { round: round.round, reviewVersion: s.version, savedAt: s.savedAt, author: user.displayName, totals: totalsJson(s.result.totals), grandTotals: totalsJson(s.result.grandTotals) };
    },
  });

  /** Return or approve: the opinion saved first if given, then the round decided on exactly that review version. */
  const decide = async (req: { ip: string }, user: UserWithSecret, idParam: string | undefined, body: { baseVersion?: number | undefined; opinion?: string | undefined }, outcome: "returned" | "approved"): Promise<StatusAnswer> => {
    const action: WorkflowAction = outcome === "returned" ? "return" : "approve";
    const { b, round } = await reviewerOf(user, idParam, action);
    if (b.status !== "in_review") throw wrongStatus(b.status, action, ["in_review"]);
    if (body.baseVersion !== undefined && body.baseVersion !== round.reviewVersion) {
      const current = round.reviewVersion === 0 ? undefined : (await store.listReviewVersions(b.id)).find((v) => v.round === round.round && v.version === round.reviewVersion);
      if (current) throw conflict(current);
      throw badRequest(bi(`第 ${round.round} 轮还没有第 ${body.baseVersion} 版审核决定`, `Round ${round.round} has no version ${body.baseVersion} of review decisions yet`));
    }
    let review = (await reviewOf(b, round)) as Record<string, unknown>;
    let version = round.reviewVersion;
    const given = body.opinion?.trim() ? body.opinion : undefined;
    if (given !== undefined && given !== review.opinion) {
      review = { ...review, opinion: given };
      version = (await saveReview(req, user, b, round, version, review, ACTIONS[action].zh)).version;
    }
    if (outcome === "returned" && (typeof review.opinion !== "string" || review.opinion.trim() === "")) {
      const list = new ProblemList();
      list.addAt("opinion_required", bodyAt(["opinion"]), {});
      throw new HttpError(400, "invalid_request", bi("退回修改须填写审核意见", "Returning for changes needs an opinion"), { details: problemsToJson(list.problems) });
    }
    const result = priced(await submittedOf(b, round), review).result;
    const at = iso();
    const frozen = outcome === "approved" ? { approved_total: result.totals.approved.toFixed(2), approved_grand_total: result.grandTotals.approved.toFixed(2), result: JSON.stringify(reviewToJson(result)) } : {};
    const r = await store.transition(
      b.id,
      ["in_review"],
      outcome,
      (x) => (x.reviewer_id !== user.id ? new Refusal("reviewer") : x.review_version !== version ? new Refusal("version") : { outcome, decided_at: at, ...frozen }),
      (x) => ({
        at, userId: user.id, username: user.username, action: outcome === "returned" ? "review.return" : "review.approve", target: `budget:${b.id}`, ip: req.ip,
        detail: { round: x.round, reviewVersion: version, ...totalsJson(result.totals), grandTotal: result.grandTotals.approved.toFixed(2), opinion: typeof review.opinion === "string" ? review.opinion : null },
      }),
    );
    if (!r) throw notFound("预算");
    if (!r.ok) {
      if (!("refused" in r)) throw wrongStatus(r.status, action, ["in_review"]);
      if (r.refused === "reviewer") throw onlyTheReviewer(action);
      const now = (await store.listReviewVersions(b.id)).find((v) => v.round === round.round);
      if (now) throw conflict(now);
      throw new Error("review version changed without a version");
    }
    return { ok: true, status: outcome, round: r.round };
  };

  const decideBody = z.strictObject({ baseVersion: z.number().int().min(0).optional().meta({ description: "所基于的审核版本；给出时须为最新（否则 409）" }), opinion });

  route({ method: "POST", url: "/api/budgets/:id/review/return", summary: "退回修改（须有审核意见）：预算回到部门修改，再次提交即开始新一轮", tag: "审核", access: "user",
    body: decideBody,
    responses: { "200": "已退回", "400": "缺少审核意见", "409": "当前状态不能退回，或审核决定已有更新的版本" },
    handler: async ({ req, body, user, params }) => decide(req, user, params.id, body, "returned"),
  });

  route({ method: "POST", url: "/api/budgets/:id/review/approve", summary: "审核通过：本轮审定金额冻结，预算只读（管理员可重新打开）", tag: "审核", access: "user",
    body: decideBody,
    responses: { "200": "已通过", "409": "当前状态不能通过，或审核决定已有更新的版本" },
    handler: async ({ req, body, user, params }) => decide(req, user, params.id, body, "approved"),
  });

  // ---- administrators: reassign, reopen -------------------------------------------------------

  const adminBudget = async (idParam: string | undefined) => {
    const id = positiveInt(idParam);
    const b = id === null ? undefined : await store.getBudget(id);
    if (!b) throw notFound("预算");
    return b;
  };

  route({ method: "POST", url: "/api/budgets/:id/reassign", summary: "更换本轮审核人（管理员；已提交或审核中的预算），已保存的审核决定保留", tag: "审核", access: "admin",
    body: z.strictObject({ reviewerId: z.number().int().positive() }),
    responses: { "200": "已更换", "409": "当前状态不能更换审核人" },
    handler: async ({ req, body, user, params }): Promise<StatusAnswer> => {
      const b = await adminBudget(params.id);
      const open: BudgetStatus[] = ["submitted", "in_review"];
      if (!open.includes(b.status)) throw wrongStatus(b.status, "reassign", open);
      const reviewer = await reviewerUser(body.reviewerId);
      let from = 0;
      const patch = (x: { reviewer_id: number }) => {
        from = x.reviewer_id;
        return { reviewer_id: reviewer.id };
      };
      const r = await store.transition(b.id, open, null, patch, (x, status) => ({
        at: iso(), userId: user.id, username: user.username, action: "review.reassign", target: `budget:${b.id}`, ip: req.ip,
        detail: { round: x.round, fromReviewerId: from, reviewerId: reviewer.id, reviewer: reviewer.displayName, status },
      }));
      if (!r) throw notFound("预算");
      if (!r.ok) throw "status" in r ? wrongStatus(r.status, "reassign", open) : new Error("reassign refused");
      return { ok: true, status: r.status, round: r.round };
    },
  });

  route({ method: "POST", url: "/api/budgets/:id/reopen", summary: "重新打开审核通过的预算（管理员，须说明原因）：回到编制中，该轮及其审定金额保留", tag: "审核", access: "admin",
    body: z.strictObject({ reason: z.string().trim().min(1).max(2000) }),
    responses: { "200": "已重新打开", "409": "只有审核通过的预算可以重新打开" },
    handler: async ({ req, body, user, params }): Promise<StatusAnswer> => {
      const b = await adminBudget(params.id);
      if (b.status !== "approved") throw wrongStatus(b.status, "reopen", ["approved"]);
      const at = iso();
      const r = await store.transition(b.id, ["approved"], "draft", () => ({ reopened_at: at, reopen_reason: body.reason }), (x) => ({
        at, userId: user.id, username: user.username, action: "review.reopen", target: `budget:${b.id}`, ip: req.ip,
        detail: { round: x.round, reason: body.reason, approvedTotal: x.approved_total === null ? null : String(x.approved_total), from: STATUS_LABELS.approved, to: STATUS_LABELS.draft },
      }));
      if (!r) throw notFound("预算");
      if (!r.ok) throw "status" in r ? wrongStatus(r.status, "reopen", ["approved"]) : new Error("reopen refused");
      return { ok: true, status: "draft", round: r.round };
    },
  });
}
