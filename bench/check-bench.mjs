#!/usr/bin/env node
// Benchmark (not a test): `govcost check` on a batch of N submitted workbooks (default 1,000) of
// 50 lines each, in a department's own layout (title rows, ids, levels, price, workload, amount,
// 合计), against the time exceljs alone needs to read the same files one after the other.
// Reports: exceljs sequential read; the batch on one worker (--workers 1); on two (--workers 2); and, for
// what two cores can give on this machine, exceljs in two processes reading half the files each. Where
// `taskset` exists (util-linux), also the issue's own yardstick: exceljs as a process held to one core, and
// the one-worker batch held to the same core.
// Each is run GOVCOST_BENCH_RUNS times (default 3), in turn, so that a change in the machine's load
// falls on all alike; figures are medians (min–max).
// Run after `npm run build`:  node bench/check-bench.mjs [files] [lines]
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { DEFAULT_STANDARD, Dec, estimate } from "../packages/core/dist/index.js";
import { checkResultToJson, checkWorkbook } from "../packages/workbook/dist/index.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(root, "packages/cli/bin/govcost.js");
const FILES = Number(process.argv[2] ?? 1000);
const LINES = Number(process.argv[3] ?? 50);

const formula = DEFAULT_STANDARD.items.filter((i) => i.kind === "formula");

/** One workbook: its lines priced by the engine itself, so that it checks clean but for the odd typo. */
async function workbook(k) {
  const services = [];
  for (let i = 0; i < LINES; i++) {
    const item = formula[(k * 7 + i) % formula.length];
    services.push({ item: item.id, personMonths: Dec.fromInt((i % 6) + 1), units: item.collaborationRule === "variable" ? (i % 4) + 1 : null, collaboration: null, method: "coefficient", note: null });
  }
  const est = estimate({ name: `项目${k}`, rates: null, ratesName: null, services, nonLabor: { dataProducts: [], equipment: [], business: [] }, external: [] }, DEFAULT_STANDARD);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("测算表");
  ws.addRow([`某部门${k}号系统业务运营服务项目费用测算表`]);
  ws.addRow(["单位：元"]);
  ws.addRow(["序号", "服务内容编号", "服务内容", "技术难度", "业务难度", "协同难度", "涉及单位数", "运营难度系数", "档位", "人月单价（元）", "工作量（人月）", "金额（元）"]);
  // One file in ten has a typo of 100 元 in its fourth amount, carried into its sums as a SUM() would.
  const typo = k % 10 === 0 ? 100 : 0;
  est.lines.forEach((l, i) => {
    const amount = Number(l.amount.toFixed(2)) + (i === 3 ? typo : 0);
    ws.addRow([i + 1, l.item, l.name, l.technical, l.business, l.collaboration, l.units, Number(l.coefficient.toString()), l.tier.name, Number(l.unitPrice.toString()), Number(l.personMonths.toString()), amount]);
  });
  ws.addRow([null, "合计", null, null, null, null, null, null, null, null, Number(est.personMonths.toString()), Number(est.laborSubtotal.toFixed(2)) + typo]);
  ws.addRow([null, `规模系数（${est.scale.level}）`, null, null, null, null, null, Number(est.scale.coefficient.toString())]);
  ws.addRow([null, "人力成本", null, null, null, null, null, null, null, null, null, Number(est.laborSubtotal.add(Dec.fromInt(typo)).mul(est.scale.coefficient).roundHalfUp(2).toFixed(2))]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const dir = mkdtempSync(path.join(tmpdir(), "govcost-check-bench-"));
try {
  process.stderr.write(`generating ${FILES} workbooks of ${LINES} lines in ${dir} …\n`);
  for (let k = 0; k < FILES; k++) writeFileSync(path.join(dir, `${String(k).padStart(4, "0")}.xlsx`), await workbook(k));
  const files = readdirSync(dir).map((n) => path.join(dir, n));

  const readAll = async (list) => {
    const t = performance.now();
    for (const f of list) await new ExcelJS.Workbook().xlsx.load(readFileSync(f));
    return performance.now() - t;
  };

  // The same comparison in one process, interleaved file by file, so that a change in the machine's
  // load during the run falls on both sides alike.
  let aloneMs = 0;
  let checkMs = 0;
  for (const f of files) {
    let t1 = performance.now();
    await new ExcelJS.Workbook().xlsx.load(readFileSync(f));
    aloneMs += performance.now() - t1;
    t1 = performance.now();
    checkResultToJson(await checkWorkbook(readFileSync(f), { fileName: f }));
    checkMs += performance.now() - t1;
  }

  // One core: the process and every thread it starts (V8's compiler and collector included) on CPU 0.
  const taskset = (() => {
    try {
      execFileSync("taskset", ["-c", "0", "true"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  })();
  const batch = (workers, oneCore = false) => {
    const t0 = performance.now();
    let out = "";
    const argv = [process.execPath, bin, "check", dir, "--json", "--workers", String(workers)];
    const [cmd, ...args] = oneCore ? ["taskset", "-c", "0", ...argv] : argv;
    try {
      out = execFileSync(cmd, args, { maxBuffer: 1 << 30, stdio: ["ignore", "pipe", "ignore"] }).toString();
    } catch (e) {
      out = e.stdout.toString(); // exit 1: the odd typo is an error finding
    }
    const ms = performance.now() - t0;
    const rows = JSON.parse(out);
    return { ms, rows: rows.length, withErrors: rows.filter((r) => r.findings.some((f) => f.severity === "error")).length, unread: rows.filter((r) => r.error).length };
  };
  // exceljs in two processes at once, each reading half the files (what the second core adds here).
  const halves = [files.slice(0, files.length / 2), files.slice(files.length / 2)].map((list, k) => {
    const listFile = path.join(tmpdir(), `govcost-check-bench-half-${process.pid}-${k}.json`);
    writeFileSync(listFile, JSON.stringify(list));
    return listFile;
  });
  const reader = `import ExcelJS from "exceljs"; import { readFileSync } from "node:fs";
    for (const f of JSON.parse(readFileSync(process.argv[1], "utf8"))) await new ExcelJS.Workbook().xlsx.load(readFileSync(f));`;
  const allList = path.join(tmpdir(), `govcost-check-bench-all-${process.pid}.json`);
  writeFileSync(allList, JSON.stringify(files));
  const readers = async (lists, oneCore = false) => {
    const t0 = performance.now();
    await Promise.all(lists.map((h) => new Promise((resolve, reject) => {
      const argv = [process.execPath, "--input-type=module", "-e", reader, h];
      const [cmd, ...args] = oneCore ? ["taskset", "-c", "0", ...argv] : argv;
      const p = spawn(cmd, args, { cwd: root, stdio: "ignore" });
      p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`reader exited ${code}`))));
    })));
    return performance.now() - t0;
  };

  const RUNS = Number(process.env.GOVCOST_BENCH_RUNS ?? 3);
  const runs = { exceljs: [], process: [], pinned: [], one: [], onePinned: [], two: [], readers: [] };
  let one = null;
  let two = null;
  for (let r = 0; r < RUNS; r++) {
    runs.exceljs.push(await readAll(files));
    runs.process.push(await readers([allList]));
    if (taskset) runs.pinned.push(await readers([allList], true));
    one = batch(1);
    runs.one.push(one.ms);
    if (taskset) runs.onePinned.push(batch(1, true).ms);
    two = batch(2);
    runs.two.push(two.ms);
    runs.readers.push(await readers(halves));
  }
  for (const h of [...halves, allList]) rmSync(h, { force: true });
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
  const fig = (xs) => `${s(median(xs))} (${s(Math.min(...xs))}–${s(Math.max(...xs))})`;
  const exceljs = median(runs.exceljs);
  console.log(`${FILES} workbooks × ${LINES} lines, ${RUNS} runs, medians (min–max)`);
  console.log(`exceljs alone, sequential read:        ${fig(runs.exceljs)}`);
  console.log(`exceljs alone, as a process of its own: ${fig(runs.process)}  (start-up and first-use compilation included, as in a command)`);
  console.log(`govcost check, one worker:            ${fig(runs.one)}  (${(median(runs.one) / exceljs).toFixed(2)} × exceljs; ${(median(runs.one) / median(runs.process)).toFixed(2)} × its process; ${one.rows} rows, ${one.withErrors} with errors, ${one.unread} unread)`);
  console.log(`in one process, interleaved: exceljs ${s(aloneMs)}, checkWorkbook ${s(checkMs)} (${(checkMs / aloneMs).toFixed(2)} ×)`);
  console.log(`govcost check, two workers:           ${fig(runs.two)}  (${(median(runs.two) / exceljs).toFixed(2)} × exceljs; ${(median(runs.two) / median(runs.process)).toFixed(2)} × its process; ${two.rows} rows, ${two.withErrors} with errors, ${two.unread} unread)`);
  console.log(`exceljs in two processes, half each:  ${fig(runs.readers)}  (${(median(runs.readers) / median(runs.process)).toFixed(2)} × the time of one process reading all)`);
  if (taskset) {
    const pinned = median(runs.pinned);
    console.log(`on one core (taskset -c 0), the issue's yardstick:`);
    console.log(`  exceljs alone, as a process:         ${fig(runs.pinned)}`);
    console.log(`  govcost check, one worker:           ${fig(runs.onePinned)}  (${(median(runs.onePinned) / pinned).toFixed(2)} × exceljs on one core; target at most 1.5 ×)`);
    console.log(`  govcost check, two workers (2 cores): ${fig(runs.two)}  (${(median(runs.two) / pinned).toFixed(2)} × exceljs on one core; target below 1)`);
  } else console.log("taskset not found: the one-core figures are left out");
} finally {
  if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true });
}
