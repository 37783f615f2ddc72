/**
 * Review rounds and their append-only review versions (migration 6). A budget's status and its
 * current round change together, in one transaction, with the audit entry that records the change:
 * a transition that finds the budget in another status than it expects changes nothing.
 */
import type { BudgetStatus } from "../api-types.js";
import { auditRow, isUniqueViolation, money, type AuditInput, type Db } from "./base.js";
import { BudgetStore } from "./budgets.js";
import type { Database } from "./schema.js";

/** A round as stored, with its reviewer's name and the latest review version's approved figures. */
export interface StoredRound {
  budgetId: number;
  round: number;
  submittedVersion: number;
  reviewerId: number;
  reviewerName: string;
  submittedBy: number;
  submittedByName: string;
  submittedAt: string;
  openedAt: string | null;
  outcome: "returned" | "approved" | null;
  decidedAt: string | null;
  reviewVersion: number;
  answers: string;
  submittedTotal: string;
  submittedGrandTotal: string;
  /** Frozen on approval, else the latest review version's, else null (no decision saved). */
  approvedTotal: string | null;
  approvedGrandTotal: string | null;
  frozen: boolean;
  result: string | null;
  reopenedAt: string | null;
  reopenReason: string | null;
}

export interface ReviewVersionMetaRow {
  round: number;
  version: number;
  authorId: number;
  author: string;
  savedAt: string;
  comment: string;
  approvedTotal: string;
  approvedGrandTotal: string;
}

export interface StoredReviewVersion extends ReviewVersionMetaRow {
  review: string;
}

export interface NewReviewVersion {
  review: string;
  authorId: number;
  authorName: string;
  savedAt: string;
  comment: string;
  approvedTotal: string;
  approvedGrandTotal: string;
}

/** A transition refused: the budget is gone (undefined) or in another status than expected. */
export type Transition<T = { round: number }> = ({ ok: true } & T) | { ok: false; status: BudgetStatus } | undefined;

export type ReviewSaveResult = { ok: true; version: number } | { ok: false; current: ReviewVersionMetaRow } | { ok: false; status: BudgetStatus } | undefined;

type RoundRow = Database["review_rounds"] & { reviewer_name: string; v_total: string | null; v_grand_total: string | null };

function toRound(r: RoundRow): StoredRound {
  const frozen = r.approved_total !== null;
  return {
    budgetId: r.budget_id,
    round: r.round,
    submittedVersion: r.submitted_version,
    reviewerId: r.reviewer_id,
    reviewerName: r.reviewer_name,
    submittedBy: r.submitted_by,
    submittedByName: r.submitted_by_name,
    submittedAt: r.submitted_at,
    openedAt: r.opened_at,
    outcome: r.outcome,
    decidedAt: r.decided_at,
    reviewVersion: r.review_version,
    answers: r.answers,
    submittedTotal: money(r.submitted_total),
    submittedGrandTotal: money(r.submitted_grand_total),
    approvedTotal: frozen ? money(r.approved_total) : r.v_total === null ? null : money(r.v_total),
    approvedGrandTotal: frozen ? money(r.approved_grand_total) : r.v_grand_total === null ? null : money(r.v_grand_total),
    frozen,
    result: r.result,
    reopenedAt: r.reopened_at,
    reopenReason: r.reopen_reason,
  };
}

function toReviewVersionMeta(r: Omit<Database["review_versions"], "review" | "budget_id">): ReviewVersionMetaRow {
  return { round: r.round, version: r.version, authorId: r.author_id, author: r.author_name, savedAt: r.saved_at, comment: r.comment, approvedTotal: money(r.approved_total), approvedGrandTotal: money(r.approved_grand_total) };
}

/** A review round's list entry: the round and its budget. */
export interface RoundListRow extends StoredRound {
  budgetName: string;
  departmentId: number;
  departmentName: string;
  status: BudgetStatus;
}

export abstract class ReviewStore extends BudgetStore {
  private roundsQuery(db: Db = this.db) {
    return db
      .selectFrom("review_rounds as r")
      .innerJoin("users as u", "u.id", "r.reviewer_id")
      .leftJoin("review_versions as v", (j) => j.onRef("v.budget_id", "=", "r.budget_id").onRef("v.round", "=", "r.round").onRef("v.version", "=", "r.review_version"))
      .selectAll("r")
      .select(["u.display_name as reviewer_name", "v.approved_total as v_total", "v.approved_grand_total as v_grand_total"]);
  }

  /** Every round of a budget, newest first. */
  async listRounds(budgetId: number): Promise<StoredRound[]> {
    return (await this.roundsQuery().where("r.budget_id", "=", budgetId).orderBy("r.round", "desc").execute()).map(toRound);
  }

  /**
   * The latest round of each budget (not deleted), with its budget: those assigned to a reviewer,
   * of one department, or all; optionally only budgets in some statuses.
   */
  async listLatestRounds(filter: { reviewerId?: number; departmentId?: number; statuses?: readonly BudgetStatus[] }): Promise<RoundListRow[]> {
    let q = this.roundsQuery()
      .innerJoin("budgets as b", "b.id", "r.budget_id")
      .innerJoin("departments as d", "d.id", "b.department_id")
      .select(["b.name as budget_name", "b.department_id", "d.name as department_name", "b.status"])
      .where("b.deleted_at", "is", null)
      .where("r.round", "=", (eb) => eb.selectFrom("review_rounds as r2").select((e) => e.fn.max("r2.round").as("m")).whereRef("r2.budget_id", "=", "r.budget_id"))
      .orderBy("r.submitted_at", "desc")
      .orderBy("r.budget_id", "desc");
    if (filter.reviewerId !== undefined) q = q.where("r.reviewer_id", "=", filter.reviewerId);
    if (filter.departmentId !== undefined) q = q.where("b.department_id", "=", filter.departmentId);
    if (filter.statuses) q = q.where("b.status", "in", [...filter.statuses]);
    return (await q.execute()).map((r) => ({ ...toRound(r), budgetName: r.budget_name, departmentId: r.department_id, departmentName: r.department_name, status: r.status as BudgetStatus }));
  }

  /** The budget's status and latest version, locked for the transaction on PostgreSQL. */
  private async lockBudget(tx: Db, budgetId: number) {
    const row = await tx
      .selectFrom("budgets")
      .select(["status", "latest_version", "total", "grand_total"])
      .where("id", "=", budgetId)
      .where("deleted_at", "is", null)
      .$if(this.dialect === "postgres", (q) => q.forUpdate())
      .executeTakeFirst();
    return row ? { ...row, status: row.status as BudgetStatus } : undefined;
  }

  private async lastRound(tx: Db, budgetId: number) {
    return tx.selectFrom("review_rounds").selectAll().where("budget_id", "=", budgetId).orderBy("round", "desc").limit(1).executeTakeFirst();
  }

  /** A new round freezing the latest version, from draft or returned only. */
  async submitRound(budgetId: number, s: { reviewerId: number; by: number; byName: string; at: string; answers: string }, audit: (round: number, version: number) => AuditInput): Promise<Transition<{ round: number; version: number }>> {
    return this.db.transaction().execute(async (tx) => {
      const b = await this.lockBudget(tx, budgetId);
      if (!b) return undefined;
      if (b.status !== "draft" && b.status !== "returned") return { ok: false as const, status: b.status };
      const round = ((await this.lastRound(tx, budgetId))?.round ?? 0) + 1;
      const v = await tx.selectFrom("budget_versions").select(["total", "grand_total"]).where("budget_id", "=", budgetId).where("version", "=", b.latest_version).executeTakeFirstOrThrow();
      await tx
        .insertInto("review_rounds")
        .values({
          budget_id: budgetId, round, submitted_version: b.latest_version, reviewer_id: s.reviewerId, submitted_by: s.by, submitted_by_name: s.byName, submitted_at: s.at,
          opened_at: null, outcome: null, decided_at: null, review_version: 0, answers: s.answers, submitted_total: money(v.total), submitted_grand_total: money(v.grand_total),
          approved_total: null, approved_grand_total: null, result: null, reopened_at: null, reopen_reason: null,
        })
        .execute();
      await tx.updateTable("budgets").set({ status: "submitted" }).where("id", "=", budgetId).execute();
      await tx.insertInto("audit_log").values(auditRow(audit(round, b.latest_version))).execute();
      return { ok: true as const, round, version: b.latest_version };
    });
  }

  /**
   * Withdraw the current round while it is `submitted` (the reviewer has not opened it): the round
   * goes (it holds no decisions), the budget returns to what it was before: returned if the round
   * before was returned, else draft.
   */
  async withdrawRound(budgetId: number, audit: (round: number, status: BudgetStatus) => AuditInput): Promise<Transition<{ round: number; status: BudgetStatus }>> {
    return this.db.transaction().execute(async (tx) => {
      const b = await this.lockBudget(tx, budgetId);
      if (!b) return undefined;
      const last = await this.lastRound(tx, budgetId);
      if (b.status !== "submitted" || !last) return { ok: false as const, status: b.status };
      await tx.deleteFrom("review_rounds").where("budget_id", "=", budgetId).where("round", "=", last.round).execute();
      const before = await this.lastRound(tx, budgetId);
      const status: BudgetStatus = before?.outcome === "returned" ? "returned" : "draft";
      await tx.updateTable("budgets").set({ status }).where("id", "=", budgetId).execute();
      await tx.insertInto("audit_log").values(auditRow(audit(last.round, status))).execute();
      return { ok: true as const, round: before?.round ?? 0, status };
    });
  }

  /**
   * Move the current round from one of `from` to `to`, setting round fields on the way. `check`
   * sees the round inside the transaction and may refuse (its answer is returned as is).
   */
  async transition<R>(
    budgetId: number,
    from: readonly BudgetStatus[],
    /** The new status; null keeps the one found (a reassignment). */
    to: BudgetStatus | null,
    patch: (round: Database["review_rounds"]) => Partial<Database["review_rounds"]> | Refusal<R>,
    audit: (round: Database["review_rounds"], status: BudgetStatus) => AuditInput,
  ): Promise<Transition<{ round: number; status: BudgetStatus }> | { ok: false; refused: R }> {
    return this.db.transaction().execute(async (tx) => {
      const b = await this.lockBudget(tx, budgetId);
      if (!b) return undefined;
      const last = await this.lastRound(tx, budgetId);
      if (!from.includes(b.status) || !last) return { ok: false as const, status: b.status };
      const p = patch(last);
      if (p instanceof Refusal) return { ok: false as const, refused: p.value };
      const set = p;
      if (Object.keys(set).length > 0) await tx.updateTable("review_rounds").set(set).where("budget_id", "=", budgetId).where("round", "=", last.round).execute();
      const status = to ?? b.status;
      if (status !== b.status) await tx.updateTable("budgets").set({ status }).where("id", "=", budgetId).execute();
      await tx.insertInto("audit_log").values(auditRow(audit({ ...last, ...set }, status))).execute();
      return { ok: true as const, round: last.round, status };
    });
  }

  /**
   * Save the reviewer's decisions on top of baseVersion of the current round, while it is in
   * review and assigned to the author; 409 material (who saved the newer one) otherwise.
   */
  async saveReviewVersion(budgetId: number, round: number, baseVersion: number, v: NewReviewVersion, audit: (version: number) => AuditInput): Promise<ReviewSaveResult> {
    try {
      return await this.db.transaction().execute(async (tx) => {
        const b = await this.lockBudget(tx, budgetId);
        if (!b) return undefined;
        const last = await this.lastRound(tx, budgetId);
        if (b.status !== "in_review" || !last || last.round !== round || last.reviewer_id !== v.authorId) return { ok: false as const, status: b.status };
        if (last.review_version !== baseVersion) {
          const current = await this.getReviewVersionMeta(budgetId, round, last.review_version, tx);
          if (!current) throw new Error(`review ${budgetId}/${round} lacks its version ${last.review_version}`);
          return { ok: false as const, current };
        }
        const version = baseVersion + 1;
        await tx
          .insertInto("review_versions")
          .values({ budget_id: budgetId, round, version, review: v.review, author_id: v.authorId, author_name: v.authorName, saved_at: v.savedAt, comment: v.comment, approved_total: v.approvedTotal, approved_grand_total: v.approvedGrandTotal })
          .execute();
        await tx.updateTable("review_rounds").set({ review_version: version }).where("budget_id", "=", budgetId).where("round", "=", round).execute();
        await tx.insertInto("audit_log").values(auditRow(audit(version))).execute();
        return { ok: true as const, version };
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      // Lost a race the lock did not cover (SQLite's one writer makes this rare): report the winner.
      const r = (await this.listRounds(budgetId)).find((x) => x.round === round);
      const current = r ? await this.getReviewVersionMeta(budgetId, round, r.reviewVersion) : undefined;
      if (!current) throw e;
      return { ok: false, current };
    }
  }

  async listReviewVersions(budgetId: number): Promise<ReviewVersionMetaRow[]> {
    const rows = await this.db
      .selectFrom("review_versions")
      .select(["round", "version", "author_id", "author_name", "saved_at", "comment", "approved_total", "approved_grand_total"])
      .where("budget_id", "=", budgetId)
      .orderBy("round", "desc")
      .orderBy("version", "desc")
      .execute();
    return rows.map(toReviewVersionMeta);
  }

  private async getReviewVersionMeta(budgetId: number, round: number, version: number, db: Db = this.db): Promise<ReviewVersionMetaRow | undefined> {
    const r = await db.selectFrom("review_versions").selectAll().where("budget_id", "=", budgetId).where("round", "=", round).where("version", "=", version).executeTakeFirst();
    return r ? toReviewVersionMeta(r) : undefined;
  }

  async getReviewVersion(budgetId: number, round: number, version: number): Promise<StoredReviewVersion | undefined> {
    const r = await this.db.selectFrom("review_versions").selectAll().where("budget_id", "=", budgetId).where("round", "=", round).where("version", "=", version).executeTakeFirst();
    return r ? { ...toReviewVersionMeta(r), review: r.review } : undefined;
  }
}

/** What a transition's `patch` answers to refuse the transition (nothing is changed). */
export class Refusal<R> {
  constructor(readonly value: R) {}
}
