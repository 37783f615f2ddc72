/**
 * The three-way merge behind 合并到最新版本: the latest version with this preparer's own
 * changes reapplied, and a choice where both changed the same lines.
 */
import { describe, expect, it } from "vitest";
import { documentToDraft, draftToDocument, type Draft } from "../src/draft.js";
import { lcsMatch, mergeDrafts } from "../src/merge.js";

const doc = (services: [string, string][], business: [string, string][] = [], name = "预算") => ({
  name,
  services: services.map(([item, personMonths]) => ({ item, personMonths, method: "coefficient" })),
  ...(business.length ? { nonLabor: { business: business.map(([n, amount]) => ({ name: n, amount })) } } : {}),
});
const lines = (d: Draft) => d.services.map((s) => `${s.item}:${s.personMonths}`);

describe("lcsMatch", () => {
  it("matches the longest common run, common head and tail included", () => {
    // a b c d e vs a x c e: common a, c, e.
    expect(lcsMatch(["a", "b", "c", "d", "e"], ["a", "x", "c", "e"])).toEqual([0, undefined, 2, undefined, 3]);
    expect(lcsMatch([], ["a"])).toEqual([]);
    expect(lcsMatch(["a"], [])).toEqual([undefined]);
  });
});

describe("mergeDrafts", () => {
  const base = doc([
    ["7.2.b", "24"],
    ["6.2.a", "12"],
    ["8.1.a", "6.5"],
  ]);

  it("reapplies my added, removed and changed lines on top of their changes", () => {
    // Mine: 6.2.a 12 → 10, 8.1.a removed, 9.1.a added. Theirs: 7.2.b 24 → 20, 10.a added at the end.
    const mine = documentToDraft(doc([
      ["7.2.b", "24"],
      ["6.2.a", "10"],
      ["9.1.a", "3"],
    ]));
    const theirs = documentToDraft(doc([
      ["7.2.b", "20"],
      ["6.2.a", "12"],
      ["8.1.a", "6.5"],
      ["10.a", "1"],
    ]));
    const r = mergeDrafts(documentToDraft(base), mine, theirs);
    expect(r.conflicts).toEqual([]);
    expect(lines(r.resolve({}))).toEqual(["7.2.b:20", "6.2.a:10", "9.1.a:3", "10.a:1"]);
  });

  it("keeps both sides' additions at the same place, mine first", () => {
    const mine = documentToDraft(doc([...(base.services.map((s) => [s.item, s.personMonths]) as [string, string][]), ["9.1.a", "3"]]));
    const theirs = documentToDraft(doc([...(base.services.map((s) => [s.item, s.personMonths]) as [string, string][]), ["10.a", "1"]]));
    const r = mergeDrafts(documentToDraft(base), mine, theirs);
    expect(r.conflicts).toEqual([]);
    expect(lines(r.resolve({}))).toEqual(["7.2.b:24", "6.2.a:12", "8.1.a:6.5", "9.1.a:3", "10.a:1"]);
  });

  it("shows both versions of a line both changed, and takes the one chosen", () => {
    const mine = documentToDraft(doc([
      ["7.2.b", "30"],
      ["6.2.a", "12"],
      ["8.1.a", "6.5"],
    ]));
    const theirs = documentToDraft(doc([
      ["7.2.b", "18"],
      ["6.2.a", "12"],
      ["8.1.a", "7"],
    ]));
    const r = mergeDrafts(documentToDraft(base), mine, theirs);
    expect(r.conflicts.map((c) => [c.where, c.base, c.mine, c.theirs])).toEqual([["services", ["7.2.b 24 人月"], ["7.2.b 30 人月"], ["7.2.b 18 人月"]]]);
    // 8.1.a only they changed: theirs, whatever the choice on the conflict.
    expect(lines(r.resolve({}))).toEqual(["7.2.b:30", "6.2.a:12", "8.1.a:7"]);
    expect(lines(r.resolve({ 0: "theirs" }))).toEqual(["7.2.b:18", "6.2.a:12", "8.1.a:7"]);
    expect(lines(r.resolve({ 0: "both" }))).toEqual(["7.2.b:30", "7.2.b:18", "6.2.a:12", "8.1.a:7"]);
  });

  it("asks when one side removed a line the other changed", () => {
    // Mine removes 8.1.a; theirs changes it 6.5 → 7.
    const mine = documentToDraft(doc([
      ["7.2.b", "24"],
      ["6.2.a", "12"],
    ]));
    const theirs = documentToDraft(doc([
      ["7.2.b", "24"],
      ["6.2.a", "12"],
      ["8.1.a", "7"],
    ]));
    const r = mergeDrafts(documentToDraft(base), mine, theirs);
    expect(r.conflicts.map((c) => [c.base, c.mine, c.theirs])).toEqual([[["8.1.a 6.5 人月"], [], ["8.1.a 7 人月"]]]);
    expect(lines(r.resolve({}))).toEqual(["7.2.b:24", "6.2.a:12"]);
    expect(lines(r.resolve({ 0: "theirs" }))).toEqual(["7.2.b:24", "6.2.a:12", "8.1.a:7"]);
  });

  it("merges the non-labor costs and the name like the lines", () => {
    const b = doc([["7.2.b", "24"]], [["专家评审会", "8000"]], "预算");
    const mine = documentToDraft(doc([["7.2.b", "24"]], [["专家评审会", "6500"]], "预算（调整）"));
    const theirs = documentToDraft(doc([["7.2.b", "24"]], [["专家评审会", "8000"], ["培训", "3000"]], "预算"));
    const r = mergeDrafts(documentToDraft(b), mine, theirs);
    expect(r.conflicts).toEqual([]);
    const merged = draftToDocument(r.resolve({}));
    expect(merged.name).toBe("预算（调整）");
    expect(merged.nonLabor).toEqual({ business: [{ name: "专家评审会", amount: "6500" }, { name: "培训", amount: "3000" }] });
  });

  it("asks about a name both changed differently", () => {
    const r = mergeDrafts(documentToDraft(doc([], [], "甲")), documentToDraft(doc([], [], "乙")), documentToDraft(doc([], [], "丙")));
    expect(r.conflicts.map((c) => [c.where, c.mine, c.theirs])).toEqual([["name", ["乙"], ["丙"]]]);
    expect(r.resolve({}).name).toBe("乙");
    expect(r.resolve({ 0: "theirs" }).name).toBe("丙");
  });
});
