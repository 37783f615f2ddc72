/**
 * Golden scenarios: every expected figure is worked out by hand from the standard's tables, with
 * the arithmetic beside it.
 */
import { describe, expect, it } from "vitest";
import { Dec } from "../decimal/dec.js";
import { DEFAULT_STANDARD as std } from "../standard/registry.js";
import { estimateToJson } from "./estimate-json.js";
import { estimate, scaleFor } from "./estimate.js";
import { validateBudget } from "../budget/format.js";
import type { Standard } from "../standard/types.js";
import { tierFor } from "./pricing.js";
import { crossCheck } from "./catalog.js";
import { run } from "../test-support/budget.js";

describe("worked example 1: the `govcost init` budget (S1, both methods, units → F2)", () => {
  const e = run({
    name: "示例一",
    services: [
      { item: "7.2.b", personMonths: 24, units: 3 },
      { item: "7.1.b", personMonths: 6 },
      { item: "8.2.d", personMonths: "6.5", collaboration: "F3" },
      { item: "8.3.e", personMonths: 12, method: "quick" },
    ],
    nonLabor: {
      dataProducts: [{ name: "数据集", amount: 50000 }],
      equipment: [{ name: "工具租赁", amount: "36000.00" }],
      business: [{ name: "会议", amount: 8000 }],
    },
  });
  const j = estimateToJson(e);

  it("prices each line", () => {
    // 7.2.b 表4: T2 1.2 × B2 1.2 × F2 1.2 (3 units, 表A.3) = 1.728 ∈ (1.5, 2.6] → 第三档 28500; × 24 = 684000.00
    expect(j.lines[0]).toMatchObject({ item: "7.2.b", technical: "T2", business: "B2", collaboration: "F2", coefficient: "1.728", tier: 3, unitPrice: "28500.00", personMonths: "24", amount: "684000.00" });
    // Every figure grouped; 28,500 × 24 = 684,000.00.
    expect(j.lines[0]?.trace).toBe("T2 1.2 × B2 1.2 × F2 1.2 = 1.728 ∈ (1.5, 2.6] → 第三档 28,500 元/人月 (表A.1, 表A.2, 表A.3, 表B.1); 28,500 元/人月 × 24 人月 = 684,000.00 元");
    // 7.1.b 表3: T2 1.2 × B3 1.5 × F1 1.0 (不涉及) = 1.8 → 第三档 28500; × 6 = 171000.00
    expect(j.lines[1]).toMatchObject({ coefficient: "1.8", tier: 3, collaboration: "F1", amount: "171000.00" });
    // 8.2.d 表9: T3 1.5 × B4 2.0 × F3 1.5 = 4.5 ∈ (4.1, 6] → 第五档 46500; × 6.5 = 302250.00
    expect(j.lines[2]).toMatchObject({ coefficient: "4.5", tier: 5, unitPrice: "46500.00", personMonths: "6.5", amount: "302250.00" });
    // 8.3.e quick: 表B.2 row 54, 本部门 22500 (第二档); × 12 = 270000.00
    expect(j.lines[3]).toMatchObject({ method: "quick", tier: 2, unitPrice: "22500.00", amount: "270000.00" });
    expect(j.lines[3]?.trace).toContain("表B.2 第54行");
  });

  it("groups by staff level as formula (2) does", () => {
    // 第二档: 12 pm, 270000; 第三档: 24 + 6 = 30 pm, 684000 + 171000 = 855000; 第五档: 6.5 pm, 302250
    expect(j.levels.map((l) => [l.tier, l.personMonths, l.amount])).toEqual([
      [2, "12", "270000.00"],
      [3, "30", "855000.00"],
      [5, "6.5", "302250.00"],
    ]);
  });

  it("applies S, L, T and C", () => {
    // Σ pm = 24 + 6 + 6.5 + 12 = 48.5 → 48.5/12 = 4.04 人年 ≤ 5 → S1 1.00
    expect(j.personMonths).toBe("48.5");
    expect(j.personYears).toBe("4.04");
    expect(j.scale).toMatchObject({ level: "S1", coefficient: "1.00" });
    // Σ(P×Q) = 684000 + 171000 + 302250 + 270000 = 1427250.00; L = 1427250.00 × 1.00
    expect(j.laborSubtotal).toBe("1427250.00");
    expect(j.labor).toBe("1427250.00");
    // T = 50000 + 36000 + 8000 = 94000.00; C = 1427250 + 94000 = 1521250.00
    expect(j.nonLaborParts).toEqual({ dataProducts: "50000.00", equipment: "36000.00", business: "8000.00" });
    expect(j.nonLabor).toBe("94000.00");
    expect(j.total).toBe("1521250.00");
    expect(j.grandTotal).toBe("1521250.00");
    expect(j.warnings).toEqual([]);
  });
});

describe("worked example 2: S2 with F3 from units and a 不涉及 item", () => {
  const j = estimateToJson(
    run({
      name: "示例二",
      services: [
        { item: "9.4.f", personMonths: "30.25", units: 7 },
        { item: "10.a", personMonths: 40, collaboration: "F2" },
        { item: "6.2.a", personMonths: "10.33" },
      ],
      external: [{ item: "6.1.b", name: "政务外网效能监管", amount: "120000", basis: "运营商资费标准" }],
    }),
  );
  it("computes every figure", () => {
    // 9.4.f 表16: T4 2.0 × B3 1.5 × F3 1.5 (7 units ≥ 6) = 4.5 → 第五档 46500 × 30.25 = 1406625.00
    expect(j.lines[0]).toMatchObject({ collaboration: "F3", coefficient: "4.5", tier: 5, amount: "1406625.00" });
    // 10.a 表17: T2 1.2 × B4 2.0 × F2 1.2 = 2.88 ∈ (2.6, 4.1] → 第四档 35000 × 40 = 1400000.00
    expect(j.lines[1]).toMatchObject({ coefficient: "2.88", tier: 4, amount: "1400000.00" });
    // 6.2.a 表1: T1 1.0 × B1 1.0 × F1 1.0 = 1 → 第一档 16500 × 10.33 = 170445.00
    expect(j.lines[2]).toMatchObject({ coefficient: "1", tier: 1, amount: "170445.00" });
    expect(j.lines[2]?.trace).toContain("= 1 = 1 → 第一档");
    // Σ pm = 30.25 + 40 + 10.33 = 80.58 → 6.715 → 6.72 人年 ∈ (5, 10] → S2 0.98
    expect(j.personYears).toBe("6.72");
    expect(j.scale).toMatchObject({ level: "S2", coefficient: "0.98" });
    // Σ(P×Q) = 1406625 + 1400000 + 170445 = 2977070.00; × 0.98 = 2917528.60
    expect(j.laborSubtotal).toBe("2977070.00");
    expect(j.labor).toBe("2917528.60");
    expect(j.total).toBe("2917528.60");
    // external 6.1.b is never scaled: grandTotal = 2917528.60 + 120000.00 = 3037528.60
    expect(j.externalTotal).toBe("120000.00");
    expect(j.grandTotal).toBe("3037528.60");
  });
});

describe("worked example 3: a rate profile (B.1 注2), S3, and the one rounding of L", () => {
  const j = estimateToJson(
    run({
      name: "示例三",
      rates: [17001, 23003, "29007", 36011, 48013],
      ratesName: "某市 2024 年工资价位",
      services: [
        { item: "7.3.b", personMonths: "100.01" },
        { item: "8.1.a", personMonths: "20.98" },
        { item: "8.3.e", personMonths: 1, method: "quick" },
      ],
    }),
  );
  it("uses the profile's prices for both methods", () => {
    // 7.3.b 表5: T2 1.2 × B3 1.5 = 1.8 → 第三档 29007 × 100.01 = 2900700 + 290.07 = 2900990.07
    expect(j.lines[0]).toMatchObject({ unitPrice: "29007.00", amount: "2900990.07" });
    // 8.1.a 表8: T3 1.5 × B3 1.5 = 2.25 → 第三档 29007 × 20.98 = 580140 + 28426.86 = 608566.86
    expect(j.lines[1]).toMatchObject({ coefficient: "2.25", amount: "608566.86" });
    // 8.3.e quick: 表B.2 22500 = 第二档 → profile 23003 × 1 = 23003.00
    expect(j.lines[2]).toMatchObject({ tier: 2, unitPrice: "23003.00", amount: "23003.00" });
    expect(j.rateProfile).toMatchObject({ custom: true, name: "某市 2024 年工资价位" });
    // 121.99 pm is past the 120 pm (10 人年) threshold but within 120 × 0.98 / 0.96 = 122.5: scale_cliff
    expect(j.warnings.map((w) => w.code)).toEqual(["rate_profile", "quick_under_rate_profile", "scale_cliff"]);
  });
  it("rounds L once, half-up to the fen", () => {
    // Σ pm = 100.01 + 20.98 + 1 = 121.99 > 120 → S3 0.96
    expect(j.scale.level).toBe("S3");
    // Σ(P×Q) = 2900990.07 + 608566.86 + 23003 = 3532559.93
    // × 0.96 = 3532559.93 − 141302.3972 = 3391257.5328 → 3391257.53
    expect(j.laborSubtotal).toBe("3532559.93");
    expect(j.labor).toBe("3391257.53");
  });
  it("rounds a tie up, not to even", () => {
    // 7.1.e 表3: T1 × B1 = 1 → 第一档 17001; 17001 × 70 = 1190070; 17001 × 0.25 = 4250.25 (6.2.a)
    // Σ = 1194320.25, Σ pm 70.25 → S2 0.98: 1194320.25 × 0.98 = 1170433.845 → half-up 1170433.85
    const k = estimateToJson(
      run({ name: "舍入", rates: [17001, 23003, 29007, 36011, 48013], services: [{ item: "7.1.e", personMonths: 70 }, { item: "6.2.a", personMonths: "0.25" }] }),
    );
    expect(k.laborSubtotal).toBe("1194320.25");
    expect(k.labor).toBe("1170433.85");
  });
});

describe("表B.1 tier boundaries", () => {
  const tier = (s: string) => tierFor(std, Dec.parse(s)).tier;
  it("tier 1 is exactly 1; the others are half-open (a, b]", () => {
    expect(tier("1")).toBe(1);
    expect(tier("1.0001")).toBe(2);
    expect(tier("1.5")).toBe(2);
    expect(tier("1.5001")).toBe(3);
    expect(tier("2.6")).toBe(3);
    expect(tier("2.6001")).toBe(4);
    expect(tier("4.1")).toBe(4);
    expect(tier("4.1001")).toBe(5);
    expect(tier("6")).toBe(5);
    expect(() => tier("0.99")).toThrow();
    expect(() => tier("6.01")).toThrow();
  });
  it("every product the tables allow lands in a tier", () => {
    // T3 1.5 × B1 1.0 = 1.5 exactly: 6.2.b → 第二档 (upper bound inclusive)
    expect(run({ name: "b", services: [{ item: "6.2.b", personMonths: 1 }] }).lines[0]?.tier.tier).toBe(2);
    // T4 2.0 × B3 1.5 × F3 1.5 = 4.5 → 第五档; T2 1.2 × B4 2.0 × F3 1.5 = 3.6 → 第四档
    expect(run({ name: "b", services: [{ item: "9.4.f", personMonths: 1, collaboration: "F3" }] }).lines[0]?.tier.tier).toBe(5);
    expect(run({ name: "b", services: [{ item: "10.a", personMonths: 1, units: 6 }] }).lines[0]?.tier.tier).toBe(4);
  });
});

describe("表A.4 scale thresholds (inclusive at 5, 10, 30, 50 person-years)", () => {
  const level = (pm: string) => scaleFor(std, Dec.parse(pm)).level;
  it.each([
    ["0", "S1"],
    ["60", "S1"],
    ["60.01", "S2"],
    ["60.5", "S2"],
    ["120", "S2"],
    ["120.01", "S3"],
    ["360", "S3"],
    ["360.01", "S4"],
    ["600", "S4"],
    ["600.01", "S5"],
  ])("%s person-months → %s", (pm, s) => {
    expect(level(pm)).toBe(s);
  });
  it("60 and 60.5 person-months through the whole estimate", () => {
    // 60 pm of 7.2.d (T2 × B1 = 1.2 → 22500): 1350000 × 1.00
    expect(estimateToJson(run({ name: "s", services: [{ item: "7.2.d", personMonths: 60 }] })).labor).toBe("1350000.00");
    // 60.5 pm: 22500 × 60.5 = 1361250 × 0.98 = 1334025.00
    expect(estimateToJson(run({ name: "s", services: [{ item: "7.2.d", personMonths: "60.5" }] })).labor).toBe("1334025.00");
  });
});

describe("warnings", () => {
  it("units above 1 on a 不涉及 item: F1 and a warning", () => {
    const e = run({ name: "w", services: [{ item: "7.2.c", personMonths: 1, units: 4 }] });
    expect(e.lines[0]?.collaboration).toBe("F1");
    // 7.2.c 表4: T2 1.2 × B3 1.5 × F1 = 1.8 → 28500
    expect(e.lines[0]?.unitPrice.toString()).toBe("28500");
    expect(e.warnings.map((w) => [w.code, w.item])).toEqual([["units_on_none_item", "7.2.c"]]);
  });
  it("a variable item with no collaboration: F1 assumed, with a warning", () => {
    const e = run({ name: "w", services: [{ item: "8.2.a", personMonths: 1 }] });
    expect(e.lines[0]?.collaborationBasis).toBe("default");
    expect(e.warnings.map((w) => w.code)).toEqual(["collaboration_defaulted"]);
  });
  it("hotline lines carry the 8.5.2 eligibility note, external double counting is flagged", () => {
    const e = run({
      name: "w",
      services: [{ item: "8.5.a", personMonths: 1 }, { item: "8.5.b", personMonths: 1 }],
      external: [{ item: "8.5.a", name: "热线接入", amount: 1000, basis: "原有度量方法" }],
    });
    expect(e.warnings.map((w) => w.code)).toEqual(["hotline_eligibility", "external_and_line"]);
  });
});

describe("method cross-check, computed over every item and level", () => {
  it("finds exactly where Table B.2 departs from the coefficient method", () => {
    const found = crossCheck(std).map((d) => `${d.item} ${d.level} ${d.kind}`);
    // 8.4.a and 8.4.c are 不涉及 in 表11 yet B.2 prints 28500 for F2/F3;
    // 9.2.a is 根据实际情况确定 in 表14 yet B.2 prints "/" for F2/F3.
    expect(found).toEqual([
      "8.4.a F2 quick-price-for-not-applicable",
      "8.4.a F3 quick-price-for-not-applicable",
      "8.4.c F2 quick-price-for-not-applicable",
      "8.4.c F3 quick-price-for-not-applicable",
      "9.2.a F2 quick-missing",
      "9.2.a F3 quick-missing",
    ]);
  });
  it("reports each line's other-method price", () => {
    // 7.2.b at F2: method 1 gives 28500 (1.728 → 第三档) and 表B.2 row 20 跨2到5个部门 also 28500.
    const e = run({ name: "x", services: [{ item: "7.2.b", personMonths: 1, units: 2 }] });
    expect(e.lines[0]?.alternativePrice?.toString()).toBe("28500");
  });
  it("warns on a line whose two methods disagree (a revised Table B.2)", () => {
    // A standard whose B.2 row for 7.2.d (T2 × B1 = 1.2 → 第二档 22500) printed 28500 instead.
    const revised: Standard = {
      ...std,
      quick: std.quick.map((q) => (q.item === "7.2.d" ? { ...q, prices: [Dec.parse("28500"), null, null] } : q)),
    };
    const v = validateBudget({ name: "x", services: [{ item: "7.2.d", personMonths: 2 }, { item: "7.2.d", personMonths: 2, method: "quick" }] }, revised);
    if (!v.ok) throw new Error("invalid");
    const e = estimate(v.budget, revised);
    // coefficient line: 22500 × 2 = 45000; quick line: 28500 × 2 = 57000
    expect(e.lines.map((l) => l.amount.toFixed(2))).toEqual(["45000.00", "57000.00"]);
    expect(e.warnings.map((w) => (w.code === "methods_disagree" ? [w.code, w.params.coefficientPrice, w.params.quickPrice, w.params.used] : [w.code]))).toEqual([
      ["methods_disagree", "22500", "28500", "coefficient"],
      ["methods_disagree", "22500", "28500", "quick"],
    ]);
    expect(crossCheck(revised).filter((d) => d.kind === "price").map((d) => `${d.item} ${d.level}`)).toEqual(["7.2.d F1"]);
  });
});
