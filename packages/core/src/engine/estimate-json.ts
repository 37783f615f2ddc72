/**
 * The estimate as JSON: what `govcost estimate --json` prints and `POST /api/estimate` answers.
 * Money is a decimal string with two decimals ("684000.00"); coefficients and workloads are
 * exact decimal strings ("1.728", "6.5").
 */
import { lineJsonText, type Estimate } from "./estimate.js";
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

type Line = Estimate["lines"][number];

/** The fields before and after `lines`, in the order the JSON shows them. */
function jsonParts(e: Estimate, locale: Locale) {
  const coef = memo((d) => d.toString());
  const price = memo(money);
  const head = {
    standard: e.standard,
    name: e.name,
    rateProfile: { custom: e.rateProfile.custom, name: e.rateProfile.name, rates: e.rateProfile.rates.map(money) },
  };
  const line = (l: Line) => ({
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
  });
  const tail = {
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
  return { head, line, tail };
}

export function estimateToJson(e: Estimate, locale: Locale = "zh-CN") {
  const { head, line, tail } = jsonParts(e, locale);
  return { ...head, lines: e.lines.map(line), ...tail };
}

export type EstimateJson = ReturnType<typeof estimateToJson>;

/** The estimate's JSON without its head and lines: levels, Q, S, L, T, C, warnings (cheap for any size). */
export function estimateTotalsJson(e: Estimate, locale: Locale = "zh-CN"): Omit<EstimateJson, "standard" | "name" | "rateProfile" | "lines"> {
  return jsonParts(e, locale).tail;
}

/**
 * `JSON.stringify(estimateToJson(e))`, the same text, made faster. The part of a line that depends
 * only on its item's pricing (item, name, levels, coefficient, tier, unit price and the start of the
 * trail sentence) is serialised once per pricing and reused for every line that shares it; the
 * rest of the line is numbers. A budget's lines share a handful of pricings, so most of the text is
 * copied rather than built. The tests compare the two on random budgets.
 */
export function estimateToJsonText(e: Estimate, locale: Locale = "zh-CN"): string {
  const { head, line, tail } = jsonParts(e, locale);
  const lines = e.lines.map((l) => lineJsonText(l) ?? JSON.stringify(line(l)));
  return `${JSON.stringify(head).slice(0, -1)},"lines":[${lines.join(",")}],${JSON.stringify(tail).slice(1)}`;
}
