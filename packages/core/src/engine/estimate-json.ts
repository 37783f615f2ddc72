/**
 * The estimate as JSON: what `govcost estimate --json` prints and `POST /api/estimate` answers.
 * Money is a decimal string with two decimals ("684000.00"); coefficients and workloads are
 * exact decimal strings ("1.728", "6.5").
 */
import type { Estimate } from "./estimate.js";
import type { Dec } from "../decimal/dec.js";
import { formatWarning, type Locale } from "../problems/messages.js";
import { formatPath } from "../problems/problems.js";

const money = (d: { toFixed(n: number): string }): string => d.toFixed(2);

/**
 * Coefficients and unit prices are shared by every line of the same item and level; their text is
 * made once per estimate rather than once per line.
 */
function memo(f: (d: Dec) => string): (d: Dec) => string {
  const cache = new Map<Dec, string>();
  return (d) => {
    let s = cache.get(d);
    if (s === undefined) {
      s = f(d);
      cache.set(d, s);
    }
    return s;
  };
}

export function estimateToJson(e: Estimate, locale: Locale = "zh-CN") {
  const coef = memo((d) => d.toString());
  const price = memo(money);
  return {
    standard: e.standard,
    name: e.name,
    rateProfile: { custom: e.rateProfile.custom, name: e.rateProfile.name, rates: e.rateProfile.rates.map(money) },
    lines: e.lines.map((l) => ({
      item: l.item,
      name: l.name,
      method: l.method,
      technical: l.technical,
      business: l.business,
      collaboration: l.collaboration,
      coefficient: coef(l.coefficient),
      tier: l.tier.tier,
      unitPrice: price(l.unitPrice),
      personMonths: l.personMonths.toString(),
      amount: money(l.amount),
      trace: l.trace,
      units: l.units,
      collaborationBasis: l.collaborationBasis,
      note: l.note,
    })),
    levels: e.tierGroups.map((g) => ({
      tier: g.tier,
      name: g.name,
      staff: g.staff,
      unitPrice: money(g.unitPrice),
      personMonths: g.personMonths.toString(),
      amount: money(g.amount),
      lines: g.lines,
    })),
    personMonths: e.personMonths.toString(),
    personYears: e.personYears.toFixed(2),
    scale: { level: e.scale.level, coefficient: e.scale.coefficient.toFixed(2), label: e.scale.label, trace: e.scale.trace },
    laborSubtotal: money(e.laborSubtotal),
    labor: money(e.labor),
    laborTrace: e.laborTrace,
    nonLaborParts: {
      dataProducts: money(e.nonLaborParts.dataProducts),
      equipment: money(e.nonLaborParts.equipment),
      business: money(e.nonLaborParts.business),
    },
    nonLaborItems: {
      dataProducts: e.nonLaborItems.dataProducts.map((x) => ({ name: x.name, amount: money(x.amount), note: x.note })),
      equipment: e.nonLaborItems.equipment.map((x) => ({ name: x.name, amount: money(x.amount), note: x.note })),
      business: e.nonLaborItems.business.map((x) => ({ name: x.name, amount: money(x.amount), note: x.note })),
    },
    nonLabor: money(e.nonLabor),
    total: money(e.total),
    external: e.external.map((x) => ({ item: x.item, name: x.name, amount: money(x.amount), basis: x.basis })),
    externalTotal: money(e.externalTotal),
    grandTotal: money(e.grandTotal),
    warnings: e.warnings.map((w) => ({
      code: w.code,
      path: formatPath(w.path),
      item: w.item ?? null,
      message: formatWarning(w, locale),
    })),
    roundingPolicy: e.roundingPolicy,
  };
}

export type EstimateJson = ReturnType<typeof estimateToJson>;
