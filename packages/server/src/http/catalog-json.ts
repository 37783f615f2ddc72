/**
 * The catalogue as JSON, in the shape `govcost catalog --json` prints (packages/cli catalogJson):
 * every item of the standard with its levels (表1–表17), the coefficient-method unit prices for
 * F1–F3 under 表B.1, and 表B.2's published prices. Kept in step with the CLI by a test.
 */
import { catalog, DEFAULT_STANDARD } from "@govcost/core";

const CATEGORY_NAME = new Map(DEFAULT_STANDARD.categories.map((c) => [c.id, c.name]));
const SERVICE_TYPE_NAME = new Map(DEFAULT_STANDARD.serviceTypes.map((t) => [t.id, t.name]));

let cached: unknown;

export function catalogJson(): unknown {
  cached ??= catalog(DEFAULT_STANDARD).map((entry) => {
    const it = entry.item;
    const base = {
      id: it.id,
      name: it.name,
      category: it.category,
      categoryName: CATEGORY_NAME.get(it.category) ?? "",
      serviceType: it.serviceType,
      serviceTypeName: SERVICE_TYPE_NAME.get(it.serviceType) ?? "",
      description: it.description,
      descriptionClause: it.descriptionClause,
    };
    if (it.kind === "outside") {
      return { ...base, technical: null, business: null, collaboration: null, prices: null, quickPrices: null, pricedOutsideFormula: true, pricing: it.pricing };
    }
    return {
      ...base,
      technical: it.technical,
      business: it.business,
      collaboration: it.collaboration,
      levelSource: it.levelSource,
      prices: entry.prices.map((p) => (p ? p.unitPrice.toFixed(2) : null)),
      coefficients: entry.prices.map((p) => (p ? p.coefficient.toString() : null)),
      quickPrices: entry.quickPrices.map((p) => (p ? p.toFixed(2) : null)),
      quickRow: entry.quickRow,
      pricedOutsideFormula: false,
      disagreements: entry.disagreements.map((d) => ({ level: d.level, kind: d.kind, detail: d.detail, resolution: d.resolution })),
    };
  });
  return cached;
}
