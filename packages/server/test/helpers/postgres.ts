/**
 * A real PostgreSQL for tests: GOVCOST_TEST_DATABASE_URL if set (a fresh database is created in it),
 * else a throwaway cluster started here (initdb into /tmp, pg_ctl on a free port, as the postgres
 * user when running as root) and removed afterwards. No binaries and no URL: a clear failure.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, chownSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";

export interface TestPostgres {
  /** A fresh, empty database on the server. */
  freshDatabase(): Promise<string>;
  stop(): Promise<void>;
}

function pgBin(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, "bin", "initdb")))
    .sort((a, b) => Number(a) - Number(b));
  const v = versions.at(-1);
  return v ? join(root, v, "bin") : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

async function createDatabase(adminUrl: string): Promise<string> {
  const name = `govcost_test_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** `fsync: true` for a cluster that flushes its commits as a production one does (the benchmark). */
export async function startTestPostgres(opts: { fsync?: boolean } = {}): Promise<TestPostgres> {
  const given = process.env.GOVCOST_TEST_DATABASE_URL;
  if (given) return { freshDatabase: () => createDatabase(given), stop: async () => undefined };

  const bin = pgBin();
  if (!bin) {
    throw new Error(
      "PostgreSQL 测试需要 PostgreSQL 服务器程序：未找到 /usr/lib/postgresql/*/bin/initdb。请安装（apt-get install postgresql）或设置 GOVCOST_TEST_DATABASE_URL=postgres://…",
    );
  }
  const isRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) =>
    execFileSync(isRoot ? "runuser" : cmd, isRoot ? ["-u", "postgres", "--", cmd, ...args] : args, { stdio: "pipe", timeout: 60_000 });
  const base = mkdtempSync("/tmp/govcost-test-pg-");
  if (isRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(base, uid, gid);
  }
  const data = join(base, "data");
  const port = await freePort();
  run(join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
  // fsync off for tests: a test cluster need not survive a power cut, and it saves seconds.
  const fsync = opts.fsync ? "on" : "off";
  run(join(bin, "pg_ctl"), ["-D", data, "-l", join(base, "server.log"), "-w", "-t", "30", "-o", `-p ${port} -k ${base} -c listen_addresses=127.0.0.1 -c fsync=${fsync} -c max_connections=200`, "start"]);
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    freshDatabase: () => createDatabase(adminUrl),
    stop: async () => {
      try {
        run(join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(base, { recursive: true, force: true });
      }
    },
  };
}
