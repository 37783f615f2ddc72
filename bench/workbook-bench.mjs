// Benchmark of the estimate workbook (测算表): a 5,000-line budget exported and re-imported by
// govcost, against the xlsx library alone (exceljs) writing and reading the same cells (same
// values and formulas, no styles, no checks). Target: govcost within 2× of the library alone.
//
// Run after building: npx tsc -b packages/workbook && node bench/workbook-bench.mjs [lines] [runs]
import ExcelJS from "exceljs";
import { DEFAULT_STANDARD, estimate, validateBudget } from "@govcost/core";
import { readEstimateWorkbook, writeEstimateWorkbook } from "@govcost/workbook";

const LINES = Number(process.argv[2] ?? 5000);
const RUNS = Number(process.argv[3] ?? 5);

function makeBudget(lines) {
  const items = DEFAULT_STANDARD.items.filter((i) => i.kind === "formula");
  const quick = new Map(DEFAULT_STANDARD.quick.map((q) => [q.item, q]));
  const services = [];
  for (let i = 0; i < lines; i++) {
    const item = items[(i * 7) % items.length];
    const line = { item: item.id, personMonths: `${1 + (i % 23)}.${String((i * 37) % 100).padStart(2, "0")}`, method: "coefficient" };
    if (item.collaborationRule === "variable") line.units = 1 + (i % 9);
    if (i % 5 === 0 && quick.get(item.id)?.prices[0] && line.units === undefined) line.method = "quick";
    if (i % 3 === 0) line.note = `第 ${i + 1} 行备注：按年度工作计划测算`;
    services.push(line);
  }
  const v = validateBudget(
    {
      name: "基准测试项目",
      rates: [17000, 23000, 29000, 36000, 48000],
      ratesName: "基准测试费率",
      services,
      nonLabor: {
        dataProducts: [{ name: "数据集", amount: "20000.00" }],
        equipment: Array.from({ length: 50 }, (_, i) => ({ name: `设备 ${i + 1}`, amount: `${1000 + i}.50` })),
        business: [{ name: "差旅", amount: "3000.00", note: "全年" }],
      },
      external: [{ item: "6.1.a", name: "政务外网", amount: "50000.00", basis: "按运营商标准" }],
    },
    DEFAULT_STANDARD,
  );
  if (!v.ok) throw new Error(JSON.stringify(v.problems.slice(0, 3)));
  return v.budget;
}

async function time(fn) {
  const t0 = process.hrtime.bigint();
  const out = await fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, out };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The same cells as govcost's workbook: every value and formula (with its cached result), nothing else. */
async function plainCopy(buf) {
  const src = new ExcelJS.Workbook();
  await src.xlsx.load(buf);
  const sheets = [];
  src.eachSheet((ws) => {
    const cells = [];
    ws.eachRow((row, r) => row.eachCell((cell, c) => cells.push([r, c, cell.value])));
    sheets.push({ name: ws.name, cells });
  });
  return sheets;
}

async function libraryWrite(sheets) {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const [r, c, v] of s.cells) ws.getRow(r).getCell(c).value = v;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function libraryRead(buf) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf);
  let n = 0;
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell(() => n++)));
  return n;
}

const budget = makeBudget(LINES);
const est = estimate(budget, DEFAULT_STANDARD);
const exportMs = [];
const importMs = [];
const libWriteMs = [];
const libReadMs = [];
let size = 0;
let libSize = 0;
let cells = 0;
// One warm-up round (JIT, module loading) that is not counted.
for (let run = -1; run < RUNS; run++) {
  const counted = run >= 0;
  const w = await time(() => writeEstimateWorkbook(budget, est, { now: new Date("2026-01-01T00:00:00Z") }));
  if (counted) exportMs.push(w.ms);
  size = w.out.length;
  const r = await time(() => readEstimateWorkbook(w.out, { fileName: "bench.xlsx" }));
  if (!r.out.ok) throw new Error(JSON.stringify(r.out.problems.slice(0, 3)));
  if (r.out.budget.services.length !== LINES) throw new Error("lines lost in the round trip");
  if (counted) importMs.push(r.ms);

  const sheets = await plainCopy(w.out);
  const lw = await time(() => libraryWrite(sheets));
  if (counted) libWriteMs.push(lw.ms);
  libSize = lw.out.length;
  const lr = await time(() => libraryRead(lw.out));
  if (counted) libReadMs.push(lr.ms);
  cells = lr.out;
}

const e = median(exportMs);
const i = median(importMs);
const le = median(libWriteMs);
const li = median(libReadMs);
const f = (x) => `${x.toFixed(0)} ms`;
console.log(`测算表基准：${LINES} 行服务内容，${cells} 个单元格，${RUNS} 次取中位数（Node ${process.version}）`);
console.log(`  govcost 导出 writeEstimateWorkbook   ${f(e)}  (${(size / 1024).toFixed(0)} KB)`);
console.log(`  exceljs 单独写同样的单元格           ${f(le)}  (${(libSize / 1024).toFixed(0)} KB)  比值 ${(e / le).toFixed(2)}×`);
console.log(`  govcost 导入 readEstimateWorkbook    ${f(i)}`);
console.log(`  exceljs 单独读同样的单元格           ${f(li)}  比值 ${(i / li).toFixed(2)}×`);
console.log(`  合计 govcost ${f(e + i)} / exceljs ${f(le + li)} = ${((e + i) / (le + li)).toFixed(2)}×（目标 ≤ 2×）`);
