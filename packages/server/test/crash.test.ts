/**
 * Crash safety on SQLite: the real server in a child process takes a stream of concurrent saves and
 * is killed with SIGKILL mid-stream. After a restart every save that was answered 2xx is there,
 * intact (document and estimate re-validate), and nothing half-written is.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { DEFAULT_STANDARD, estimate, estimateToJson, validateBudget } from "@govcost/core";
import { addUser } from "../src/index.js";
import { openSqliteStore } from "../src/store/open.js";

const FIXTURE = fileURLToPath(new URL("./fixtures/serve.ts", import.meta.url));
const dir = mkdtempSync("/tmp/govcost-crash-");
const children: ChildProcess[] = [];
// Cheap password hashing for this test's account and its server processes (honoured only under NODE_ENV=test).
process.env.GOVCOST_SCRYPT_LOG2N = "4";
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

function startChild(): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", FIXTURE, dir], { env: { ...process.env, NODE_ENV: "test" }, stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 45_000);
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /READY (\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    });
    child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    child.on("exit", (code) => reject(new Error(`server exited (${code}): ${err}`)));
  });
}

async function session(url: string) {
  const res = await fetch(`${url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "crash", password: "crash test password" }) });
  if (res.status !== 200) throw new Error(`login ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { "content-type": "application/json", cookie, "x-csrf-token": csrfToken };
}

const doc = (marker: string, n: number) => ({
  name: marker,
  services: Array.from({ length: 20 }, (_, i) => ({ item: i % 2 ? "7.2.b" : "7.2.a", personMonths: `${n % 50}.${i % 10}`, note: `${marker}-${i}` })),
  nonLabor: { business: [{ name: marker, amount: `${n}.25` }] },
});

describe("SIGKILL mid-stream", () => {
  it("keeps every acknowledged save intact and nothing half-written", async () => {
    await addUser({ username: "crash", password: "crash test password", role: "preparer", department: "测试部门", dataDir: dir });
    const first = await startChild();
    const headers = await session(first.url);
    const ids: number[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await fetch(`${first.url}/api/budgets`, { method: "POST", headers, body: JSON.stringify({ document: doc(`b${i}-v1`, i) }) });
      expect(r.status).toBe(201);
      ids.push(((await r.json()) as { id: number }).id);
    }
    const acked: { id: number; version: number; marker: string }[] = [];
    let stop = false;
    // The server is killed once this many saves have been answered, while the writers keep going.
    const KILL_AFTER = 40;
    let killNow = () => {};
    const enoughAcked = new Promise<void>((r) => (killNow = r));
    // 8 writers, one budget each, plus 4 writers fighting over budget 0 (conflicts must not corrupt anything).
    const writer = async (id: number, w: number) => {
      let base = 1;
      for (let n = 0; !stop; n++) {
        const marker = `b${id}-w${w}-n${n}`;
        try {
          const r = await fetch(`${first.url}/api/budgets/${id}`, { method: "PUT", headers, body: JSON.stringify({ document: doc(marker, n), baseVersion: base, comment: marker }) });
          if (r.status === 200) {
            const v = ((await r.json()) as { version: number }).version;
            acked.push({ id, version: v, marker });
            if (acked.length === KILL_AFTER) killNow();
            base = v;
          } else if (r.status === 409) {
            base = ((await r.json()) as { error: { current: { version: number } } }).error.current.version;
          } else throw new Error(`unexpected ${r.status}`);
        } catch (e) {
          if (stop) return;
          throw e;
        }
      }
    };
    const writers = [...ids.map((id, w) => writer(id, w)), ...[0, 1, 2, 3].map((w) => writer(ids[0]!, 100 + w))];
    // (A writer that fails ends the wait too, and the test with its error.)
    await Promise.race([enoughAcked, Promise.all(writers)]);
    first.child.kill("SIGKILL");
    stop = true;
    await Promise.allSettled(writers);
    expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER);

    const second = await startChild();
    const h2 = await session(second.url);
    for (const a of acked) {
      const r = await fetch(`${second.url}/api/budgets/${a.id}/versions/${a.version}`, { headers: h2 });
      expect(r.status, `${a.marker}`).toBe(200);
      const body = (await r.json()) as { document: unknown; estimate: unknown; comment: string };
      expect(body.comment).toBe(a.marker);
      const v = validateBudget(body.document, DEFAULT_STANDARD);
      if (!v.ok) throw new Error(`stored document of ${a.marker} no longer validates`);
      expect(v.budget.name).toBe(a.marker);
      expect(body.estimate).toEqual(JSON.parse(JSON.stringify(estimateToJson(estimate(v.budget, DEFAULT_STANDARD)))));
    }
    second.child.kill("SIGTERM");
    await new Promise((r) => second.child.once("exit", r));

    // Straight from the file: versions contiguous 1..latest, no version beyond the budget's latest, no orphans.
    const store = openSqliteStore(join(dir, "govcost.sqlite"));
    try {
      const check = await sql<{ id: number; latest: number; n: number; max: number }>`
        SELECT b.id, b.latest_version AS latest, COUNT(v.version) AS n, MAX(v.version) AS max
        FROM budgets b LEFT JOIN budget_versions v ON v.budget_id = b.id GROUP BY b.id`.execute(store.db);
      expect(check.rows).toHaveLength(8);
      for (const r of check.rows) {
        expect(r.n).toBe(r.latest);
        expect(r.max).toBe(r.latest);
      }
      const orphans = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM budget_versions WHERE budget_id NOT IN (SELECT id FROM budgets)`.execute(store.db);
      expect(orphans.rows[0]?.n).toBe(0);
      const integrity = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(store.db);
      expect(integrity.rows[0]?.integrity_check).toBe("ok");
      for (const a of acked) expect(a.version).toBeLessThanOrEqual(check.rows.find((r) => r.id === a.id)!.latest);
    } finally {
      await store.close();
    }
  }, 120_000);
});
