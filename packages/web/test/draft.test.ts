/**
 * The editor's working copy: how typed fields become a budget document, how a line with an
 * input error is left out of the live figures, and where each message is shown.
 */
import { describe, expect, it } from "vitest";
import { compute, documentToDraft, draftToDocument, emptyDraft, groupIssues, newLine, sameDocument } from "../src/draft.js";
import { money } from "../src/format.js";
import { problemPath } from "@govcost/core";

function draftOf(lines: [string, string, Partial<ReturnType<typeof newLine>>?][]) {
  const d = emptyDraft("测试");
  d.services = lines.map(([item, pm, patch]) => ({ ...newLine(item), personMonths: pm, ...(patch ?? {}) }));
  return d;
}

describe("draft → budget document", () => {
  it("writes collaboration only for 根据实际情况确定 items, as units or as a level, whichever the preparer chose", () => {
    const d = draftOf([
      ["7.2.b", "24", { collabMode: "units", units: "3" }],
      ["7.2.b", "2", { collabMode: "level", collaboration: "F3", units: "9" }],
      ["6.2.a", "12", { collabMode: "units", units: "4" }], // 不涉及: nothing written
    ]);
    const doc = draftToDocument(d) as { services: Record<string, unknown>[] };
    expect(doc.services[0]).toEqual({ item: "7.2.b", personMonths: "24", units: 3, method: "coefficient" });
    expect(doc.services[1]).toEqual({ item: "7.2.b", personMonths: "2", collaboration: "F3", method: "coefficient" });
    expect(doc.services[2]).toEqual({ item: "6.2.a", personMonths: "12", method: "coefficient" });
  });

  it("reads a stored document back into the same document", () => {
    const doc = {
      name: "往返",
      services: [
        { item: "7.2.b", personMonths: "24", units: 3, method: "coefficient" },
        { item: "8.1.a", personMonths: "6.5", method: "quick", note: "备注" },
      ],
      nonLabor: { equipment: [{ name: "租赁", amount: "120000.50", note: "依据" }] },
    };
    const d = documentToDraft(doc);
    expect(draftToDocument(d)).toEqual(doc);
    expect(sameDocument(d, documentToDraft(doc))).toBe(true);
  });
});

describe("live figures", () => {
  it("prices the valid lines and leaves out a line with an input error", () => {
    // 7.2.b with 3 units → F2: 1.2 × 1.2 × 1.2 = 1.728 → 第三档 28,500 × 24 = 684,000.00
    // 6.2.a: 1.0 → 第一档 16,500 × 12 = 198,000.00
    // 8.1.a "6.555" has three decimals: left out.  Σ = 882,000.00; 36 人月 = 3 人年 → S1; C = 882,000.00
    const d = draftOf([
      ["7.2.b", "24", { units: "3" }],
      ["6.2.a", "12"],
      ["8.1.a", "6.555"],
    ]);
    const c = compute(d);
    expect(c.excluded).toBe(1);
    expect(c.estimate?.total.toFixed(2)).toBe("882000.00");
    expect(c.lineFor[0]?.amount.toFixed(2)).toBe("684000.00");
    expect(c.lineFor[2]).toBeNull();
    const issues = groupIssues(c.problems.map((p) => ({ path: problemPath(p), text: p.code, level: "error" as const })));
    expect(issues.lines.get("services.2")).toEqual([{ level: "error", field: "personMonths", message: "too_precise" }]);
  });

  it("gives warnings back in the draft's own line numbers when a line before them is left out", () => {
    // Line 0 is invalid; line 1 (7.2.b without units) gets collaboration_defaulted, reported at services[1].
    const d = draftOf([
      ["7.2.b", "abc"],
      ["7.2.b", "1"],
    ]);
    const c = compute(d);
    expect(c.warnings.map((w) => [w.code, w.path.join(".")])).toContainEqual(["collaboration_defaulted", "services.1"]);
  });

  it("applies the scale coefficient: 66 person-months = 5.5 person-years → S2 0.98", () => {
    // 6.2.a 66 人月 × 16,500 = 1,089,000.00; × 0.98 = 1,067,220.00
    const c = compute(draftOf([["6.2.a", "66"]]));
    expect(c.estimate?.scale.level).toBe("S2");
    expect(c.estimate?.labor.toFixed(2)).toBe("1067220.00");
  });
});

describe("money display", () => {
  it("groups thousands in 元 and keeps four decimals in 万元, rounding half up", () => {
    expect(money("1302250.50")).toBe("1,302,250.50");
    expect(money("1302250.50", "wan")).toBe("130.2251");
    expect(money("994.94", "wan")).toBe("0.0995"); // 0.099494 → 0.0995
    expect(money("999.94", "wan")).toBe("0.1000"); // 0.099994 → 0.1000
    expect(money(null)).toBe("—");
  });
});
