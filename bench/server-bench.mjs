// Server benchmark: autocannon on this machine, 20 connections, each load 2 s of warm-up then 5 s
// measured (GOVCOST_BENCH_SECONDS), as ratios to fastify's own hello-world measured in the same run,
// just before each load (so that a busy minute of the machine weighs on both sides of a ratio):
//   POST /api/estimate, 50 lines          ≥ 1/30 of hello-world (also shown without compression)
//   PUT /api/budgets/:id (save) on SQLite ≥ 1/60, p99 < 100 ms
//   the same save on PostgreSQL          ≥ 1/120 (DATABASE_URL, else a throwaway cluster as the tests start, fsync on)
// Servers run in child processes; SQLite files go under GOVCOST_BENCH_DIR (default /tmp).
// Build first (npm run build), then: node bench/server-bench.mjs
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { register } from "tsx/esm/api";

const serverDist = new URL("../packages/server/dist/index.js", import.meta.url).href;
const seconds = Number(process.env.GOVCOST_BENCH_SECONDS ?? 5);
const connections = 20;

function child(code, env = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ["--input-type=module", "-e", code], { cwd: fileURLToPath(new URL("..", import.meta.url)), env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    p.stdout.on("data", (d) => {
      out += d;
      const m = /READY (\S+)/.exec(out);
      if (m) resolve({ url: m[1], stop: () => new Promise((r) => (p.once("exit", r), p.kill("SIGTERM"))) });
    });
    p.once("exit", (c) => reject(new Error(`child exited ${c}`)));
  });
}

const HELLO = `import Fastify from "fastify";
const app = Fastify();
app.get("/", async () => ({ hello: "world" }));
console.log("READY " + (await app.listen({ port: 0, host: "127.0.0.1" })));`;

const govcost = (opts) => child(`import { startServer } from ${JSON.stringify(serverDist)};
const s = await startServer({ port: 0, host: "127.0.0.1", webRoot: "/nonexistent", log: () => {}, ...${JSON.stringify(opts)} });
console.log("READY " + s.url);`);

const ITEMS = ["7.2.a", "7.2.b", "7.1.a", "8.1.a", "9.1.a"];
const budget = (name) => ({
  name,
  services: Array.from({ length: 50 }, (_, i) => ({ item: ITEMS[i % ITEMS.length], personMonths: `${1 + (i % 12)}.5`, ...(i % 3 === 0 ? { units: 1 + (i % 7) } : {}) })),
  nonLabor: { equipment: [{ name: "设备", amount: "12000.00" }], business: [{ name: "差旅", amount: "3500.50" }] },
});

async function measure(title, opts) {
  const cannon = (duration) => new Promise((resolve, reject) => autocannon({ connections, duration, ...opts }, (err, r) => (err ? reject(err) : resolve(r))));
  await cannon(2);
  const r = await cannon(seconds);
  if (r.non2xx > 0) throw new Error(`${title}: ${r.non2xx} answers were not 2xx`);
  const row = { run: title, "req/s": Math.round(r.requests.average), "p50 ms": r.latency.p50, "p99 ms": r.latency.p99, "2xx": r["2xx"], non2xx: r.non2xx, errors: r.errors };
  console.log(JSON.stringify(row));
  return row;
}

/** Saves of 50-line budgets, each request on its own budget's latest version (like a browser, accepting gzip). */
async function saves(title, store) {
  const { addUser } = await import(serverDist);
  await addUser({ username: "bench", password: "bench password 1", role: "preparer", department: "基准测试", ...store });
  const server = await govcost(store);
  try {
    const login = await fetch(`${server.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "bench", password: "bench password 1" }) });
    const { csrfToken } = await login.json();
    const headers = { "content-type": "application/json", "accept-encoding": "gzip", cookie: login.headers.get("set-cookie").split(";")[0], "x-csrf-token": csrfToken };
    // A pool of budgets: a request takes one, saves on its latest version and puts it back, so no
    // two requests race on one budget (conflicts are tested elsewhere).
    const pool = [];
    for (let i = 0; i < connections * 3; i++) {
      const r = await fetch(`${server.url}/api/budgets`, { method: "POST", headers, body: JSON.stringify({ document: budget(`预算${i}`) }) });
      pool.push({ id: (await r.json()).id, base: 1 });
    }
    const body = JSON.stringify({ document: budget("保存") }).slice(0, -1);
    return await measure(title, {
      url: server.url,
      headers,
      requests: [
        {
          method: "PUT",
          setupRequest: (req, context) => {
            const b = (context.b = pool.shift());
            return { ...req, path: `/api/budgets/${b.id}`, body: `${body},"baseVersion":${b.base}}` };
          },
          onResponse: (status, _body, context) => {
            if (status === 200) context.b.base += 1;
            pool.push(context.b);
          },
        },
      ],
    });
  } finally {
    await server.stop();
  }
}

const hello = await child(HELLO);
const rows = [];
/** A load, with hello-world measured just before it. */
async function versus(load) {
  const h = await measure("fastify hello-world GET /", { url: hello.url });
  const row = await load();
  rows.push(h, row);
  return { ...row, ratio: row["req/s"] / h["req/s"] };
}

const dataDir = mkdtempSync(`${process.env.GOVCOST_BENCH_DIR ?? "/tmp"}/govcost-bench-`);
// The public estimate's per-address limit (60 a minute) would answer this load with 429s.
process.env.GOVCOST_ESTIMATE_PER_MINUTE = "100000000";
const server = await govcost({ dataDir });
const estimateBody = JSON.stringify(budget("测算"));
const estimate = (encoding) => measure(`POST /api/estimate (50 lines, accept-encoding: ${encoding})`, { url: `${server.url}/api/estimate`, method: "POST", headers: { "content-type": "application/json", "accept-encoding": encoding }, body: estimateBody });
const estimateRow = await versus(() => estimate("gzip"));
const plainRow = await versus(() => estimate("identity"));
await server.stop();

const sqliteRow = await versus(() => saves("PUT /api/budgets/:id save, SQLite (WAL, synchronous=NORMAL)", { dataDir }));
rmSync(dataDir, { recursive: true, force: true });

let pg = null;
let databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  register();
  const { startTestPostgres } = await import("../packages/server/test/helpers/postgres.ts");
  pg = await startTestPostgres({ fsync: true });
  databaseUrl = await pg.freshDatabase();
}
const pgRow = await versus(() => saves("PUT /api/budgets/:id save, PostgreSQL", { databaseUrl, dataDir: "/nonexistent" }));
await pg?.stop();
await hello.stop();

console.table(rows);
const verdict = (ok) => (ok ? "met" : "NOT met");
const ratio = (row) => `1/${(1 / row.ratio).toFixed(1)} of hello-world, p99 ${row["p99 ms"]} ms`;
console.log(`estimate: ${ratio(estimateRow)} (target ≥ 1/30: ${verdict(estimateRow.ratio >= 1 / 30)}); uncompressed: ${ratio(plainRow)}`);
console.log(`SQLite saves: ${ratio(sqliteRow)} (target ≥ 1/60 and p99 < 100 ms: ${verdict(sqliteRow.ratio >= 1 / 60 && sqliteRow["p99 ms"] < 100)})`);
console.log(`PostgreSQL saves: ${ratio(pgRow)} (target ≥ 1/120: ${verdict(pgRow.ratio >= 1 / 120)})`);
