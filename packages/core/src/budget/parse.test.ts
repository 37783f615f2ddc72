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
