/**
 * Problems and warnings as sentences, in Chinese (zh-CN, the default) and English.
 */
import { formatPath, type Problem, type ProblemCode, type Warning, type WarningCode } from "./problems.js";

export type Locale = "zh-CN" | "en";

type Params = Readonly<Record<string, string | number>>;
type Render = (p: Params) => string;

const TYPE_ZH: Record<string, string> = {
  number: "数字",
  string: "文本",
  object: "对象",
  array: "数组",
  integer: "整数",
  boolean: "布尔值",
  null: "空值",
  undefined: "空",
};

const zhType = (t: string | number | undefined): string => TYPE_ZH[String(t)] ?? String(t);

const PROBLEMS_ZH: Record<ProblemCode, Render> = {
  syntax: (p) => `文件格式错误（${p.format ?? "JSON/YAML"}）${p.line ? `，第 ${p.line} 行第 ${p.column ?? "?"} 列` : ""}：${p.detail}`,
  not_object: (p) => `预算文件的顶层应为对象（包含 name、services 等字段），实际为${zhType(p.actual)}`,
  wrong_type: (p) => `类型错误：应为${zhType(p.expected)}，实际为${zhType(p.actual)}`,
  required: (p) => `缺少必填字段“${p.field}”`,
  unknown_field: (p) => `未知字段“${p.field}”；允许的字段：${p.allowed}`,
  empty_text: () => "不能为空",
  text_too_long: (p) => `文本过长（最多 ${p.max} 个字符）`,
  not_decimal: (p) => `“${p.value}”不是有效数字；应为非负数，如 24 或 "6.5"`,
  negative: (p) => `不能为负数（${p.value}）；应 ≥ 0`,
  too_precise: (p) => (Number(p.max) === 0 ? `“${p.value}”应为整数（元）` : `“${p.value}”小数位过多；至多 ${p.max} 位小数`),
  too_large: (p) => `数值 ${p.value} 过大；上限为 ${p.max}`,
  bad_rate: (p) => `基准人月费率不能为 ${p.value}；应为正整数（元/人月）`,
  rates_count: (p) => `费率方案 rates 应恰有 5 个档位价格（第一档至第五档，表B.1），实际 ${p.count} 个`,
  unknown_item: (p) => `标准中没有服务内容类别“${p.value}”${p.suggestion ? `；是否应为“${p.suggestion}”？` : ""}（编号形如 7.2.b、10.a，可用 govcost catalog 查看）`,
  outside_formula_item: (p) => `${p.value} 属 6.1 政务网络运营服务，按 ${p.clause} 执行网络运营服务商和主管部门的预算标准，不按公式(1)计价；请列入 external`,
  not_external_item: (p) => `“${p.value}”不能列为公式(1)之外计价的服务；允许：${p.allowed}（6.1.2；5.1 注、8.5.2）`,
  bad_level: (p) => `协同难度级别“${p.value}”无效；应为 F1、F2 或 F3（表A.3）`,
  bad_method: (p) => `计价方法“${p.value}”无效；应为 coefficient（方法1 查系数）或 quick（方法2 速查表B.2）`,
  units_not_integer: (p) => `单位数 units 应为整数，实际为 ${p.value}`,
  units_below_one: (p) => `单位数 units 应 ≥ 1（至少服务使用方本身），实际为 ${p.value}`,
  units_collaboration_conflict: (p) => `单位数 ${p.units} 对应 ${p.implied}（表A.3：1 个单位 F1，2–5 个 F2，6 个及以上 F3），与所填 collaboration ${p.given} 不一致`,
  collaboration_not_applicable: (p) => `${p.table}规定该项协同难度“不涉及”，只能取 F1，不能取 ${p.value}`,
  quick_not_available: (p) => `表B.2（第 ${p.row} 行）在 ${p.level} 列为“/”，不能用方法2（速查表）计价；请改用方法1（coefficient）`,
  too_many: (p) => `条目过多（最多 ${p.max} 条）`,
};

const PROBLEMS_EN: Record<ProblemCode, Render> = {
  syntax: (p) => `malformed ${p.format ?? "JSON/YAML"}${p.line ? ` at line ${p.line}, column ${p.column ?? "?"}` : ""}: ${p.detail}`,
  not_object: (p) => `the budget must be an object (with name, services, …), found ${p.actual}`,
  wrong_type: (p) => `expected ${p.expected}, found ${p.actual}`,
  required: (p) => `missing required field "${p.field}"`,
  unknown_field: (p) => `unknown field "${p.field}"; allowed: ${p.allowed}`,
  empty_text: () => "must not be empty",
  text_too_long: (p) => `text too long (at most ${p.max} characters)`,
  not_decimal: (p) => `"${p.value}" is not a number; expected a non-negative number such as 24 or "6.5"`,
  negative: (p) => `must not be negative (${p.value}); expected ≥ 0`,
  too_precise: (p) => (Number(p.max) === 0 ? `"${p.value}" must be whole yuan` : `"${p.value}" has too many decimals; at most ${p.max}`),
  too_large: (p) => `${p.value} is too large; at most ${p.max}`,
  bad_rate: (p) => `a tier price cannot be ${p.value}; expected a positive whole number of yuan per person-month`,
  rates_count: (p) => `rates must have exactly 5 tier prices (Table B.1), found ${p.count}`,
  unknown_item: (p) => `no service item "${p.value}" in the standard${p.suggestion ? `; did you mean "${p.suggestion}"?` : ""} (ids look like 7.2.b or 10.a; see govcost catalog)`,
  outside_formula_item: (p) => `${p.value} (6.1 network operation) is priced by the operators' budget standards (${p.clause}), not by formula (1); list it under external`,
  not_external_item: (p) => `"${p.value}" cannot be priced outside formula (1); allowed: ${p.allowed}`,
  bad_level: (p) => `collaboration level "${p.value}" is invalid; expected F1, F2 or F3 (Table A.3)`,
  bad_method: (p) => `method "${p.value}" is invalid; expected coefficient or quick`,
  units_not_integer: (p) => `units must be a whole number, found ${p.value}`,
  units_below_one: (p) => `units must be at least 1, found ${p.value}`,
  units_collaboration_conflict: (p) => `${p.units} units means ${p.implied} (Table A.3), but collaboration says ${p.given}`,
  collaboration_not_applicable: (p) => `${p.table} excludes collaboration for this item (不涉及): only F1, not ${p.value}`,
  quick_not_available: (p) => `Table B.2 (row ${p.row}) has "/" for ${p.level}: the quick method cannot price it; use coefficient`,
  too_many: (p) => `too many entries (at most ${p.max})`,
};

const WARNINGS_ZH: Record<WarningCode, Render> = {
  units_on_none_item: (p) => `${p.table}规定该项协同难度“不涉及”，虽填有 ${p.units} 个单位，仍按 F1 计`,
  collaboration_defaulted: (p) => `${p.table}规定该项协同难度“根据实际情况确定”，未填 units 或 collaboration，按 F1（不涉及其他单位）计`,
  methods_disagree: (p) =>
    `两种方法单价不一致（${p.level}）：方法1 系数法 ${p.coefficientPrice} 元/人月，方法2 表B.2 ${p.quickPrice} 元/人月；本行按${p.used === "quick" ? "方法2" : "方法1"}计价`,
  quick_under_rate_profile: (p) => `方法2 在自定义费率方案下：表B.2 所列 ${p.published} 元/人月 对应${p.tier}，按费率方案取 ${p.price} 元/人月`,
  rate_profile: (p) => `已按表B.1 注2 替换基准人月费率${p.name ? `（${p.name}）` : ""}：${p.rates} 元/人月`,
  rates_not_increasing: (p) => `费率方案第${p.tier}档不高于前一档，请核对`,
  zero_workload: () => "工作量为 0，本行金额为 0",
  hotline_eligibility: () =>
    "8.5.2：原则上仅12345政务服务便民热线，以及实行双号并行、设分中心方式保留热线服务的部门可编报政务热线服务预算（国办发〔2020〕53号）",
  external_and_line: () => "同一服务内容既按公式(1)测算又列为公式(1)之外计价，可能重复计费",
  scale_cliff: (p) =>
    `总工作量 ${p.personMonths} 人月刚超过表A.4 的规模分界 ${p.threshold} 人月，规模系数由 ${p.from} ${p.fromCoefficient} 降为 ${p.to} ${p.toCoefficient}，且折扣作用于全部人力成本：工作量在 ${p.threshold}–${p.upTo} 人月之间时，人力成本可能低于恰为 ${p.threshold} 人月时。请核实工作量。`,
};

const WARNINGS_EN: Record<WarningCode, Render> = {
  units_on_none_item: (p) => `${p.table} excludes collaboration for this item: ${p.units} units given, F1 applies`,
  collaboration_defaulted: (p) => `${p.table} leaves collaboration to the project, but neither units nor collaboration is given: F1 assumed`,
  methods_disagree: (p) => `the methods disagree (${p.level}): coefficient ${p.coefficientPrice}, Table B.2 ${p.quickPrice} yuan/person-month; this line uses ${p.used}`,
  quick_under_rate_profile: (p) => `quick method under a custom rate profile: Table B.2's ${p.published} is ${p.tier}, priced at ${p.price}`,
  rate_profile: (p) => `tier prices replaced (B.1 note 2)${p.name ? ` (${p.name})` : ""}: ${p.rates}`,
  rates_not_increasing: (p) => `tier ${p.tier} of the rate profile is not above the one before`,
  zero_workload: () => "zero workload: the line amounts to 0",
  hotline_eligibility: () => "8.5.2: in principle only the 12345 hotline (and departments keeping a hotline under GuoBanFa [2020] No. 53) may budget hotline services",
  external_and_line: () => "the same item is priced both by formula (1) and outside it: possible double counting",
  scale_cliff: (p) =>
    `total workload ${p.personMonths} person-months is just past the Table A.4 threshold of ${p.threshold}: the scale coefficient falls from ${p.fromCoefficient} to ${p.toCoefficient} on the whole labor cost, so between ${p.threshold} and ${p.upTo} person-months the labor cost can be lower than at ${p.threshold}`,
};

export function formatProblem(p: Problem, locale: Locale = "zh-CN"): string {
  return (locale === "en" ? PROBLEMS_EN : PROBLEMS_ZH)[p.code](p.params);
}

export function formatWarning(w: Warning, locale: Locale = "zh-CN"): string {
  return (locale === "en" ? WARNINGS_EN : WARNINGS_ZH)[w.code](w.params);
}

/** One line for a terminal or a log: `budget.yaml: services[2].personMonths (7.2.b): 不能为负数 …` */
export function describeProblem(p: Problem, file?: string, locale: Locale = "zh-CN"): string {
  const where = [file, p.path.length ? formatPath(p.path) : undefined].filter(Boolean).join(": ");
  const item = p.item ? ` (${p.item})` : "";
  return `${where || (locale === "en" ? "(document)" : "(文件)")}${item}: ${formatProblem(p, locale)}`;
}

/** Problems as JSON (CLI --json and the API's 400 answer). */
export function problemsToJson(problems: readonly Problem[], file?: string, locale: Locale = "zh-CN") {
  return problems.map((p) => ({
    code: p.code,
    ...(file ? { file } : {}),
    path: formatPath(p.path),
    item: p.item ?? null,
    message: formatProblem(p, locale),
    params: p.params,
  }));
}
