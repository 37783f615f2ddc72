/** Every rejection of the budget format, each located by its field path (and item). */
import { describe, expect, it } from "vitest";
import { problemsOf, run } from "../test-support/budget.js";
import { formatPath, problemPath } from "../problems/problems.js";
import { formatProblem } from "../problems/messages.js";

const one = (doc: unknown) => problemsOf(doc).map((p) => ({ code: p.code, path: formatPath(problemPath(p)), item: p.item }));
const line = (l: Record<string, unknown>) => ({ name: "t", services: [l] });

describe("budget validation", () => {
  it("accepts numbers and decimal strings with up to two decimals", () => {
    const e = run({ name: "ok", services: [{ item: "7.2.d", personMonths: "0.05" }, { item: "7.2.d", personMonths: 0 }], nonLabor: { business: [{ name: "b", amount: 0.1 }] } });
    expect(e.lines.map((l) => l.personMonths.toString())).toEqual(["0.05", "0"]);
    expect(e.nonLabor.toFixed(2)).toBe("0.10");
  });

  it.each([
    ["unknown item", line({ item: "7.2.z", personMonths: 1 }), "unknown_item", "services[0].item"],
    ["6.1 item as a line", line({ item: "6.1.a", personMonths: 1 }), "outside_formula_item", "services[0].item"],
    ["negative workload", line({ item: "7.2.d", personMonths: -1 }), "negative", "services[0].personMonths"],
    ["negative string workload", line({ item: "7.2.d", personMonths: "-0.5" }), "negative", "services[0].personMonths"],
    ["non-numeric workload", line({ item: "7.2.d", personMonths: "abc" }), "not_decimal", "services[0].personMonths"],
    ["boolean workload", line({ item: "7.2.d", personMonths: true }), "wrong_type", "services[0].personMonths"],
    ["over-precise workload", line({ item: "7.2.d", personMonths: 1.234 }), "too_precise", "services[0].personMonths"],
    ["over-precise string", line({ item: "7.2.d", personMonths: "1.001" }), "too_precise", "services[0].personMonths"],
    ["exponent number", line({ item: "7.2.d", personMonths: 1e21 }), "not_decimal", "services[0].personMonths"],
    ["level outside F1–F3", line({ item: "7.2.b", personMonths: 1, collaboration: "F4" }), "bad_level", "services[0].collaboration"],
    ["units < 1", line({ item: "7.2.b", personMonths: 1, units: 0 }), "units_below_one", "services[0].units"],
    ["fractional units", line({ item: "7.2.b", personMonths: 1, units: 2.5 }), "units_not_integer", "services[0].units"],
    ["units and collaboration disagree", line({ item: "7.2.b", personMonths: 1, units: 3, collaboration: "F3" }), "units_collaboration_conflict", "services[0].collaboration"],
    ["collaboration above F1 on 不涉及", line({ item: "7.2.c", personMonths: 1, collaboration: "F2" }), "collaboration_not_applicable", "services[0].collaboration"],
    ["quick where B.2 has /", line({ item: "9.2.a", personMonths: 1, collaboration: "F2", method: "quick" }), "quick_not_available", "services[0].method"],
    ["bad method", line({ item: "7.2.d", personMonths: 1, method: "fast" }), "bad_method", "services[0].method"],
    ["unknown field", line({ item: "7.2.d", personMonths: 1, workload: 2 }), "unknown_field", "services[0].workload"],
    ["missing workload", line({ item: "7.2.d" }), "required", "services[0].personMonths"],
    ["negative amount", { name: "t", services: [], nonLabor: { equipment: [{ name: "e", amount: -5 }] } }, "negative", "nonLabor.equipment[0].amount"],
    ["over-precise amount", { name: "t", services: [], nonLabor: { dataProducts: [{ name: "d", amount: "1.005" }] } }, "too_precise", "nonLabor.dataProducts[0].amount"],
    ["rates of four", { name: "t", services: [], rates: [1, 2, 3, 4] }, "rates_count", "rates"],
    ["fractional rate", { name: "t", services: [], rates: [1, 2, 3, 4, "5.5"] }, "too_precise", "rates[4]"],
    ["zero rate", { name: "t", services: [], rates: [0, 2, 3, 4, 5] }, "bad_rate", "rates[0]"],
    ["external 7.2.b", { name: "t", services: [], external: [{ item: "7.2.b", name: "x", amount: 1, basis: "b" }] }, "not_external_item", "external[0].item"],
    ["external without basis", { name: "t", services: [], external: [{ item: "6.1.a", name: "x", amount: 1 }] }, "required", "external[0].basis"],
    ["missing name", { services: [] }, "required", "name"],
    ["services not an array", { name: "t", services: {} }, "wrong_type", "services"],
  ])("%s", (_label, doc, code, path) => {
    const problems = one(doc);
    expect(problems.map((p) => [p.code, p.path])).toContainEqual([code, path]);
  });

  it("names the item concerned", () => {
    expect(one(line({ item: "7.2.c", personMonths: 1, collaboration: "F2" }))[0]?.item).toBe("7.2.c");
  });

  it("reports every problem in the file at once", () => {
    const problems = one({
      name: "",
      rates: [1, 2],
      services: [
        { item: "7.2.z", personMonths: -1 },
        { item: "7.2.b", personMonths: "x", units: 0, collaboration: "F9" },
      ],
      nonLabor: { business: [{ name: "b", amount: "1.234" }] },
    });
    expect(problems.map((p) => `${p.code}@${p.path}`)).toEqual([
      "empty_text@name",
      "rates_count@rates",
      "unknown_item@services[0].item",
      "negative@services[0].personMonths",
      "not_decimal@services[1].personMonths",
      "units_below_one@services[1].units",
      "bad_level@services[1].collaboration",
      "too_precise@nonLabor.business[0].amount",
    ]);
  });

  it("suggests the id a slip most likely meant", () => {
    const p = problemsOf(line({ item: "7.2.B", personMonths: 1 }))[0];
    expect(p?.code).toBe("unknown_item");
    expect(p?.code === "unknown_item" && p.params.suggestion).toBe("7.2.b");
    expect(formatProblem(p!)).toContain("是否应为“7.2.b”");
  });

  it("is not fooled by prototype keys", () => {
    expect(one(line({ item: "constructor", personMonths: 1 }))[0]?.code).toBe("unknown_item");
    expect(one(line({ item: "7.2.b", personMonths: 1, collaboration: "toString" }))[0]?.code).toBe("bad_level");
  });

  it("rejects a non-object document", () => {
    expect(one([1, 2])[0]?.code).toBe("not_object");
    expect(one(null)[0]?.code).toBe("not_object");
  });
});
