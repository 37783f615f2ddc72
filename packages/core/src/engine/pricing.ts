/**
 * Unit price of a service item by either method of 公式(2) 注:
 *  - 方法1 (coefficient): T × B × F from 表A.1–A.3 → tier of 表B.1 → unit price;
 *  - 方法2 (quick): the price read from 表B.2 by the collaboration column.
 */
import type { Dec } from "../decimal/dec.js";
import type { CollaborationLevel, FormulaItem, PricingMethod, Standard, Tier, TierPrices, TierRow } from "../standard/types.js";
import type { StandardIndex } from "../standard/lookup.js";
import { formatDecimal } from "../format/grouping.js";

export const QUICK_COLUMNS: Readonly<Record<CollaborationLevel, string>> = {
  F1: "本部门",
  F2: "跨2到5个部门",
  F3: "跨5个部门以上",
};

export interface Pricing {
  method: PricingMethod;
  item: string;
  technical: FormulaItem["technical"];
  business: FormulaItem["business"];
  collaboration: CollaborationLevel;
  technicalCoefficient: Dec;
  businessCoefficient: Dec;
  collaborationCoefficient: Dec;
  /** 运营难度系数 T × B × F. */
  coefficient: Dec;
  tier: TierRow;
  unitPrice: Dec;
  /** Table B.2's published price for this column (quick method), or null for "/". */
  quickPublished: Dec | null;
  quickRow: number | null;
  /** The trail of the unit price, e.g. `T3 1.5 × B2 1.2 × F2 1.2 = 2.16 ∈ (1.5, 2.6] → 第三档 28500 元/人月 (表A.1, 表A.2, 表A.3, 表B.1)`. */
  trace: string;
}

/** 表B.1: the tier whose range holds the difficulty coefficient. */
export function tierFor(standard: Standard, coefficient: Dec): TierRow {
  for (const t of standard.tiers) {
    if (t.above === null ? coefficient.eq(t.upTo) : coefficient.gt(t.above) && coefficient.lte(t.upTo)) return t;
  }
  // T × B × F lies in [1, 6] for every level the tables allow; anything else is a bug.
  throw new RangeError(`difficulty coefficient ${coefficient.toString()} outside Table B.1`);
}

/** The tier whose standard (Table B.1) price equals a Table B.2 price. */
export function tierForStandardPrice(standard: Standard, price: Dec): TierRow {
  const i = standard.defaultRates.rates.findIndex((r) => r.eq(price));
  const tier = standard.tiers[i];
  if (i < 0 || !tier) throw new RangeError(`Table B.2 price ${price.toString()} is not a Table B.1 price`);
  return tier;
}

function levelRow<L extends string>(rows: readonly { level: L; coefficient: Dec; published: string }[], level: L) {
  const row = rows.find((r) => r.level === level);
  if (!row) throw new RangeError(`no level ${level}`);
  return row;
}

function rateOf(rates: TierPrices, tier: Tier): Dec {
  return rates[tier - 1] as Dec;
}

function describeProfile(custom: boolean): string {
  return custom ? "; 费率方案" : "";
}

export function priceByCoefficient(index: StandardIndex, item: FormulaItem, level: CollaborationLevel, rates: TierPrices, customRates: boolean): Pricing {
  const std = index.standard;
  const t = levelRow(std.technical, item.technical);
  const b = levelRow(std.business, item.business);
  const f = levelRow(std.collaboration, level);
  const coefficient = t.coefficient.mul(b.coefficient).mul(f.coefficient).normalize();
  const tier = tierFor(std, coefficient);
  const unitPrice = rateOf(rates, tier.tier);
  const range = tier.above === null ? `= ${tier.range}` : `∈ ${tier.range}`;
  const trace =
    `${t.level} ${t.published} × ${b.level} ${b.published} × ${f.level} ${f.published} = ${coefficient.toString()} ${range}` +
    ` → ${tier.name} ${formatDecimal(unitPrice)} 元/人月 (表A.1, 表A.2, 表A.3, 表B.1${describeProfile(customRates)})`;
  const row = index.quick.get(item.id);
  const col = level === "F1" ? 0 : level === "F2" ? 1 : 2;
  return {
    method: "coefficient",
    item: item.id,
    technical: item.technical,
    business: item.business,
    collaboration: level,
    technicalCoefficient: t.coefficient,
    businessCoefficient: b.coefficient,
    collaborationCoefficient: f.coefficient,
    coefficient,
    tier,
    unitPrice,
    quickPublished: row ? (row.prices[col] ?? null) : null,
    quickRow: row ? row.row : null,
    trace,
  };
}

/**
 * 方法2. Table B.2 prints the 2023 Guangdong prices of Table B.1. Under a rate profile
 * (B.1 注2) the printed price is read as the tier it stands for, and the profile's price of that
 * tier applies, so that both methods follow the same profile. Returns null where B.2 has "/".
 */
export function priceByQuick(index: StandardIndex, item: FormulaItem, level: CollaborationLevel, rates: TierPrices, customRates: boolean): Pricing | null {
  const std = index.standard;
  const row = index.quick.get(item.id);
  const col = level === "F1" ? 0 : level === "F2" ? 1 : 2;
  const published = row ? row.prices[col] : null;
  if (!row || published === null || published === undefined) return null;
  const tier = tierForStandardPrice(std, published);
  const unitPrice = rateOf(rates, tier.tier);
  const coef = priceByCoefficient(index, item, level, rates, customRates);
  const trace = customRates
    ? `表B.2 第${row.row}行 ${QUICK_COLUMNS[level]}(${level}) ${formatDecimal(published)} 元/人月 = ${tier.name} → 费率方案 ${tier.name} ${formatDecimal(unitPrice)} 元/人月 (表B.2, 表B.1 注2)`
    : `表B.2 第${row.row}行 ${QUICK_COLUMNS[level]}(${level}) → ${formatDecimal(unitPrice)} 元/人月 (${tier.name}) (表B.2)`;
  return { ...coef, method: "quick", tier, unitPrice, quickPublished: published, quickRow: row.row, trace };
}
