/** Choose and open the storage implementation at start-up: PostgreSQL for postgres:// URLs, else an embedded SQLite file. */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import type { Database } from "./schema.js";
import { Store } from "./store.js";

export const SQLITE_FILE = "govcost.sqlite";

export function sqlitePath(dataDir: string): string {
  return join(resolve(dataDir), SQLITE_FILE);
}

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

/**
 * WAL lets readers run beside the one writer and makes each commit one append. synchronous=NORMAL
 * in WAL mode never corrupts the file and keeps every commit across a process crash (SIGKILL): the
 * WAL is in the OS page cache. Only a power cut can lose the last commits before the next
 * checkpoint; set GOVCOST_SQLITE_SYNC=FULL to fsync each commit and close that window too.
 * SQLite's own automatic checkpoints keep the log short.
 */
export function openSqliteStore(file: string, opts: { synchronous?: "NORMAL" | "FULL" } = {}): Store {
  mkdirSync(resolve(file, ".."), { recursive: true });
  const native = new BetterSqlite3(file);
  native.pragma("journal_mode = WAL");
  const sync = opts.synchronous ?? (process.env.GOVCOST_SQLITE_SYNC?.toUpperCase() === "FULL" ? "FULL" : "NORMAL");
  native.pragma(`synchronous = ${sync}`);
  native.pragma("foreign_keys = ON");
  native.pragma("busy_timeout = 5000");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: native }) });
  return new Store("sqlite", db);
}

export function openPostgresStore(url: string, opts: { max?: number } = {}): Store {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10 });
  // An idle client losing its connection must not take the process down.
  pool.on("error", () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return new Store("postgres", db);
}

export async function openStore(opts: { dataDir: string; databaseUrl?: string | undefined }): Promise<Store> {
  const store = isPostgresUrl(opts.databaseUrl) ? openPostgresStore(opts.databaseUrl) : openSqliteStore(sqlitePath(opts.dataDir));
  try {
    await store.migrate();
  } catch (e) {
    await store.close().catch(() => undefined);
    throw e;
  }
  return store;
}
