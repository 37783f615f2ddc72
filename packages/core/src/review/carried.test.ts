/**
 * Between rounds: the accepted decisions a resubmitted budget does not carry out, found by what
 * the lines and entries are, wherever they moved.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_STANDARD as std } from "../standard/registry.js";
import { budgetOf, reviewOf } from "../test-support/budget.js";
import type { Budget } from "../budget/budget.js";
import type { Review } from "./format.js";
import { estimate } from "../engine/estimate.js";
import { expectationOf, notCarried } from "./carried.js";

/** Both steps, as the web app takes them (the expectation once, the resubmission at every edit). */
const acceptedNotCarried = (previous: Budget, review: Review, accepted: ReadonlySet<string>, resubmitted: Budget, standard: typeof std) =>
  notCarried(expectationOf(previous, review, accepted, standard), resubmitted, estimate(resubmitted, standard).lines);


const SERVICES = [
  { item: "6.2.a", personMonths: 12 }, // line 1
  { item: "7.2.b", personMonths: 24, units: 3 }, // line 2: 3 units → F2
  { item: "8.1.a", personMonths: 6.5 }, // line 3
];
const previous = budgetOf({
  name: "第一轮送审",
  services: SERVICES,
  nonLabor: { equipment: [{ name: "工具租赁", amount: 120000 }], business: [{ name: "专家评审会", amount: 8000 }] },
});
const review = reviewOf(
  {
    lines: [
      { line: 1, personMonths: 10, reason: "workload-unsupported" }, // 12 → 10 人月
      { line: 3, remove: true, reason: "scope-existing-function" },
      { line: 2, collaboration: "F1", reason: "collaboration-unsupported" }, // F2 → F1
    ],
    nonLabor: { equipment: [{ index: 0, amount: 90000, reason: "non-labor-unsupported" }], business: [{ index: 0, remove: true, reason: "non-labor-unsupported" }] },
  },
  previous,
);
const ALL = new Set(["line:1", "line:3", "line:2", "equipment:0", "business:0"]);
const resubmit = (doc: Record<string, unknown>) => budgetOf({ name: "第二轮送审", ...doc });

describe("accepted decisions not carried into the next round", () => {
  it("finds nothing when every accepted decision was made, even with lines moved and a line added", () => {
    const carried = resubmit({
      services: [
        { item: "9.1.a", personMonths: 3 }, // new, first: every position shifts by one
        { item: "7.2.b", personMonths: 24, collaboration: "F1" },
        { item: "6.2.a", personMonths: 10 },
      ],
      nonLabor: { equipment: [{ name: "工具租赁", amount: 90000 }] },
    });
    expect(acceptedNotCarried(previous, review, ALL, carried, std)).toEqual([]);
  });

  it("names each accepted decision left undone, with the submitted and approved facts", () => {
    // The department accepted everything but changed nothing: all five are reported, in the review's order.
    const same = resubmit({ services: SERVICES, nonLabor: { equipment: [{ name: "工具租赁", amount: 120000 }], business: [{ name: "专家评审会", amount: 8000 }] } });
    const out = acceptedNotCarried(previous, review, ALL, same, std);
    expect(out.map((x) => x.target)).toEqual(["line:1", "line:3", "line:2", "equipment:0", "business:0"]);
    expect(out[0]).toEqual({
      target: "line:1",
      kind: "line",
      remove: false,
      submitted: { item: "6.2.a", name: "业务咨询与受理", method: "coefficient", personMonths: "12", collaboration: "F1" },
      approved: { item: "6.2.a", name: "业务咨询与受理", method: "coefficient", personMonths: "10", collaboration: "F1" },
    });
    expect(out[1]).toMatchObject({ target: "line:3", remove: true, submitted: { item: "8.1.a", personMonths: "6.5" }, approved: null });
    // 3 units gave F2; the approved level is F1.
    expect(out[2]).toMatchObject({ submitted: { item: "7.2.b", collaboration: "F2" }, approved: { item: "7.2.b", collaboration: "F1" } });
    expect(out[3]).toEqual({ target: "equipment:0", kind: "entry", remove: false, submitted: { name: "工具租赁", amount: "120000" }, approved: { name: "工具租赁", amount: "90000" } });
    expect(out[4]).toEqual({ target: "business:0", kind: "entry", remove: true, submitted: { name: "专家评审会", amount: "8000" }, approved: null });
  });

  it("looks only at accepted decisions: a disputed one left as it was is not reported", () => {
    const same = resubmit({ services: SERVICES, nonLabor: { equipment: [{ name: "工具租赁", amount: 120000 }], business: [{ name: "专家评审会", amount: 8000 }] } });
    expect(acceptedNotCarried(previous, review, new Set(["line:3"]), same, std).map((x) => x.target)).toEqual(["line:3"]);
    expect(acceptedNotCarried(previous, review, new Set(), same, std)).toEqual([]);
  });

  it("counts identical lines: removing one of two equal lines is carried by leaving one", () => {
    const twice = budgetOf({ name: "两行相同", services: [{ item: "6.2.a", personMonths: 12 }, { item: "6.2.a", personMonths: 12 }] });
    const cut = reviewOf({ lines: [{ line: 2, remove: true, reason: "scope-existing-function" }] }, twice);
    const one = budgetOf({ name: "两行相同", services: [{ item: "6.2.a", personMonths: 12 }] });
    expect(acceptedNotCarried(twice, cut, new Set(["line:2"]), one, std)).toEqual([]);
    expect(acceptedNotCarried(twice, cut, new Set(["line:2"]), twice, std).map((x) => x.target)).toEqual(["line:2"]);
  });

  it("a line changed otherwise than approved is not the approved line", () => {
    // Approved 10 人月; the department wrote 11.
    const other = resubmit({ services: [{ item: "6.2.a", personMonths: 11 }, { item: "7.2.b", personMonths: 24, collaboration: "F1" }] });
    const out = acceptedNotCarried(previous, review, new Set(["line:1", "line:3", "line:2"]), other, std);
    expect(out.map((x) => x.target)).toEqual(["line:1"]);
  });
});
