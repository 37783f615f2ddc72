/** The govcost command as a user runs it: the built binary, real files, exit codes. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cliHarness } from "./harness.js";

const cli = cliHarness("cli");
const govcost = (args: string[], input?: string) => cli.run(args, input === undefined ? {} : { input });
const file = cli.file;

describe("govcost estimate", () => {
  const budget = JSON.stringify({
    name: "测试项目",
    services: [
      { item: "7.2.b", personMonths: 24, units: 3, note: "三个委办局" },
      { item: "8.2.d", personMonths: "6.5", collaboration: "F3", method: "quick" },
    ],
    nonLabor: { dataProducts: [{ name: "数据集", amount: "50000" }] },
  });

  it("prints the Chinese table with every figure and its trail", () => {
    const r = govcost(["estimate", file("b.json", budget)]);
    expect(r.code).toBe(0);
    // 7.2.b: 1.728 → 第三档 28500 × 24 = 684000.00; 8.2.d quick F3: 表B.2 row 46 46500 × 6.5 = 302250.00
    expect(r.out).toContain("684,000.00");
    expect(r.out).toContain("302,250.00");
    expect(r.out).toContain("T2 1.2 × B2 1.2 × F2 1.2 = 1.728 ∈ (1.5, 2.6] → 第三档 28,500 元/人月");
    // Σ = 986250.00, 30.5 pm → S1; C = 986250 + 50000 = 1036250.00
    expect(r.out).toContain("总成本 C = L + T = 986,250.00 + 50,000.00 = 1,036,250.00 元");
    expect(r.out).toContain("人民币壹佰零叁万陆仟贰佰伍拾元整");
    expect(r.out).toContain("舍入规则");
  });

  it("--json prints the result with money as two-decimal strings", () => {
    const r = govcost(["estimate", file("b.json", budget), "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as Record<string, unknown> & { lines: Record<string, unknown>[]; scale: Record<string, unknown> };
    expect(Object.keys(j)).toEqual(expect.arrayContaining(["lines", "levels", "personMonths", "personYears", "scale", "laborSubtotal", "labor", "nonLaborParts", "nonLabor", "total", "external", "grandTotal", "warnings"]));
    expect(j.lines[0]).toMatchObject({ item: "7.2.b", name: "数据采集与清洗", method: "coefficient", technical: "T2", business: "B2", collaboration: "F2", coefficient: "1.728", tier: 3, unitPrice: "28500.00", personMonths: "24", amount: "684000.00" });
    expect(j.scale).toMatchObject({ level: "S1", coefficient: "1.00" });
    expect([j.labor, j.nonLabor, j.total, j.grandTotal]).toEqual(["986250.00", "50000.00", "1036250.00", "1036250.00"]);
  });

  it("reads YAML and standard input", () => {
    const yaml = "name: 管道\nservices:\n  - item: 7.2.d\n    personMonths: 2\n";
    // 7.2.d: T2 1.2 × B1 1.0 = 1.2 → 第二档 22500 × 2 = 45000.00
    expect(JSON.parse(govcost(["estimate", file("p.yaml", yaml), "--json"]).out).total).toBe("45000.00");
    expect(JSON.parse(govcost(["estimate", "-", "--json"], yaml).out).total).toBe("45000.00");
  });

  it("rejects a bad budget with exit code 2, every problem located, no stack trace", () => {
    const bad = file("bad.json", JSON.stringify({ name: "x", services: [{ item: "7.2.z", personMonths: -1 }, { item: "7.2.c", personMonths: "1.001", collaboration: "F2" }] }));
    const r = govcost(["estimate", bad]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toContain(`${bad}: 预算文件有 4 处问题`);
    expect(r.err).toContain("services[0].item: 标准中没有服务内容类别“7.2.z”");
    expect(r.err).toContain("services[0].personMonths: 不能为负数");
    expect(r.err).toContain("services[1].personMonths (7.2.c)");
    expect(r.err).toContain("services[1].collaboration (7.2.c): 表4规定该项协同难度“不涉及”");
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it("--json also prints the problems as JSON", () => {
    const r = govcost(["estimate", file("bad2.json", '{"name":"x","services":[{"item":"7.2.b","personMonths":1,"units":3,"collaboration":"F3"}]}'), "--json"]);
    expect(r.code).toBe(2);
    const j = JSON.parse(r.out) as { errors: { code: string; path: string; item: string }[] };
    expect(j.errors).toEqual([expect.objectContaining({ code: "units_collaboration_conflict", path: "services[0].collaboration", item: "7.2.b" })]);
  });

  it("locates malformed JSON and YAML", () => {
    const j = govcost(["estimate", file("m.json", '{\n  "name": "x",\n  "services": [\n}\n')]);
    expect(j.code).toBe(2);
    expect(j.err).toMatch(/JSON），第 4 行/);
    const y = govcost(["estimate", file("m.yaml", "name: x\nservices: [\n")]);
    expect(y.code).toBe(2);
    expect(y.err).toContain("YAML");
  });

  it("says so when the file does not exist", () => {
    const r = govcost(["estimate", "nope.yaml"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("nope.yaml: 文件不存在");
  });

  it("refuses an output it cannot write before reading the budget, in words (not the system's code alone)", () => {
    file("b.json", budget);
    const r = govcost(["estimate", "b.json", "--pdf", "无此目录/报告.pdf"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`无此目录/报告.pdf: 无法写入（目录 ${path.join(cli.dir, "无此目录")} 不存在）`);
    expect(r.out).toBe("");
    const folder = govcost(["estimate", "b.json", "--xlsx", "."]);
    expect(folder.code).toBe(2);
    expect(folder.err).toContain(".: 无法写入（这是一个目录，不是文件）");
  });
});

describe("govcost catalog", () => {
  it("--json lists every item with both methods' prices", () => {
    const r = govcost(["catalog", "--json"]);
    expect(r.code).toBe(0);
    const items = JSON.parse(r.out) as { id: string; prices: (string | null)[] | null; quickPrices: (string | null)[] | null; collaboration: string | null; pricedOutsideFormula: boolean }[];
    expect(items).toHaveLength(78);
    // 7.2.b T2 × B2 = 1.44 → 22500; × F2 1.2 = 1.728 → 28500; × F3 1.5 = 2.16 → 28500. 表B.2 row 20: 22500 / 28500 / 28500
    expect(items.find((i) => i.id === "7.2.b")).toMatchObject({ technical: "T2", business: "B2", collaboration: "variable", prices: ["22500.00", "28500.00", "28500.00"], quickPrices: ["22500.00", "28500.00", "28500.00"] });
    // 8.4.a 不涉及: method 1 only at F1 (T1 × B3 = 1.5 → 22500); B.2 as published: 22500 / 28500 / 28500
    expect(items.find((i) => i.id === "8.4.a")).toMatchObject({ collaboration: "none", prices: ["22500.00", null, null], quickPrices: ["22500.00", "28500.00", "28500.00"] });
    expect(items.find((i) => i.id === "9.2.a")?.quickPrices).toEqual(["28500.00", null, null]);
    expect(items.filter((i) => i.pricedOutsideFormula).map((i) => i.id)).toEqual(["6.1.a", "6.1.b", "6.1.c", "6.1.d"]);
  });

  it("flags the items whose two methods disagree", () => {
    const r = govcost(["catalog"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/8\.4\.a.*⚠ 两法不一致/);
    expect(r.out).toContain("共 6 处");
    expect(r.out).toContain("6.1.a");
  });
});

describe("govcost schema, init and help", () => {
  it("schema prints a JSON Schema", () => {
    const s = JSON.parse(govcost(["schema"]).out) as { $schema: string; properties: Record<string, unknown> };
    expect(s.$schema).toContain("2020-12");
    expect(s.properties.services).toBeDefined();
  });

  it("init writes a commented example that estimates, and never overwrites silently", () => {
    const r = govcost(["init", "mine.yaml"]);
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(cli.dir, "mine.yaml"), "utf8")).toContain("# 人力成本 L");
    const e = govcost(["estimate", "mine.yaml", "--json"]);
    expect(e.code).toBe(0);
    // 684000 + 171000 + 302250 + 270000 = 1427250; T = 94000; C = 1521250.00
    expect(JSON.parse(e.out).total).toBe("1521250.00");
    const again = govcost(["init", "mine.yaml"]);
    expect(again.code).toBe(2);
    expect(again.err).toContain("已存在");
  });

  it.each([[[]], [["estimate"]], [["catalog"]], [["schema"]], [["init"]], [["import"]], [["serve"]], [["backup"]], [["user", "add"]]])("--help for %j", (args) => {
    const r = govcost([...args, "--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Usage: govcost/);
    if (args.length) expect(r.out).toContain("示例");
  });

  it("an unknown command is a usage error", () => {
    const r = govcost(["estimat"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--help");
  });
});
