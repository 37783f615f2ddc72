/**
 * @govcost/server — the HTTP API and its storage. The CLI wires these into `govcost serve`,
 * `govcost backup FILE` and `govcost user add`.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import BetterSqlite3 from "better-sqlite3";
import { isTimeZone } from "@govcost/core";
import { buildApp, type AppOptions } from "./app.js";
import { hashPassword, passwordProblem } from "./security/passwords.js";
import { randomToken, tokenHash } from "./security/tokens.js";
import { openStore, sqlitePath } from "./store/open.js";
import type { Role } from "./store/schema.js";
import { DuplicateError, type Store } from "./store/store.js";

export { buildApp, userJson, SESSION_COOKIE, BODY_LIMIT, MAX_SERVER_LINES, type AppOptions } from "./app.js";
export { openStore, openSqliteStore, openPostgresStore, sqlitePath, isPostgresUrl } from "./store/open.js";
export { Store, DuplicateError, type User, type BudgetMeta, type VersionMeta, type StoredVersion, type AuditEntry } from "./store/store.js";
export { MIGRATIONS, type Role } from "./store/schema.js";
export { hashPassword, verifyPassword } from "./security/passwords.js";
export { compareEstimates, computeBudget, STANDARD_PROFILE_ID } from "./budgets/compute.js";

/** The built web app, next to this package in the workspace (packages/web/dist). */
export function defaultWebRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "web", "dist");
}

export interface ServerOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  databaseUrl?: string;
  webRoot?: string;
  log?: (line: string) => void;
}

function defaults(opts: { dataDir?: string | undefined; databaseUrl?: string | undefined }) {
  return {
    dataDir: opts.dataDir ?? process.env.GOVCOST_DATA ?? "./data",
    databaseUrl: opts.databaseUrl ?? process.env.DATABASE_URL,
  };
}

const SETUP_TOKEN_HOURS = 24;

/** A whole number ≥ 1 from the environment, or a clear refusal to start. */
function positiveEnv(name: string): number {
  const v = process.env[name] ?? "";
  if (!/^[1-9]\d{0,8}$/.test(v)) throw Object.assign(new Error(`环境变量 ${name} 应为正整数，实际为“${v.slice(0, 20)}”`), { code: "GOVCOST_CONFIG" });
  return Number(v);
}

/** GOVCOST_TIME_ZONE: an IANA zone name the runtime knows (Asia/Shanghai, UTC …), or a clear refusal to start. */
function timeZoneEnv(): string {
  const v = process.env.GOVCOST_TIME_ZONE ?? "";
  if (!isTimeZone(v)) throw Object.assign(new Error(`环境变量 GOVCOST_TIME_ZONE 应为 IANA 时区名（如 Asia/Shanghai、UTC），实际为“${v.slice(0, 40)}”`), { code: "GOVCOST_CONFIG" });
  return v;
}

/** A new one-time setup token (stored hashed); null once the first administrator exists. */
export async function issueSetupToken(store: Store, now = new Date()): Promise<string | null> {
  if (await store.setupDone()) return null;
  const token = randomToken();
  await store.addSetupToken(tokenHash(token), now.toISOString(), new Date(now.getTime() + SETUP_TOKEN_HOURS * 3600_000).toISOString());
  return token;
}

/**
 * Start the API (and the web app when built). Defaults: PORT 3000, HOST 127.0.0.1, GOVCOST_DATA
 * ./data, DATABASE_URL postgres://… for PostgreSQL, else an SQLite file under the data directory.
 * Migrations run on start. Until an administrator exists it prints a one-time setup link.
 */
export async function startServer(opts: ServerOptions = {}): Promise<{ url: string; close(): Promise<void> }> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const { dataDir, databaseUrl } = defaults(opts);
  const port = opts.port ?? (process.env.PORT ? Number(process.env.PORT) : 3000);
  const host = opts.host ?? process.env.HOST ?? "127.0.0.1";
  // Settings from the environment are checked before the database is opened.
  const timeZone = process.env.GOVCOST_TIME_ZONE !== undefined ? timeZoneEnv() : undefined;
  const estimatePerMinute = process.env.GOVCOST_ESTIMATE_PER_MINUTE ? positiveEnv("GOVCOST_ESTIMATE_PER_MINUTE") : undefined;
  const store = await openStore({ dataDir, databaseUrl });
  const appOptions: AppOptions = {
    store,
    log,
    webRoot: opts.webRoot ?? defaultWebRoot(),
    trustProxy: process.env.GOVCOST_TRUST_PROXY === "1",
    ...(estimatePerMinute !== undefined ? { estimatePerMinute } : {}),
    ...(process.env.GOVCOST_SECURE_COOKIE === "1" ? { secureCookie: true } : {}),
    ...(timeZone !== undefined ? { timeZone } : {}),
  };
  const app = await buildApp(appOptions);
  let address: string;
  try {
    address = await app.listen({ port, host });
  } catch (e) {
    await app.close();
    await store.close();
    throw e;
  }
  const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  const url = `http://${shownHost}:${new URL(address).port}`;
  log(`govcost 已启动：${url}（数据库：${store.dialect === "sqlite" ? sqlitePath(dataDir) : "PostgreSQL"}）`);
  const token = await issueSetupToken(store);
  if (token) log(`首次使用：请在浏览器中打开以下一次性链接，设置第一个管理员的密码（${SETUP_TOKEN_HOURS} 小时内有效）：\n  ${url}/setup?token=${token}`);
  // Expired sessions and old login failures are pruned hourly; any process may do it.
  const prune = setInterval(() => {
    const at = new Date().toISOString();
    void store.deleteExpiredSessions(at).catch(() => undefined);
    void store.pruneLoginFailures(new Date(Date.now() - 24 * 3600_000).toISOString()).catch(() => undefined);
  }, 3600_000);
  prune.unref();
  return {
    url,
    close: async () => {
      clearInterval(prune);
      await app.close();
      await store.close();
    },
  };
}

/**
 * A consistent copy of the embedded SQLite database, taken while the server runs (SQLite's online
 * backup API). Restore: stop the server and put the copy in place of data/govcost.sqlite (remove
 * govcost.sqlite-wal and -shm). For PostgreSQL use pg_dump (docs/api.md).
 */
export async function backupDatabase(file: string, opts: { dataDir?: string } = {}): Promise<{ bytes: number }> {
  const { dataDir } = defaults({ dataDir: opts.dataDir });
  const source = sqlitePath(dataDir);
  if (!existsSync(source)) throw new Error(`没有找到数据库文件：${source}`);
  const target = resolve(file);
  if (target === source) throw new Error("备份文件不能是数据库文件本身");
  const db = new BetterSqlite3(source, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    await db.backup(target);
  } finally {
    db.close();
  }
  return { bytes: statSync(target).size };
}

/**
 * Create an account from the command line. An administrator created this way completes the
 * first-run setup (the setup link stops working). The department is created if it does not exist.
 */
export async function addUser(opts: { username: string; password: string; role: Role; displayName?: string; department?: string; dataDir?: string; databaseUrl?: string }): Promise<void> {
  const problem = passwordProblem(opts.password, opts.username);
  if (problem) throw new Error(problem);
  if (!/^[A-Za-z0-9._@-]{1,64}$/.test(opts.username)) throw new Error("用户名只能包含字母、数字和 . _ @ -，至多 64 个字符");
  if (!["admin", "preparer", "reviewer"].includes(opts.role)) throw new Error(`角色必须是 admin、preparer 或 reviewer，而不是 ${opts.role}`);
  if (opts.role === "preparer" && !opts.department) throw new Error("编制人（preparer）必须指定部门");
  const store = await openStore(defaults(opts));
  try {
    const now = new Date().toISOString();
    let departmentId: number | null = null;
    if (opts.department) {
      const d = (await store.findDepartmentByName(opts.department)) ?? (await store.createDepartment(opts.department, now));
      departmentId = d.id;
    }
    const user = await store
      .createUser({ username: opts.username, displayName: opts.displayName ?? opts.username, role: opts.role, departmentId, passwordHash: await hashPassword(opts.password) }, now)
      .catch((e: unknown) => {
        throw e instanceof DuplicateError ? new Error(`用户名 ${opts.username} 已存在`) : e;
      });
    if (user.role === "admin") await store.markSetupDone(user.id, now);
    await store.audit({ at: now, userId: null, username: null, action: "user.create", target: `user:${user.id}`, detail: { username: user.username, role: user.role, departmentId, via: "cli" } });
  } finally {
    await store.close();
  }
}
