/**
 * Budget texts written carelessly or with hostile intent: every one gets a located problem,
 * never a silently different figure, never a stack overflow.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_STANDARD } from "../standard/registry.js";
import { formatProblem } from "../problems/messages.js";
import type { Problem } from "../problems/problems.js";
import { amountInWords } from "../format/amount-in-words.js";
import { Dec } from "../decimal/dec.js";
import { estimate } from "../engine/estimate.js";
import { loadBudget, parseBudgetText } from "./parse.js";
import { loadJsonBudget } from "./text.js";
import { validateBudget, MAX_DECIMAL } from "./format.js";
import { MAX_DEPTH, MAX_TOTAL } from "./limits.js";

function problems(r: { ok: true } | { ok: false; problems: Problem[] }): Problem[] {
  if (r.ok) throw new Error("expected problems");
  return r.problems;
}

describe("duplicate keys in JSON", () => {
  it("are refused with their path, like YAML's", () => {
    const text = '{"name":"x","services":[{"item":"7.2.b","personMonths":1,"personMonths":24000}]}';
    const [p, ...rest] = problems(loadJsonBudget(text, DEFAULT_STANDARD));
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ code: "duplicate_key", at: { kind: "field", path: ["services", 0, "personMonths"] }, params: { field: "personMonths" } });
    expect(formatProblem(p as Problem)).toBe("字段“personMonths”重复出现；每个字段只能写一次");
    expect(formatProblem(p as Problem, "en")).toBe('field "personMonths" appears more than once');
  });
  it("at the top level, with a colon inside a string elsewhere", () => {
    const text = '{"$schema":"https://x/y","name":"a:b","name":"c","services":[]}';
    expect(problems(loadBudget(text, DEFAULT_STANDARD, "b.json"))).toMatchObject([{ code: "duplicate_key", at: { path: ["name"] } }]);
  });
  it("a colon inside a string alone is no duplicate", () => {
    const r = loadJsonBudget('{"name":"时间 10:30","services":[{"item":"7.2.b","personMonths":1,"note":"a:b:c"}]}', DEFAULT_STANDARD);
    expect(r.ok).toBe(true);
  });
});

describe("JSON numbers are read from their text", () => {
  it("more digits than a double holds is too precise, not 25", () => {
    // 24.999999999999999 is the double 25: read as a double it would price 25 person-months.
    const text = '{"name":"x","services":[{"item":"7.2.b","personMonths":24.999999999999999}]}';
    const [p, ...rest] = problems(loadJsonBudget(text, DEFAULT_STANDARD));
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ code: "too_precise", at: { path: ["services", 0, "personMonths"] }, params: { value: "24.999999999999999", max: 2 } });
  });
  it("an amount beyond 15 digits, and a whole number that a double rounds", () => {
    const text = '{"name":"x","services":[{"item":"7.2.b","personMonths":1}],"nonLabor":{"business":[{"name":"b","amount":12345678901234567}]},"rates":[17000,23000,29000,36000,48000.0000000000001]}';
    const ps = problems(loadJsonBudget(text, DEFAULT_STANDARD));
    expect(ps).toContainEqual(expect.objectContaining({ code: "too_large", params: { value: "12345678901234567", max: MAX_DECIMAL.toString() } }));
    expect(ps).toContainEqual(expect.objectContaining({ code: "too_precise", at: { kind: "field", path: ["rates", 4] }, params: { value: "48000.0000000000001", max: 0 } }));
  });
  it("units written with too many digits are not an integer", () => {
    const text = '{"name":"x","services":[{"item":"7.2.b","personMonths":1,"units":3.0000000000000001}]}';
    expect(problems(loadJsonBudget(text, DEFAULT_STANDARD))).toMatchObject([{ code: "units_not_integer", params: { value: "3.0000000000000001" } }]);
  });
  it("plain numbers are read as before", () => {
    const r = loadJsonBudget('{"name":"x","services":[{"item":"7.2.b","personMonths":2.05,"units":3}],"nonLabor":{"business":[{"name":"b","amount":1234567890123.45}]}}', DEFAULT_STANDARD);
    expect(r.ok).toBe(false); // 1234567890123.45 > MAX_DECIMAL
    const ok = loadJsonBudget('{"name":"x","services":[{"item":"7.2.b","personMonths":2.05,"units":3}],"nonLabor":{"business":[{"name":"b","amount":123456789012.34}]}}', DEFAULT_STANDARD);
    if (!ok.ok) throw new Error(JSON.stringify(ok.problems));
    expect(ok.budget.services[0]?.personMonths.toString()).toBe("2.05");
    expect(ok.budget.nonLabor.business[0]?.amount.toString()).toBe("123456789012.34");
  });
  it("a huge number's problem quotes only a short prefix of it", () => {
    const digits = "9".repeat(100_000);
    const ps = problems(loadJsonBudget(`{"name":"x","services":[{"item":"7.2.b","personMonths":${digits}}]}`, DEFAULT_STANDARD));
    expect(ps).toHaveLength(1);
    expect(formatProblem(ps[0] as Problem).length).toBeLessThan(120);
    const s = problems(loadJsonBudget(`{"name":"x","services":[{"item":"7.2.b","personMonths":"${digits}"}]}`, DEFAULT_STANDARD));
    expect(formatProblem(s[0] as Problem).length).toBeLessThan(120);
  });
});

describe("very deep nesting", () => {
  for (const [label, text, name] of [
    ["JSON", `{"name":"x","services":[],"extra":${"[".repeat(100_000)}${"]".repeat(100_000)}}`, "b.json"],
    ["malformed JSON", `{"name":"x","services":${"[".repeat(100_000)}`, "b.json"],
    ["YAML", `name: x\nservices: []\nextra: ${"[".repeat(100_000)}${"]".repeat(100_000)}\n`, "b.yaml"],
  ] as const) {
    it(`says so (${label})`, () => {
      const ps = problems(parseBudgetText(text, name));
      expect(ps[0]?.code).toBe("too_deep");
      expect(formatProblem(ps[0] as Problem)).toBe(`嵌套层数过多（超过 ${MAX_DEPTH} 层）；预算文件只需几层`);
      expect(ps.map((p) => formatProblem(p)).join("\n")).not.toContain("Maximum call stack");
    });
  }
});

describe("YAML syntax errors in Chinese", () => {
  it("names what is wrong in Chinese, keeps the position", () => {
    const r = parseBudgetText("name: x\nservices:\n  - item: 7.2.b\n   personMonths: 1\n", "b.yaml");
    const p = problems(r)[0] as Problem;
    const zh = formatProblem(p);
    expect(zh).toMatch(/^文件格式错误（YAML），第 \d+ 行第 \d+ 列：[\u4e00-\u9fff]/);
    expect(zh).not.toMatch(/[A-Za-z]{6,}/);
  });
  it("a duplicate key, a tab as indentation, an unclosed flow sequence", () => {
    const dup = formatProblem(problems(parseBudgetText("name: a\nname: b\nservices: []\n", "b.yaml"))[0] as Problem);
    expect(dup).toContain("字段名重复");
    const tab = formatProblem(problems(parseBudgetText("name: a\nservices:\n\t- item: 7.2.b\n", "b.yaml"))[0] as Problem);
    expect(tab).toMatch(/制表符|缩进/);
    const open = formatProblem(problems(parseBudgetText("name: a\nservices: [\n", "b.yaml"))[0] as Problem);
    expect(open).toMatch(/[\u4e00-\u9fff]/);
    expect(open).not.toMatch(/[A-Za-z]{6,}/);
  });
});

describe("totals are bounded like amounts", () => {
  const max = MAX_DECIMAL.toFixed(2);
  it("the bound is what 大写 and a 15-digit spreadsheet hold", () => {
    expect(MAX_TOTAL.toFixed(2)).toBe("999999999999.99");
    expect(amountInWords(MAX_TOTAL)).toBe("人民币玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分");
  });
  it("a non-labor total over the bound is refused at nonLabor, with the limit", () => {
    // 999,999,999,999.99 + 0.01 = 1,000,000,000,000.00 > 999,999,999,999.99
    const ps = problems(validateBudget({ name: "x", services: [], nonLabor: { business: [{ name: "a", amount: max }, { name: "b", amount: "0.01" }] } }, DEFAULT_STANDARD));
    expect(ps).toEqual([expect.objectContaining({ code: "total_too_large", at: { kind: "field", path: ["nonLabor"] }, params: { total: "nonLabor", value: "1000000000000.00", max } })]);
    expect(formatProblem(ps[0] as Problem)).toBe(`非人力成本 T 合计 1000000000000.00 元超过上限 ${max} 元；请核对金额（单位为元）或拆分预算`);
  });
  it("labor over the bound is refused at services: 10¹⁶ yuan of lines", () => {
    // 20 lines × 999,999,999,999.99 person-months of 7.2.b at 28,500 yuan: about 5.7 × 10¹⁷ yuan.
    const services = Array.from({ length: 20 }, () => ({ item: "7.2.b", personMonths: max }));
    const ps = problems(validateBudget({ name: "x", services }, DEFAULT_STANDARD));
    expect(ps.map((p) => p.code)).toContain("total_too_large");
    expect(ps.find((p) => p.code === "total_too_large")?.at).toEqual({ kind: "field", path: ["services"] });
  });
  it("L under the bound, T under, C = L + T over: refused at the file", () => {
    // Rates of 1 yuan/person-month: P = 1 on every tier. Q = 600,000,000,000 → Σ P×Q = 600,000,000,000.00,
    // S5 0.90 → L = 540,000,000,000.00; T = 600,000,000,000.00; C = 1,140,000,000,000.00 > 999,999,999,999.99.
    const ps = problems(
      validateBudget({ name: "x", rates: [1, 1, 1, 1, 1], services: [{ item: "7.2.b", personMonths: "600000000000" }], nonLabor: { business: [{ name: "a", amount: "600000000000" }] } }, DEFAULT_STANDARD),
    );
    expect(ps).toEqual([expect.objectContaining({ code: "total_too_large", at: { kind: "field", path: [] }, params: { total: "total", value: "1140000000000.00", max } })]);
    expect(formatProblem(ps[0] as Problem)).toBe(`总成本 C 合计 1140000000000.00 元超过上限 ${max} 元；请核对金额（单位为元）或拆分预算`);
  });
  it("a budget at the bound estimates and writes 大写", () => {
    const v = validateBudget({ name: "x", services: [], nonLabor: { business: [{ name: "a", amount: max }] } }, DEFAULT_STANDARD);
    if (!v.ok) throw new Error(JSON.stringify(v.problems));
    const e = estimate(v.budget, DEFAULT_STANDARD);
    expect(e.grandTotal.toFixed(2)).toBe(max);
    expect(amountInWords(e.grandTotal)).toContain("玖仟玖佰玖拾玖亿");
  });
  it("external adds to the grand total: over the bound is refused at external", () => {
    const ps = problems(
      validateBudget({ name: "x", services: [], nonLabor: { business: [{ name: "a", amount: max }] }, external: [{ item: "6.1.a", name: "n", amount: "1", basis: "b" }] }, DEFAULT_STANDARD),
    );
    expect(ps).toEqual([expect.objectContaining({ code: "total_too_large", at: { kind: "field", path: ["external"] }, params: expect.objectContaining({ total: "grandTotal" }) })]);
  });
  it("Dec arithmetic of the bound stays exact", () => {
    expect(MAX_TOTAL.add(Dec.parse("0.01")).toFixed(2)).toBe("1000000000000.00");
  });
});
