/** compareEstimates: what moved between two versions (or two rounds of a review), entries included. */
import { describe, expect, it } from "vitest";
import { compareEstimates, computeBudget } from "../src/budgets/compute.js";

const priced = (doc: unknown) => {
  const c = computeBudget(doc, null);
  if (!c.ok) throw new Error(`invalid test budget: ${JSON.stringify(c.problems)}`);
  return c.json;
};

const services = [{ item: "6.2.a", personMonths: 12 }];

describe("compareEstimates", () => {
  it("lists the non-labor entries and the services outside formula (1) added, removed and changed, by list and name", () => {
    const before = priced({
      name: "对比",
      services,
      nonLabor: {
        dataProducts: [{ name: "地图数据", amount: "10000.50" }],
        equipment: [
          { name: "服务器租赁", amount: "36000" },
          { name: "服务器租赁", amount: "12000" },
        ],
        business: [{ name: "差旅", amount: "3000", note: "两次" }],
      },
      external: [{ item: "6.1.a", name: "电子政务外网", amount: "50000", basis: "按运营商预算标准" }],
    });
    const after = priced({
      name: "对比",
      services,
      nonLabor: {
        // 地图数据 unchanged; the second 服务器租赁 removed (matched by occurrence); 差旅 cut and its note changed; 培训 new.
        dataProducts: [{ name: "地图数据", amount: "10000.50" }],
        equipment: [{ name: "服务器租赁", amount: "36000" }],
        business: [
          { name: "差旅", amount: "2500", note: "一次" },
          { name: "培训", amount: "800" },
        ],
      },
      // Only the basis changed.
      external: [{ item: "6.1.a", name: "电子政务外网", amount: "50000", basis: "按2025年运营商报价" }],
    });
    const c = compareEstimates(before, after);
    expect(c.added).toEqual([]);
    expect(c.removed).toEqual([]);
    expect(c.changed).toEqual([]);
    expect(c.entries).toEqual([
      { part: "equipment", kind: "removed", name: "服务器租赁", from: "12000.00", to: null, delta: null, noteChanged: false },
      // 2500.00 − 3000.00 = −500.00
      { part: "business", kind: "changed", name: "差旅", from: "3000.00", to: "2500.00", delta: "-500.00", noteChanged: true },
      { part: "business", kind: "added", name: "培训", from: null, to: "800.00", delta: null, noteChanged: false },
      { part: "external", kind: "changed", name: "电子政务外网", from: "50000.00", to: "50000.00", delta: "0.00", noteChanged: true },
    ]);
    // T: 10000.50 + 48000 + 3000 = 61000.50 → 10000.50 + 36000 + 3300 = 49300.50, −11700.00
    const t = c.figures.find((f) => f.name === "nonLabor");
    expect([t?.from, t?.to, t?.delta]).toEqual(["61000.50", "49300.50", "-11700.00"]);
  });

  it("has no entry changes between equal estimates", () => {
    const doc = { name: "同一", services, nonLabor: { equipment: [{ name: "备件", amount: 2000 }] } };
    expect(compareEstimates(priced(doc), priced(doc)).entries).toEqual([]);
  });
});
