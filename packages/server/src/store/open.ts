/** Choose and open the storage implementation at start-up: PostgreSQL for postgres:// URLs, else an embedded SQLite file. */
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { join, resolve } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase } from "kysely";
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
 */
export interface SqliteOptions {
  synchronous?: "NORMAL" | "FULL";
  checkpointer?: boolean;
  /** The checkpointer's timing (tests): how often it runs, and the log's bound in frames. */
  wal?: { checkpointMs: number; boundFrames: number };
}

export function openSqliteStore(file: string, opts: SqliteOptions = {}): Store {
  mkdirSync(resolve(file, ".."), { recursive: true });
  const native = new BetterSqlite3(file);
  native.pragma("journal_mode = WAL");
  const sync = opts.synchronous ?? (process.env.GOVCOST_SQLITE_SYNC?.toUpperCase() === "FULL" ? "FULL" : "NORMAL");
  native.pragma(`synchronous = ${sync}`);
  native.pragma("foreign_keys = ON");
  native.pragma("busy_timeout = 5000");
  const checkpointer = (opts.checkpointer ?? process.env.GOVCOST_SQLITE_CHECKPOINTER !== "0") ? startCheckpointer(file, native, opts.wal ?? { checkpointMs: 250, boundFrames: WAL_BOUND_FRAMES }) : null;
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachedStatements(native) }) });
  return new Store({
    dialect: "sqlite",
    db,
    backup: async (target) => {
      await native.backup(target);
    },
    onClose: async () => {
      await checkpointer?.terminate();
    },
    sqlite: native,
  });
}

const CHECKPOINTER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.module);
const db = new Database(workerData.file);
db.pragma("busy_timeout = 5000");
const timer = setInterval(() => {
  try {
    const r = db.pragma("wal_checkpoint(PASSIVE)")[0];
    // SQLite starts the log afresh only at a commit that finds it wholly copied, which under a steady
    // stream of commits never happens: the log would grow without end. Past its bound, a second pass
    // copies what arrived during the first, and a RESTART pass, with little left to copy, holds the
    // writer back for that long (a few milliseconds) so that its next commit starts the log afresh.
    if (r.log > workerData.boundFrames) {
      db.pragma("wal_checkpoint(PASSIVE)");
      // While RESTART waits for a reader on an old snapshot (a backup in another process), writers
      // wait too: it gives up after 20 ms and tries again next time, rather than stall saves.
      db.pragma("busy_timeout = 20");
      try { db.pragma("wal_checkpoint(RESTART)"); } finally { db.pragma("busy_timeout = 5000"); }
    }
  } catch { /* busy: next time */ }
}, workerData.intervalMs);
parentPort.on("message", () => { clearInterval(timer); db.close(); process.exit(0); });
`;

/**
 * The log's bound under a steady stream of saves: 4096 frames (16 MB of 4 KB pages). Past it the
 * checkpointer works until the log starts afresh (measured: without this it reached 190 MB in 8 s of
 * saves at full speed). When the log restarts, SQLite also truncates its file to this size.
 */
const WAL_BOUND_FRAMES = 4096;

/**
 * Checkpoints copy the WAL into the database file and fsync it; done by the connection that
 * commits, they stall the event loop (and every request) for the length of a disk flush every
 * ~1000 pages. A worker thread with its own connection does them instead, off the request path;
 * the server's connection never checkpoints automatically.
 */
function startCheckpointer(file: string, native: BetterSqlite3.Database, wal: NonNullable<SqliteOptions["wal"]>): { terminate(): Promise<void> } {
  native.pragma("wal_autocheckpoint = 0");
  native.pragma(`journal_size_limit = ${wal.boundFrames * (native.pragma("page_size", { simple: true }) as number)}`);
  const worker = new Worker(CHECKPOINTER, {
    eval: true,
    workerData: { file, module: createRequire(import.meta.url).resolve("better-sqlite3"), intervalMs: wal.checkpointMs, boundFrames: wal.boundFrames },
  });
  worker.unref();
  worker.on("error", () => native.pragma("wal_autocheckpoint = 1000"));
  return {
    terminate: async () => {
      // Keep the process alive until the worker has closed its connection.
      worker.ref();
      const exited = new Promise<void>((r) => worker.once("exit", () => r()));
      worker.postMessage("stop");
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise<void>((r) => (timer = setTimeout(r, 2000)))]);
      clearTimeout(timer);
      await worker.terminate();
    },
  };
}

/**
 * Kysely prepares every query afresh; preparing was a third of a save's time. The query texts are
 * few (values are bound parameters), so keep the prepared statements. Safe because better-sqlite3
 * runs each statement to completion synchronously before another can start.
 */
function cachedStatements(native: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => native.close(),
    prepare: (text: string) => {
      let stmt = cache.get(text);
      if (!stmt) {
        stmt = native.prepare(text);
        if (cache.size >= 1000) cache.clear();
        cache.set(text, stmt);
      }
      return stmt as unknown as ReturnType<SqliteDatabase["prepare"]>;
    },
  };
}

export function openPostgresStore(url: string, opts: { max?: number } = {}): Store {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10 });
  // An idle client losing its connection must not take the process down.
  pool.on("error", () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return new Store({ dialect: "postgres", db });
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
