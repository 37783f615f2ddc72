/**
 * The catalogue as JSON: what `govcost catalog --json` prints and `GET /api/catalog` answers.
 * Every item of sections 6–10 with its levels (表1–表17), the coefficient-method unit prices for
 * F1–F3 (null where the item's table excludes the level), Table B.2 as published (null for "/"),
 * and the places where the two disagree; 6.1's items are marked as priced externally.
 * The field names `collaboration` (the item's collaboration rule) and `pricedOutsideFormula` are
 * part of the published JSON and stay as they are.
 */
import type { Standard } from "../standard/types.js";
import { catalog } from "./catalog.js";
import { money } from "../decimal/money.js";

export function catalogToJson(standard: Standard) {
  const categoryName = new Map(standard.categories.map((c) => [c.id, c.name]));
  const serviceTypeName = new Map(standard.serviceTypes.map((t) => [t.id, t.name]));
  return catalog(standard).map((entry) => {
    const it = entry.item;
    const base = {
      id: it.id,
      name: it.name,
      category: it.category,
      categoryName: categoryName.get(it.category) ?? "",
      serviceType: it.serviceType,
      serviceTypeName: serviceTypeName.get(it.serviceType) ?? "",
      description: it.description,
      descriptionClause: it.descriptionClause,
    };
    if (it.kind === "external") {
      return { ...base, technical: null, business: null, collaboration: null, prices: null, quickPrices: null, pricedOutsideFormula: true, pricing: it.pricing };
    }
    return {
      ...base,
      technical: it.technical,
      business: it.business,
      collaboration: it.collaborationRule,
      levelSource: it.levelSource,
      prices: entry.prices.map((p) => (p ? money(p.unitPrice).toFixed(2) : null)),
      coefficients: entry.prices.map((p) => (p ? p.coefficient.toString() : null)),
      quickPrices: entry.quickPrices.map((p) => (p ? money(p).toFixed(2) : null)),
      quickRow: entry.quickRow,
      pricedOutsideFormula: false,
      disagreements: entry.disagreements.map((d) => ({ level: d.level, kind: d.kind, detail: d.detail, resolution: d.resolution })),
    };
  });
}

export type CatalogJson = ReturnType<typeof catalogToJson>;
