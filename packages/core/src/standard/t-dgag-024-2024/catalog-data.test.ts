/**
 * The standard as data, checked twice: against the standard's own text (parsed independently by
 * scripts/extract-standard.mjs from docs/standard/T-DGAG-024-2024.md), and against values read off
 * the published tables by hand.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { extractStandard } from "../../../../../scripts/extract-standard.mjs";
import { T_DGAG_024_2024 as std } from "./index.js";
import type { FormulaItem } from "../types.js";

const specText = readFileSync(new URL("../../../../../docs/standard/T-DGAG-024-2024.md", import.meta.url), "utf8");
const spec = extractStandard(specText);

const formula = std.items.filter((i): i is FormulaItem => i.kind === "formula");

describe("catalogue (sections 6–10) against the standard's text", () => {
  it("has every service type of sections 6–10, in order", () => {
    expect(std.serviceTypes.map((t) => t.id)).toEqual(spec.types.map((t) => t.id));
    expect(std.serviceTypes.map((t) => t.id)).toEqual([
      "6.1", "6.2", "6.3", "7.1", "7.2", "7.3", "7.4", "7.5", "8.1", "8.2", "8.3", "8.4", "8.5", "9.1", "9.2", "9.3", "9.4", "10",
    ]);
  });

  it("has every service item with the levels of its table (表1–表17)", () => {
    for (const type of spec.types) {
      for (const it of type.items) {
        const id = type.id === "10" ? `10.${it.letter}` : `${type.id}.${it.letter}`;
        const item = std.items.find((i) => i.id === id);
        expect(item, id).toBeDefined();
        expect(item?.name).toBe(it.name);
        expect(item?.description).toBe(it.description);
        const lv = type.levels.find((l) => l.letter === it.letter);
        if (type.id === "6.1") {
          expect(item?.kind).toBe("external");
          continue;
        }
        const f = item as FormulaItem;
        expect(lv, id).toBeDefined();
        expect(f.technical).toBe(lv?.technical);
        expect(f.business).toBe(lv?.business);
        expect(f.collaborationRule).toBe(lv?.collaboration === "不涉及" ? "none" : "variable");
      }
    }
    // 4 (6.1) + 5+2 + 5+5+3+4+3 + 3+6+5+5+4 + 3+5+7+7 + 2 = 78 items, 74 of them priced by formula (1).
    expect(std.items).toHaveLength(78);
    expect(formula).toHaveLength(74);
  });

  it("has Table B.2 row by row as published", () => {
    expect(std.quick).toHaveLength(spec.b2.length);
    for (const row of spec.b2) {
      const q = std.quick.find((r) => r.item === row.item);
      expect(q?.row, row.item).toBe(row.row);
      expect(q?.prices.map((p) => (p === null ? "/" : p.toString()))).toEqual(row.prices);
    }
    expect(std.quick).toHaveLength(74);
  });
});

describe("tables read off the standard by hand", () => {
  it("表A.1–A.3 coefficients", () => {
    expect(std.technical.map((r) => `${r.level}=${r.published}`)).toEqual(["T1=1.0", "T2=1.2", "T3=1.5", "T4=2.0"]);
    expect(std.business.map((r) => `${r.level}=${r.published}`)).toEqual(["B1=1.0", "B2=1.2", "B3=1.5", "B4=2.0"]);
    expect(std.collaboration.map((r) => `${r.level}=${r.published}:${r.minUnits}-${r.maxUnits ?? "∞"}`)).toEqual(["F1=1.0:1-1", "F2=1.2:2-5", "F3=1.5:6-∞"]);
  });

  it("表A.4 scale coefficients and inclusive upper bounds", () => {
    expect(std.scale.map((r) => `${r.level}:${r.upTo?.toString() ?? "∞"}=${r.published}`)).toEqual(["S1:5=1.00", "S2:10=0.98", "S3:30=0.96", "S4:50=0.93", "S5:∞=0.90"]);
  });

  it("表B.1 five tiers: tier 1 exactly 1, the others half-open", () => {
    expect(std.tiers.map((t) => `${t.name} ${t.range} ${t.staff}`)).toEqual([
      "第一档 1 初级人员",
      "第二档 (1, 1.5] 中级人员",
      "第三档 (1.5, 2.6] 项目管理人员",
      "第四档 (2.6, 4.1] 高级人员",
      "第五档 (4.1, 6] 专家级人员",
    ]);
    expect(std.defaultRates.rates.map((r) => r.toString())).toEqual(["16500", "22500", "28500", "35000", "46500"]);
  });

  it("spot checks of items and B.2 rows", () => {
    const get = (id: string) => std.items.find((i) => i.id === id) as FormulaItem;
    expect([get("7.2.b").technical, get("7.2.b").business, get("7.2.b").collaborationRule]).toEqual(["T2", "B2", "variable"]);
    expect(get("7.2.b").levelSource).toEqual({ table: "表4", clause: "7.2.2" });
    expect([get("9.4.f").technical, get("9.4.f").business]).toEqual(["T4", "B3"]);
    expect(get("10.b").levelSource).toEqual({ table: "表17", clause: "10.2" });
    expect(get("8.1.a").name).toBe("业务优化与改进");
    const row = (id: string) => std.quick.find((q) => q.item === id);
    expect(row("8.2.d")?.row).toBe(46);
    expect(row("8.2.d")?.prices.map((p) => p?.toString() ?? "/")).toEqual(["35000", "35000", "46500"]);
    expect(row("9.2.a")?.prices.map((p) => p?.toString() ?? "/")).toEqual(["28500", "/", "/"]);
    expect(row("10.b")?.row).toBe(95);
  });

  it("every table names its source in the standard", () => {
    expect(Object.entries(std.sources).map(([k, v]) => `${k}:${v.table ?? "-"}`)).toEqual([
      "technical:表A.1", "business:表A.2", "collaboration:表A.3", "scale:表A.4", "tiers:表B.1", "quick:表B.2", "formulas:-",
    ]);
    expect(std.id).toBe("T/DGAG 024—2024");
    expect([std.issued, std.effective, std.publisher]).toEqual(["2024-04-28", "2024-05-01", "广东省数字政务协会"]);
  });

  it("6.1's four services are listed, priced outside formula (1) by 6.1.2", () => {
    const net = std.items.filter((i) => i.serviceType === "6.1");
    expect(net.map((i) => `${i.id} ${i.name}`)).toEqual(["6.1.a 业务咨询与受理", "6.1.b 设施效能监管与评估", "6.1.c 安全管理", "6.1.d 网络配置和优化"]);
    for (const i of net) {
      expect(i.kind).toBe("external");
      if (i.kind === "external") expect(i.pricing.clause).toBe("6.1.2");
    }
  });
});
