/** The catalogue as JSON (目录: every item with both methods' unit prices under 表B.1). */
import { catalog, crossCheck, DECISIONS, DEFAULT_STANDARD, type Pricing } from "@govcost/core";

const price = (p: Pricing | null) =>
  p === null
    ? null
    : { collaboration: p.collaboration, coefficient: p.coefficient.toString(), tier: p.tier.tier, tierName: p.tier.name, unitPrice: p.unitPrice.toFixed(2), trace: p.trace };

let cached: unknown;

export function catalogJson(): unknown {
  if (cached) return cached;
  const s = DEFAULT_STANDARD;
  cached = {
    standard: { id: s.id, code: s.code, title: s.title, issued: s.issued, effective: s.effective },
    rateProfile: { id: "standard", name: s.defaultRates.name, rates: s.defaultRates.rates.map((r) => r.toFixed(2)) },
    categories: s.categories,
    serviceTypes: s.serviceTypes,
    items: catalog(s).map((e) => ({
      id: e.item.id,
      name: e.item.name,
      kind: e.item.kind,
      category: e.item.category,
      serviceType: e.item.serviceType,
      description: e.item.description,
      descriptionClause: e.item.descriptionClause,
      ...(e.item.kind === "formula"
        ? { technical: e.item.technical, business: e.item.business, collaboration: e.item.collaboration, levelSource: e.item.levelSource }
        : { pricing: e.item.pricing }),
      prices: e.prices.map(price),
      quickPrices: e.quickPrices.map((q) => (q === null ? null : q.toFixed(2))),
      quickRow: e.quickRow,
      disagreements: e.disagreements,
    })),
    crossCheck: crossCheck(s),
    decisions: DECISIONS,
  };
  return cached;
}
