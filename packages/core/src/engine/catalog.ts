/**
 * The catalogue with prices by both methods, and the cross-check of Table B.2 against the
 * coefficient method. Disagreements are found by computing every item at every collaboration
 * level the tables allow, never from a hand-kept list.
 */
import type { Dec } from "../decimal/dec.js";
import { indexStandard } from "../standard/lookup.js";
import { formatDecimal } from "../format/grouping.js";
import type { CatalogItem, CollaborationLevel, Standard, TierPrices } from "../standard/types.js";
import { COLLABORATION_LEVELS } from "../standard/types.js";
import { priceByCoefficient, priceByQuick, QUICK_COLUMNS, type Pricing } from "./pricing.js";

export type DisagreementKind =
  /** Both methods give a price and the prices differ. */
  | "price"
  /** B.2 prints a price in a column that the item's table excludes (不涉及). */
  | "quick-price-for-not-applicable"
  /** The item's table allows this level, but B.2 prints "/". */
  | "quick-missing";

export interface Disagreement {
  item: string;
  name: string;
  level: CollaborationLevel;
  kind: DisagreementKind;
  coefficientPrice: Dec | null;
  quickPrice: Dec | null;
  quickRow: number | null;
  /** What govcost does about it, in Chinese. */
  resolution: string;
  detail: string;
}

export interface CatalogEntry {
  item: CatalogItem;
  /** Coefficient-method prices for F1, F2, F3; null where the item's table excludes the level. */
  prices: [Pricing | null, Pricing | null, Pricing | null];
  /** Table B.2 as published: F1, F2, F3; null for "/". */
  quickPrices: [Dec | null, Dec | null, Dec | null];
  quickRow: number | null;
  disagreements: Disagreement[];
}

export function catalog(standard: Standard, rates?: TierPrices): CatalogEntry[] {
  const index = indexStandard(standard);
  const r = rates ?? standard.defaultRates.rates;
  const custom = rates !== undefined;
  return standard.items.map((item): CatalogEntry => {
    const row = index.quick.get(item.id) ?? null;
    const quickPrices: CatalogEntry["quickPrices"] = row ? [row.prices[0], row.prices[1], row.prices[2]] : [null, null, null];
    if (item.kind !== "formula") return { item, prices: [null, null, null], quickPrices, quickRow: null, disagreements: [] };
    const prices = COLLABORATION_LEVELS.map((level) =>
      item.collaborationRule === "none" && level !== "F1" ? null : priceByCoefficient(index, item, level, r, custom),
    ) as CatalogEntry["prices"];
    const disagreements: Disagreement[] = [];
    COLLABORATION_LEVELS.forEach((level, col) => {
      const coef = prices[col] ?? null;
      const quickPublished = quickPrices[col] ?? null;
      const quick = quickPublished === null ? null : priceByQuick(index, item, level, r, custom);
      const base = { item: item.id, name: item.name, level, quickRow: row ? row.row : null };
      const column = `${QUICK_COLUMNS[level]}（${level}）`;
      if (coef && quick && !coef.unitPrice.eq(quick.unitPrice)) {
        disagreements.push({
          ...base,
          kind: "price",
          coefficientPrice: coef.unitPrice,
          quickPrice: quick.unitPrice,
          detail: `方法1 ${coef.trace}；表B.2 ${column} 为 ${formatDecimal(quick.unitPrice)} 元/人月`,
          resolution: "默认按方法1（系数法）计价；选用方法2时按表B.2原值计价并给出提示",
        });
      } else if (!coef && quick) {
        disagreements.push({
          ...base,
          kind: "quick-price-for-not-applicable",
          coefficientPrice: null,
          quickPrice: quick.unitPrice,
          detail: `${item.levelSource.table}规定协同难度“不涉及”，表B.2 ${column} 却列有 ${formatDecimal(quick.unitPrice)} 元/人月`,
          resolution: `按${item.levelSource.table}：该项只取 F1，两种方法都不接受 F2/F3`,
        });
      } else if (coef && !quick && level !== "F1") {
        disagreements.push({
          ...base,
          kind: "quick-missing",
          coefficientPrice: coef.unitPrice,
          quickPrice: null,
          detail: `${item.levelSource.table}规定协同难度“根据实际情况确定”，表B.2 ${column} 为“/”；方法1 ${coef.trace}`,
          resolution: "此级别只能用方法1（系数法）计价；选用方法2时报错",
        });
      }
    });
    return { item, prices, quickPrices, quickRow: row ? row.row : null, disagreements };
  });
}

export function crossCheck(standard: Standard): Disagreement[] {
  return catalog(standard).flatMap((e) => e.disagreements);
}
