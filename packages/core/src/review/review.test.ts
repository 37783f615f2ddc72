/**
 * Reviews: worked examples with the arithmetic beside each figure, the review file's problems,
 * and the laws of the reduction table on random budgets and reviews.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DEFAULT_STANDARD as std } from "../standard/registry.js";
import { budgetOf, reviewOf } from "../test-support/budget.js";
import { formatPath, problemPath } from "../problems/problems.js";
import { formatProblem } from "../problems/messages.js";
import type { FormulaItem } from "../standard/types.js";
import { EMPTY_REVIEW, reviewJsonSchema, validateReview } from "./format.js";
import { reviewBudget } from "./reduction.js";
import { reviewToJson } from "./json.js";
import { findingsOf, formatFinding } from "./findings.js";
import { estimate } from "../engine/estimate.js";
import { REASONS, REASON_CODES } from "./reasons.js";
import { Ajv2020 } from "ajv/dist/2020.js";


describe("worked example: a workload cut moves S from S2 up to S1", () => {
  const budget = budgetOf({
    name: "审核示例一",
    services: [
      { item: "7.2.b", personMonths: 36, units: 3 }, // T2 1.2 × B2 1.2 × F2 1.2 = 1.728 → 第三档 28500; × 36 = 1026000.00
      { item: "7.1.b", personMonths: 30 }, //           T2 1.2 × B3 1.5 × F1 1.0 = 1.8 → 第三档 28500; × 30 = 855000.00
    ],
    nonLabor: {
      dataProducts: [{ name: "数据集", amount: 50000, note: "采购合同报价" }],
      equipment: [{ name: "工具租赁", amount: 36000 }],
    },
  });
  const review = reviewOf(
    {
      reviewer: "王审核",
      opinion: "核减工作量依据不足部分。",
      lines: [{ line: 1, personMonths: 30, reason: "workload-unsupported", note: "服务级别协议只支持 30 人月" }],
      nonLabor: { equipment: [{ index: 0, remove: true, reason: ["non-labor-unsupported"] }] },
    },
    budget,
  );
  const r = reviewBudget(budget, review, std);
  const j = reviewToJson(r);

  it("prices the submitted budget at S2 and the approved one at S1", () => {
    // Submitted: Σ Q = 36 + 30 = 66 人月 > 60 → S2 0.98; Σ(P×Q) = 1026000 + 855000 = 1881000.00;
    // L = 1881000.00 × 0.98 = 1843380.00; T = 50000 + 36000 = 86000.00; C = 1929380.00.
    expect(j.submitted.scale.level).toBe("S2");
    expect(j.submitted.labor).toBe("1843380.00");
    expect(j.submitted.total).toBe("1929380.00");
    // Approved: line 1 at 30 人月: 28500 × 30 = 855000.00; Σ Q = 60 人月 → S1 1.00 (upper bound inclusive);
    // L = (855000 + 855000) × 1.00 = 1710000.00; T = 50000.00; C = 1760000.00.
    expect(j.approved.scale.level).toBe("S1");
    expect(j.approved.labor).toBe("1710000.00");
    expect(j.approved.total).toBe("1760000.00");
  });

  it("lays out the reduction table with the scale effect", () => {
    // Line 1: 1026000.00 − 855000.00 = 171000.00; line 2 unchanged.
    expect(j.lines).toEqual([
      {
        line: 1,
        item: "7.2.b",
        approvedItem: "7.2.b",
        submittedAmount: "1026000.00",
        approvedAmount: "855000.00",
        reduction: "171000.00",
        reasons: [{ code: "workload-unsupported", label: "工作量依据不足", clause: "5.2 Q：依据服务需求、服务规模和服务级别协议", note: "服务级别协议只支持 30 人月" }],
      },
      { line: 2, item: "7.1.b", approvedItem: "7.1.b", submittedAmount: "855000.00", approvedAmount: "855000.00", reduction: "0.00", reasons: [] },
    ]);
    // Labor reduction 1843380.00 − 1710000.00 = 133380.00, less than the line reductions (171000.00):
    // scale effect = 133380.00 − 171000.00 = −37620.00 (S rose from 0.98 to 1.00 on the remaining 1710000.00:
    // 1710000 × 0.02 = 34200, plus the S2 discount lost on the cut 171000 × 0.02 = 3420).
    expect(r.labor.reduction.toFixed(2)).toBe("133380.00");
    expect(r.labor.reductionRate?.toFixed(2)).toBe("7.24"); // 133380 ÷ 1843380 × 100 = 7.2356…
    expect(j.scaleEffect).toBe("-37620.00");
    expect(j.nonLabor).toEqual([
      { part: "dataProducts", index: 0, name: "数据集", submittedAmount: "50000.00", approvedAmount: "50000.00", reduction: "0.00", reasons: [] },
      {
        part: "equipment",
        index: 0,
        name: "工具租赁",
        submittedAmount: "36000.00",
        approvedAmount: "0.00",
        reduction: "36000.00",
        reasons: [{ code: "non-labor-unsupported", label: "非人力成本依据不足或不属于该类", clause: "5.3", note: null }],
      },
    ]);
    // C: 1929380.00 − 1760000.00 = 169380.00 = 133380.00 (labor) + 36000.00 (non-labor);
    // rate 169380 ÷ 1929380 × 100 = 8.77898… → 8.78.
    expect(j.totals).toEqual({ submitted: "1929380.00", approved: "1760000.00", reduction: "169380.00", reductionRate: "8.78" });
    expect(j.grandTotals).toEqual(j.totals);
    expect(r.review.reviewer).toBe("王审核");
  });

  it("finds the non-labor entry without a basis", () => {
    expect(j.findings.map((f) => [f.code, f.severity, f.clause, f.path, f.amount])).toEqual([["non-labor-without-basis", "warning", "5.3", "nonLabor.equipment[0].note", "36000.00"]]);
  });
});

describe("worked example: an increase (审增)", () => {
  const budget = budgetOf({ name: "审核示例二", services: [{ item: "7.2.b", personMonths: 10 }] });
  const r = reviewBudget(budget, reviewOf({ lines: [{ line: 1, units: 3, reason: "collaboration-unsupported", note: "实际涉及 3 个单位" }] }, budget), std);
  const j = reviewToJson(r);

  it("prices the approved collaboration level higher and reports a negative reduction", () => {
    // Submitted: no units → F1 (collaboration-default): T2 1.2 × B2 1.2 × F1 1.0 = 1.44 ∈ (1.2, 1.5] → 第二档 22500; × 10 = 225000.00.
    // Approved: 3 units → F2: 1.728 → 第三档 28500; × 10 = 285000.00. Reduction 225000 − 285000 = −60000.00 (审增).
    expect(j.lines[0]).toMatchObject({ submittedAmount: "225000.00", approvedAmount: "285000.00", reduction: "-60000.00" });
    // S1 both sides: L = Σ(P×Q), no scale effect; rate −60000 ÷ 225000 × 100 = −26.666… → −26.67.
    expect(j.scaleEffect).toBe("0.00");
    expect(j.totals).toEqual({ submitted: "225000.00", approved: "285000.00", reduction: "-60000.00", reductionRate: "-26.67" });
  });

  it("flags the defaulted collaboration level for the reviewer to confirm", () => {
    expect(j.findings.map((f) => [f.code, f.severity, f.line, f.clause])).toEqual([["collaboration-default", "confirm", 1, "表4、表A.3"]]);
  });
});

describe("removing a line, changing an item, and external entries", () => {
  const budget = budgetOf({
    name: "审核示例三",
    services: [
      { item: "7.2.b", personMonths: 24, units: 3 }, // 28500 × 24 = 684000.00
      { item: "8.2.d", personMonths: "6.5", collaboration: "F3" }, // T3 1.5 × B4 2.0 × F3 1.5 = 4.5 → 第五档 46500; × 6.5 = 302250.00
      { item: "7.2.b", personMonths: 12, units: 3 }, // the same item again: 28500 × 12 = 342000.00
    ],
    external: [{ item: "6.1.a", name: "政务外网运营", amount: 120000, basis: "无" }],
  });
  const r = reviewBudget(
    budget,
    reviewOf(
      {
        lines: [
          { line: 3, remove: true, reason: "duplicate", note: "与第 1 行重复" },
          { line: 2, collaboration: "F2", reason: ["collaboration-unsupported"] },
        ],
        external: [{ index: 0, amount: "100000.5", reason: "other", note: "按运营商报价核定" }],
      },
      budget,
    ),
    std,
  );
  const j = reviewToJson(r);

  it("adds up line by line", () => {
    // Line 2 at F2: T3 1.5 × B4 2.0 × F2 1.2 = 3.6 ∈ (2.6, 4.1] → 第四档 35000; × 6.5 = 227500.00; reduction 302250 − 227500 = 74750.00.
    // Line 3 removed: reduction 342000.00. Σ Q submitted 42.5, approved 30.5: S1 both, scale effect 0.
    expect(j.lines.map((l) => [l.line, l.approvedItem, l.approvedAmount, l.reduction])).toEqual([
      [1, "7.2.b", "684000.00", "0.00"],
      [2, "8.2.d", "227500.00", "74750.00"],
      [3, null, "0.00", "342000.00"],
    ]);
    expect(j.scaleEffect).toBe("0.00");
    // C: 1328250.00 − 911500.00 = 416750.00 = 74750 + 342000; rate 416750 ÷ 1328250 × 100 = 31.3758… → 31.38.
    expect(j.totals).toEqual({ submitted: "1328250.00", approved: "911500.00", reduction: "416750.00", reductionRate: "31.38" });
    // External: 120000.00 → 100000.50, reduction 19999.50; grand total 1448250.00 → 1011500.50, reduction 436749.50;
    // rate 436749.50 ÷ 1448250.00 × 100 = 30.1570… → 30.16.
    expect(j.external).toEqual([{ part: "external", index: 0, name: "政务外网运营", submittedAmount: "120000.00", approvedAmount: "100000.50", reduction: "19999.50", reasons: [{ code: "other", label: "其他", clause: "", note: "按运营商报价核定" }] }]);
    expect(j.grandTotals).toEqual({ submitted: "1448250.00", approved: "1011500.50", reduction: "436749.50", reductionRate: "30.16" });
  });

  it("finds the duplicate item and the external entry without a basis", () => {
    expect(j.findings.map((f) => [f.code, f.place, f.amount])).toEqual([
      ["duplicate-item", "第 3 行", "342000.00"],
      ["external-without-basis", "公式(1)之外计价的服务 第 1 项", "120000.00"],
    ]);
    expect(formatFinding(r.findings[0]!)).toBe("服务内容 7.2.b 已在第 1 行列出，本行再次列出，请核实是否重复计列");
  });
});

describe("findings on a budget", () => {
  it("turns the engine's warnings into findings and names every 8.5 line", () => {
    const budget = budgetOf({
      name: "预审",
      services: [
        { item: "8.5.a", personMonths: 12 },
        { item: "8.5.b", personMonths: 12 },
        { item: "7.2.b", personMonths: "60.5", units: 1 }, // Σ Q = 84.5: past the 60 threshold but above the cliff zone
        { item: "8.4.a", personMonths: 1, method: "quick" },
      ],
    });
    const est = estimate(budget, std);
    const f = findingsOf(budget, est, std);
    const codes = f.map((x) => `${x.code}@${x.at.kind === "line" ? x.at.line : "-"}`);
    expect(codes).toContain("hotline-eligibility@1");
    expect(codes).toContain("hotline-eligibility@2");
    expect(f.every((x) => x.clause !== "" || x.code === "duplicate-item")).toBe(true);
    // Every engine warning but the hotline one has its finding.
    const fromWarnings = new Set(f.filter((x) => x.warning).map((x) => x.warning));
    for (const w of est.warnings) if (w.code !== "hotline_eligibility") expect(fromWarnings.has(w.code)).toBe(true);
  });

  it("flags a workload in the scale cliff zone for the reviewer to confirm", () => {
    const budget = budgetOf({ name: "预审二", services: [{ item: "7.1.b", personMonths: "60.5" }] });
    const f = findingsOf(budget, estimate(budget, std), std);
    // 60.5 人月 > 60 → S2 0.98; the cliff zone ends at 60 × 1.00 / 0.98 = 61.22 人月.
    expect(f.map((x) => [x.code, x.severity, x.clause])).toEqual([["scale-cliff", "confirm", "公式(2)、表A.4"]]);
  });
});

describe("review file problems: every one at once, located", () => {
  const budget = budgetOf({
    name: "校验",
    services: [
      { item: "7.2.b", personMonths: 24, units: 3 },
      { item: "8.4.a", personMonths: 2 },
    ],
    nonLabor: { business: [{ name: "会议", amount: 8000 }] },
  });
  it("reports range, reasons, notes, numbers and levels", () => {
    const v = validateReview(
      {
        lines: [
          { line: 5, personMonths: 1, reason: "workload-unsupported" },
          { line: 1, personMonths: "-2", reason: "bogus" },
          { line: 1, remove: true, personMonths: 3, reason: "other" },
          { line: 2, collaboration: "F3", reason: "collaboration-unsupported" },
          { line: 2, reason: "method" },
          { line: 1, personMonths: "1.234" },
        ],
        nonLabor: { business: [{ index: 1, amount: 10, reason: "non-labor-unsupported" }] },
        external: [{ index: 0, remove: true, reason: "network-outside-formula" }],
      },
      budget,
      std,
    );
    expect(v.ok).toBe(false);
    if (v.ok) return;
    const got = v.problems.map((p) => `${formatPath(problemPath(p))}: ${p.code}`);
    expect(got).toEqual([
      "lines[0].line: review_out_of_range",
      "lines[1].personMonths: negative",
      "lines[1].reason: unknown_reason",
      "lines[2].line: review_duplicate_decision",
      "lines[2].personMonths: remove_conflict",
      "lines[2].note: other_needs_note",
      "lines[3].collaboration: collaboration_not_applicable",
      "lines[4].line: review_duplicate_decision",
      "lines[4]: no_change",
      "lines[5].personMonths: too_precise",
      "lines[5].line: review_duplicate_decision",
      "lines[5].reason: no_reason",
      "nonLabor.business[0].index: review_out_of_range",
      "external[0].index: review_out_of_range",
    ]);
    const messages = v.problems.map((p) => formatProblem(p));
    expect(messages[0]).toBe("送审预算没有第 5 行；line 应在 1–2 之间（services 的序号，从 1 起）");
    expect(messages[3]).toBe("对同一条目（1）作了两次审核决定；第一次在 lines[1]，请合并为一条");
    expect(messages[6]).toBe("表11规定该项协同难度“不涉及”，只能取 F1，不能取 F3");
    expect(messages[13]).toBe("送审预算的 external 为空，没有可审核的条目");
  });

  it("refuses a method the item's row of Table B.2 does not have", () => {
    // 9.2.a: 表B.2 has "/" for F2 and F3 (decision quick-not-applicable).
    const b = budgetOf({ name: "x", services: [{ item: "9.2.a", personMonths: 1, units: 3 }] });
    const v = validateReview({ lines: [{ line: 1, method: "quick", reason: "method" }] }, b, std);
    expect(v.ok ? [] : v.problems.map((p) => `${formatPath(problemPath(p))}: ${p.code}`)).toEqual(["lines[0].method: quick_not_available"]);
  });

  it("speaks English where asked", () => {
    const budget = budgetOf({ name: "en", services: [{ item: "7.2.b", personMonths: 1 }, { item: "7.2.b", personMonths: 2 }] });
    const r = reviewBudget(budget, reviewOf({ lines: [{ line: 2, remove: true, reason: ["duplicate", "other"], note: "twice" }] }, budget), std);
    const j = reviewToJson(r, "en");
    expect(j.lines[1]?.reasons).toEqual([
      { code: "duplicate", label: "listed twice", clause: "", note: "twice" },
      { code: "other", label: "other", clause: "", note: "twice" },
    ]);
    expect(j.findings.find((f) => f.code === "duplicate-item")?.message).toBe("7.2.b is already listed at line 1: check that it is not counted twice");
    expect(j.findings.find((f) => f.code === "collaboration-default")?.place).toBe("line 1");
  });

  it("has one label and clause per reason, and a schema from the same definition", () => {
    for (const code of REASON_CODES) expect(REASONS[code].zh.length).toBeGreaterThan(0);
    const schema = reviewJsonSchema(std) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(["$schema", "reviewer", "opinion", "lines", "nonLabor", "external"]);
    expect(JSON.stringify(schema)).toContain('"hotline-not-eligible"');
    // A standard JSON Schema validator (draft 2020-12) accepts the review files validateReview accepts, and refuses an unknown reason.
    const accepts = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
    const good = {
      reviewer: "王审核",
      lines: [{ line: 1, personMonths: "2.5", reason: "workload-unsupported" }, { line: 2, units: 3, collaboration: null, reason: ["collaboration-unsupported", "other"], note: "x" }],
      nonLabor: { equipment: [{ index: 0, amount: 10.5, reason: "non-labor-unsupported" }], business: null },
      external: [{ index: 0, remove: true, reason: "network-outside-formula" }],
    };
    const submitted = budgetOf({
      name: "s",
      services: [{ item: "7.2.b", personMonths: 4 }, { item: "7.2.b", personMonths: 5 }],
      nonLabor: { equipment: [{ name: "e", amount: 20 }] },
      external: [{ item: "6.1.a", name: "网", amount: 1, basis: "报价" }],
    });
    expect(validateReview(good, submitted, std).ok).toBe(true);
    expect(accepts(good)).toBe(true);
    expect(accepts({ lines: [{ line: 1, remove: true, reason: "bogus" }] })).toBe(false);
  });
});

describe("reduction laws on random budgets and reviews", () => {
  const items = std.items.filter((i): i is FormulaItem => i.kind === "formula" && i.serviceType !== "8.5");
  const cents = (max: number) => fc.integer({ min: 0, max }).map((c) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, "0")}`);
  const budgetArb = fc
    .record({
      lines: fc.array(fc.record({ item: fc.constantFrom(...items), personMonths: cents(20_000), units: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }) }), { minLength: 1, maxLength: 12 }),
      nonLabor: fc.array(cents(10_000_000), { maxLength: 4 }),
    })
    .map(({ lines, nonLabor }) =>
      budgetOf({
        name: "p",
        services: lines.map((l) => ({ item: l.item.id, personMonths: l.personMonths, ...(l.units !== undefined ? { units: l.units } : {}) })),
        nonLabor: { equipment: nonLabor.map((a, i) => ({ name: `e${i}`, amount: a, note: "依据" })) },
      }),
    );
  const decisionArb = fc.record({ pick: fc.nat(), kind: fc.constantFrom("remove", "pm", "units"), pm: cents(20_000), units: fc.integer({ min: 1, max: 8 }) });

  it("line reductions + scale effect = labor reduction; labor + non-labor = total reduction, to the fen", () => {
    fc.assert(
      fc.property(budgetArb, fc.array(decisionArb, { maxLength: 6 }), fc.array(fc.tuple(fc.nat(), cents(10_000_000), fc.boolean()), { maxLength: 3 }), (budget, ds, es) => {
        const seen = new Set<number>();
        const lines = [];
        for (const d of ds) {
          const line = (d.pick % budget.services.length) + 1;
          if (seen.has(line)) continue;
          seen.add(line);
          const item = budget.services[line - 1]!.item;
          const none = (std.items.find((i) => i.id === item) as FormulaItem).collaborationRule === "none";
          if (d.kind === "units" && none) continue;
          lines.push(d.kind === "remove" ? { line, remove: true, reason: "duplicate" } : d.kind === "pm" ? { line, personMonths: d.pm, reason: "workload-unsupported" } : { line, units: d.units, reason: "collaboration-unsupported" });
        }
        const seenE = new Set<number>();
        const equipment = [];
        for (const [i, amount, remove] of es) {
          if (budget.nonLabor.equipment.length === 0) break;
          const index = i % budget.nonLabor.equipment.length;
          if (seenE.has(index)) continue;
          seenE.add(index);
          equipment.push(remove ? { index, remove: true, reason: "non-labor-unsupported" } : { index, amount, reason: "non-labor-unsupported" });
        }
        const r = reviewBudget(budget, reviewOf({ lines, nonLabor: { equipment } }, budget), std);
        const lineSum = r.lines.reduce((a, l) => a + l.reduction.units, 0n);
        expect(lineSum + r.scaleEffect.units).toBe(r.labor.reduction.units);
        const nonLaborSum = r.nonLabor.reduce((a, x) => a + x.reduction.units, 0n);
        expect(nonLaborSum).toBe(r.nonLaborTotals.reduction.units);
        expect(r.labor.reduction.units + r.nonLaborTotals.reduction.units).toBe(r.totals.reduction.units);
        expect(r.totals.reduction.units + r.externalTotals.reduction.units).toBe(r.grandTotals.reduction.units);
        expect(r.totals.approved.units).toBe(r.approved.total.units);
      }),
      { numRuns: 150 },
    );
  });

  it("an empty review approves the submitted figures exactly", () => {
    fc.assert(
      fc.property(budgetArb, (budget) => {
        const r = reviewBudget(budget, EMPTY_REVIEW, std);
        expect(r.approved.total.units).toBe(r.submitted.total.units);
        expect(r.approved.grandTotal.units).toBe(r.submitted.grandTotal.units);
        expect(r.scaleEffect.units).toBe(0n);
        expect(r.lines.every((l) => l.reduction.isZero() && l.approvedAmount.eq(l.submittedAmount))).toBe(true);
        expect(r.totals.reductionRate?.toFixed(2) ?? "0.00").toBe("0.00");
      }),
      { numRuns: 100 },
    );
  });
});
