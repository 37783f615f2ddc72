/**
 * Storage behind one interface. Two implementations share this class: an embedded SQLite file
 * (better-sqlite3, the default) and PostgreSQL (pg), chosen at start-up by openStore(). They differ
 * in connection, DDL column types, row locking and the migration lock. Every query is the same, but
 * on SQLite the few on every request's path run as prepared native statements (HotStatements).
 */
import { brotliDecompressSync } from "node:zlib";
import type { Database as SqliteHandle, Statement } from "better-sqlite3";
import type { Kysely } from "kysely";
import { sql, type Transaction, type Updateable } from "kysely";
import type { Database, Dialect, Role } from "./schema.js";
import { MIGRATIONS } from "./schema.js";

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  departmentId: number | null;
  departmentName: string | null;
  disabled: boolean;
}

export interface UserWithSecret extends User {
  passwordHash: string;
}

export interface Department {
  id: number;
  name: string;
}

export interface StoredRateProfile {
  id: string;
  name: string;
  source: string;
  rates: [string, string, string, string, string];
  createdAt: string;
  updatedAt: string;
}

export interface BudgetMeta {
  id: number;
  name: string;
  departmentId: number;
  departmentName: string;
  version: number;
  total: string;
  grandTotal: string;
  updatedAt: string;
  updatedBy: string;
  rateProfileId: string | null;
  status: string;
  createdBy: number;
}

/** A stored text: JSON as it is, or brotli-compressed (SQLite stores versions packed, see migration 2). */
export type StoredText = string | { brotli: Uint8Array };

/** What a saved version stores: enough to recompute it identically later. */
export interface NewVersion {
  document: StoredText;
  estimate: StoredText;
  standardId: string;
  rateProfileId: string | null;
  rateProfileName: string;
  rates: string[];
  labor: string;
  nonLabor: string;
  total: string;
  grandTotal: string;
  authorId: number;
  authorName: string;
  savedAt: string;
  comment: string;
  restoredFrom: number | null;
}

export interface VersionMeta {
  version: number;
  author: string;
  authorId: number;
  savedAt: string;
  comment: string;
  total: string;
  grandTotal: string;
  labor: string;
  nonLabor: string;
  standardId: string;
  rateProfile: { id: string | null; name: string; rates: string[] };
  restoredFrom: number | null;
}

export interface StoredVersion extends VersionMeta {
  document: string;
  estimate: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  userId: number | null;
  username: string | null;
  action: string;
  target: string | null;
  detail: unknown;
  ip: string | null;
}

export type SaveResult = { ok: true; version: number } | { ok: false; current: VersionMeta };

export class DuplicateError extends Error {}

/** A unique-constraint violation, in either database's words. */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

/** SQLite could not get its write lock in time (another process is writing). */
export function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
}

const MIGRATION_LOCK = 7_402_024; // arbitrary constant naming govcost's advisory lock

type Db = Kysely<Database> | Transaction<Database>;

export interface StoreOptions {
  dialect: Dialect;
  db: Kysely<Database>;
  /** Extra work on close (closing the native handle or pool). */
  onClose?: () => Promise<void>;
  /** SQLite only: online backup to a file. */
  backup?: (file: string) => Promise<void>;
  /** SQLite only: the native handle behind `db`, for the statements on every request's path. */
  sqlite?: SqliteHandle;
}

const userColumns = [
  "users.id",
  "users.username",
  "users.display_name",
  "users.role",
  "users.department_id",
  "users.disabled",
  "users.password_hash",
  "departments.name as department_name",
] as const;

function toUser(r: {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  department_id: number | null;
  disabled: number;
  password_hash: string;
  department_name: string | null;
}): UserWithSecret {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    departmentId: r.department_id,
    departmentName: r.department_name,
    disabled: r.disabled !== 0,
    passwordHash: r.password_hash,
  };
}

export function publicUser(u: UserWithSecret | User): User {
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, departmentId: u.departmentId, departmentName: u.departmentName, disabled: u.disabled };
}

function toVersionMeta(r: Omit<Database["budget_versions"], "document" | "estimate" | "document_br" | "estimate_br">): VersionMeta {
  return {
    version: r.version,
    author: r.author_name,
    authorId: r.author_id,
    savedAt: r.saved_at,
    comment: r.comment,
    total: String(r.total),
    grandTotal: String(r.grand_total),
    labor: String(r.labor),
    nonLabor: String(r.non_labor),
    standardId: r.standard_id,
    rateProfile: { id: r.rate_profile_id, name: r.rate_profile_name, rates: JSON.parse(r.rates) as string[] },
    restoredFrom: r.restored_from,
  };
}

/** pg gives NUMERIC(18,2) as "123.40"; SQLite TEXT holds what we wrote ("123.40"). Normalise anyway. */
const money = (v: unknown): string => String(v);

export class Store {
  readonly dialect: Dialect;
  readonly db: Kysely<Database>;
  private readonly onClose: (() => Promise<void>) | undefined;
  private readonly backupFn: ((file: string) => Promise<void>) | undefined;
  private readonly sqlite: SqliteHandle | undefined;
  private hotStatements: HotStatements | undefined;
  private saveQueue: QueuedSave[] = [];
  private flushScheduled = false;
  /**
   * Whether new versions should bring their texts compressed (StoredText `{ brotli }`): SQLite
   * stores them so (migration 2); PostgreSQL compresses large text itself and keeps plain text.
   */
  readonly packsVersionTexts: boolean;

  constructor(opts: StoreOptions) {
    this.dialect = opts.dialect;
    this.db = opts.db;
    this.onClose = opts.onClose;
    this.backupFn = opts.backup;
    this.sqlite = opts.sqlite;
    this.packsVersionTexts = opts.dialect === "sqlite";
  }

  /**
   * Group commit (SQLite): the saves that arrive in one turn of the event loop are written in one
   * transaction, each inside its own savepoint, so one save's failure or conflict touches no other.
   * A batch pays for one BEGIN, one COMMIT (one fsync with synchronous=FULL) and one write of the
   * pages the saves share, instead of one each. Every save is answered only after its COMMIT.
   */
  private groupCommit(hot: HotStatements, save: SaveArgs): Promise<SaveResult | undefined> {
    return new Promise((resolve, reject) => {
      this.saveQueue.push({ ...save, resolve, reject });
      if (this.flushScheduled) return;
      this.flushScheduled = true;
      setImmediate(() => {
        const batch = this.saveQueue;
        this.saveQueue = [];
        this.flushScheduled = false;
        this.native(hot, (h) => h.saveMany(batch)).then(
          (outcomes) =>
            batch.forEach((q, i) => {
              const o = outcomes[i];
              if (o && "error" in o) q.reject(o.error);
              else q.resolve(o?.result);
            }),
          // The batch did not commit: none of its saves happened.
          (e: unknown) => batch.forEach((q) => q.reject(e)),
        );
      });
    });
  }

  /** Prepared on first use: the tables exist only after migrate(). */
  private get hot(): HotStatements | undefined {
    if (!this.sqlite) return undefined;
    return (this.hotStatements ??= new HotStatements(this.sqlite));
  }

  /**
   * Run synchronous native statements while holding kysely's one SQLite connection, so they never
   * land inside a kysely transaction that is waiting between its statements.
   */
  private native<T>(hot: HotStatements, fn: (h: HotStatements) => T): Promise<T> {
    return this.db.connection().execute(async () => fn(hot));
  }

  async close(): Promise<void> {
    await this.db.destroy();
    await this.onClose?.();
  }

  async backup(file: string): Promise<void> {
    if (!this.backupFn) throw new Error("backup is only available for the embedded SQLite database (use pg_dump for PostgreSQL)");
    await this.backupFn(file);
  }

  /**
   * Apply pending migrations. On PostgreSQL the whole run holds a transaction-scoped advisory lock,
   * so several processes starting at once apply each migration exactly once; on SQLite the write
   * transaction itself serialises them.
   */
  async migrate(): Promise<number[]> {
    // Two SQLite processes starting on a fresh file (the server and `govcost user add`) can collide
    // when both upgrade a read transaction to a write; the loser retries.
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.migrateOnce();
      } catch (e) {
        if (!isBusy(e) || attempt >= 50) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  private async migrateOnce(): Promise<number[]> {
    return this.db.transaction().execute(async (tx) => {
      if (this.dialect === "postgres") await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(tx);
      await sql`CREATE TABLE IF NOT EXISTS govcost_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`.execute(tx);
      const done = new Set((await tx.selectFrom("govcost_migrations").select("id").execute()).map((r) => r.id));
      const applied: number[] = [];
      for (const m of MIGRATIONS) {
        if (done.has(m.id)) continue;
        for (const stmt of m.sql[this.dialect]) await sql.raw(stmt).execute(tx);
        await tx.insertInto("govcost_migrations").values({ id: m.id, name: m.name, applied_at: new Date().toISOString() }).execute();
        applied.push(m.id);
      }
      return applied;
    });
  }

  // ---- setup -------------------------------------------------------------------------------

  async setupDone(): Promise<boolean> {
    const row = await this.db.selectFrom("setup_state").select("id").executeTakeFirst();
    return row !== undefined;
  }

  async addSetupToken(tokenHash: string, now: string, expiresAt: string): Promise<void> {
    await this.db.insertInto("setup_tokens").values({ token_hash: tokenHash, created_at: now, expires_at: expiresAt }).execute();
  }

  /**
   * First administrator, once: the setup_state row (primary key id = 1) makes a second concurrent
   * attempt fail; the token must exist and be unexpired; all tokens are spent afterwards.
   */
  async completeSetup(tokenHash: string, now: string, user: NewUser): Promise<{ ok: true; user: UserWithSecret } | { ok: false; reason: "token" | "done" }> {
    try {
      return await this.db.transaction().execute(async (tx) => {
        if (await tx.selectFrom("setup_state").select("id").executeTakeFirst()) return { ok: false as const, reason: "done" as const };
        const token = await tx.selectFrom("setup_tokens").selectAll().where("token_hash", "=", tokenHash).where("expires_at", ">", now).executeTakeFirst();
        if (!token) return { ok: false as const, reason: "token" as const };
        const id = await this.insertUser(tx, user, now);
        await tx.insertInto("setup_state").values({ id: 1, done_at: now, admin_id: id }).execute();
        await tx.deleteFrom("setup_tokens").execute();
        const created = await this.getUser(id, tx);
        if (!created) throw new Error("user vanished inside its own transaction");
        return { ok: true as const, user: created };
      });
    } catch (e) {
      if (isUniqueViolation(e)) return { ok: false, reason: "done" };
      throw e;
    }
  }

  /** Marks setup done when an administrator is created another way (the CLI's `user add`). */
  async markSetupDone(adminId: number, now: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      if (await tx.selectFrom("setup_state").select("id").executeTakeFirst()) return;
      await tx.insertInto("setup_state").values({ id: 1, done_at: now, admin_id: adminId }).execute();
      await tx.deleteFrom("setup_tokens").execute();
    });
  }

  // ---- departments -------------------------------------------------------------------------

  async listDepartments(): Promise<Department[]> {
    return this.db.selectFrom("departments").select(["id", "name"]).orderBy("id").execute();
  }

  async getDepartment(id: number): Promise<Department | undefined> {
    return this.db.selectFrom("departments").select(["id", "name"]).where("id", "=", id).executeTakeFirst();
  }

  async findDepartmentByName(name: string): Promise<Department | undefined> {
    return this.db.selectFrom("departments").select(["id", "name"]).where("name", "=", name).executeTakeFirst();
  }

  async createDepartment(name: string, now: string): Promise<Department> {
    try {
      const r = await this.db.insertInto("departments").values({ name, created_at: now }).returning(["id", "name"]).executeTakeFirstOrThrow();
      return r;
    } catch (e) {
      if (isUniqueViolation(e)) throw new DuplicateError(name);
      throw e;
    }
  }

  async renameDepartment(id: number, name: string): Promise<Department | undefined> {
    try {
      return await this.db.updateTable("departments").set({ name }).where("id", "=", id).returning(["id", "name"]).executeTakeFirst();
    } catch (e) {
      if (isUniqueViolation(e)) throw new DuplicateError(name);
      throw e;
    }
  }

  // ---- users -------------------------------------------------------------------------------

  private async insertUser(tx: Db, u: NewUser, now: string): Promise<number> {
    try {
      const r = await tx
        .insertInto("users")
        .values({
          username: u.username,
          display_name: u.displayName,
          role: u.role,
          department_id: u.departmentId,
          password_hash: u.passwordHash,
          disabled: 0,
          created_at: now,
          updated_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return r.id;
    } catch (e) {
      if (isUniqueViolation(e)) throw new DuplicateError(u.username);
      throw e;
    }
  }

  async createUser(u: NewUser, now: string): Promise<UserWithSecret> {
    const id = await this.insertUser(this.db, u, now);
    const user = await this.getUser(id);
    if (!user) throw new Error("created user not found");
    return user;
  }

  async countUsers(): Promise<number> {
    const r = await this.db.selectFrom("users").select((eb) => eb.fn.countAll<number | string>().as("n")).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async getUser(id: number, db: Db = this.db): Promise<UserWithSecret | undefined> {
    const r = await db.selectFrom("users").leftJoin("departments", "departments.id", "users.department_id").select(userColumns).where("users.id", "=", id).executeTakeFirst();
    return r ? toUser(r) : undefined;
  }

  async findUserByUsername(username: string): Promise<UserWithSecret | undefined> {
    const r = await this.db.selectFrom("users").leftJoin("departments", "departments.id", "users.department_id").select(userColumns).where("users.username", "=", username).executeTakeFirst();
    return r ? toUser(r) : undefined;
  }

  async listUsers(filter: { role?: Role } = {}): Promise<User[]> {
    let q = this.db.selectFrom("users").leftJoin("departments", "departments.id", "users.department_id").select(userColumns).orderBy("users.id");
    if (filter.role) q = q.where("users.role", "=", filter.role);
    return (await q.execute()).map((r) => publicUser(toUser(r)));
  }

  async updateUser(id: number, patch: { displayName?: string; role?: Role; departmentId?: number | null; disabled?: boolean; passwordHash?: string }, now: string): Promise<UserWithSecret | undefined> {
    const set: Updateable<Database["users"]> = { updated_at: now };
    if (patch.displayName !== undefined) set.display_name = patch.displayName;
    if (patch.role !== undefined) set.role = patch.role;
    if (patch.departmentId !== undefined) set.department_id = patch.departmentId;
    if (patch.disabled !== undefined) set.disabled = patch.disabled ? 1 : 0;
    if (patch.passwordHash !== undefined) set.password_hash = patch.passwordHash;
    const r = await this.db.updateTable("users").set(set).where("id", "=", id).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return undefined;
    return this.getUser(id);
  }

  // ---- sessions ----------------------------------------------------------------------------

  async createSession(s: { idHash: string; userId: number; csrfToken: string; now: string; expiresAt: string }): Promise<void> {
    await this.db.insertInto("sessions").values({ id_hash: s.idHash, user_id: s.userId, csrf_token: s.csrfToken, created_at: s.now, expires_at: s.expiresAt }).execute();
  }

  async getSession(idHash: string, now: string): Promise<{ csrfToken: string; expiresAt: string; user: UserWithSecret } | undefined> {
    const hot = this.hot;
    const r = hot
      ? await this.native(hot, (h) => h.session.get(idHash, now) as (Parameters<typeof toUser>[0] & { csrf_token: string; expires_at: string }) | undefined)
      : await this.db
      .selectFrom("sessions")
      .innerJoin("users", "users.id", "sessions.user_id")
      .leftJoin("departments", "departments.id", "users.department_id")
      .select([...userColumns, "sessions.csrf_token", "sessions.expires_at"])
      .where("sessions.id_hash", "=", idHash)
      .where("sessions.expires_at", ">", now)
      .executeTakeFirst();
    if (!r) return undefined;
    return { csrfToken: r.csrf_token, expiresAt: r.expires_at, user: toUser(r) };
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.deleteFrom("sessions").where("id_hash", "=", idHash).execute();
  }

  async deleteUserSessions(userId: number, exceptIdHash?: string): Promise<void> {
    let q = this.db.deleteFrom("sessions").where("user_id", "=", userId);
    if (exceptIdHash) q = q.where("id_hash", "!=", exceptIdHash);
    await q.execute();
  }

  async deleteExpiredSessions(now: string): Promise<void> {
    await this.db.deleteFrom("sessions").where("expires_at", "<=", now).execute();
  }

  // ---- login throttling --------------------------------------------------------------------

  async recordLoginFailure(keys: string[], at: string): Promise<void> {
    await this.db.insertInto("login_failures").values(keys.map((key) => ({ key, at }))).execute();
  }

  /** Failures for a key since a time: how many, and the oldest one counted (for Retry-After). */
  async loginFailures(key: string, since: string): Promise<{ count: number; oldest: string | null }> {
    const r = await this.db
      .selectFrom("login_failures")
      .select((eb) => [eb.fn.countAll<number | string>().as("n"), eb.fn.min("at").as("oldest")])
      .where("key", "=", key)
      .where("at", ">", since)
      .executeTakeFirstOrThrow();
    return { count: Number(r.n), oldest: (r.oldest as string | null) ?? null };
  }

  async clearLoginFailures(key: string): Promise<void> {
    await this.db.deleteFrom("login_failures").where("key", "=", key).execute();
  }

  async pruneLoginFailures(before: string): Promise<void> {
    await this.db.deleteFrom("login_failures").where("at", "<=", before).execute();
  }

  // ---- rate profiles -----------------------------------------------------------------------

  private toProfile(r: Database["rate_profiles"]): StoredRateProfile {
    return { id: r.id, name: r.name, source: r.source, rates: [r.rate1, r.rate2, r.rate3, r.rate4, r.rate5].map(String) as StoredRateProfile["rates"], createdAt: r.created_at, updatedAt: r.updated_at };
  }

  async listRateProfiles(): Promise<StoredRateProfile[]> {
    return (await this.db.selectFrom("rate_profiles").selectAll().orderBy("created_at").orderBy("id").execute()).map((r) => this.toProfile(r));
  }

  async getRateProfile(id: string): Promise<StoredRateProfile | undefined> {
    const r = await this.db.selectFrom("rate_profiles").selectAll().where("id", "=", id).executeTakeFirst();
    return r ? this.toProfile(r) : undefined;
  }

  async createRateProfile(p: { id: string; name: string; source: string; rates: string[] }, now: string): Promise<StoredRateProfile> {
    const [rate1, rate2, rate3, rate4, rate5] = p.rates as [string, string, string, string, string];
    await this.db.insertInto("rate_profiles").values({ id: p.id, name: p.name, source: p.source, rate1, rate2, rate3, rate4, rate5, created_at: now, updated_at: now }).execute();
    const created = await this.getRateProfile(p.id);
    if (!created) throw new Error("created rate profile not found");
    return created;
  }

  async updateRateProfile(id: string, patch: { name?: string; source?: string; rates?: string[] }, now: string): Promise<StoredRateProfile | undefined> {
    const set: Updateable<Database["rate_profiles"]> = { updated_at: now };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.source !== undefined) set.source = patch.source;
    if (patch.rates) [set.rate1, set.rate2, set.rate3, set.rate4, set.rate5] = patch.rates;
    const r = await this.db.updateTable("rate_profiles").set(set).where("id", "=", id).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return undefined;
    return this.getRateProfile(id);
  }

  // ---- budgets -----------------------------------------------------------------------------

  private budgetQuery(db: Db = this.db) {
    return db
      .selectFrom("budgets")
      .innerJoin("departments", "departments.id", "budgets.department_id")
      .select([
        "budgets.id",
        "budgets.name",
        "budgets.department_id",
        "departments.name as department_name",
        "budgets.latest_version",
        "budgets.total",
        "budgets.grand_total",
        "budgets.updated_at",
        "budgets.updated_by",
        "budgets.rate_profile_id",
        "budgets.status",
        "budgets.created_by",
      ])
      .where("budgets.deleted_at", "is", null);
  }

  private toMeta(r: {
    id: number;
    name: string;
    department_id: number;
    department_name: string;
    latest_version: number;
    total: string;
    grand_total: string;
    updated_at: string;
    updated_by: string;
    rate_profile_id: string | null;
    status: string;
    created_by: number;
  }): BudgetMeta {
    return {
      id: r.id,
      name: r.name,
      departmentId: r.department_id,
      departmentName: r.department_name,
      version: r.latest_version,
      total: money(r.total),
      grandTotal: money(r.grand_total),
      updatedAt: r.updated_at,
      updatedBy: r.updated_by,
      rateProfileId: r.rate_profile_id,
      status: r.status,
      createdBy: r.created_by,
    };
  }

  /** Budgets of one department, or those submitted to one reviewer. */
  async listBudgets(filter: { departmentId: number } | { reviewerId: number }): Promise<BudgetMeta[]> {
    let q = this.budgetQuery().orderBy("budgets.updated_at", "desc").orderBy("budgets.id", "desc");
    if ("departmentId" in filter) q = q.where("budgets.department_id", "=", filter.departmentId);
    else q = q.where("budgets.id", "in", this.db.selectFrom("budget_reviewers").select("budget_id").where("reviewer_id", "=", filter.reviewerId));
    return (await q.execute()).map((r) => this.toMeta(r));
  }

  async getBudget(id: number): Promise<BudgetMeta | undefined> {
    const hot = this.hot;
    const r = hot ? await this.native(hot, (h) => h.budget.get(id) as Parameters<Store["toMeta"]>[0] | undefined) : await this.budgetQuery().where("budgets.id", "=", id).executeTakeFirst();
    return r ? this.toMeta(r) : undefined;
  }

  async isReviewerOf(budgetId: number, userId: number): Promise<boolean> {
    const r = await this.db.selectFrom("budget_reviewers").select("budget_id").where("budget_id", "=", budgetId).where("reviewer_id", "=", userId).executeTakeFirst();
    return r !== undefined;
  }

  async submitBudget(budgetId: number, reviewerId: number, by: number, now: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const exists = await tx.selectFrom("budget_reviewers").select("budget_id").where("budget_id", "=", budgetId).where("reviewer_id", "=", reviewerId).executeTakeFirst();
      if (!exists) await tx.insertInto("budget_reviewers").values({ budget_id: budgetId, reviewer_id: reviewerId, submitted_at: now, submitted_by: by }).execute();
      await tx.updateTable("budgets").set({ status: "submitted" }).where("id", "=", budgetId).execute();
    });
  }

  private versionRow(budgetId: number, version: number, v: NewVersion): Database["budget_versions"] {
    return {
      budget_id: budgetId,
      version,
      document: typeof v.document === "string" ? v.document : "",
      estimate: typeof v.estimate === "string" ? v.estimate : "",
      document_br: typeof v.document === "string" ? null : v.document.brotli,
      estimate_br: typeof v.estimate === "string" ? null : v.estimate.brotli,
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
    const hot = this.hot;
    if (hot) return this.groupCommit(hot, { budgetId, baseVersion, row: this.versionRow(budgetId, baseVersion + 1, v), rateProfileId, audit });
    try {
      return await this.db.transaction().execute(async (tx) => {
        const row = await tx
          .selectFrom("budgets")
          .select(["latest_version"])
          .where("id", "=", budgetId)
          .where("deleted_at", "is", null)
          .$if(this.dialect === "postgres", (q) => q.forUpdate())
          .executeTakeFirst();
        if (!row) return undefined;
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

  async renameBudget(id: number, name: string): Promise<boolean> {
    const r = await this.db.updateTable("budgets").set({ name }).where("id", "=", id).where("deleted_at", "is", null).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Deleting hides the budget; its versions stay (they are append-only). */
  async deleteBudget(id: number, now: string): Promise<boolean> {
    const r = await this.db.updateTable("budgets").set({ deleted_at: now }).where("id", "=", id).where("deleted_at", "is", null).executeTakeFirst();
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
    const hot = this.hot;
    const r = hot
      ? await this.native(hot, (h) => h.version.get(budgetId, version) as Database["budget_versions"] | undefined)
      : await this.db.selectFrom("budget_versions").selectAll().where("budget_id", "=", budgetId).where("version", "=", version).executeTakeFirst();
    return r ? { ...toVersionMeta(r), document: unpack(r.document, r.document_br), estimate: unpack(r.estimate, r.estimate_br) } : undefined;
  }

  // ---- audit -------------------------------------------------------------------------------

  async audit(e: AuditInput): Promise<void> {
    await this.db.insertInto("audit_log").values(auditRow(e)).execute();
  }

  async listAudit(opts: { limit: number; before?: number; action?: string }): Promise<AuditEntry[]> {
    let q = this.db.selectFrom("audit_log").selectAll().orderBy("id", "desc").limit(opts.limit);
    if (opts.before !== undefined) q = q.where("id", "<", opts.before);
    if (opts.action !== undefined) q = q.where("action", "=", opts.action);
    return (await q.execute()).map((r) => ({ id: r.id, at: r.at, userId: r.user_id, username: r.username, action: r.action, target: r.target, detail: JSON.parse(r.detail) as unknown, ip: r.ip }));
  }
}

export interface AuditInput {
  at: string;
  userId: number | null;
  username: string | null;
  action: string;
  target?: string | null;
  detail?: unknown;
  ip?: string | null;
}

interface SaveArgs {
  budgetId: number;
  baseVersion: number;
  row: Database["budget_versions"];
  rateProfileId: string | null;
  audit: ((version: number) => AuditInput) | undefined;
}
interface QueuedSave extends SaveArgs {
  resolve(r: SaveResult | undefined): void;
  reject(e: unknown): void;
}
type SaveOutcome = { result: SaveResult | undefined } | { error: unknown };

/**
 * The statements on the path of every request (the session), every budget read (the budget, a
 * version) and every save, prepared once on the native SQLite handle and run synchronously. Kysely
 * builds and compiles each query afresh; for these it cost more than SQLite's own work. The SQL is
 * the same as the kysely queries they replace (PostgreSQL keeps those), and the same tests run on
 * both databases.
 */
class HotStatements {
  readonly session: Statement;
  readonly budget: Statement;
  readonly version: Statement;
  private readonly latest: Statement;
  private readonly insertVersion: Statement;
  private readonly updateBudget: Statement;
  private readonly insertAudit: Statement;
  private readonly saveTx: (budgetId: number, baseVersion: number, row: Database["budget_versions"], rateProfileId: string | null, audit?: (version: number) => AuditInput) => SaveResult | undefined;
  /** Several saves in one IMMEDIATE transaction; each is a savepoint (a nested better-sqlite3 transaction). */
  readonly saveMany: (batch: readonly SaveArgs[]) => SaveOutcome[];

  constructor(db: SqliteHandle) {
    const userCols = `users.id, users.username, users.display_name, users.role, users.department_id, users.disabled, users.password_hash, departments.name AS department_name`;
    this.session = db.prepare(
      `SELECT ${userCols}, sessions.csrf_token, sessions.expires_at FROM sessions INNER JOIN users ON users.id = sessions.user_id
       LEFT JOIN departments ON departments.id = users.department_id WHERE sessions.id_hash = ? AND sessions.expires_at > ?`,
    );
    this.budget = db.prepare(
      `SELECT budgets.id, budgets.name, budgets.department_id, departments.name AS department_name, budgets.latest_version, budgets.total,
       budgets.grand_total, budgets.updated_at, budgets.updated_by, budgets.rate_profile_id, budgets.status, budgets.created_by
       FROM budgets INNER JOIN departments ON departments.id = budgets.department_id WHERE budgets.deleted_at IS NULL AND budgets.id = ?`,
    );
    this.version = db.prepare(`SELECT * FROM budget_versions WHERE budget_id = ? AND version = ?`);
    this.latest = db.prepare(`SELECT latest_version FROM budgets WHERE id = ? AND deleted_at IS NULL`);
    const cols = ["budget_id", "version", "document", "estimate", "document_br", "estimate_br", "standard_id", "rate_profile_id", "rate_profile_name", "rates", "labor", "non_labor", "total", "grand_total", "author_id", "author_name", "saved_at", "comment", "restored_from"];
    this.insertVersion = db.prepare(`INSERT INTO budget_versions (${cols.join(", ")}) VALUES (${cols.map((c) => "@" + c).join(", ")})`);
    this.updateBudget = db.prepare(
      `UPDATE budgets SET latest_version = @version, updated_at = @saved_at, updated_by = @author_name, total = @total, grand_total = @grand_total, rate_profile_id = @rate_profile_id WHERE id = @budget_id`,
    );
    this.insertAudit = db.prepare(`INSERT INTO audit_log (at, user_id, username, action, target, detail, ip) VALUES (@at, @user_id, @username, @action, @target, @detail, @ip)`);
    // Check, insert, update and audit together; saveMany runs these inside one IMMEDIATE transaction
    // (the write lock taken up front, so another process cannot slip a version in between the check
    // and the insert).
    this.saveTx = db.transaction((budgetId: number, baseVersion: number, row: Database["budget_versions"], rateProfileId: string | null, audit?: (version: number) => AuditInput): SaveResult | undefined => {
      const current = this.latest.get(budgetId) as { latest_version: number } | undefined;
      if (!current) return undefined;
      if (current.latest_version !== baseVersion) {
        const r = this.version.get(budgetId, current.latest_version) as Database["budget_versions"] | undefined;
        if (!r) throw new Error(`budget ${budgetId} has no version ${current.latest_version}`);
        return { ok: false, current: toVersionMeta(r) };
      }
      this.insertVersion.run(row);
      this.updateBudget.run({ ...row, rate_profile_id: rateProfileId });
      if (audit) this.insertAudit.run(auditRow(audit(row.version)));
      return { ok: true, version: row.version };
    });
    this.saveMany = db.transaction((batch: readonly SaveArgs[]): SaveOutcome[] =>
      batch.map((b) => {
        try {
          return { result: this.saveTx(b.budgetId, b.baseVersion, b.row, b.rateProfileId, b.audit) };
        } catch (error) {
          // An error that made SQLite abandon the whole transaction (disk full, I/O) fails the batch.
          if (!db.inTransaction) throw error;
          // Otherwise it rolled back to its savepoint, and the others stand.
          return { error };
        }
      }),
    ).immediate;
  }
}

/** A stored text, unpacked. */
function unpack(text: string, packed: Uint8Array | null): string {
  return packed ? brotliDecompressSync(packed).toString("utf8") : text;
}

function auditRow(e: AuditInput) {
  return { at: e.at, user_id: e.userId, username: e.username, action: e.action, target: e.target ?? null, detail: JSON.stringify(e.detail ?? {}), ip: e.ip ?? null };
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  departmentId: number | null;
  passwordHash: string;
}
