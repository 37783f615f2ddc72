/**
 * The budget file format, defined once: the definition below is read by validateBudget, which
 * reports every problem with its code, field path and service item, and by budgetJsonSchema, which
 * gives the JSON Schema that `govcost schema` prints and the API serves.
 *
 * Why its own few field kinds (./fields.ts) and not zod: the format's checks are mostly the
 * standard's (items, levels, Table B.2) and exact decimals read from their text, which zod would
 * run as custom refinements, and its issues would still have to be turned into our problem codes
 * and paths one by one. Here each kind reads, reports in our codes and describes itself as JSON
 * Schema, in a page of code, and the core's light entry (the CLI's fast start) loads no schema
 * library.
 *
 * Numbers (`personMonths`, `amount`, `rates`) may be JSON numbers or decimal strings. Optional
 * fields accept null as "absent": an empty YAML key (`nonLabor:`) reads as null.
 */
import { Dec } from "../decimal/dec.js";
import { estimate } from "../engine/estimate.js";
import { ProblemList, type FieldPath, type Problem, type ProblemParams } from "../problems/problems.js";
import { indexStandard, type StandardIndex } from "../standard/lookup.js";
import { DEFAULT_STANDARD } from "../standard/registry.js";
import type { CatalogItem, CollaborationLevel, PricingMethod, Standard } from "../standard/types.js";
import { NON_LABOR_PARTS, type Budget, type ExternalItem, type NonLaborItem, type NonLaborPart, type ServiceLine } from "./budget.js";
import { array, at, decimal, object, oneOf, optional, required, shortValue, text, typeName, wholeYuan, type Kind, type ReadContext } from "./fields.js";
import { MAX_NAME, MAX_NONLABOR_ITEMS, MAX_SERVICE_LINES, MAX_TEXT, MAX_TOTAL } from "./limits.js";
import { NumberText } from "./number-text.js";

export { MAX_DECIMAL, readDecimal } from "./fields.js";

export type ValidationResult = { ok: true; budget: Budget } | { ok: false; problems: Problem[] };

/** A service line's item: an item of the standard priced by formula (1). */
const lineItem: Kind<CatalogItem> = {
  read(v, parent, key, ctx) {
    const path = at(parent, key);
    if (typeof v !== "string") return ctx.problems.add("wrong_type", path, { expected: "string", actual: typeName(v) }), null;
    const item = ctx.index.items.get(v);
    if (!item) {
      const suggestion = suggestItem(ctx.index, v);
      ctx.problems.add("unknown_item", path, suggestion ? { value: shortValue(v), suggestion } : { value: shortValue(v) });
      return null;
    }
    if (item.kind === "external") return ctx.problems.add("outside_formula_item", path, { value: item.id, clause: item.pricing.clause }, item.id), null;
    return item;
  },
  schema: (index) => ({ type: "string", enum: [...index.items.values()].filter((i) => i.kind !== "external").map((i) => i.id) }),
};

function suggestItem(index: StandardIndex, value: string): string | undefined {
  // "7.2.B", "7.2b", "7.2.b)" and "10.1.a" are common slips; offer the id they most likely meant.
  const cleaned = value.trim().toLowerCase().replace(/[)）\s]/g, "");
  const m = /^(\d+)(?:\.(\d+))?\.?([a-z])$/.exec(cleaned);
  if (!m) return undefined;
  const candidates = m[2] === undefined ? [`${m[1]}.${m[3]}`] : [`${m[1]}.${m[2]}.${m[3]}`, `${m[1]}.${m[3]}`];
  return candidates.find((c) => index.items.has(c) && c !== value);
}

/** `units`: legal persons involved, a whole number from 1. */
const units: Kind<number> = {
  read(u, parent, key, ctx) {
    if (u instanceof NumberText) {
      // More digits than a double holds: whichever it is, it is not a count of units.
      const d = Dec.tryParse(u.text);
      if (d !== null && d.decimalPlaces() === 0) return ctx.problems.add("too_large", at(parent, key), { value: shortValue(u.text), max: 1_000_000 }, ctx.item), null;
      return ctx.problems.add("units_not_integer", at(parent, key), { value: shortValue(u.text) }, ctx.item), null;
    }
    if (typeof u !== "number") return ctx.problems.add("wrong_type", at(parent, key), { expected: "integer", actual: typeName(u) }, ctx.item), null;
    if (!Number.isInteger(u)) return ctx.problems.add("units_not_integer", at(parent, key), { value: String(u) }, ctx.item), null;
    if (u < 1) return ctx.problems.add("units_below_one", at(parent, key), { value: String(u) }, ctx.item), null;
    if (u > 1_000_000) return ctx.problems.add("too_large", at(parent, key), { value: String(u), max: 1_000_000 }, ctx.item), null;
    return u;
  },
  schema: () => ({ type: "integer", minimum: 1, maximum: 1_000_000 }),
};

const itemText = text(20);
/** An item under `external`: one the standard prices outside formula (1). */
const externalItemId: Kind<string> = {
  read(v, parent, key, ctx) {
    const id = itemText.read(v, parent, key, ctx);
    if (id !== null && !ctx.index.externalItems.has(id)) return ctx.problems.add("not_external_item", at(parent, key), { value: id, allowed: [...ctx.index.externalItems].join(", ") }), null;
    return id;
  },
  schema: (index) => ({ type: "string", enum: [...index.externalItems] }),
};

const serviceLine = object(
  {
    item: required(lineItem, "服务内容类别编号, 如 7.2.b（第10章为 10.a、10.b）"),
    personMonths: required(decimal(), "工作量 Q（人月），≥ 0，至多两位小数"),
    units: optional(units, "涉及的独立法人单位数（表A.3：1 → F1，2–5 → F2，6 及以上 → F3）"),
    collaboration: optional(oneOf(["F1", "F2", "F3"], "bad_level"), "协同难度级别 F1–F3（表A.3）"),
    method: optional(oneOf(["coefficient", "quick"], "bad_method"), "计价方法：coefficient（方法1 查系数，默认）或 quick（方法2 速查表B.2）"),
    note: optional(text(MAX_TEXT), "备注"),
  },
  {
    title: "服务行",
    description: "一条人力成本测算行（公式(2)中的一项 P × Q）",
    itemField: { key: "item", itemOf: (item) => item?.id },
    check: (line, path, ctx) => checkLine(line.item, line.units, line.collaboration, line.method ?? "coefficient", path, ctx),
    build: (line): ServiceLine => ({
      item: line.item.id,
      personMonths: line.personMonths,
      units: line.units,
      collaboration: line.collaboration,
      method: line.method ?? "coefficient",
      note: line.note,
    }),
  },
);

/** Rules that need the item's table (表1–表17, 表A.3, 表B.2). */
function checkLine(item: CatalogItem | null, units: number | null, collaboration: CollaborationLevel | null, method: PricingMethod, path: FieldPath, ctx: ReadContext): void {
  if (!item || item.kind !== "formula") return;
  const implied = units === null ? null : ctx.index.levelForUnits(units);
  if (implied !== null && collaboration !== null && implied !== collaboration) {
    ctx.problems.add("units_collaboration_conflict", [...path, "collaboration"], { units: units as number, implied, given: collaboration }, item.id);
  }
  if (item.collaborationRule === "none" && collaboration !== null && collaboration !== "F1") {
    ctx.problems.add("collaboration_not_applicable", [...path, "collaboration"], { value: collaboration, table: item.levelSource.table }, item.id);
  }
  if (method === "quick") {
    const level: CollaborationLevel = item.collaborationRule === "none" ? "F1" : (collaboration ?? implied ?? "F1");
    const row = ctx.index.quick.get(item.id);
    const col = level === "F1" ? 0 : level === "F2" ? 1 : 2;
    if (!row || row.prices[col] === null) ctx.problems.add("quick_not_available", [...path, "method"], { level, row: row ? row.row : "-" }, item.id);
  }
}

const nonLaborItem = object(
  {
    name: required(text(MAX_NAME, { nonEmpty: true }), "名称"),
    amount: required(decimal(), "金额（元），≥ 0，至多两位小数"),
    note: optional(text(MAX_TEXT), "说明/依据"),
  },
  { title: "非人力成本项", build: (x): NonLaborItem => ({ name: x.name, amount: x.amount, note: x.note }) },
);

const externalItem = object(
  {
    item: required(externalItemId, "6.1.a–6.1.d（政务网络运营服务，6.1.2）或 8.5.a–8.5.d（政务热线沿用原有度量方法，5.1 注、8.5.2）"),
    name: required(text(MAX_NAME, { nonEmpty: true }), "名称"),
    amount: required(decimal(), "金额（元），≥ 0，至多两位小数"),
    basis: required(text(MAX_TEXT, { nonEmpty: true }), "计价依据（所执行的预算标准或原有度量方法）"),
  },
  { title: "公式(1)之外计价的服务", build: (x): ExternalItem => ({ item: x.item, name: x.name, amount: x.amount, basis: x.basis }) },
);

const nonLaborList = array(nonLaborItem, { max: MAX_NONLABOR_ITEMS });

const nonLabor = object(
  {
    dataProducts: optional(nonLaborList, "数据产品费 D"),
    equipment: optional(nonLaborList, "设备材料费 E"),
    business: optional(nonLaborList, "业务费 B"),
  } satisfies Record<NonLaborPart, unknown>,
  { build: (x): Record<NonLaborPart, NonLaborItem[]> => ({ dataProducts: x.dataProducts ?? [], equipment: x.equipment ?? [], business: x.business ?? [] }) },
);

const budgetFormat = object(
  {
    $schema: optional(text(MAX_TEXT), "JSON Schema 地址（编辑器用，忽略）"),
    name: required(text(MAX_NAME, { nonEmpty: true }), "项目名称"),
    ratesName: optional(text(MAX_NAME), "费率方案名称及来源，如“2024年××市人社局工资价位”"),
    rates: optional(array(wholeYuan(), { max: 5, exactly: 5 }), "费率方案（表B.1 注2）：第一档至第五档的基准人月费率（元/人月，整数）；缺省为表B.1"),
    services: required(array(serviceLine, { max: MAX_SERVICE_LINES }), "人力成本测算行"),
    nonLabor: optional(nonLabor, "非人力成本 T = D + E + B（公式(3)）"),
    external: optional(array(externalItem, { max: MAX_NONLABOR_ITEMS }), "公式(1)之外计价的服务：不乘规模系数，计入 grandTotal"),
  },
  {
    title: "govcost 预算文件",
    description: "按 T/DGAG 024—2024 测算系统业务运营服务成本的预算文件",
    build: (b): Budget => ({
      name: b.name,
      rates: b.rates as [Dec, Dec, Dec, Dec, Dec] | null,
      ratesName: b.ratesName,
      services: b.services,
      nonLabor: b.nonLabor ?? { dataProducts: [], equipment: [], business: [] },
      external: b.external ?? [],
    }),
  },
);

/**
 * Validate a parsed budget document. Never throws on any input: every problem is returned,
 * each located by its field path.
 */
export function validateBudget(doc: unknown, standard: Standard): ValidationResult {
  const problems = new ProblemList();
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    problems.add("not_object", [], { actual: typeName(doc) });
    return { ok: false, problems: problems.problems };
  }
  const index = indexStandard(standard);
  const budget = budgetFormat.read(doc, [], undefined, { problems, index, item: undefined });
  if (budget !== null) checkTotals(budget, index, problems);
  return budget === null || problems.size ? { ok: false, problems: problems.problems } : { ok: true, budget };
}

/**
 * Totals stay within MAX_TOTAL, like each amount: beyond it 大写 and a spreadsheet's 15 digits
 * lose the fen. Σ person-months, T and the external services are summed here; Σ P×Q, L and C need
 * the prices, so the budget is priced only when a cheap upper bound (Σ Q × the dearest price the
 * rates allow) could pass the limit.
 */
function checkTotals(budget: Budget, index: StandardIndex, problems: ProblemList): void {
  const max = MAX_TOTAL.toFixed(2);
  const over = (total: ProblemParams<"total_too_large">["total"], path: FieldPath, value: Dec): boolean => {
    if (!value.gt(MAX_TOTAL)) return false;
    problems.add("total_too_large", path, { total, value: value.toFixed(2), max });
    return true;
  };
  let pm = 0n;
  for (const s of budget.services) pm += hundredths(s.personMonths);
  if (over("personMonths", ["services"], Dec.fromUnits(pm, 2))) return;
  let t = 0n;
  for (const part of NON_LABOR_PARTS) for (const x of budget.nonLabor[part]) t += hundredths(x.amount);
  if (over("nonLabor", ["nonLabor"], Dec.fromUnits(t, 2))) return;
  let ext = 0n;
  for (const x of budget.external) ext += hundredths(x.amount);
  if (over("external", ["external"], Dec.fromUnits(ext, 2))) return;
  // Every unit price P is one of the tier prices (both methods end in a tier of 表B.1), and S ≤ 1:
  // Σ P×Q ≤ Σ Q × the highest tier price.
  const rates = budget.rates ?? index.standard.defaultRates.rates;
  let top = 0n;
  for (const r of rates) {
    const h = hundredths(r);
    if (h > top) top = h;
  }
  const bound = Dec.fromUnits(pm * top, 4).add(Dec.fromUnits(t + ext, 2));
  if (!bound.gt(MAX_TOTAL)) return;
  const e = estimate(budget, index.standard);
  if (over("laborSubtotal", ["services"], e.laborSubtotal)) return;
  if (over("labor", ["services"], e.labor)) return;
  if (over("total", [], e.total)) return;
  over("grandTotal", ["external"], e.grandTotal);
}

/** A value of at most two decimals in integer hundredths. */
function hundredths(d: Dec): bigint {
  return d.scale === 2 ? d.units : d.scale === 1 ? d.units * 10n : d.scale === 0 ? d.units * 100n : d.roundHalfUp(2).units;
}

/** JSON Schema (draft 2020-12) of the budget file, from the definition above. */
export function budgetJsonSchema(standard: Standard = DEFAULT_STANDARD): Record<string, unknown> {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://govcost.local/schema/budget.json",
    ...budgetFormat.schema(indexStandard(standard)),
  };
}
