/**
 * Two server processes on one PostgreSQL database, requests alternating between them: a session made
 * on one is valid on the other; concurrent saves of one budget through both give exactly one winner
 * per base version (the rest 409) and no version holes; every acknowledged save is there after both
 * are killed and one is restarted.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addUser } from "../src/index.js";
import { startTestPostgres, type TestPostgres } from "./helpers/postgres.js";

const FIXTURE = fileURLToPath(new URL("./fixtures/serve.ts", import.meta.url));
const dir = mkdtempSync("/tmp/govcost-multi-");
const children: ChildProcess[] = [];
process.env.GOVCOST_SCRYPT_LOG2N = "4";
let pg: TestPostgres;
let databaseUrl: string;

beforeAll(async () => {
  pg = await startTestPostgres();
  databaseUrl = await pg.freshDatabase();
  await addUser({ username: "multi", password: "multi process pw", role: "preparer", department: "多进程", databaseUrl });
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
  await pg?.stop();
});

function startChild(): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", FIXTURE, dir], { env: { ...process.env, NODE_ENV: "test", DATABASE_URL: databaseUrl }, stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    let out = "";
    let err = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /READY (\S+)/.exec(out);
      if (m?.[1]) resolve({ child, url: m[1] });
    });
    child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    child.on("exit", (code) => reject(new Error(`server exited (${code}): ${err}`)));
  });
}

const stopped = (c: ChildProcess) => new Promise<void>((resolve) => (c.exitCode !== null || c.signalCode !== null ? resolve() : c.once("exit", () => resolve())));

describe("two server processes on one PostgreSQL", () => {
  it("share sessions, serialise saves per base version, and keep every acknowledged save", async () => {
    const [a, b] = await Promise.all([startChild(), startChild()]);
    const login = await fetch(`${a.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "multi", password: "multi process pw" }) });
    expect(login.status).toBe(200);
    const headers = { "content-type": "application/json", cookie: (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "", "x-csrf-token": ((await login.json()) as { csrfToken: string }).csrfToken };
    // The session made on A is valid on B.
    const me = await fetch(`${b.url}/api/auth/me`, { headers });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { username: string } }).user.username).toBe("multi");

    const doc = (marker: string) => ({ name: marker, services: [{ item: "7.2.b", personMonths: "6" }] });
    const created = await fetch(`${b.url}/api/budgets`, { method: "POST", headers, body: JSON.stringify({ document: doc("v1") }) });
    expect(created.status).toBe(201);
    const id = ((await created.json()) as { id: number }).id;

    const acknowledged = new Map<number, string>([[1, "v1"]]);
    const ROUNDS = 8;
    const PER_ROUND = 6;
    for (let base = 1; base <= ROUNDS; base++) {
      const answers = await Promise.all(
        Array.from({ length: PER_ROUND }, async (_, k) => {
          const marker = `base${base}-writer${k}`;
          const url = k % 2 ? a.url : b.url;
          const r = await fetch(`${url}/api/budgets/${id}`, { method: "PUT", headers, body: JSON.stringify({ document: doc(marker), baseVersion: base }) });
          const body = (await r.json()) as { version?: number };
          return { status: r.status, marker, version: body.version };
        }),
      );
      const won = answers.filter((x) => x.status === 200);
      expect(won, `base ${base}`).toHaveLength(1);
      expect(answers.filter((x) => x.status === 409)).toHaveLength(PER_ROUND - 1);
      expect(won[0]!.version).toBe(base + 1);
      acknowledged.set(base + 1, won[0]!.marker);
    }

    for (const c of [a.child, b.child]) c.kill("SIGKILL");
    await Promise.all([stopped(a.child), stopped(b.child)]);
    const again = await startChild();
    const relogin = await fetch(`${again.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "MULTI", password: "multi process pw" }) });
    const h2 = { cookie: (relogin.headers.get("set-cookie") ?? "").split(";")[0] ?? "" };
    const versions = ((await (await fetch(`${again.url}/api/budgets/${id}/versions`, { headers: h2 })).json()) as { versions: { version: number }[] }).versions.map((v) => v.version);
    // 1 + 8 rounds, one winner each: versions 1 … 9, no holes
    expect(versions.sort((x, y) => x - y)).toEqual(Array.from({ length: ROUNDS + 1 }, (_, i) => i + 1));
    for (const [version, marker] of acknowledged) {
      const v = (await (await fetch(`${again.url}/api/budgets/${id}/versions/${version}`, { headers: h2 })).json()) as { document: { name: string } };
      expect(v.document.name, `version ${version}`).toBe(marker);
    }
    again.child.kill("SIGKILL");
    await stopped(again.child);
  }, 120_000);
});
