// Server benchmark: autocannon on loopback, 20 connections; for each load a 5 s warm-up
// (GOVCOST_BENCH_WARMUP), then 5 rounds (GOVCOST_BENCH_REPEAT) of 5 s runs (GOVCOST_BENCH_SECONDS), medians shown.
//   1. fastify's bare hello-world (the ceiling on this machine)
//   2. POST /api/estimate with a 50-line budget
//   3. PUT /api/budgets/:id (save a 50-line budget with baseVersion) on SQLite, synchronous=NORMAL
//   4. the same with synchronous=FULL
// Each server runs in its own child process; autocannon runs here. Build first: npx tsc -b packages/server
// Usage: node bench/server-bench.mjs
import { spawn } from "node:child_process";
import { request } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

const root = fileURLToPath(new URL("..", import.meta.url));
const serverDist = new URL("../packages/server/dist/index.js", import.meta.url).href;
const seconds = Number(process.env.GOVCOST_BENCH_SECONDS ?? 5);
const connections = 20;

function child(code, env = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ["--input-type=module", "-e", code], { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
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
// The same transfer as an estimate (3 KB in, 35 KB out) with no work: what the wire costs here.
const answer = Buffer.alloc(Number(process.env.ANSWER_BYTES), 32);
// (sent as it is: the same number of bytes on the wire as govcost's compressed answer)
app.post("/fixed", async (_req, reply) => reply.type("application/json").send(answer));
const url = await app.listen({ port: 0, host: "127.0.0.1" });
console.log("READY " + url);`;

const GOVCOST = (dataDir) => `import { startServer } from ${JSON.stringify(serverDist)};
const s = await startServer({ port: 0, host: "127.0.0.1", dataDir: ${JSON.stringify(dataDir)}, webRoot: "/nonexistent", log: () => {} });
console.log("READY " + s.url);`;

const ITEMS = ["7.2.a", "7.2.b", "7.1.a", "8.1.a", "9.1.a"];
const budget = (name, n = 50) => ({
  name,
  services: Array.from({ length: n }, (_, i) => ({ item: ITEMS[i % ITEMS.length], personMonths: `${1 + (i % 12)}.5`, ...(i % 3 === 0 ? { units: 1 + (i % 7) } : {}) })),
  nonLabor: { equipment: [{ name: "设备", amount: "12000.00" }], business: [{ name: "差旅", amount: "3500.50" }] },
});

const warmSeconds = Number(process.env.GOVCOST_BENCH_WARMUP ?? 5);

function cannon(opts) {
  return new Promise((resolve, reject) => autocannon(opts, (err, r) => (err ? reject(err) : resolve(r))));
}

const repeat = Math.max(1, Number(process.env.GOVCOST_BENCH_REPEAT ?? 5));
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor((xs.length - 1) / 2)];

/**
 * Loads measured in rounds: each load first gets a warm-up (not counted: JIT compilation, first
 * connections), then every round runs each load once, for `repeat` rounds. This machine's speed
 * drifts from one minute to the next (a shared host), so loads that are compared run interleaved,
 * each run is printed, and the table shows the median of each figure.
 */
async function rounds(loads) {
  for (const { opts } of loads) if (warmSeconds > 0) await cannon({ connections, duration: warmSeconds, ...opts });
  const runs = loads.map(() => []);
  for (let i = 0; i < repeat; i++) {
    for (const [k, { title, opts }] of loads.entries()) {
      const r = await cannon({ connections, duration: seconds, ...opts });
      const row = { run: title, "req/s": Math.round(r.requests.average), "p50 ms": r.latency.p50, "p99 ms": r.latency.p99, "2xx": r["2xx"], non2xx: r.non2xx, errors: r.errors };
      console.log(JSON.stringify(row));
      runs[k].push(row);
    }
  }
  const table = loads.map(({ title }, k) => ({
    run: title,
    "req/s": median(runs[k].map((r) => r["req/s"])),
    "p50 ms": median(runs[k].map((r) => r["p50 ms"])),
    "p99 ms": median(runs[k].map((r) => r["p99 ms"])),
    "each run: req/s, p99": runs[k].map((r) => `${r["req/s"]}, ${r["p99 ms"]}`).join(" | "),
    "2xx": runs[k].reduce((n, r) => n + r["2xx"], 0),
    non2xx: runs[k].reduce((n, r) => n + r.non2xx, 0),
    errors: runs[k].reduce((n, r) => n + r.errors, 0),
  }));
  return { table, runs };
}

const run = async (title, opts) => (await rounds([{ title, opts }])).table[0];

async function saveRun(title, sync) {
  const dataDir = mkdtempSync("/tmp/govcost-bench-");
  process.env.GOVCOST_DATA = dataDir;
  const { addUser } = await import(serverDist);
  await addUser({ username: `bench`, password: "bench password 1", role: "preparer", department: "基准测试", dataDir });
  const server = await child(GOVCOST(dataDir), { GOVCOST_SQLITE_SYNC: sync });
  try {
    const login = await fetch(`${server.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "bench", password: "bench password 1" }) });
    const cookie = login.headers.get("set-cookie").split(";")[0];
    const { csrfToken } = await login.json();
    const headers = { "content-type": "application/json", cookie, "x-csrf-token": csrfToken };
    // A pool of budgets: each request takes one, saves on its latest version, and puts it back,
    // (each run cut off at its end keeps up to one budget per connection out: enough for every run)
    // so no two requests race on one budget (conflicts are tested elsewhere).
    const pool = [];
    for (let i = 0; i < connections * (repeat + 3); i++) {
      const r = await fetch(`${server.url}/api/budgets`, { method: "POST", headers, body: JSON.stringify({ document: budget(`预算${i}`) }) });
      pool.push({ id: (await r.json()).id, base: 1 });
    }
    let n = 0;
    // Every save is a different document (its name numbered), spliced into text made once: the
    // client shares these two cores with the server and should spend as little of them as it can.
    const [head, tail] = JSON.stringify({ document: budget("保存#") }).slice(0, -1).split("#");
    return await run(title, {
      url: server.url,
      // Like a browser, the client accepts gzip.
      headers: { ...headers, "accept-encoding": "gzip" },
      requests: [
        {
          method: "PUT",
          setupRequest: (req, context) => {
            const b = pool.shift();
            context.b = b;
            return { ...req, path: `/api/budgets/${b.id}`, body: `${head}${n++}${tail},"baseVersion":${b.base},"comment":"bench"}` };
          },
          // Each budget is saved by one request at a time, so a 200 means the next version.
          onResponse: (status, _body, context) => {
            const b = context.b;
            if (status === 200) b.base += 1;
            pool.push(b);
          },
        },
      ],
    });
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const results = [];
// GOVCOST_BENCH_ONLY=save runs the two save runs only.
const only = process.env.GOVCOST_BENCH_ONLY;
const estimateBody = JSON.stringify(budget("测算"));
/** Every run of the estimate loads, by load then round (for the round-by-round ratios). */
let estimateRounds = [];
async function estimateRuns() {
  const answerBytes = await (async () => {
    const dataDir = mkdtempSync("/tmp/govcost-bench-");
    const server = await child(GOVCOST(dataDir));
    // The answer as it crosses the wire to a client that accepts gzip.
    const n = await new Promise((resolve, reject) => {
      const req = request(`${server.url}/api/estimate`, { method: "POST", headers: { "content-type": "application/json", "accept-encoding": "gzip" } }, (res) => {
        let bytes = 0;
        res.on("data", (d) => (bytes += d.length));
        res.on("end", () => resolve(bytes));
      });
      req.on("error", reject);
      req.end(estimateBody);
    });
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    return n;
  })();
  {
    // Both servers run side by side, and their loads alternate, so that the ratio compares like with like.
    const hello = await child(HELLO, { ANSWER_BYTES: String(answerBytes) });
    const dataDir = mkdtempSync("/tmp/govcost-bench-");
    const server = await child(GOVCOST(dataDir));
    // Like a browser, the client accepts gzip (the server compresses estimate answers).
    const estimateHeaders = { "content-type": "application/json", "accept-encoding": "gzip" };
    // Distinct bodies made before the runs, so that the client is not the one doing the work; more
    // of them than the answer cache holds (256), so every one is computed.
    const bodies = Array.from({ length: 10_000 }, (_, i) => JSON.stringify(budget(`测算${i}`)));
    let n = 0;
    const measured = await rounds([
      { title: "fastify hello-world GET /", opts: { url: hello.url } },
      { title: `fastify fixed ${(answerBytes / 1024).toFixed(1)} KB answer to the same POST (no work)`, opts: { url: `${hello.url}/fixed`, method: "POST", headers: { "content-type": "application/json" }, body: estimateBody } },
      { title: "POST /api/estimate (50 lines, same budget: answer cache)", opts: { url: `${server.url}/api/estimate`, method: "POST", headers: estimateHeaders, body: estimateBody } },
      {
        title: "POST /api/estimate (50 lines, every budget different: computed)",
        opts: { url: `${server.url}/api/estimate`, method: "POST", headers: estimateHeaders, requests: [{ setupRequest: (req) => ({ ...req, body: bodies[n++ % bodies.length] }) }] },
      },
    ]);
    results.push(...measured.table);
    estimateRounds = measured.runs;
    await hello.stop();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
if (only !== "save") await estimateRuns();
results.push(await saveRun("PUT /api/budgets/:id save (SQLite WAL, synchronous=NORMAL)", "NORMAL"));
results.push(await saveRun("PUT /api/budgets/:id save (SQLite WAL, synchronous=FULL)", "FULL"));

console.table(results);
const saves = results.filter((r) => r.run.startsWith("PUT"));
if (only !== "save") {
  const [hello, fixed, cached, computed] = results;
  // Each round's ratio compares runs made seconds apart, so a slow minute of the machine weighs on
  // both sides of it; the median of those is shown beside the ratio of the medians.
  const paired = (k) => {
    const ratios = estimateRounds[k].map((r, i) => r["req/s"] / estimateRounds[0][i]["req/s"]);
    return `${median(ratios).toFixed(2)} (rounds: ${ratios.map((x) => x.toFixed(2)).join(", ")})`;
  };
  console.log(`estimate (cached) / hello-world throughput: ${(cached["req/s"] / hello["req/s"]).toFixed(2)} from the medians; round by round ${paired(2)} (target ≥ 0.50); / fixed answer of the same size: ${(cached["req/s"] / fixed["req/s"]).toFixed(2)}`);
  console.log(`estimate (computed) / hello-world throughput: ${(computed["req/s"] / hello["req/s"]).toFixed(2)}; round by round ${paired(3)}; / fixed answer: ${(computed["req/s"] / fixed["req/s"]).toFixed(2)}`);
}
for (const r of saves) console.log(`${r.run}: p99 ${r["p99 ms"]} ms (target < 50 ms)`);
