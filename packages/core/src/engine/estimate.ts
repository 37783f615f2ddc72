/**
 * The estimate: 公式(1) C = L + T, 公式(2) L = Σ(P × Q) × S, 公式(3) T = D + E + B.
 * Data in, data out; every figure keeps the trail that produced it.
 */
import { Dec } from "../decimal/dec.js";
import type { Budget, NonLaborPart } from "../budget/budget.js";
import { NON_LABOR_PARTS } from "../budget/budget.js";
import type { Warning, WarningParams } from "../problems/problems.js";
import { indexStandard, type StandardIndex } from "../standard/lookup.js";
import type {
  CategoryId,
  CollaborationLevel,
  FormulaItem,
  PricingMethod,
  RateProfile,
  ScaleRow,
  Standard,
  Tier,
  TierPrices,
  TierRow,
} from "../standard/types.js";
import { fromFen, money, type Money } from "../decimal/money.js";
import { toFen, roundPersonYearsForDisplay, ROUNDING_POLICY } from "../rounding.js";
import { priceByCoefficient, priceByQuick, type Pricing } from "./pricing.js";
import { formatDecimal } from "../format/grouping.js";

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
  tier: TierRow;
  unitPrice: Dec;
  personMonths: Dec;
  /** P × Q, exact. */
  amount: Money;
  /** The other method's unit price, for the cross-check (null where B.2 has "/"). */
  alternativePrice: Dec | null;
  note: string | null;
  /** Where the level table and description of the item are in the standard. */
  source: { levels: string; description: string };
  trace: string;
}

/** 人员级别汇总: formula (2)'s group i of the lines of one tier. */
export interface TierGroup {
  tier: Tier;
  name: string;
  staff: string;
  unitPrice: Dec;
  personMonths: Dec;
  /** Σ P × Q of the tier's lines (before S). */
  amount: Money;
  lines: number;
}

/** The rate profile an estimate used: the standard's own, or the budget's (`custom`). */
export type EstimateRateProfile = Pick<RateProfile, "name" | "rates"> & { custom: boolean };

export interface Estimate {
  standard: { id: string; title: string };
  name: string;
  rateProfile: EstimateRateProfile;
  lines: EstimateLine[];
  /** 人员级别汇总: formula (2)'s m groups of lines by tier (in the JSON: `levels`). */
  tierGroups: TierGroup[];
  personMonths: Dec;
  /** Σ person-months ÷ 12, shown to two decimals. */
  personYears: Dec;
  scale: { level: ScaleRow["level"]; coefficient: Dec; label: string; trace: string };
  /** Σ P × Q. */
  laborSubtotal: Money;
  /** L = toFen(Σ P × Q × S). */
  labor: Money;
  laborTrace: string;
  nonLaborParts: Record<NonLaborPart, Money>;
  nonLaborItems: Budget["nonLabor"];
  /** T = D + E + B. */
  nonLabor: Money;
  /** C = L + T. */
  total: Money;
  external: Budget["external"];
  externalTotal: Money;
  /** C + services priced externally. */
  grandTotal: Money;
  warnings: Warning[];
  roundingPolicy: string;
}

/** 表A.4: scale level from total person-months, thresholds inclusive at 5/10/30/50 person-years. */
export function scaleFor(standard: Standard, personMonths: Dec): ScaleRow {
  const twelve = Dec.fromInt(12);
  for (const row of standard.scale) {
    if (row.upTo === null || personMonths.lte(row.upTo.mul(twelve))) return row;
  }
  throw new RangeError("Table A.4 has no open last row");
}

/**
 * 表A.4 applies one coefficient to the whole of Σ(P×Q), so just past a threshold t a budget costs
 * less than one of exactly t person-months at the same prices: the zone is t < Q ≤ t × S_prev / S.
 * govcost follows formula (2) as written and flags budgets in that zone (decision "scale-cliff").
 */
export function scaleCliff(standard: Standard, row: ScaleRow, personMonths: Dec): WarningParams<"scale_cliff"> | null {
  const i = standard.scale.indexOf(row);
  const prev = standard.scale[i - 1];
  if (i <= 0 || !prev || !prev.upTo) return null;
  const threshold = prev.upTo.mul(Dec.fromInt(12));
  // Q × S ≤ t × S_prev, compared exactly.
  if (personMonths.mul(row.coefficient).gt(threshold.mul(prev.coefficient))) return null;
  const scaleUnits = 10n ** BigInt(row.coefficient.scale);
  const upTo = threshold.mul(prev.coefficient).mul(Dec.fromUnits(scaleUnits, 0)).divIntRoundHalfUp(row.coefficient.units, 2);
  return {
    personMonths: personMonths.toString(),
    threshold: threshold.toString(),
    from: prev.level,
    to: row.level,
    fromCoefficient: prev.published,
    toCoefficient: row.published,
    upTo: upTo.toString(),
  };
}

interface PricingCache {
  get(item: FormulaItem, level: CollaborationLevel, method: PricingMethod): Pricing;
}

function makeCache(index: StandardIndex, rates: TierPrices, custom: boolean): PricingCache {
  // One small slot array per item: [F1 coefficient, F1 quick, F2 coefficient, …].
  const map = new Map<FormulaItem, (Pricing | undefined)[]>();
  return {
    get(item, level, method) {
      let slots = map.get(item);
      if (!slots) {
        slots = new Array<Pricing | undefined>(6);
        map.set(item, slots);
      }
      const k = (level === "F1" ? 0 : level === "F2" ? 2 : 4) + (method === "quick" ? 1 : 0);
      let p = slots[k];
      if (!p) {
        const quick = method === "quick" ? priceByQuick(index, item, level, rates, custom) : null;
        if (method === "quick" && quick === null) throw new RangeError(`quick method not available for ${item.id} ${level}`);
        p = quick ?? priceByCoefficient(index, item, level, rates, custom);
        slots[k] = p;
      }
      return p;
    },
  };
}

/**
 * Prices depend only on the standard, the rates and (item, level, method): they are made once and
 * shared by every estimate under the same rates (a server pricing many small budgets pays for each
 * trail sentence once, not per request).
 */
const CACHES = new WeakMap<Standard, Map<string, PricingCache>>();
const MAX_PROFILES_CACHED = 64;

function sharedCache(index: StandardIndex, rates: TierPrices, custom: boolean): PricingCache {
  let byRates = CACHES.get(index.standard);
  if (!byRates) {
    byRates = new Map();
    CACHES.set(index.standard, byRates);
  }
  const key = `${custom ? "custom" : "standard"}:${rates.map((r) => r.toString()).join(",")}`;
  let cache = byRates.get(key);
  if (!cache) {
    if (byRates.size >= MAX_PROFILES_CACHED) byRates.clear();
    cache = makeCache(index, rates, custom);
    byRates.set(key, cache);
  }
  return cache;
}

/** A validated workload (at most two decimals) in integer hundredths of a person-month. */
function hundredths(d: Dec): bigint {
  return d.atScale(2).units;
}

const SOURCES = new WeakMap<FormulaItem, { levels: string; description: string }>();

function sourceOf(item: FormulaItem): { levels: string; description: string } {
  let source = SOURCES.get(item);
  if (!source) {
    source = { levels: `${item.levelSource.table}（${item.levelSource.clause}）`, description: item.descriptionClause };
    SOURCES.set(item, source);
  }
  return source;
}

/**
 * A priced line. It keeps a reference to the shared pricing of its item and level instead of
 * copies, and composes its trail text when first read: a 100,000-line budget should not pay for
 * 100,000 sentences that nobody prints. (Being a class, it serialises through toJSON; spread it
 * with care.)
 */
class PricedLine implements EstimateLine {
  constructor(
    readonly index: number,
    private readonly catalogItem: FormulaItem,
    private readonly pricing: Pricing,
    readonly collaborationBasis: CollaborationBasis,
    readonly units: number | null,
    readonly personMonths: Dec,
    readonly amount: Money,
    readonly alternativePrice: Dec | null,
    readonly note: string | null,
  ) {}

  get item(): string {
    return this.catalogItem.id;
  }
  get name(): string {
    return this.catalogItem.name;
  }
  get category(): CategoryId {
    return this.catalogItem.category;
  }
  get serviceType(): string {
    return this.catalogItem.serviceType;
  }
  get method(): PricingMethod {
    return this.pricing.method;
  }
  get technical(): FormulaItem["technical"] {
    return this.pricing.technical;
  }
  get business(): FormulaItem["business"] {
    return this.pricing.business;
  }
  get collaboration(): CollaborationLevel {
    return this.pricing.collaboration;
  }
  get technicalCoefficient(): Dec {
    return this.pricing.technicalCoefficient;
  }
  get businessCoefficient(): Dec {
    return this.pricing.businessCoefficient;
  }
  get collaborationCoefficient(): Dec {
    return this.pricing.collaborationCoefficient;
  }
  get coefficient(): Dec {
    return this.pricing.coefficient;
  }
  get tier(): TierRow {
    return this.pricing.tier;
  }
  get unitPrice(): Dec {
    return this.pricing.unitPrice;
  }
  get source(): { levels: string; description: string } {
    return sourceOf(this.catalogItem);
  }
  get trace(): string {
    return `${this.pricing.trace}; ${formatDecimal(this.unitPrice)} 元/人月 × ${formatDecimal(this.personMonths)} 人月 = ${formatDecimal(this.amount, 2)} 元`;
  }

  toJSON(): EstimateLine {
    const out: Record<string, unknown> = {};
    for (const key of LINE_KEYS) out[key] = this[key];
    return out as unknown as EstimateLine;
  }
}

const LINE_KEYS: readonly (keyof EstimateLine)[] = [
  "index", "item", "name", "category", "serviceType", "method", "technical", "business", "collaboration",
  "collaborationBasis", "units", "technicalCoefficient", "businessCoefficient", "collaborationCoefficient",
  "coefficient", "tier", "unitPrice", "personMonths", "amount", "alternativePrice", "note", "source", "trace",
];

/**
 * Price a validated budget. Throws only on a budget that did not pass validateBudget (a bug).
 */
export function estimate(budget: Budget, standard: Standard): Estimate {
  const index = indexStandard(standard);
  const custom = budget.rates !== null;
  const rates: TierPrices = budget.rates ?? standard.defaultRates.rates;
  const cache = sharedCache(index, rates, custom);
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
  // Sums in integer hundredths (workloads) and fen (amounts): exact, and no allocation per line.
  const tierPM = [0n, 0n, 0n, 0n, 0n];
  const tierAmount = [0n, 0n, 0n, 0n, 0n];
  const tierLines = [0, 0, 0, 0, 0];
  let hotlineWarned = false;

  budget.services.forEach((line, i) => {
    const item = index.items.get(line.item);
    if (!item || item.kind !== "formula") throw new RangeError(`services[${i}]: ${line.item} is not priced by formula (1)`);
    let level: CollaborationLevel;
    let basis: CollaborationBasis;
    if (item.collaborationRule === "none") {
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
    if (alternativePrice !== null && alternativePrice !== pricing.unitPrice && !alternativePrice.eq(pricing.unitPrice)) {
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
    if (!hotlineWarned && item.serviceType === "8.5") {
      hotlineWarned = true;
      warnings.push({ code: "hotline_eligibility", path: ["services", i], item: item.id, params: {} });
    }

    // P is whole yuan (validated), Q has at most two decimals: P × Q is exact at the fen.
    const pm = hundredths(line.personMonths);
    const price = pricing.unitPrice.normalize();
    if (price.scale !== 0) throw new RangeError(`unit price ${price.toString()} is not whole yuan`);
    const fen = price.units * pm;
    const amount = fromFen(fen);
    const t = pricing.tier.tier - 1;
    tierPM[t] = (tierPM[t] as bigint) + pm;
    tierAmount[t] = (tierAmount[t] as bigint) + fen;
    (tierLines[t] as number)++;
    lines[i] = new PricedLine(i, item, pricing, basis, line.units, line.personMonths, amount, alternativePrice, line.note);
  });
  const personMonths = Dec.fromUnits(tierPM.reduce((a, b) => a + b, 0n), 2).normalize();
  const subtotal = fromFen(tierAmount.reduce((a, b) => a + b, 0n));

  const tierGroups: TierGroup[] = [];
  for (const tier of standard.tiers) {
    const k = tier.tier - 1;
    if ((tierLines[k] as number) === 0) continue;
    tierGroups.push({
      tier: tier.tier,
      name: tier.name,
      staff: tier.staff,
      unitPrice: rates[k] as Dec,
      personMonths: Dec.fromUnits(tierPM[k] as bigint, 2).normalize(),
      amount: fromFen(tierAmount[k] as bigint),
      lines: tierLines[k] as number,
    });
  }

  const scaleRow = scaleFor(standard, personMonths);
  const cliff = scaleCliff(standard, scaleRow, personMonths);
  if (cliff) warnings.push({ code: "scale_cliff", path: ["services"], params: cliff });
  const personYears = roundPersonYearsForDisplay(personMonths.divIntRoundHalfUp(12n, 4));
  const labor = toFen(subtotal.mul(scaleRow.coefficient));
  const scaleTrace = `Σ工作量 ${formatDecimal(personMonths)} 人月 ÷ 12 = ${formatDecimal(personYears, 2)} 人年 → ${scaleRow.level}（${scaleRow.label}）规模系数 ${scaleRow.published} (表A.4)`;
  const laborTrace = `L = Σ(P×Q) ${formatDecimal(subtotal, 2)} × S ${scaleRow.published} = ${formatDecimal(subtotal.mul(scaleRow.coefficient))} → 四舍五入至分 ${formatDecimal(labor, 2)} 元 (公式(2))`;

  // Non-labor and external amounts are validated to the fen: their sums are exact money.
  const nonLaborParts = {} as Record<NonLaborPart, Money>;
  let nonLaborFen = 0n;
  for (const part of NON_LABOR_PARTS) {
    let s = Dec.ZERO;
    for (const it of budget.nonLabor[part]) s = s.add(it.amount);
    nonLaborParts[part] = money(s);
    nonLaborFen += nonLaborParts[part].units;
  }
  const nonLabor = fromFen(nonLaborFen);

  let externalFen = 0n;
  const lineItems = new Set(budget.services.map((s) => s.item));
  budget.external.forEach((e, i) => {
    externalFen += money(e.amount).units;
    if (lineItems.has(e.item)) warnings.push({ code: "external_and_line", path: ["external", i, "item"], item: e.item, params: { externalIndex: i } });
  });
  const externalTotal = fromFen(externalFen);
  const total = fromFen(labor.units + nonLabor.units);

  return {
    standard: { id: standard.id, title: standard.title },
    name: budget.name,
    rateProfile: { custom, name: custom ? (budget.ratesName ?? "自定义费率方案（表B.1 注2）") : standard.defaultRates.name, rates },
    lines,
    tierGroups,
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
    grandTotal: fromFen(total.units + externalTotal.units),
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
