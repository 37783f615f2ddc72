import { describe, expect, it } from "vitest";
import { budgetToText, loadBudget, parseBudgetText } from "./parse.js";
import { DEFAULT_STANDARD } from "../standard/registry.js";
import { formatProblem } from "../problems/messages.js";
import { budgetJsonSchema } from "./format.js";

describe("budget files", () => {
  it("locates a JSON syntax error by line and column", () => {
    const r = parseBudgetText('{\n  "name": "x",\n  "services": [}\n', "b.json");
    expect(r.ok).toBe(false);
    // Line 3 is `  "services": [}`: the value is missing at the "}", its 16th character (2 spaces, 10 for "services", then `: [`).
    if (!r.ok) expect(r.problems[0]).toMatchObject({ code: "syntax", at: { kind: "file" }, params: { format: "JSON", line: 3, column: 16, error: "ValueExpected" } });
    if (!r.ok) expect(formatProblem(r.problems[0]!)).toBe("文件格式错误（JSON），第 3 行第 16 列：此处缺少值（最后一项之后不能有逗号）");
  });
  it("locates a YAML syntax error", () => {
    const r = parseBudgetText("name: x\nservices:\n  - item: 7.2.b\n   personMonths: 1\n", "b.yaml");
    expect(r.ok).toBe(false);
    const p = r.ok ? undefined : r.problems[0];
    expect(p?.code === "syntax" && p.params.line).toBeGreaterThan(0);
  });
  it("refuses duplicate YAML keys and alias bombs", () => {
    expect(parseBudgetText("name: a\nname: b\nservices: []\n", "b.yaml").ok).toBe(false);
    const bomb = ["a: &a [x,x,x,x,x,x,x,x,x]"];
    for (let i = 0; i < 8; i++) bomb.push(`${"bcdefghi"[i]}: &${"bcdefghi"[i]} [*${"abcdefgh"[i]},*${"abcdefgh"[i]},*${"abcdefgh"[i]},*${"abcdefgh"[i]},*${"abcdefgh"[i]},*${"abcdefgh"[i]},*${"abcdefgh"[i]},*${"abcdefgh"[i]},*${"abcdefgh"[i]}]`);
    expect(parseBudgetText(bomb.join("\n") + "\n", "bomb.yaml").ok).toBe(false);
  });
  it("reads the app's exported budget file (预算文件（JSON）) as the budget it holds", () => {
    // The shape of GET /api/budgets/:id/export?format=json: the version's facts, the document, its estimate.
    const exported = { budget: { id: 7, name: "某局项目", departmentName: "某局" }, version: 3, savedAt: "2026-11-30T08:00:00Z", author: "张编制", document: { name: "某局项目", services: [{ item: "7.2.b", personMonths: "24", units: 3 }] }, estimate: { grandTotal: "684000.00" } };
    const r = loadBudget(JSON.stringify(exported), DEFAULT_STANDARD, "export.json");
    expect(r.ok).toBe(true);
    // 7.2.b with 3 units: T2 1.2 × B2 1.2 × F2 1.2 = 1.728 → 第三档 28500 × 24 = 684000
    if (r.ok) expect([r.budget.name, r.budget.services.map((x) => [x.item, x.personMonths.toString(), x.units])]).toEqual(["某局项目", [["7.2.b", "24", 3]]]);
    // As YAML too; and a budget that merely has a field named document is not unwrapped (and is refused for it).
    expect(loadBudget("budget: { id: 7 }\nversion: 3\ndocument: { name: x, services: [] }\n", DEFAULT_STANDARD, "e.yaml").ok).toBe(true);
    const own = loadBudget(JSON.stringify({ name: "x", services: [], document: { name: "y" } }), DEFAULT_STANDARD, "b.json");
    expect(own.ok).toBe(false);
  });
  it("reports an empty file", () => {
    const r = parseBudgetText("  \n", "b.yaml");
    expect(r.ok ? null : r.problems[0]?.code).toBe("syntax");
  });
  it("round-trips a budget through YAML and JSON", () => {
    const text = "name: 项目\nrates: [16500, 22500, 28500, 35000, 46500]\nservices:\n  - item: 7.2.b\n    personMonths: '6.5'\n    units: 3\n    note: 备注\nnonLabor:\n  business:\n    - name: 会议\n      amount: 8000\nexternal:\n  - item: 6.1.a\n    name: 网络\n    amount: 1\n    basis: 标准\n";
    const a = loadBudget(text, DEFAULT_STANDARD, "b.yaml");
    if (!a.ok) throw new Error("invalid");
    for (const format of ["json", "yaml"] as const) {
      const b = loadBudget(budgetToText(a.budget, format), DEFAULT_STANDARD, `b.${format}`);
      if (!b.ok) throw new Error("invalid round trip");
      expect(budgetToText(b.budget, "json")).toBe(budgetToText(a.budget, "json"));
    }
  });
  it("generates a JSON Schema from the definition that validates", () => {
    const s = budgetJsonSchema() as { required?: string[]; properties: Record<string, unknown> };
    expect(s.required).toEqual(["name", "services"]);
    expect(Object.keys(s.properties)).toEqual(expect.arrayContaining(["name", "rates", "services", "nonLabor", "external"]));
    expect(JSON.stringify(s)).toContain("personMonths");
  });
});
