/** Budgets and their append-only versions: the part of the store every save goes through. */
import { auditRow, isUniqueViolation, money, StoreBase, toVersionMeta, type AuditInput, type BudgetMeta, type Db, type NewVersion, type SaveResult, type StoredVersion, type VersionMeta } from "./base.js";
import type { Database } from "./schema.js";
import type { BudgetStatus } from "../api-types.js";

/** While submitted, in review or approved, nobody changes a budget (its round has frozen a version of it). */
export const LOCKED_STATUSES: readonly BudgetStatus[] = ["submitted", "in_review", "approved"];
export const isLocked = (s: BudgetStatus): boolean => LOCKED_STATUSES.includes(s);

export abstract class BudgetStore extends StoreBase {
  private budgetQuery(db: Db = this.db) {
    const columns = ["id", "name", "department_id", "latest_version", "total", "grand_total", "updated_at", "updated_by", "rate_profile_id", "status", "created_by"] as const;
    return db
      .selectFrom("budgets")
      .innerJoin("departments", "departments.id", "budgets.department_id")
      .select([...columns.map((c) => `budgets.${c}` as const), "departments.name as department_name"])
      .where("budgets.deleted_at", "is", null);
  }

  private toMeta(r: Omit<Database["budgets"], "id" | "deleted_at" | "created_at"> & { id: number; department_name: string }): BudgetMeta {
    return {
      id: r.id, name: r.name, departmentId: r.department_id, departmentName: r.department_name, version: r.latest_version,
      total: money(r.total), grandTotal: money(r.grand_total), updatedAt: r.updated_at, updatedBy: r.updated_by,
      rateProfileId: r.rate_profile_id, status: r.status as BudgetStatus, createdBy: r.created_by,
    };
  }

  /** Budgets of one department, or those submitted to one reviewer (in any round). */
  async listBudgets(filter: { departmentId: number } | { reviewerId: number }): Promise<BudgetMeta[]> {
    let q = this.budgetQuery().orderBy("budgets.updated_at", "desc").orderBy("budgets.id", "desc");
    if ("departmentId" in filter) q = q.where("budgets.department_id", "=", filter.departmentId);
    else q = q.where("budgets.id", "in", this.db.selectFrom("review_rounds").select("budget_id").where("reviewer_id", "=", filter.reviewerId));
    return (await q.execute()).map((r) => this.toMeta(r));
  }

  async getBudget(id: number): Promise<BudgetMeta | undefined> {
    const r = await this.budgetQuery().where("budgets.id", "=", id).executeTakeFirst();
    return r ? this.toMeta(r) : undefined;
  }

  /** Whether a reviewer is assigned to any round of the budget (a reassigned one no longer is). */
  async isReviewerOf(budgetId: number, userId: number): Promise<boolean> {
    const r = await this.db.selectFrom("review_rounds").select("budget_id").where("budget_id", "=", budgetId).where("reviewer_id", "=", userId).executeTakeFirst();
    return r !== undefined;
  }

  private versionRow(budgetId: number, version: number, v: NewVersion): Database["budget_versions"] {
    return {
      budget_id: budgetId,
      version,
      document: v.document,
      estimate: v.estimate,
      standard_id: v.standardId,
      rate_profile_id: v.rateProfileId,
      rate_profile_name: v.rateProfileName,
      rates: JSON.stringify(v.rates),
      labor: v.labor,
      non_labor: v.nonLabor,
      total: v.total,
      grand_total: v.grandTotal,
      author_id: v.authorId,
      author_name: v.authorName,
      saved_at: v.savedAt,
      comment: v.comment,
      restored_from: v.restoredFrom,
    };
  }

  /** A new budget with its version 1, in one transaction. */
  async createBudget(b: { departmentId: number; name: string; rateProfileId: string | null; createdBy: number }, v: NewVersion): Promise<number> {
    return this.db.transaction().execute(async (tx) => {
      const r = await tx
        .insertInto("budgets")
        .values({
          department_id: b.departmentId,
          name: b.name,
          rate_profile_id: b.rateProfileId,
          latest_version: 1,
          status: "draft",
          created_at: v.savedAt,
          created_by: b.createdBy,
          updated_at: v.savedAt,
          updated_by: v.authorName,
          total: v.total,
          grand_total: v.grandTotal,
          deleted_at: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await tx.insertInto("budget_versions").values(this.versionRow(r.id, 1, v)).execute();
      return r.id;
    });
  }

  /**
   * Save on top of baseVersion. The check and the insert happen in one transaction (the budget row
   * locked FOR UPDATE on PostgreSQL; SQLite has one writer), and (budget_id, version) is unique, so
   * a save on top of someone else's newer save is refused and nothing is overwritten.
   */
  async saveVersion(budgetId: number, baseVersion: number, v: NewVersion, rateProfileId: string | null, audit?: (version: number) => AuditInput): Promise<SaveResult | undefined> {
    try {
      return await this.db.transaction().execute(async (tx) => {
        const row = await tx
          .selectFrom("budgets")
          .select(["latest_version", "status"])
          .where("id", "=", budgetId)
          .where("deleted_at", "is", null)
          .$if(this.dialect === "postgres", (q) => q.forUpdate())
          .executeTakeFirst();
        if (!row) return undefined;
        const status = row.status as BudgetStatus;
        if (isLocked(status)) return { ok: false as const, locked: status };
        if (row.latest_version !== baseVersion) {
          const current = await this.getVersionMeta(budgetId, row.latest_version, tx);
          if (!current) throw new Error(`budget ${budgetId} has no version ${row.latest_version}`);
          return { ok: false as const, current };
        }
        const version = baseVersion + 1;
        await tx.insertInto("budget_versions").values(this.versionRow(budgetId, version, v)).execute();
        await tx
          .updateTable("budgets")
          .set({ latest_version: version, updated_at: v.savedAt, updated_by: v.authorName, total: v.total, grand_total: v.grandTotal, rate_profile_id: rateProfileId })
          .where("id", "=", budgetId)
          .execute();
        // The audit entry commits with the version it records: one write per save, never one without the other.
        if (audit) await tx.insertInto("audit_log").values(auditRow(audit(version))).execute();
        return { ok: true as const, version };
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      // Lost a race the lock did not cover: report whoever won.
      const latest = await this.getBudget(budgetId);
      const current = latest ? await this.getVersionMeta(budgetId, latest.version) : undefined;
      if (!current) throw e;
      return { ok: false, current };
    }
  }

  /** Renames an unlocked budget; false if it is gone or locked (a submission may have come first). */
  async renameBudget(id: number, name: string): Promise<boolean> {
    const r = await this.db.updateTable("budgets").set({ name }).where("id", "=", id).where("deleted_at", "is", null).where("status", "not in", [...LOCKED_STATUSES]).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Deleting hides an unlocked budget; its versions stay (they are append-only). */
  async deleteBudget(id: number, now: string): Promise<boolean> {
    const r = await this.db.updateTable("budgets").set({ deleted_at: now }).where("id", "=", id).where("deleted_at", "is", null).where("status", "not in", [...LOCKED_STATUSES]).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async listVersions(budgetId: number): Promise<VersionMeta[]> {
    const rows = await this.db
      .selectFrom("budget_versions")
      .select(["budget_id", "version", "standard_id", "rate_profile_id", "rate_profile_name", "rates", "labor", "non_labor", "total", "grand_total", "author_id", "author_name", "saved_at", "comment", "restored_from"])
      .where("budget_id", "=", budgetId)
      .orderBy("version", "desc")
      .execute();
    return rows.map((r) => toVersionMeta(r));
  }

  private async getVersionMeta(budgetId: number, version: number, db: Db = this.db): Promise<VersionMeta | undefined> {
    const r = await db.selectFrom("budget_versions").selectAll().where("budget_id", "=", budgetId).where("version", "=", version).executeTakeFirst();
    return r ? toVersionMeta(r) : undefined;
  }

  async getVersion(budgetId: number, version: number): Promise<StoredVersion | undefined> {
    const r = await this.db.selectFrom("budget_versions").selectAll().where("budget_id", "=", budgetId).where("version", "=", version).executeTakeFirst();
    return r ? { ...toVersionMeta(r), document: r.document, estimate: r.estimate } : undefined;
  }

}
