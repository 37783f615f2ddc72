/**
 * Storage behind one interface, with one query path (kysely) for both databases: accounts,
 * sessions, login throttling, rate profiles, the audit log and migrations here; budgets and
 * versions in budgets.ts.
 */
import { sql, type Updateable } from "kysely";
import type { Database, Role } from "./schema.js";
import { MIGRATIONS } from "./schema.js";
import { ReviewStore } from "./reviews.js";
import { auditRow, DuplicateError, isBusy, isUniqueViolation, publicUser, toUser, userColumns, type AuditEntry, type AuditInput, type Db, type Department, type NewUser, type StoredRateProfile, type User, type UserWithSecret } from "./base.js";

export * from "./base.js";
export { isLocked, LOCKED_STATUSES } from "./budgets.js";
export { Refusal, type StoredRound, type StoredReviewVersion, type ReviewVersionMetaRow, type RoundListRow } from "./reviews.js";

const MIGRATION_LOCK = 7_402_024; // arbitrary constant naming govcost's advisory lock

/** A unique name already taken: DuplicateError, in either database's words. */
async function unique<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    throw isUniqueViolation(e) ? new DuplicateError(name) : e;
  }
}

export class Store extends ReviewStore {
  async close(): Promise<void> {
    await this.db.destroy();
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
        await m.before?.(tx, this.dialect);
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
    return unique(name, () => this.db.insertInto("departments").values({ name, created_at: now }).returning(["id", "name"]).executeTakeFirstOrThrow());
  }

  async renameDepartment(id: number, name: string): Promise<Department | undefined> {
    return unique(name, () => this.db.updateTable("departments").set({ name }).where("id", "=", id).returning(["id", "name"]).executeTakeFirst());
  }

  // ---- users -------------------------------------------------------------------------------

  private async insertUser(tx: Db, u: NewUser, now: string): Promise<number> {
    const row = { username: u.username, display_name: u.displayName, role: u.role, department_id: u.departmentId, password_hash: u.passwordHash, disabled: 0, created_at: now, updated_at: now };
    return (await unique(u.username, () => tx.insertInto("users").values(row).returning("id").executeTakeFirstOrThrow())).id;
  }

  async createUser(u: NewUser, now: string): Promise<UserWithSecret> {
    const id = await this.insertUser(this.db, u, now);
    const user = await this.getUser(id);
    if (!user) throw new Error("created user not found");
    return user;
  }

  private usersQuery(db: Db = this.db) {
    return db.selectFrom("users").leftJoin("departments", "departments.id", "users.department_id").select(userColumns);
  }

  async getUser(id: number, db: Db = this.db): Promise<UserWithSecret | undefined> {
    const r = await this.usersQuery(db).where("users.id", "=", id).executeTakeFirst();
    return r ? toUser(r) : undefined;
  }

  /** The account with this username in any case. */
  async findUserByUsername(username: string): Promise<UserWithSecret | undefined> {
    // Any case: usernames are unique regardless of case (migration 5), ASCII only.
    const r = await this.usersQuery().where(sql<string>`lower(users.username)`, "=", username.toLowerCase()).executeTakeFirst();
    return r ? toUser(r) : undefined;
  }

  async listUsers(filter: { role?: Role } = {}): Promise<User[]> {
    let q = this.usersQuery().orderBy("users.id");
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
    const r = await this.db
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

  /** Failures for a key since a time: how many, the oldest and the newest one counted (for Retry-After). */
  async loginFailures(key: string, since: string): Promise<{ count: number; oldest: string | null; newest: string | null }> {
    const r = await this.db
      .selectFrom("login_failures")
      .select((eb) => [eb.fn.countAll<number | string>().as("n"), eb.fn.min("at").as("oldest"), eb.fn.max("at").as("newest")])
      .where("key", "=", key)
      .where("at", ">", since)
      .executeTakeFirstOrThrow();
    return { count: Number(r.n), oldest: (r.oldest as string | null) ?? null, newest: (r.newest as string | null) ?? null };
  }

  /**
   * Count one throttled attempt from a source in an interval; the count so far (1 for the first,
   * which is the one to audit). One atomic upsert, so concurrent processes never both see 1.
   */
  async countThrottled(source: string, windowStart: string): Promise<number> {
    const r = await this.db
      .insertInto("login_throttled")
      .values({ source, window_start: windowStart, attempts: 1 })
      .onConflict((oc) => oc.columns(["source", "window_start"]).doUpdateSet({ attempts: sql<number>`login_throttled.attempts + 1` }))
      .returning("attempts")
      .executeTakeFirstOrThrow();
    return Number(r.attempts);
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

  // ---- audit -------------------------------------------------------------------------------

  async audit(e: AuditInput): Promise<void> {
    await this.db.insertInto("audit_log").values(auditRow(e)).execute();
  }

  async listAudit(opts: { limit: number; before?: number; action?: string }): Promise<AuditEntry[]> {
    let q = this.db.selectFrom("audit_log").selectAll().orderBy("id", "desc").limit(opts.limit);
    if (opts.before !== undefined) q = q.where("id", "<", opts.before);
    if (opts.action !== undefined) q = q.where("action", "=", opts.action);
    const entries = (await q.execute()).map((r) => ({ id: r.id, at: r.at, userId: r.user_id, username: r.username, action: r.action, target: r.target, detail: JSON.parse(r.detail) as unknown, ip: r.ip }));
    // A throttled-login entry stands for every throttled attempt from its address in its interval:
    // its detail shows how many (`attempts`), counted in login_throttled.
    for (const e of entries) {
      const d = e.detail as { window?: unknown } | null;
      if (e.action !== "login.throttled" || e.ip === null || typeof d?.window !== "string") continue;
      const c = await this.db.selectFrom("login_throttled").select("attempts").where("source", "=", e.ip).where("window_start", "=", d.window).executeTakeFirst();
      e.detail = { ...d, attempts: Number(c?.attempts ?? 1) };
    }
    return entries;
  }
}
