import type { CatalogItem, CollaborationLevel, QuickRow, ServiceType, Standard } from "./types.js";

/** Fast lookups over a standard, built once per standard object. */
export interface StandardIndex {
  standard: Standard;
  items: ReadonlyMap<string, CatalogItem>;
  serviceTypes: ReadonlyMap<string, ServiceType>;
  quick: ReadonlyMap<string, QuickRow>;
  /**
   * Items that may be priced externally, not by formula (1): 6.1's network services (6.1.2) and the
   * hotline type kept on its original method (5.1 注, 8.5.2).
   */
  externalItems: ReadonlySet<string>;
  /** 表A.3: number of independent legal entities → collaboration level. */
  levelForUnits(units: number): CollaborationLevel;
}

const cache = new WeakMap<Standard, StandardIndex>();

export function indexStandard(standard: Standard): StandardIndex {
  const hit = cache.get(standard);
  if (hit) return hit;
  const items = new Map(standard.items.map((i) => [i.id, i]));
  const externalItems = new Set(
    standard.items.filter((i) => i.kind === "external" || i.serviceType === "8.5").map((i) => i.id),
  );
  const index: StandardIndex = {
    standard,
    items,
    serviceTypes: new Map(standard.serviceTypes.map((t) => [t.id, t])),
    quick: new Map(standard.quick.map((q) => [q.item, q])),
    externalItems,
    levelForUnits(units: number): CollaborationLevel {
      for (const row of standard.collaboration) {
        if (units >= row.minUnits && (row.maxUnits === null || units <= row.maxUnits)) return row.level;
      }
      throw new RangeError(`units must be ≥ 1, got ${units}`);
    },
  };
  cache.set(standard, index);
  return index;
}
