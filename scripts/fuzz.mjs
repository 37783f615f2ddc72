#!/usr/bin/env node
// A longer fuzz run than CI's: node scripts/fuzz.mjs [cases] [seed]  (defaults: 20000 cases, a seed from the clock).
// Needs `npm run build` first. The seed is printed so that a failing run can be repeated.
import { spawnSync } from "node:child_process";

const cases = process.argv[2] ?? "20000";
const seed = process.argv[3] ?? String(Date.now() % 2 ** 31);
console.log(`fuzz: ${cases} cases, seed ${seed}`);
const r = spawnSync("npx", ["vitest", "run", "packages/cli/test/fuzz.test.ts"], { stdio: "inherit", env: { ...process.env, FUZZ_CASES: cases, FUZZ_SEED: seed } });
process.exit(r.status ?? 1);
