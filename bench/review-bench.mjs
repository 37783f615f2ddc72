#!/usr/bin/env node
// A review of a 1,000-line budget with 300 decisions: validating the review file, and applying it,
// pricing both budgets and laying out the reduction table (what the reviewer's screen recomputes on
// each edit). Run after `npm run build`: node bench/review-bench.mjs
import { performance } from "node:perf_hooks";
import { DEFAULT_STANDARD as std, validateBudget, validateReview, reviewBudget, reviewToJson } from "../packages/core/dist/index.js";
const items = std.items.filter((i) => i.kind === "formula" && i.serviceType !== "8.5");
const services = Array.from({ length: 1000 }, (_, i) => ({ item: items[i % items.length].id, personMonths: String(1 + (i % 7) * 0.5), ...(items[i % items.length].collaborationRule === "variable" ? { units: 1 + (i % 8) } : {}) }));
const b = validateBudget({ name: "bench", services, nonLabor: { equipment: [{ name: "e", amount: 1000, note: "n" }] } }, std);
if (!b.ok) throw new Error(JSON.stringify(b.problems.slice(0, 3)));
const lines = Array.from({ length: 300 }, (_, k) => ({ line: 1 + k * 3, personMonths: "0.5", reason: "workload-unsupported" }));
validateReview({ lines }, b.budget, std); // warm-up
const t0 = performance.now();
const v = validateReview({ lines }, b.budget, std);
const t1 = performance.now();
if (!v.ok) throw new Error(JSON.stringify(v.problems.slice(0, 3)));
let r = reviewBudget(b.budget, v.review, std); // warm-up
const N = 50;
const t2 = performance.now();
for (let i = 0; i < N; i++) r = reviewBudget(b.budget, v.review, std);
const t3 = performance.now();
reviewToJson(r);
console.log(`validate 300 decisions: ${(t1 - t0).toFixed(1)} ms; reviewBudget 1000 lines/300 decisions: ${((t3 - t2) / N).toFixed(2)} ms per run; reduction ${r.totals.reduction.toFixed(2)} scaleEffect ${r.scaleEffect.toFixed(2)}`);
