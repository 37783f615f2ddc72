/**
 * The estimate: 公式(1) C = L + T, 公式(2) L = Σ(P × Q) × S, 公式(3) T = D + E + B.
 * Data in, data out; every figure keeps the trail that produced it.
 */
import { Dec } from "../decimal/dec.js";
import type { Budget, NonLaborPart } from "../budget/budget.js";
import { NON_LABOR_PARTS } from "../budget/budget.js";
import type { Warning } from "../problems/problems.js";
import { indexStandard, type StandardIndex } from "../standard/lookup.js";
import type {
  CategoryId,
  CollaborationLevel,
  FormulaItem,
  PricingMethod,
  ScaleRow,
  Standard,
  Tier,
  TierNumber,
} from "../standard/types.js";
import { roundLabor, roundPersonYearsForDisplay, ROUNDING_POLICY } from "../rounding.js";
import { priceByCoefficient, priceByQuick, type Pricing, type Rates } from "./pricing.js";

/** How a line's collaboration level was arrived at. */
export type CollaborationBasis =
  /** 不涉及: F1 by the item's table. */
  | "not-applicable"
  /** From the number of units (表A.3). */
  | "units"
  /** Stated in the budget. */
  | "stated"
  /** 根据实际情况确定 but not stated: F1 assumed (with a warning). */
  | "default";

export interface EstimateLine {
  /** Position in the budget's `services`. */
  index: number;
  item: string;
  name: string;
  category: CategoryId;
  serviceType: string;
  method: PricingMethod;
  technical: FormulaItem["technical"];
  business: FormulaItem["business"];
  collaboration: CollaborationLevel;
  collaborationBasis: CollaborationBasis;
  units: number | null;
  technicalCoefficient: Dec;
  businessCoefficient: Dec;
  collaborationCoefficient: Dec;
  coefficient: Dec;
  tier: Tier;
  unitPrice: Dec;
  personMonths: Dec;
  /** P × Q, exact. */
  amount: Dec;
  /** The other method's unit price, for the cross-check (null where B.2 has "/"). */
  alternativePrice: Dec | null;
  note: string | null;
  /** Where the level table and description of the item are in the standard. */
  source: { levels: string; description: string };
  trace: string;
}

export interface LevelGroup {
  tier: TierNumber;
  name: string;
  staff: string;
  unitPrice: Dec;
  personMonths: Dec;
  /** Σ P × Q of the tier's lines (before S). */
  amount: Dec;
  lines: number;
}

export interface RateProfileUsed {
  custom: boolean;
  name: string;
  rates: Rates;
}

export interface Estimate {
  standard: { id: string; title: string };
  name: string;
  rateProfile: RateProfileUsed;
  lines: EstimateLine[];
  /** Formula (2)'s grouping by staff level (tier), m groups. */
  levels: LevelGroup[];
  personMonths: Dec;
  /** Σ person-months ÷ 12, shown to two decimals. */
  personYears: Dec;
  scale: { level: ScaleRow["level"]; coefficient: Dec; label: string; trace: string };
  /** Σ P × Q. */
  laborSubtotal: Dec;
  /** L = round(Σ P × Q × S). */
  labor: Dec;
  laborTrace: string;
  nonLaborParts: Record<NonLaborPart, Dec>;
  nonLaborItems: Budget["nonLabor"];
  /** T = D + E + B. */
  nonLabor: Dec;
  /** C = L + T. */
  total: Dec;
  external: Budget["external"];
  externalTotal: Dec;
  /** C + services priced outside formula (1). */
  grandTotal: Dec;
  warnings: Warning[];
  roundingPolicy: string;
}

const STANDARD_RATES_NAME = "表B.1 基准人月费率（2023年广东省）";

/** 表A.4: scale level from total person-months, thresholds inclusive at 5/10/30/50 person-years. */
export function scaleFor(standard: Standard, personMonths: Dec): ScaleRow {
  const twelve = Dec.fromInt(12);
  for (const row of standard.scale) {
    if (row.upTo === null || personMonths.lte(row.upTo.mul(twelve))) return row;
  }
  throw new RangeError("Table A.4 has no open last row");
}

interface PricingCache {
  get(item: FormulaItem, level: CollaborationLevel, method: PricingMethod): Pricing;
}

function makeCache(index: StandardIndex, rates: Rates, custom: boolean): PricingCache {
  const map = new Map<string, Pricing>();
  return {
    get(item, level, method) {
      const key = `${item.id}|${level}|${method}`;
      let p = map.get(key);
      if (!p) {
        const quick = method === "quick" ? priceByQuick(index, item, level, rates, custom) : null;
        if (method === "quick" && quick === null) throw new RangeError(`quick method not available for ${item.id} ${level}`);
        p = quick ?? priceByCoefficient(index, item, level, rates, custom);
        map.set(key, p);
      }
      return p;
    },
  };
}

/**
 * Price a validated budget. Throws only on a budget that did not pass validateBudget (a bug).
 */
export function estimate(budget: Budget, standard: Standard): Estimate {
  const index = indexStandard(standard);
  const custom = budget.rates !== null;
  const rates: Rates = budget.rates ?? standard.defaultRates.rates;
  const cache = makeCache(index, rates, custom);
  const warnings: Warning[] = [];

  if (custom) {
    warnings.push({ code: "rate_profile", path: ["rates"], params: { rates: rates.map((r) => r.toString()).join(" / "), name: budget.ratesName ?? "" } });
    for (let i = 1; i < rates.length; i++) {
      if ((rates[i] as Dec).lte(rates[i - 1] as Dec)) {
        warnings.push({ code: "rates_not_increasing", path: ["rates", i], params: { tier: i + 1 } });
        break;
      }
    }
  }

  const lines: EstimateLine[] = new Array<EstimateLine>(budget.services.length);
  const tierPM: Dec[] = [Dec.ZERO, Dec.ZERO, Dec.ZERO, Dec.ZERO, Dec.ZERO];
  const tierAmount: Dec[] = [Dec.ZERO, Dec.ZERO, Dec.ZERO, Dec.ZERO, Dec.ZERO];
  const tierLines = [0, 0, 0, 0, 0];
  let personMonths = Dec.ZERO;
  let subtotal = Dec.ZERO;
  const hotlineWarned = new Set<string>();

  budget.services.forEach((line, i) => {
    const item = index.items.get(line.item);
    if (!item || item.kind !== "formula") throw new RangeError(`services[${i}]: ${line.item} is not priced by formula (1)`);
    let level: CollaborationLevel;
    let basis: CollaborationBasis;
    if (item.collaboration === "none") {
      level = "F1";
      basis = "not-applicable";
      if (line.units !== null && line.units > 1) {
        warnings.push({ code: "units_on_none_item", path: ["services", i, "units"], item: item.id, params: { units: line.units, table: item.levelSource.table } });
      }
    } else if (line.collaboration !== null) {
      level = line.collaboration;
      basis = line.units !== null ? "units" : "stated";
    } else if (line.units !== null) {
      level = index.levelForUnits(line.units);
      basis = "units";
    } else {
      level = "F1";
      basis = "default";
      warnings.push({ code: "collaboration_defaulted", path: ["services", i], item: item.id, params: { table: item.levelSource.table } });
    }

    const pricing = cache.get(item, level, line.method);
    const other = line.method === "quick" ? cache.get(item, level, "coefficient") : priceByQuickCached(cache, index, item, level);
    const alternativePrice = other ? other.unitPrice : null;
    if (alternativePrice !== null && !alternativePrice.eq(pricing.unitPrice)) {
      warnings.push({
        code: "methods_disagree",
        path: ["services", i],
        item: item.id,
        params: {
          used: line.method,
          coefficientPrice: (line.method === "coefficient" ? pricing.unitPrice : alternativePrice).toString(),
          quickPrice: (line.method === "quick" ? pricing.unitPrice : alternativePrice).toString(),
          level,
        },
      });
    }
    if (line.method === "quick" && custom) {
      warnings.push({ code: "quick_under_rate_profile", path: ["services", i, "method"], item: item.id, params: { published: (pricing.quickPublished as Dec).toString(), tier: pricing.tier.name, price: pricing.unitPrice.toString() } });
    }
    if (line.personMonths.isZero()) warnings.push({ code: "zero_workload", path: ["services", i, "personMonths"], item: item.id, params: {} });
    if (item.serviceType === "8.5" && !hotlineWarned.has("8.5")) {
      hotlineWarned.add("8.5");
      warnings.push({ code: "hotline_eligibility", path: ["services", i], item: item.id, params: {} });
    }

    const amount = pricing.unitPrice.mul(line.personMonths);
    const t = pricing.tier.tier - 1;
    tierPM[t] = (tierPM[t] as Dec).add(line.personMonths);
    tierAmount[t] = (tierAmount[t] as Dec).add(amount);
    (tierLines[t] as number)++;
    personMonths = personMonths.add(line.personMonths);
    subtotal = subtotal.add(amount);
    lines[i] = {
      index: i,
      item: item.id,
      name: item.name,
      category: item.category,
      serviceType: item.serviceType,
      method: line.method,
      technical: item.technical,
      business: item.business,
      collaboration: level,
      collaborationBasis: basis,
      units: line.units,
      technicalCoefficient: pricing.technicalCoefficient,
      businessCoefficient: pricing.businessCoefficient,
      collaborationCoefficient: pricing.collaborationCoefficient,
      coefficient: pricing.coefficient,
      tier: pricing.tier,
      unitPrice: pricing.unitPrice,
      personMonths: line.personMonths,
      amount,
      alternativePrice,
      note: line.note,
      source: { levels: `${item.levelSource.table}（${item.levelSource.clause}）`, description: item.descriptionClause },
      trace: `${pricing.trace}; ${pricing.unitPrice.toString()} 元/人月 × ${line.personMonths.toString()} 人月 = ${amount.toFixed(2)} 元`,
    };
  });

  const levels: LevelGroup[] = [];
  for (const tier of standard.tiers) {
    const k = tier.tier - 1;
    if ((tierLines[k] as number) === 0) continue;
    levels.push({
      tier: tier.tier,
      name: tier.name,
      staff: tier.staff,
      unitPrice: rates[k] as Dec,
      personMonths: tierPM[k] as Dec,
      amount: tierAmount[k] as Dec,
      lines: tierLines[k] as number,
    });
  }

  const scaleRow = scaleFor(standard, personMonths);
  const personYears = roundPersonYearsForDisplay(personMonths.divIntRoundHalfUp(12n, 4));
  const labor = roundLabor(subtotal.mul(scaleRow.coefficient));
  const scaleTrace = `Σ工作量 ${personMonths.toString()} 人月 ÷ 12 = ${personYears.toFixed(2)} 人年 → ${scaleRow.level}（${scaleRow.label}）规模系数 ${scaleRow.published} (表A.4)`;
  const laborTrace = `L = Σ(P×Q) ${subtotal.toFixed(2)} × S ${scaleRow.published} = ${subtotal.mul(scaleRow.coefficient).toString()} → 四舍五入至分 ${labor.toFixed(2)} 元 (公式(2))`;

  const nonLaborParts = {} as Record<NonLaborPart, Dec>;
  let nonLabor = Dec.ZERO;
  for (const part of NON_LABOR_PARTS) {
    let s = Dec.ZERO;
    for (const it of budget.nonLabor[part]) s = s.add(it.amount);
    nonLaborParts[part] = s;
    nonLabor = nonLabor.add(s);
  }

  let externalTotal = Dec.ZERO;
  const lineItems = new Set(budget.services.map((s) => s.item));
  budget.external.forEach((e, i) => {
    externalTotal = externalTotal.add(e.amount);
    if (lineItems.has(e.item)) warnings.push({ code: "external_and_line", path: ["external", i, "item"], item: e.item, params: { externalIndex: i } });
  });
  const total = labor.add(nonLabor);

  return {
    standard: { id: standard.id, title: standard.title },
    name: budget.name,
    rateProfile: { custom, name: custom ? (budget.ratesName ?? "自定义费率方案（表B.1 注2）") : STANDARD_RATES_NAME, rates },
    lines,
    levels,
    personMonths,
    personYears,
    scale: { level: scaleRow.level, coefficient: scaleRow.coefficient, label: scaleRow.label, trace: scaleTrace },
    laborSubtotal: subtotal,
    labor,
    laborTrace,
    nonLaborParts,
    nonLaborItems: budget.nonLabor,
    nonLabor,
    total,
    external: budget.external,
    externalTotal,
    grandTotal: total.add(externalTotal),
    warnings,
    roundingPolicy: ROUNDING_POLICY,
  };
}

function priceByQuickCached(cache: PricingCache, index: StandardIndex, item: FormulaItem, level: CollaborationLevel): Pricing | null {
  const row = index.quick.get(item.id);
  const col = level === "F1" ? 0 : level === "F2" ? 1 : 2;
  if (!row || row.prices[col] === null) return null;
  return cache.get(item, level, "quick");
}
