/**
 * A bounded fuzz test: mutations of valid budget files and workbooks, run through the CLI's own
 * entry (in process) and the workbook reader. Every case ends with exit 0 or 2, never a stack
 * trace or an internal error, and every accepted budget's figures agree with a recomputation
 * from its lines in plain Dec arithmetic. FUZZ_SEED and FUZZ_CASES choose the run (CI: the fixed
 * seed below, 300 cases); `node scripts/fuzz.mjs` runs a longer one.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_STANDARD, Dec, estimate, validateBudget } from "@govcost/core";
import { readEstimateWorkbook, writeEstimateWorkbook } from "@govcost/workbook";
import { run, type Io } from "../src/main.js";

const SEED = Number(process.env.FUZZ_SEED ?? 20241130);
const CASES = Number(process.env.FUZZ_CASES ?? 300);
const WORKBOOK_CASES = Math.max(10, Math.round(CASES / 10));

/** mulberry32: a small seeded generator, so that a failing case can be run again. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const formulaItems = DEFAULT_STANDARD.items.filter((i) => i.kind === "formula").map((i) => i.id);
const NUMBERS = ["24", "6.5", "0", "0.01", "0.005", "-1", "1e5", "999999999999.99", "1000000000000", "24.999999999999999", "1.10", " 3 ", "三", "", "NaN", "0x10", "+2", "00012.50"];
const RAW_NUMBERS = ["24.999999999999999", "1e400", "-0", "2.05", "12345678901234567890", "0.1", "3.0000000000000001", "1E2"];

function base(r: () => number): Record<string, unknown> {
  const n = 1 + Math.floor(r() * 6);
  const services = Array.from({ length: n }, () => {
    const item = formulaItems[Math.floor(r() * formulaItems.length)] as string;
    const line: Record<string, unknown> = { item, personMonths: `${Math.floor(r() * 200)}.${Math.floor(r() * 100)}` };
    if (r() < 0.3) line.units = 1 + Math.floor(r() * 9);
    if (r() < 0.2) line.method = "quick";
    if (r() < 0.2) line.note = "备注";
    return line;
  });
  return { name: "模糊测试", services, nonLabor: { business: [{ name: "会议", amount: `${Math.floor(r() * 100000)}.${Math.floor(r() * 100)}` }] } };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

/** One mutated budget text. */
function mutate(r: () => number): { text: string; name: string } {
  const doc = base(r);
  const services = doc.services as Record<string, unknown>[];
  const line = pick(r, services);
  const kind = Math.floor(r() * 12);
  let raw: string | undefined;
  switch (kind) {
    case 0: line.personMonths = pick(r, NUMBERS); break;
    case 1: line.personMonths = Number(pick(r, ["24", "6.5", "-3", "0.001", "1e21"])); break;
    case 2: line.item = pick(r, ["7.2.B", "6.1.a", "7.9.z", "", 7.2, null, "10.a", "8.5.a"]); break;
    case 3: line.units = pick(r, [0, 1.5, -1, "3", 1_000_001, 6, null]); break;
    case 4: line.collaboration = pick(r, ["F1", "F2", "F3", "F4", "f2", 2]); break;
    case 5: line.method = pick(r, ["quick", "coefficient", "fast", ""]); break;
    case 6: (doc.nonLabor as { business: Record<string, unknown>[] }).business[0] = { name: pick(r, ["", "会议", "x".repeat(300)]), amount: pick(r, NUMBERS) }; break;
    case 7: doc.rates = pick(r, [[17000, 23000, 29000, 36000, 48000], [1, 1, 1, 1, 1], [0, 1, 2, 3, 4], [1, 2, 3], ["17000", "2.5", 3, 4, 5]]); break;
    case 8: delete (line as Record<string, unknown>)[pick(r, ["item", "personMonths"])]; break;
    case 9: raw = pick(r, RAW_NUMBERS); break;
    case 10: doc.external = [{ item: pick(r, ["6.1.a", "8.5.b", "7.2.b"]), name: "外", amount: pick(r, NUMBERS), basis: pick(r, ["依据", ""]) }]; break;
    default: (line as Record<string, unknown>)[pick(r, ["extra", "Item", "personmonths"])] = 1;
  }
  let text = JSON.stringify(doc);
  if (raw !== undefined) text = text.replace(/"personMonths":"[^"]*"/, `"personMonths":${raw}`);
  const textual = r();
  if (textual < 0.1) {
    const at = Math.floor(r() * text.length);
    text = text.slice(0, at) + text.slice(at + 1);
  } else if (textual < 0.15) {
    text = text.replace('"name"', '"name":"重复","name"');
  } else if (textual < 0.2) {
    text = text.slice(0, Math.floor(r() * text.length));
  }
  if (r() < 0.3) {
    // The same budget as YAML (flow style: JSON is YAML), when it still parses as JSON.
    return { text, name: "b.yaml" };
  }
  return { text, name: "b.json" };
}

/** L, T and C of a budget, recomputed from its lines: P by the estimate's own tier, Σ P×Q, × S, rounded half-up to the fen. */
function recompute(doc: Record<string, unknown>, out: Record<string, unknown>): void {
  const lines = out.lines as { unitPrice: string; personMonths: string; amount: string }[];
  let sum = Dec.parse("0");
  let pm = Dec.parse("0");
  for (const l of lines) {
    const amount = Dec.parse(l.unitPrice).mul(Dec.parse(l.personMonths));
    expect(amount.toFixed(2)).toBe(Dec.parse(l.amount).toFixed(2));
    sum = sum.add(amount);
    pm = pm.add(Dec.parse(l.personMonths));
  }
  // 表A.4: thresholds at 60/120/360/600 person-months, inclusive.
  const s = pm.lte(Dec.parse("60")) ? "1.00" : pm.lte(Dec.parse("120")) ? "0.98" : pm.lte(Dec.parse("360")) ? "0.96" : pm.lte(Dec.parse("600")) ? "0.93" : "0.90";
  const L = sum.mul(Dec.parse(s)).roundHalfUp(2);
  const nl = doc.nonLabor as { business?: { amount: unknown }[] } | undefined;
  let T = Dec.parse("0");
  for (const x of nl?.business ?? []) T = T.add(Dec.parse(String(x.amount).trim()));
  let ext = Dec.parse("0");
  for (const x of (doc.external as { amount: unknown }[] | undefined) ?? []) ext = ext.add(Dec.parse(String(x.amount).trim()));
  expect(out.labor).toBe(L.toFixed(2));
  expect(out.nonLabor).toBe(T.toFixed(2));
  expect(out.total).toBe(L.add(T).toFixed(2));
  expect(out.grandTotal).toBe(L.add(T).add(ext).toFixed(2));
}

let dir = "";
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "govcost-fuzz-"));
});

function capture(): Io & { outText: string; errText: string } {
  const io = { outText: "", errText: "", out: (t: string) => void (io.outText += t), err: (t: string) => void (io.errText += t) };
  return io;
}

describe(`fuzz (seed ${SEED})`, () => {
  it(`${CASES} mutated budget files: exit 0 or 2, no stack trace, figures that recompute`, async () => {
    const r = rng(SEED);
    const codes = { 0: 0, 2: 0 } as Record<number, number>;
    for (let i = 0; i < CASES; i++) {
      const { text, name } = mutate(r);
      const f = path.join(dir, `${i}-${name}`);
      writeFileSync(f, text);
      const io = capture();
      const code = await run(["estimate", f, "--json"], io);
      const context = `case ${i} (seed ${SEED}): ${text.slice(0, 300)}\n${io.errText.slice(0, 500)}`;
      expect([0, 2], context).toContain(code);
      expect(io.errText, context).not.toMatch(/内部错误|\n\s+at |Maximum call stack/);
      codes[code] = (codes[code] ?? 0) + 1;
      if (code === 0) {
        const v = validateBudget(JSON.parse(text), DEFAULT_STANDARD);
        expect(v.ok, context).toBe(true);
        if (v.ok) recompute(JSON.parse(text) as Record<string, unknown>, JSON.parse(io.outText) as Record<string, unknown>);
      }
    }
    // Both outcomes occur: the mutations reach the validator's refusals and its acceptances.
    expect(codes[0]).toBeGreaterThan(CASES / 10);
    expect(codes[2]).toBeGreaterThan(CASES / 10);
  }, 120_000);

  it(`${WORKBOOK_CASES} mutated workbooks: problems or a budget that recomputes, never a throw`, async () => {
    const r = rng(SEED + 1);
    const v = validateBudget({ name: "模糊", services: [{ item: "7.2.b", personMonths: "24", units: 3 }, { item: "9.1.a", personMonths: "6.5" }], nonLabor: { business: [{ name: "会议", amount: "800.05" }] } }, DEFAULT_STANDARD);
    if (!v.ok) throw new Error("base budget invalid");
    const good = await writeEstimateWorkbook(v.budget, estimate(v.budget, DEFAULT_STANDARD), { now: new Date("2026-03-01T00:00:00Z") });
    let accepted = 0;
    for (let i = 0; i < WORKBOOK_CASES; i++) {
      const buf = Buffer.from(good);
      // Flip a few bytes: most land in deflated data (refused as damaged), some in headers and the directory.
      const flips = 1 + Math.floor(r() * 4);
      for (let k = 0; k < flips; k++) buf[Math.floor(r() * buf.length)] = Math.floor(r() * 256);
      const res = await readEstimateWorkbook(r() < 0.2 ? good : buf, { fileName: "f.xlsx" });
      if (res.ok) {
        accepted++;
        const e = estimate(res.budget, DEFAULT_STANDARD);
        // Same budget, same figures: 7.2.b F2 → 第三档 28500 × 24 = 684000.00; 9.1.a → its tier × 6.5; T = 800.05.
        expect(e.nonLabor.toFixed(2)).toBe("800.05");
        const sum = e.lines.reduce((a, l) => a.add(l.unitPrice.mul(l.personMonths)), Dec.parse("0"));
        expect(e.labor.toFixed(2)).toBe(sum.mul(e.scale.coefficient).roundHalfUp(2).toFixed(2));
        expect(e.total.toFixed(2)).toBe(e.labor.add(e.nonLabor).toFixed(2));
      } else {
        expect(res.problems.length).toBeGreaterThan(0);
        for (const p of res.problems) expect(p.message).toMatch(/[\u4e00-\u9fff]/);
      }
    }
    expect(accepted).toBeGreaterThan(0);
  }, 120_000);
});
