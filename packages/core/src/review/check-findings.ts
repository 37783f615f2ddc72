/**
 * The findings of a check of a submitted estimate workbook laid out by its department (核查):
 * their fixed codes, severities and sentences. Each sentence says what was stated, what the
 * standard gives and why; the amounts in them are in 元.
 */
import type { Params } from "../problems/codes.js";
import { Dec } from "../decimal/dec.js";
import { formatDecimal } from "../format/grouping.js";
import { clauseEn } from "../standard/clause.js";
import { QUICK_COLUMNS } from "../engine/pricing.js";
import type { CollaborationLevel } from "../standard/types.js";

/**
 * A figure of a sentence grouped (225000.00 → 225,000.00) at the decimals it is written with; the
 * params themselves stay plain, for --json. Anything else (a label, a level) as it is.
 */
const g = (v: unknown): string => {
  const text = String(v);
  const d = /^-?\d+(\.\d+)?$/.test(text) ? Dec.tryParse(text) : null;
  return d ? formatDecimal(d, text.includes(".") ? text.length - text.indexOf(".") - 1 : 0) : text;
};

type Sentence = { zh: (p: Params) => string; en: (p: Params) => string };
const s = (zh: (p: Params) => string, en: (p: Params) => string): Sentence => ({ zh, en });

/**
 * invalid-value: a cell the check needs holds no figure it can read. `field` says which cell,
 * `kind` what is in it (an error value such as #REF!, text that is no number, a negative
 * workload, nothing at all), and the sentence ends with what the check did instead. A sum row
 * (`field` total) is named by its `label` (合计, 小计, 人力成本).
 */
const INVALID_FIELD: Record<string, { zh: string; en: string }> = {
  workload: { zh: "工作量", en: "The workload" },
  price: { zh: "单价", en: "The unit price" },
  amount: { zh: "金额", en: "The amount" },
  units: { zh: "涉及单位数", en: "The number of units" },
};
const INVALID_KIND: Record<string, { zh: (p: Params) => string; en: (p: Params) => string }> = {
  error: { zh: (p) => `显示错误值 ${p.stated}，读不出数字`, en: (p) => ` shows the error value ${p.stated}, not a figure` },
  text: { zh: (p) => `“${p.stated}”不是数字（应填 ${p.allowed}）`, en: (p) => ` "${p.stated}" is not a figure (${p.allowedEn} expected)` },
  negative: { zh: (p) => ` ${p.stated} 为负数`, en: (p) => ` ${p.stated} is negative` },
  missing: { zh: () => "未填", en: () => " is empty" },
};
const INVALID_THEN: Record<string, { zh: string; en: string }> = {
  workload: { zh: "按标准重算时本行工作量计为 0 人月，请补正后再核", en: "the recomputation counts this line at 0 person-months; correct it and check again" },
  price: { zh: "核定金额按标准单价重算，不用此格", en: "the recomputation uses the standard's unit price, not this cell" },
  amount: { zh: "核定金额按工作量和标准单价重算", en: "the recomputation prices the line from its workload and the standard's unit price" },
  units: { zh: "协同难度按所填级别计，未填级别的按 F1 计", en: "the collaboration level stated is used, F1 where none is" },
  total: { zh: "未采用此格，申报金额按各行金额之和计", en: "this cell is not used; the declared total is the sum of the lines" },
};

export const CHECK_FINDING_CODES = [
  "unknown-item",
  "ambiguous-item",
  "level-mismatch",
  "collaboration-not-applicable",
  "collaboration-units-mismatch",
  "coefficient-mismatch",
  "tier-mismatch",
  "unit-price-mismatch",
  "amount-arithmetic",
  "subtotal-arithmetic",
  "total-arithmetic",
  "scale-missing",
  "scale-mismatch",
  "outside-formula",
  "hotline-eligibility",
  "duplicate-item",
  "stale-values",
  "rate-above-standard",
  "rate-profile-named",
  "invalid-value",
  "item-name-mismatch",
  "sheet-not-checked",
] as const;
export type CheckFindingCode = (typeof CHECK_FINDING_CODES)[number];

export const CHECK_SENTENCES: Record<Exclude<CheckFindingCode, "hotline-eligibility" | "duplicate-item">, Sentence> & Record<string, Sentence> = {
  "unknown-item": s(
    (p) => `“${p.stated}”不是标准中的服务内容类别（按编号、名称均未找到）；请按标准服务目录（网页“服务目录”或 govcost catalog）中的编号或名称填写，本行未计入核定金额`,
    (p) => `"${p.stated}" is not a service item of the standard (no id or name matches); use an id or name from the standard's catalogue (the web app's Catalogue, or govcost catalog); the line is left out of the recomputed total`,
  ),
  "ambiguous-item": s(
    (p) =>
      p.several
        ? `一行写了多个服务内容类别（${p.candidates}），无法分出各自的工作量；请每项单列一行，本行未计入核定金额`
        : `“${p.stated}”可对应多个服务内容类别（${p.candidates}）；请写明编号，本行未计入核定金额`,
    (p) =>
      p.several
        ? `one row names several service items (${p.candidates}), so their workloads cannot be told apart; give each its own row; the line is left out of the recomputed total`
        : `"${p.stated}" matches several service items (${p.candidates}); state the id; the line is left out of the recomputed total`,
  ),
  "level-mismatch": s(
    (p) => `${p.item} ${p.name}：申报 ${p.dimension} 为 ${p.stated}，${p.table}规定为 ${p.standard}（难度级别由标准按服务内容类别确定，不能自定）`,
    (p) => `${p.item} ${p.name}: the sheet states ${p.dimension} ${p.stated}, ${clauseEn(String(p.table))} gives ${p.standard} (the levels are fixed by the standard per item)`,
  ),
  // Stated as an F level (error), or as a number of units on an item whose collaboration is 不涉及 (warning: the units are ignored).
  "collaboration-not-applicable": s(
    (p) =>
      p.units !== undefined
        ? `${p.item} ${p.name}：填了涉及单位数 ${p.units}，但${p.table}规定该项协同难度“不涉及”，单位数不影响计价；核定时不用此格，按 F1 计`
        : `${p.item} ${p.name}：申报协同难度 ${p.stated}，但${p.table}规定该项协同难度“不涉及”，只能取 F1`,
    (p) =>
      p.units !== undefined
        ? `${p.item} ${p.name}: the sheet states ${p.units} units, but ${clauseEn(String(p.table))} makes its collaboration "not applicable", so units do not count; the recomputation ignores this cell and uses F1`
        : `${p.item} ${p.name}: the sheet states collaboration ${p.stated}, but ${clauseEn(String(p.table))} makes it "not applicable" (F1 only)`,
  ),
  "collaboration-units-mismatch": s(
    (p) => `${p.item}：申报协同难度 ${p.stated}，而所列涉及单位数 ${p.units} 按表A.3 对应 ${p.standard}`,
    (p) => `${p.item}: the sheet states collaboration ${p.stated}, but ${p.units} units give ${p.standard} by Table A.3`,
  ),
  "coefficient-mismatch": s(
    (p) => `${p.item}：申报运营难度系数 ${p.stated}，而 T×B×F = ${p.product}（${p.trace}，表A.1–A.3）`,
    (p) => `${p.item}: the sheet states a difficulty coefficient of ${p.stated}, T×B×F = ${p.product} (${p.trace}, Tables A.1–A.3)`,
  ),
  "tier-mismatch": s(
    (p) => `${p.item}：申报档位“${p.stated}”，运营难度系数 ${p.coefficient} 按表B.1 属${p.standard}`,
    (p) => `${p.item}: the sheet states tier "${p.stated}", a coefficient of ${p.coefficient} falls in tier ${p.standardTier} by Table B.1`,
  ),
  // Against the rate profile the sheet names (`profile`: its tier's price as row `profileRow` states it),
  // against 表B.2 in a 方法2 sheet (`quickRow`, `level`), else against T×B×F → 表B.1 (`trace`).
  "unit-price-mismatch": s(
    (p) =>
      p.profile !== undefined
        ? `${p.item} ${p.name}：申报单价 ${g(p.stated)} 元/人月，而本表所写费率方案“${p.profile}”的${p.tierName}单价为 ${g(p.standard)} 元/人月（第 ${p.profileRow} 行所列；同一档应为同一单价）；差额 × 工作量 ${g(p.personMonths)} 人月`
        : p.quickRow !== undefined
          ? `${p.item} ${p.name}：申报单价 ${g(p.stated)} 元/人月，按表B.2 第 ${p.quickRow} 行“${QUICK_COLUMNS[p.level as CollaborationLevel] ?? p.level}”列（${p.level}，方法2）应为 ${g(p.standard)} 元/人月（${p.tierName}）；差额 × 工作量 ${g(p.personMonths)} 人月`
          : `${p.item} ${p.name}：申报单价 ${g(p.stated)} 元/人月，按标准应为 ${g(p.standard)} 元/人月（${p.trace}）；差额 × 工作量 ${g(p.personMonths)} 人月`,
    (p) =>
      p.profile !== undefined
        ? `${p.item} ${p.name}: the sheet states ${g(p.stated)} yuan per person-month, but tier ${p.tier} of the rate profile it names ("${p.profile}") is ${g(p.standard)}, as row ${p.profileRow} states (one tier, one price); the difference × ${g(p.personMonths)} person-months`
        : p.quickRow !== undefined
          ? `${p.item} ${p.name}: the sheet states ${g(p.stated)} yuan per person-month, Table B.2 row ${p.quickRow}, column ${p.level} (method 2) gives ${g(p.standard)} (tier ${p.tier}); the difference × ${g(p.personMonths)} person-months`
          : `${p.item} ${p.name}: the sheet states ${g(p.stated)} yuan per person-month, the standard gives ${g(p.standard)} (${p.trace}); the difference × ${g(p.personMonths)} person-months`,
  ),
  // A line with a 规模系数 column of its own (`scale`): its amount is P × Q × S.
  "amount-arithmetic": s(
    (p) =>
      p.scale !== undefined
        ? `金额 ${g(p.stated)} 元不等于本行单价 × 工作量 × 规模系数 ${g(p.price)} × ${g(p.personMonths)} × ${p.scale} = ${g(p.product)} 元`
        : `金额 ${g(p.stated)} 元不等于本行单价 × 工作量 ${g(p.price)} × ${g(p.personMonths)} = ${g(p.product)} 元`,
    (p) =>
      p.scale !== undefined
        ? `the amount ${g(p.stated)} yuan is not this row's unit price × workload × scale coefficient ${g(p.price)} × ${g(p.personMonths)} × ${p.scale} = ${g(p.product)} yuan`
        : `the amount ${g(p.stated)} yuan is not this row's unit price × workload ${g(p.price)} × ${g(p.personMonths)} = ${g(p.product)} yuan`,
  ),
  // The amount of a 小计 (元), or its workload (field workload, in the sheet's 人月 or 人年). `group`: the
  // label of a 合计 that closes one group of lines (a sub-project) in a table with several, summed like a 小计.
  "subtotal-arithmetic": s(
    (p) => {
      const what = p.group !== undefined ? `本组“${p.group}”` : "小计";
      return p.field === "workload"
        ? `${what}的工作量 ${g(p.stated)} ${p.unit}不等于其上各行工作量之和 ${g(p.sum)} ${p.unit}（第 ${p.from}–${p.to} 行）`
        : `${what} ${g(p.stated)} 元不等于其上各行金额之和 ${g(p.sum)} 元（第 ${p.from}–${p.to} 行）`;
    },
    (p) => {
      const what = p.group !== undefined ? `the group's "${p.group}"` : "the subtotal";
      return p.field === "workload"
        ? `the workload of ${what}, ${g(p.stated)} ${p.unitEn}, is not the sum of the rows above, ${g(p.sum)} ${p.unitEn} (rows ${p.from}–${p.to})`
        : `${what} ${g(p.stated)} yuan is not the sum of the rows above, ${g(p.sum)} yuan (rows ${p.from}–${p.to})`;
    },
  ),
  // The amount of a 合计/人力成本/总计 (元), or the workload of a 合计 (field workload), from which 表A.4's S is read.
  "total-arithmetic": s(
    (p) =>
      p.field === "workload"
        ? `“${p.label}”的工作量 ${g(p.stated)} ${p.unit}不等于各行工作量之和 ${g(p.sum)} ${p.unit}；规模系数按总工作量由表A.4 确定，核定时按各行工作量之和计`
        : `“${p.label}” ${g(p.stated)} 元不等于表中各项之和 ${g(p.sum)} 元（${p.how}）`,
    (p) =>
      p.field === "workload"
        ? `the workload of "${p.label}", ${g(p.stated)} ${p.unitEn}, is not the sum of the rows' workloads, ${g(p.sum)} ${p.unitEn}; Table A.4 gives the scale coefficient by the total workload, and the recomputation uses the rows' sum`
        : `"${p.label}" ${g(p.stated)} yuan is not the sum of the table, ${g(p.sum)} yuan (${p.how})`,
  ),
  "scale-missing": s(
    (p) => `总工作量 ${g(p.personMonths)} 人月 = ${g(p.personYears)} 人年，超过 5 人年，按表A.4 应乘规模系数 ${p.level} ${p.coefficient}，申报表未乘规模系数（公式(2)）`,
    (p) => `the workload of ${g(p.personMonths)} person-months (${g(p.personYears)} person-years) exceeds 5 person-years: Table A.4 gives ${p.level} ${p.coefficient}, which the sheet does not apply (formula (2))`,
  ),
  "scale-mismatch": s(
    (p) => `申报规模系数 ${p.stated}，总工作量 ${g(p.personMonths)} 人月 = ${g(p.personYears)} 人年，按表A.4 应为 ${p.level} ${p.coefficient}`,
    (p) => `the sheet applies a scale coefficient of ${p.stated}; ${g(p.personMonths)} person-months (${g(p.personYears)} person-years) give ${p.level} ${p.coefficient} by Table A.4`,
  ),
  "outside-formula": s(
    (p) => `${p.item} ${p.name} 属 6.1 政务网络运营服务，应按网络运营服务商和主管部门的预算标准计价（6.1.2、5.1 注），不按公式(1)的单价 × 工作量；核定时按申报金额列为公式外计价`,
    (p) => `${p.item} ${p.name} is a 6.1 network service, priced by the operators' own budget standards (6.1.2, 5.1 note), not by formula (1); the recomputation keeps its stated amount outside formula (1)`,
  ),
  "stale-values": s(
    (p) => `工作簿中 ${p.count} 个公式单元格的缓存值与公式不符（如 ${p.first}：显示 ${g(p.cached)}，公式算得 ${g(p.computed)}）；文件可能在未重算的情况下被修改，已按公式重算的值核查`,
    (p) => `${p.count} formula cells show values that disagree with their formulas (e.g. ${p.first}: shows ${g(p.cached)}, the formula gives ${g(p.computed)}); the check uses the recalculated values`,
  ),
  "invalid-value": s(
    (p) => `${p.field === "total" ? `“${p.label}”` : (INVALID_FIELD[String(p.field)]?.zh ?? p.field)}${INVALID_KIND[String(p.kind)]?.zh(p) ?? ""}；${INVALID_THEN[String(p.field)]?.zh ?? ""}`,
    (p) => `${p.field === "total" ? `"${p.label}"` : (INVALID_FIELD[String(p.field)]?.en ?? p.field)}${INVALID_KIND[String(p.kind)]?.en(p) ?? ""}; ${INVALID_THEN[String(p.field)]?.en ?? ""}`,
  ),
  "item-name-mismatch": s(
    (p) => `编号 ${p.id} 在标准中是“${p.idName}”，而旁边所填名称“${p.stated}”是 ${p.nameItem}“${p.nameName}”（附录A）；编号与名称所指不是同一服务内容类别，核定时按编号 ${p.id} 计价，请核对应为哪一项`,
    (p) => `the id ${p.id} is "${p.idName}" in the standard, but the name beside it, "${p.stated}", is ${p.nameItem} "${p.nameName}" (Annex A); the id and the name name different items, and the recomputation prices the line as ${p.id}: check which is meant`,
  ),
  "sheet-not-checked": s(
    (p) =>
      `工作表“${p.sheet}”另有一张测算表（表头第 ${p.headerRow} 行，${p.lines} 行服务${p.declared !== undefined ? `，申报 ${g(p.declared)} 元` : ""}），未核查：每个文件只核查一张表，本次核查的是工作表“${p.checked}”，申报与核定金额都不含该表；请用 --map 指定 sheet: ${p.sheet} 另行核查（可先用 --print-map 输出映射，把 sheet 改为该表）`,
    (p) =>
      `the sheet "${p.sheet}" holds another pricing table (header on row ${p.headerRow}, ${p.lines} service rows${p.declared !== undefined ? `, ${g(p.declared)} yuan declared` : ""}) that was not checked: one table is checked per file, here the sheet "${p.checked}", and neither the declared nor the recomputed total includes it; check it with --map naming sheet: ${p.sheet} (--print-map prints a mapping whose sheet can be changed)`,
  ),
  // A rate profile named on the sheet, its prices one per tier and not decreasing: taken as the profile's
  // (the recomputation uses them); `tiers`/`tierNames`, `stated` and `standard` are lists joined by 、.
  "rate-profile-named": s(
    (p) => {
      const stated = String(p.stated).split("、");
      const std = String(p.standard).split("、");
      const list = String(p.tierNames).split("、").map((t, k) => `${t} ${g(stated[k])}（表B.1 ${g(std[k])}）`).join("、");
      return `申报表写明所用费率方案“${p.name}”，各档单价表内一致且逐档不降（元/人月：${list}），核定按该方案的单价计（表B.1 注2）；请核实该方案确为本地区人社部门发布的信息传输、软件和信息技术服务业岗位工资价位，否则按表B.1 计`;
    },
    (p) => {
      const stated = String(p.stated).split("、");
      const std = String(p.standard).split("、");
      const list = String(p.tiers).split("、").map((t, k) => `tier ${t} ${g(stated[k])} (Table B.1 ${g(std[k])})`).join(", ");
      return `the sheet names the rate profile "${p.name}" and uses one price per tier, not decreasing from tier to tier (yuan per person-month: ${list}); the recomputation uses them (Table B.1 note 2): confirm that the profile is the local human-resources authority's published wage level for information technology services, else Table B.1 applies`;
    },
  ),
  "rate-above-standard": s(
    (p) => `${p.lines} 行的单价高于表B.1 对应档位的单价（如 ${p.item}：${g(p.stated)} 元/人月，表B.1 为 ${g(p.standard)} 元/人月），而申报表未写明所用费率方案（表B.1 注2）`,
    (p) => `${p.lines} rows use unit prices above Table B.1 for their tier (e.g. ${p.item}: ${g(p.stated)}, Table B.1 ${g(p.standard)}) and the sheet names no rate profile (Table B.1 note 2)`,
  ),
};
