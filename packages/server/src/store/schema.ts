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

/** Who a budget was submitted to before review rounds (migration 6); kept as history, no longer written. */
export interface BudgetReviewersTable { budget_id: number; reviewer_id: number; submitted_at: string; submitted_by: number }

/**
 * One round of review (migration 6): a submission freezes a budget version; the reviewer opens it,
 * saves decisions as review versions, and returns or approves it. Approval freezes the figures
 * (approved totals and the review's JSON) with the round.
 */
export interface ReviewRoundsTable {
  budget_id: number;
  round: number;
  submitted_version: number;
  reviewer_id: number;
  submitted_by: number;
  submitted_by_name: string;
  submitted_at: string;
  opened_at: string | null;
  outcome: "returned" | "approved" | null;
  decided_at: string | null;
  /** The latest review version (0: none saved yet). */
  review_version: number;
  /** The department's answers to the previous round's decisions, JSON text. */
  answers: string;
  submitted_total: string;
  submitted_grand_total: string;
  /** Frozen on approval (null before). */
  approved_total: string | null;
  approved_grand_total: string | null;
  /** `govcost review --json` of the approved review, frozen on approval. */
  result: string | null;
  reopened_at: string | null;
  reopen_reason: string | null;
}

/** The reviewer's decisions of a round, append-only like budget versions. */
export interface ReviewVersionsTable {
  budget_id: number;
  round: number;
  version: number;
  /** The review file as JSON text. */
  review: string;
  author_id: number;
  author_name: string;
  saved_at: string;
  comment: string;
  /** C and C + external of the budget with this version's decisions applied. */
  approved_total: string;
  approved_grand_total: string;
}

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
  review_rounds: ReviewRoundsTable;
  review_versions: ReviewVersionsTable;
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
    // Review rounds and their append-only decisions (issue 11). A budget submitted under the release
    // before this one (status 'submitted', a row in budget_reviewers) becomes round 1, submitted to
    // the reviewer it was submitted to last, at the time it was; its submitted version is the
    // budget's latest one, which is what that reviewer has been reading. Earlier budget_reviewers
    // rows stay in that table as history.
    id: 6,
    name: "review rounds",
    sql: { sqlite: reviewRounds("sqlite"), postgres: reviewRounds("postgres") },
  },
];

function reviewRounds(d: Dialect): string[] {
  const money = d === "sqlite" ? "TEXT" : "NUMERIC(18, 2)";
  const appendOnly =
    d === "sqlite"
      ? [
          `CREATE TRIGGER review_versions_no_update BEFORE UPDATE ON review_versions BEGIN SELECT RAISE(ABORT, 'review_versions is append-only'); END`,
          `CREATE TRIGGER review_versions_no_delete BEFORE DELETE ON review_versions BEGIN SELECT RAISE(ABORT, 'review_versions is append-only'); END`,
        ]
      : [`CREATE TRIGGER review_versions_append_only BEFORE UPDATE OR DELETE ON review_versions FOR EACH ROW EXECUTE FUNCTION govcost_append_only()`];
  return [
    `CREATE TABLE review_rounds (budget_id INTEGER NOT NULL REFERENCES budgets(id), round INTEGER NOT NULL,
      submitted_version INTEGER NOT NULL, reviewer_id INTEGER NOT NULL REFERENCES users(id),
      submitted_by INTEGER NOT NULL REFERENCES users(id), submitted_by_name TEXT NOT NULL, submitted_at TEXT NOT NULL,
      opened_at TEXT, outcome TEXT CHECK (outcome IN ('returned', 'approved')), decided_at TEXT,
      review_version INTEGER NOT NULL DEFAULT 0, answers TEXT NOT NULL DEFAULT '[]',
      submitted_total ${money} NOT NULL, submitted_grand_total ${money} NOT NULL,
      approved_total ${money}, approved_grand_total ${money}, result TEXT,
      reopened_at TEXT, reopen_reason TEXT,
      PRIMARY KEY (budget_id, round))`,
    `CREATE INDEX review_rounds_reviewer ON review_rounds (reviewer_id)`,
    `CREATE TABLE review_versions (budget_id INTEGER NOT NULL, round INTEGER NOT NULL, version INTEGER NOT NULL,
      review TEXT NOT NULL, author_id INTEGER NOT NULL REFERENCES users(id), author_name TEXT NOT NULL, saved_at TEXT NOT NULL,
      comment TEXT NOT NULL DEFAULT '', approved_total ${money} NOT NULL, approved_grand_total ${money} NOT NULL,
      CONSTRAINT review_versions_unique UNIQUE (budget_id, round, version),
      FOREIGN KEY (budget_id, round) REFERENCES review_rounds (budget_id, round))`,
    ...appendOnly,
    // Budgets submitted before rounds existed: round 1, to the reviewer of their latest submission.
    `INSERT INTO review_rounds (budget_id, round, submitted_version, reviewer_id, submitted_by, submitted_by_name, submitted_at,
        review_version, answers, submitted_total, submitted_grand_total)
      SELECT b.id, 1, b.latest_version, r.reviewer_id, r.submitted_by, COALESCE(u.display_name, ''), r.submitted_at,
        0, '[]', v.total, v.grand_total
      FROM budgets b
      JOIN budget_reviewers r ON r.budget_id = b.id
        AND r.submitted_at = (SELECT MAX(r2.submitted_at) FROM budget_reviewers r2 WHERE r2.budget_id = b.id)
        AND r.reviewer_id = (SELECT MAX(r3.reviewer_id) FROM budget_reviewers r3 WHERE r3.budget_id = b.id AND r3.submitted_at = r.submitted_at)
      JOIN budget_versions v ON v.budget_id = b.id AND v.version = b.latest_version
      LEFT JOIN users u ON u.id = r.submitted_by
      WHERE b.status = 'submitted'`,
    // Any other status a release never wrote becomes a draft the department can edit.
    `UPDATE budgets SET status = 'draft' WHERE status NOT IN ('draft', 'submitted')`,
    `UPDATE budgets SET status = 'draft' WHERE status = 'submitted' AND id NOT IN (SELECT budget_id FROM review_rounds)`,
  ];
}
