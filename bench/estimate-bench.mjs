#!/usr/bin/env node
// Benchmark (not a test): estimate a generated budget of N lines (default 100,000) and compare with
// the time JSON.parse needs for the same file; then time a 50-line budget through the CLI against a
// bare `node -e ""`. Run after `npm run build`:  node bench/estimate-bench.mjs [lines]
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { DEFAULT_STANDARD, estimate, estimateToJson, validateBudget } from "../packages/core/dist/index.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const N = Number(process.argv[2] ?? 100_000);

function generate(n) {
  const formula = DEFAULT_STANDARD.items.filter((i) => i.kind === "formula");
  const services = [];
  for (let i = 0; i < n; i++) {
    const item = formula[i % formula.length];
    const line = { item: item.id, personMonths: `${(i % 40) + 1}.${String(i % 100).padStart(2, "0")}` };
    if (item.collaborationRule === "variable") line.units = (i % 8) + 1;
    if (i % 5 === 0 && item.collaborationRule === "none") line.method = "quick";
    if (i % 3 === 0) line.note = `第${i}行备注`;
    services.push(line);
  }
  return { name: `基准测试预算 ${n} 行`, services, nonLabor: { business: [{ name: "会议", amount: "8000" }] } };
}

function best(fn, runs = 5) {
  let min = Infinity;
  let out;
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    out = fn();
    min = Math.min(min, performance.now() - t);
  }
  return [min, out];
}

const text = JSON.stringify(generate(N));
const [parseMs, doc] = best(() => JSON.parse(text));
const [estimateMs, est] = best(() => {
  const v = validateBudget(doc, DEFAULT_STANDARD);
  if (!v.ok) throw new Error("generated budget invalid");
  return estimate(v.budget, DEFAULT_STANDARD);
});
const [jsonMs] = best(() => JSON.stringify(estimateToJson(est)), 3);

console.log(`budget: ${N} lines, ${(text.length / 1e6).toFixed(1)} MB of JSON`);
console.log(`JSON.parse:                 ${parseMs.toFixed(1)} ms`);
console.log(`validate + estimate:        ${estimateMs.toFixed(1)} ms  (${Math.round(N / (estimateMs / 1000)).toLocaleString("en")} lines/s)  = ${(estimateMs / parseMs).toFixed(2)}× JSON.parse (target ≤ 3×)`);
console.log(`result to JSON (--json):    ${jsonMs.toFixed(1)} ms`);
console.log(`total C = ${est.total.toFixed(2)}`);

// CLI start-up: a 50-line budget through `govcost estimate` against a bare `node -e ""`.
const dir = mkdtempSync(path.join(tmpdir(), "govcost-bench-"));
const small = path.join(dir, "budget-50.json");
writeFileSync(small, JSON.stringify(generate(50)));
const cli = path.join(root, "packages/cli/bin/govcost.js");
const time = (args) =>
  best(() => {
    execFileSync(process.execPath, args, { stdio: ["ignore", "ignore", "ignore"] });
  }, 10)[0];
const bare = time(["-e", ""]);
const cliMs = time([cli, "estimate", small]);
console.log(`node -e "":                 ${bare.toFixed(1)} ms`);
console.log(`govcost estimate (50 lines): ${cliMs.toFixed(1)} ms  = ${(cliMs / bare).toFixed(2)}× bare node (target ≤ 3×)`);
