// Time validateBudget on a 10,000-line budget: the median of 31 runs after warm-up, each run on a
// freshly parsed document. Given several core entries (e.g. the sources of two revisions), runs
// them interleaved in one process so that they share the machine's load.
// Usage: node bench/validate-bench.mjs [core entry …]   (default packages/core/dist/index.js)
//        npx tsx bench/validate-bench.mjs /tmp/old/packages/core/src/index.ts packages/core/src/index.ts
import { pathToFileURL } from "node:url";
import path from "node:path";

const entries = process.argv.length > 2 ? process.argv.slice(2) : ["packages/core/dist/index.js"];
const cores = [];
for (const e of entries) cores.push({ entry: path.resolve(e), core: await import(pathToFileURL(path.resolve(e)).href), times: [] });
const N = Number(process.env.LINES ?? 10_000);

const std = cores[0].core.DEFAULT_STANDARD;
const ids = std.items.filter((i) => i.kind === "formula" && i.collaborationRule !== "none").map((i) => i.id);
const services = [];
for (let i = 0; i < N; i++) {
  services.push({ item: ids[i % ids.length], personMonths: i % 3 === 0 ? `${i % 50}.5` : (i % 40) + 0.25, units: (i % 7) + 1, note: i % 10 === 0 ? "备注" : null });
}
const text = JSON.stringify({ name: "bench", services, nonLabor: { business: [{ name: "会议", amount: "8000.00" }] } });

const parseTimes = [];
const ms = (t) => Number(process.hrtime.bigint() - t) / 1e6;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (let i = 0; i < 5; i++) for (const c of cores) c.core.validateBudget(JSON.parse(text), c.core.DEFAULT_STANDARD);
for (let i = 0; i < 31; i++) {
  for (const c of cores) {
    let t = process.hrtime.bigint();
    const doc = JSON.parse(text);
    parseTimes.push(ms(t));
    t = process.hrtime.bigint();
    const v = c.core.validateBudget(doc, c.core.DEFAULT_STANDARD);
    c.times.push(ms(t));
    if (!v.ok) throw new Error(JSON.stringify(v.problems.slice(0, 3)));
  }
}
console.log(`${N} lines; JSON.parse ${median(parseTimes).toFixed(1)} ms`);
for (const c of cores) console.log(`  ${c.entry}: validateBudget ${median(c.times).toFixed(1)} ms`);
