/**
 * Tables and migrations, written once per dialect. Money is exact decimal: TEXT on SQLite,
 * NUMERIC on PostgreSQL (pg returns NUMERIC as a string, so neither side ever sees a float).
 * Times are ISO-8601 UTC strings on both, which sort correctly as text.
 */
import { brotliDecompressSync } from "node:zlib";
import { sql, type Generated, type Transaction } from "kysely";
import type { Role } from "../api-types.js";

export type { Role };

export interface DepartmentsTable { id: Generated<number>; name: string; created_at: string }

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  role: Role;
  department_id: number | null;
  password_hash: string;
  disabled: number;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable { id_hash: string; user_id: number; csrf_token: string; created_at: string; expires_at: string }
export interface LoginFailuresTable { id: Generated<number>; key: string; at: string }
/** Throttled login attempts: one row per source address and interval, counted (migration 4). */
export interface LoginThrottledTable { source: string; window_start: string; attempts: number }
export interface SetupTokensTable { token_hash: string; created_at: string; expires_at: string }
export interface SetupStateTable { id: number; done_at: string; admin_id: number }

export interface RateProfilesTable {
  id: string;
  name: string;
  source: string;
  rate1: string; rate2: string; rate3: string; rate4: string; rate5: string;
  created_at: string;
  updated_at: string;
}

export interface BudgetsTable {
  id: Generated<number>;
  department_id: number;
  name: string;
  rate_profile_id: string | null;
  latest_version: number;
  status: string;
  created_at: string;
  created_by: number;
  updated_at: string;
  updated_by: string;
  total: string;
  grand_total: string;
  deleted_at: string | null;
  /** 预算年度, e.g. 2026 (migration 6); null for budgets made before it and when not given. */
  year: number | null;
}

export interface BudgetVersionsTable {
  budget_id: number;
  version: number;
  /** The budget file as JSON text. */
  document: string;
  /** The estimate as JSON text. */
  estimate: string;
  standard_id: string;
  rate_profile_id: string | null;
  rate_profile_name: string;
  rates: string;
  labor: string;
  non_labor: string;
  total: string;
  grand_total: string;
  author_id: number;
  author_name: string;
  saved_at: string;
  comment: string;
  restored_from: number | null;
}

export interface BudgetReviewersTable { budget_id: number; reviewer_id: number; submitted_at: string; submitted_by: number }

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: number | null;
  username: string | null;
  action: string;
  target: string | null;
  detail: string;
  ip: string | null;
}

export interface MigrationsTable { id: number; name: string; applied_at: string }

export interface Database {
  departments: DepartmentsTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  login_throttled: LoginThrottledTable;
  setup_tokens: SetupTokensTable;
  setup_state: SetupStateTable;
  rate_profiles: RateProfilesTable;
  budgets: BudgetsTable;
  budget_versions: BudgetVersionsTable;
  budget_reviewers: BudgetReviewersTable;
  audit_log: AuditLogTable;
  govcost_migrations: MigrationsTable;
}

export type Dialect = "sqlite" | "postgres";

export interface Migration {
  id: number;
  name: string;
  /** Work that SQL alone cannot do, run in the migration's transaction before its statements. */
  before?: (tx: Transaction<Database>, d: Dialect) => Promise<void>;
  sql: Record<Dialect, string[]>;
}

/**
 * Migration 3: versions that migration 2's release stored brotli-compressed (SQLite only) get their
 * texts back in the text columns, and the compressed columns go. The append-only trigger is lifted
 * for this one rewrite of the same content and put back in the same transaction.
 */
async function unpackVersionTexts(tx: Transaction<Database>, d: Dialect): Promise<void> {
  if (d !== "sqlite") return;
  type Packed = { budget_id: number; version: number; document_br: Uint8Array | null; estimate_br: Uint8Array | null };
  const rows = (await sql<Packed>`SELECT budget_id, version, document_br, estimate_br FROM budget_versions WHERE document_br IS NOT NULL OR estimate_br IS NOT NULL`.execute(tx)).rows;
  if (rows.length === 0) return;
  const text = (b: Uint8Array) => brotliDecompressSync(b).toString("utf8");
  await sql`DROP TRIGGER budget_versions_no_update`.execute(tx);
  for (const r of rows) {
    const document = r.document_br ? sql`${text(r.document_br)}` : sql`document`;
    const estimate = r.estimate_br ? sql`${text(r.estimate_br)}` : sql`estimate`;
    await sql`UPDATE budget_versions SET document = ${document}, estimate = ${estimate}, document_br = NULL, estimate_br = NULL WHERE budget_id = ${r.budget_id} AND version = ${r.version}`.execute(tx);
  }
  await sql.raw(`CREATE TRIGGER budget_versions_no_update BEFORE UPDATE ON budget_versions BEGIN SELECT RAISE(ABORT, 'budget_versions is append-only'); END`).execute(tx);
}

/** Column type per dialect, so one statement template serves both. */
function ddl(d: Dialect, template: (t: { id: string; money: string; rate: string; text: string; int: string }) => string): string {
  return d === "sqlite"
    ? template({ id: "INTEGER PRIMARY KEY AUTOINCREMENT", money: "TEXT", rate: "TEXT", text: "TEXT", int: "INTEGER" })
    : template({ id: "INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY", money: "NUMERIC(18, 2)", rate: "NUMERIC(18, 0)", text: "TEXT", int: "INTEGER" });
}

function initial(d: Dialect): string[] {
  const tables = [
    (t: { id: string; money: string; rate: string; int: string }) =>
      `CREATE TABLE departments (id ${t.id}, name TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL)`,
    (t: { id: string }) =>
      `CREATE TABLE users (id ${t.id}, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'preparer', 'reviewer')),
        department_id INTEGER REFERENCES departments(id), password_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
    () =>
      `CREATE TABLE sessions (id_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id),
        csrf_token TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL)`,
    () => `CREATE INDEX sessions_user ON sessions (user_id)`,
    (t: { id: string }) => `CREATE TABLE login_failures (id ${t.id}, key TEXT NOT NULL, at TEXT NOT NULL)`,
    () => `CREATE INDEX login_failures_key ON login_failures (key, at)`,
    () => `CREATE TABLE setup_tokens (token_hash TEXT PRIMARY KEY, created_at TEXT NOT NULL, expires_at TEXT NOT NULL)`,
    // One row at most: the primary key makes a second concurrent setup fail instead of creating two first admins.
    () => `CREATE TABLE setup_state (id INTEGER PRIMARY KEY CHECK (id = 1), done_at TEXT NOT NULL, admin_id INTEGER NOT NULL)`,
    (t: { rate: string }) =>
      `CREATE TABLE rate_profiles (id TEXT PRIMARY KEY, name TEXT NOT NULL, source TEXT NOT NULL,
        rate1 ${t.rate} NOT NULL, rate2 ${t.rate} NOT NULL, rate3 ${t.rate} NOT NULL, rate4 ${t.rate} NOT NULL, rate5 ${t.rate} NOT NULL,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
    (t: { id: string; money: string }) =>
      `CREATE TABLE budgets (id ${t.id}, department_id INTEGER NOT NULL REFERENCES departments(id), name TEXT NOT NULL,
        rate_profile_id TEXT, latest_version INTEGER NOT NULL, status TEXT NOT NULL DEFAULT 'draft',
        created_at TEXT NOT NULL, created_by INTEGER NOT NULL REFERENCES users(id), updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
        total ${t.money} NOT NULL, grand_total ${t.money} NOT NULL, deleted_at TEXT)`,
    () => `CREATE INDEX budgets_department ON budgets (department_id)`,
    (t: { money: string }) =>
      `CREATE TABLE budget_versions (budget_id INTEGER NOT NULL REFERENCES budgets(id), version INTEGER NOT NULL,
        document TEXT NOT NULL, estimate TEXT NOT NULL, standard_id TEXT NOT NULL,
        rate_profile_id TEXT, rate_profile_name TEXT NOT NULL, rates TEXT NOT NULL,
        labor ${t.money} NOT NULL, non_labor ${t.money} NOT NULL, total ${t.money} NOT NULL, grand_total ${t.money} NOT NULL,
        author_id INTEGER NOT NULL REFERENCES users(id), author_name TEXT NOT NULL, saved_at TEXT NOT NULL,
        comment TEXT NOT NULL DEFAULT '', restored_from INTEGER,
        CONSTRAINT budget_versions_unique UNIQUE (budget_id, version))`,
    () =>
      `CREATE TABLE budget_reviewers (budget_id INTEGER NOT NULL REFERENCES budgets(id), reviewer_id INTEGER NOT NULL REFERENCES users(id),
        submitted_at TEXT NOT NULL, submitted_by INTEGER NOT NULL, PRIMARY KEY (budget_id, reviewer_id))`,
    () => `CREATE INDEX budget_reviewers_reviewer ON budget_reviewers (reviewer_id)`,
    (t: { id: string }) =>
      `CREATE TABLE audit_log (id ${t.id}, at TEXT NOT NULL, user_id INTEGER, username TEXT, action TEXT NOT NULL,
        target TEXT, detail TEXT NOT NULL, ip TEXT)`,
  ].map((f) => ddl(d, f as (t: { id: string; money: string; rate: string; text: string; int: string }) => string));

  // Saved versions and the audit log are append-only: the database itself refuses changes.
  const appendOnly =
    d === "sqlite"
      ? ["audit_log", "budget_versions"].flatMap((table) => [
          `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
          `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
        ])
      : [
          `CREATE FUNCTION govcost_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$`,
          `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION govcost_append_only()`,
          `CREATE TRIGGER budget_versions_append_only BEFORE UPDATE OR DELETE ON budget_versions FOR EACH ROW EXECUTE FUNCTION govcost_append_only()`,
        ];
  return [...tables, ...appendOnly];
}

/** Every migration ever shipped, in order. Never edit a shipped one: add a new one. */
export const MIGRATIONS: readonly Migration[] = [
  { id: 1, name: "initial", sql: { sqlite: initial("sqlite"), postgres: initial("postgres") } },
  {
    // A version's estimate is mostly trail sentences (~28 KB of JSON for 50 lines) and compresses
    // about tenfold. SQLite stored both texts compressed (brotli) until migration 3 unpacked them.
    id: 2,
    name: "packed version texts",
    sql: {
      sqlite: ["ALTER TABLE budget_versions ADD COLUMN document_br BLOB", "ALTER TABLE budget_versions ADD COLUMN estimate_br BLOB"],
      postgres: ["ALTER TABLE budget_versions ADD COLUMN document_br BYTEA", "ALTER TABLE budget_versions ADD COLUMN estimate_br BYTEA"],
    },
  },
  {
    id: 3,
    name: "unpacked version texts",
    before: unpackVersionTexts,
    sql: {
      sqlite: ["ALTER TABLE budget_versions DROP COLUMN document_br", "ALTER TABLE budget_versions DROP COLUMN estimate_br"],
      postgres: ["ALTER TABLE budget_versions DROP COLUMN document_br", "ALTER TABLE budget_versions DROP COLUMN estimate_br"],
    },
  },
  {
    // A throttled login attempt was one audit row each, so anyone could flood the audit log without
    // signing in. Now one audit row per address and interval says it began; this table counts them.
    id: 4,
    name: "counted throttled logins",
    sql: {
      sqlite: ["CREATE TABLE login_throttled (source TEXT NOT NULL, window_start TEXT NOT NULL, attempts INTEGER NOT NULL, PRIMARY KEY (source, window_start))"],
      postgres: ["CREATE TABLE login_throttled (source TEXT NOT NULL, window_start TEXT NOT NULL, attempts INTEGER NOT NULL, PRIMARY KEY (source, window_start))"],
    },
  },
  {
    // Usernames are unique regardless of case (`pb`, `Pb`, `PB` are one name) and login accepts any
    // case. Accounts that already differ only in case: the oldest keeps its name, each later one is
    // renamed to `name.id` (e.g. `Pb.7`), which an administrator can see in the account list.
    id: 5,
    name: "usernames unique regardless of case",
    sql: {
      sqlite: [
        "UPDATE users SET username = username || '.' || id WHERE id NOT IN (SELECT MIN(id) FROM users GROUP BY lower(username))",
        "CREATE UNIQUE INDEX users_username_lower ON users (lower(username))",
      ],
      postgres: [
        "UPDATE users SET username = username || '.' || id WHERE id NOT IN (SELECT MIN(id) FROM users GROUP BY lower(username))",
        "CREATE UNIQUE INDEX users_username_lower ON users (lower(username))",
      ],
    },
  },
  {
    // The budget list shows, filters and sorts by 预算年度; budgets made before stay without one.
    id: 6,
    name: "budget year",
    sql: {
      sqlite: ["ALTER TABLE budgets ADD COLUMN year INTEGER"],
      postgres: ["ALTER TABLE budgets ADD COLUMN year INTEGER"],
    },
  },
];
