/**
 * The reviewer's working copy (src/review/model.ts): edits become the review file the CLI reads,
 * the figures are core's, an incomplete decision is reported at its line yet counts in the live
 * figures, and a decision that cannot be priced is left out of them.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_STANDARD as std, validateBudget, validateReview, type Budget, type ReasonCode } from "@govcost/core";
import { computeReview, EMPTY_STATE, entryEditOf, lineEditOf, stateOf, toDocument, type ReviewState } from "../src/review/model.js";

function budgetOf(doc: unknown): Budget {
  const v = validateBudget(doc, std);
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.budget;
}

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

const sub1 = budget.services[0] as Budget["services"][number];

/** Line 1 cut to 30 人月 with `reasons`, the equipment entry removed. */
function cut(reasons: ReasonCode[], note = ""): ReviewState {
  return {
    opinion: "核减工作量依据不足部分。",
    lines: new Map([[1, { ...lineEditOf(sub1), personMonths: "30", reasons, note }]]),
    entries: new Map([["equipment:0", { ...entryEditOf(budget.nonLabor.equipment[0]!.amount), remove: true, reasons: ["non-labor-unsupported"] }]]),
  };
}

describe("the reviewer's edits", () => {
  it("become the review file of `govcost review --decisions`, with only what changes", () => {
    const doc = toDocument(cut(["workload-unsupported"], "服务级别协议只支持 30 人月"), budget, "王审核");
    expect(doc).toEqual({
      reviewer: "王审核",
      opinion: "核减工作量依据不足部分。",
      lines: [{ line: 1, personMonths: "30", reason: ["workload-unsupported"], note: "服务级别协议只支持 30 人月" }],
      nonLabor: { dataProducts: [], equipment: [{ index: 0, remove: true, reason: ["non-labor-unsupported"] }], business: [] },
      external: [],
    });
  });

  it("price with the core engine: the cut moves S from S2 up to S1", () => {
    const c = computeReview(cut(["workload-unsupported"]), budget, std, "王审核");
    expect(c.problemCount).toBe(0);
    // Submitted: Σ Q = 66 人月 → S2 0.98; L = (1026000 + 855000) × 0.98 = 1843380.00; T = 86000.00; C = 1929380.00.
    // Approved: line 1 at 30 人月 = 855000.00; Σ Q = 60 → S1 1.00; L = 1710000.00; T = 50000.00; C = 1760000.00.
    // Reduction 1929380.00 − 1760000.00 = 169380.00; rate 169380 ÷ 1929380 × 100 = 8.7790… → 8.78.
    expect(c.result?.totals.submitted.toFixed(2)).toBe("1929380.00");
    expect(c.result?.totals.approved.toFixed(2)).toBe("1760000.00");
    expect(c.result?.totals.reduction.toFixed(2)).toBe("169380.00");
    expect(c.result?.totals.reductionRate?.toFixed(2)).toBe("8.78");
    // Line reductions 171000.00; labor reduction 1843380 − 1710000 = 133380.00; scale effect 133380 − 171000 = −37620.00.
    expect(c.result?.scaleEffect.toFixed(2)).toBe("-37620.00");
  });

  it("report a change without a reason at its line and block saving, but still count it in the live figures", () => {
    const c = computeReview(cut([]), budget, std, null);
    expect(c.problemCount).toBe(1);
    expect([...c.problems.keys()]).toEqual(["line:1"]);
    expect(c.problems.get("line:1")).toEqual([{ kind: "reason" }]);
    // The same figures as with the reason: C approved 1760000.00.
    expect(c.result?.totals.approved.toFixed(2)).toBe("1760000.00");
    expect(c.excluded.size).toBe(0);
  });

  it("ask for a note with 其他 (other)", () => {
    const c = computeReview(cut(["other"]), budget, std, null);
    expect(c.problems.get("line:1")).toEqual([{ kind: "note" }]);
  });

  it("leave a decision that cannot be priced out of the figures and say so at its line", () => {
    // 7.1.b's table excludes collaboration: F3 is refused; the equipment removal still counts.
    const state: ReviewState = {
      opinion: "",
      lines: new Map([[2, { ...lineEditOf(budget.services[1]!), collaboration: "F3", reasons: ["collaboration-unsupported"], note: "" }]]),
      entries: cut(["duplicate"]).entries,
    };
    const c = computeReview(state, budget, std, null);
    expect([...c.problems.keys()]).toEqual(["line:2"]);
    expect(c.problems.get("line:2")?.map((i) => (i.kind === "problem" ? i.problem.code : i.kind))).toEqual(["collaboration_not_applicable"]);
    expect([...c.excluded]).toEqual(["line:2"]);
    // Approved = submitted − the equipment entry: 1929380.00 − 36000.00 = 1893380.00.
    expect(c.result?.totals.approved.toFixed(2)).toBe("1893380.00");
  });

  it("an untouched review approves the submitted figures exactly", () => {
    const c = computeReview(EMPTY_STATE, budget, std, null);
    expect(c.result?.totals.reduction.toFixed(2)).toBe("0.00");
    expect(c.result?.totals.approved.toFixed(2)).toBe("1929380.00");
  });

  it("read a saved review back into the same decisions", () => {
    const doc = toDocument(cut(["workload-unsupported"], "依据不足"), budget, "王审核");
    const v = validateReview(doc, budget, std);
    if (!v.ok) throw new Error(JSON.stringify(v.problems));
    const again = toDocument(stateOf(v.review, budget), budget, "王审核");
    expect(again).toEqual(doc);
  });

  it("take amounts typed with thousands separators", () => {
    const state: ReviewState = { opinion: "", lines: new Map(), entries: new Map([["dataProducts:0", { amount: "40,000", remove: false, reasons: ["non-labor-unsupported"], note: "" }]]) };
    const c = computeReview(state, budget, std, null);
    // 1929380.00 − (50000.00 − 40000.00) = 1919380.00.
    expect(c.result?.totals.approved.toFixed(2)).toBe("1919380.00");
  });
});
