/** Shared by the workbook reader's tests: budgets, an export, edits, and a zip writer for hostile files. */
import { expect } from "vitest";
import { deflateRawSync } from "node:zlib";
import ExcelJS from "exceljs";
import { DEFAULT_STANDARD, describeDetail, estimate, formatProblem, validateBudget, type Budget } from "@govcost/core";
import { writeEstimateWorkbook } from "../src/write.js";
import type { ReadResult, WorkbookProblem } from "../src/read.js";
import { SHEET } from "../src/layout.js";
import { inspectZip, sheetPartNames } from "../src/zip-guard.js";

export function budgetOf(doc: unknown): Budget {
  const v = validateBudget(doc, DEFAULT_STANDARD);
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.budget;
}

export async function exportDoc(doc: unknown): Promise<Buffer> {
  const b = budgetOf(doc);
  return writeEstimateWorkbook(b, estimate(b, DEFAULT_STANDARD), { now: new Date("2026-03-01T00:00:00Z") });
}

export async function edit(buf: Buffer, change: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  change(wb);
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

export const labor = (wb: ExcelJS.Workbook) => wb.getWorksheet(SHEET.labor) as ExcelJS.Worksheet;

export function rowOf(wb: ExcelJS.Workbook, item: string): number {
  const ws = labor(wb);
  for (let r = 3; r <= ws.rowCount; r++) if (ws.getCell(`D${r}`).value === item) return r;
  throw new Error(item);
}

export function problemsOf(r: ReadResult): WorkbookProblem[] {
  if (r.ok) throw new Error("expected problems");
  return r.problems;
}

export const DOC_A = {
  name: "某市政务数据运营服务项目",
  rates: [17000, 23000, 29000, 36000, 48000],
  ratesName: "2025年某市费率方案",
  services: [
    { item: "7.2.b", personMonths: "24", units: 3, method: "coefficient" },
    { item: "9.1.a", personMonths: "36.5", method: "coefficient", note: "安全策略\n第二行" },
    { item: "7.2.d", personMonths: "12", method: "quick" },
    { item: "8.2.d", personMonths: "10", collaboration: "F3", method: "coefficient" },
    // Interleaved service types: the sheet groups them, the document keeps the budget's order.
    { item: "7.2.c", personMonths: "0.5", method: "coefficient" },
  ],
  nonLabor: {
    dataProducts: [{ name: "地址数据集", amount: "20000" }],
    equipment: [{ name: "服务器租赁", amount: "12000.50", note: "一年" }],
    business: [{ name: "差旅", amount: "3000" }, { name: "会议", amount: "800.05", note: "评审会" }],
  },
  external: [{ item: "6.1.a", name: "政务外网业务咨询", amount: "50000.00", basis: "按网络运营服务商预算标准（6.1.2）" }],
};

/** Collaboration in every form: default (F1 assumed), units only, stated with units, stated alone, none with units. */
export const DOC_B = {
  name: "协同难度各种写法",
  services: [
    { item: "9.4.b", personMonths: "8.25", method: "coefficient" },
    { item: "8.1.b", personMonths: "6", units: 4, method: "coefficient" },
    { item: "9.4.c", personMonths: "3", units: 7, collaboration: "F3", method: "coefficient" },
    { item: "10.a", personMonths: "2", collaboration: "F2", method: "coefficient" },
    { item: "6.2.a", personMonths: "12", units: 3, method: "coefficient" },
    { item: "6.2.b", personMonths: "1", collaboration: "F1", method: "quick" },
  ],
};


export function expectProblem(problems: WorkbookProblem[], sheet: string, cell: string, code: string): WorkbookProblem {
  const p = problems.find((x) => x.sheet === sheet && x.cell === cell && x.code === code);
  expect(p, `${sheet}!${cell} ${code} in ${JSON.stringify(problems)}`).toBeDefined();
  expect(describeDetail(p as WorkbookProblem).startsWith(`${sheet}!${cell}`)).toBe(true);
  expect((p as WorkbookProblem).message).toMatch(/[\u4e00-\u9fff]/);
  return p as WorkbookProblem;
}

/** A minimal zip writer for hostile files: entries deflated, sizes as declared (or lied about). */
export function makeZip(entries: { name: string; data: Buffer; declared?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const comp = deflateRawSync(e.data);
    const name = Buffer.from(e.name, "utf8");
    const size = e.declared ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(comp.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(comp.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, comp);
    centrals.push(central, name);
    offset += 30 + name.length + comp.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

export const XLSX_SKELETON = [
  { name: "[Content_Types].xml", data: Buffer.from("<Types/>") },
  { name: "xl/workbook.xml", data: Buffer.from("<workbook/>") },
];

/** Every part of a workbook, with `change` applied to the XML of the sheet named `sheet`, zipped again. */
export function rezip(buf: Buffer, sheet: string, change: (xml: string) => string): Buffer {
  const z = inspectZip(buf, { maxUncompressedBytes: 1e9, maxRatio: 1e9, maxEntries: 1e4 }, () => true);
  if (!z.ok) throw new Error(formatProblem(z.problem));
  const parts = sheetPartNames((z.files.get("xl/workbook.xml") as Buffer).toString(), (z.files.get("xl/_rels/workbook.xml.rels") as Buffer).toString());
  const part = [...parts].find(([, name]) => name === sheet)?.[0];
  if (!part) throw new Error(sheet);
  const entries = [...z.files].map(([name, data]) => ({ name, data: name === part ? Buffer.from(change(data.toString("utf8")), "utf8") : data }));
  return makeZip(entries);
}
