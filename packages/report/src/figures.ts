/**
 * The figures as the report shows them, in yuan or in 万元, computed once so that every table,
 * sentence and chart prints the same number for the same thing, and shown parts add up to
 * shown totals (see ./distribute.ts).
 */
import { Dec, formatDecimal, toWan, type Estimate, type MoneyUnit, type NonLaborPart, NON_LABOR_PARTS } from "@govcost/core";
import { distributeRounded } from "./distribute.js";

/** A figure as displayed, and whether the largest-remainder rule moved it off its own rounding. */
export interface Figure {
  value: Dec;
  adjusted: boolean;
}

export interface GroupFigure {
  key: string;
  label: string;
  exact: Dec;
  shown: Figure;
}

export interface ShownFigures {
  unit: MoneyUnit;
  /** Decimals shown: 2 in yuan, 4 (or 2) in 万元. */
  places: number;
  unitLabel: string;
  grandTotal: Figure;
  total: Figure;
  labor: Figure;
  nonLabor: Figure;
  parts: Record<NonLaborPart, Figure>;
  partItems: Record<NonLaborPart, Figure[]>;
  externalTotal: Figure;
  external: Figure[];
  subtotal: Figure;
  lines: Figure[];
  tierGroups: Figure[];
  categories: GroupFigure[];
  serviceTypes: GroupFigure[];
  /** Human names of the figures that were adjusted, in order of appearance. */
  adjusted: string[];
}

export const NON_LABOR_LABELS: Readonly<Record<NonLaborPart, { name: string; symbol: string }>> = {
  dataProducts: { name: "数据产品费", symbol: "D" },
  equipment: { name: "设备材料费", symbol: "E" },
  business: { name: "业务费", symbol: "B" },
};

export function computeFigures(
  e: Estimate,
  unit: MoneyUnit,
  places: number,
  names: { category(id: string): string; serviceType(id: string): string },
): ShownFigures {
  const conv = (d: Dec): Dec => (unit === "wan" ? toWan(d) : d);
  const adjusted: string[] = [];
  const split = (exact: readonly Dec[], labels: readonly string[], target?: Figure): { total: Figure; parts: Figure[] } => {
    const d = distributeRounded(exact.map(conv), places, target?.value);
    const parts = d.parts.map((value, i) => {
      const a = d.adjusted[i] as boolean;
      if (a) adjusted.push(labels[i] as string);
      return { value, adjusted: a };
    });
    return { total: target ?? { value: d.total, adjusted: false }, parts };
  };

  const hasExternal = e.external.length > 0;
  let grandTotal: Figure;
  let total: Figure;
  let externalTotal: Figure;
  if (hasExternal) {
    const top = split([e.total, e.externalTotal], ["总成本 C", "公式(1)之外计价的服务合计"]);
    grandTotal = top.total;
    total = top.parts[0] as Figure;
    externalTotal = top.parts[1] as Figure;
  } else {
    total = { value: conv(e.total).roundHalfUp(places), adjusted: false };
    grandTotal = total;
    externalTotal = { value: Dec.ZERO.roundHalfUp(places), adjusted: false };
  }
  const c = split([e.labor, e.nonLabor], ["人力成本 L", "非人力成本 T"], total);
  const labor = c.parts[0] as Figure;
  const nonLabor = c.parts[1] as Figure;
  const t = split(
    NON_LABOR_PARTS.map((p) => e.nonLaborParts[p]),
    NON_LABOR_PARTS.map((p) => `${NON_LABOR_LABELS[p].name} ${NON_LABOR_LABELS[p].symbol}`),
    nonLabor,
  );
  const parts = {} as Record<NonLaborPart, Figure>;
  const partItems = {} as Record<NonLaborPart, Figure[]>;
  NON_LABOR_PARTS.forEach((p, i) => {
    parts[p] = t.parts[i] as Figure;
    const items = e.nonLaborItems[p];
    partItems[p] = split(
      items.map((x) => x.amount),
      items.map((x, k) => `${NON_LABOR_LABELS[p].name}第${k + 1}项“${x.name}”`),
      parts[p],
    ).parts;
  });
  const external = split(
    e.external.map((x) => x.amount),
    e.external.map((x) => `公式(1)之外计价“${x.name}”`),
    externalTotal,
  ).parts;

  const lineSplit = split(
    e.lines.map((l) => l.amount),
    e.lines.map((l, i) => `测算表第${i + 1}行（${l.item} ${l.name}）金额`),
  );
  const subtotal = lineSplit.total;
  const tierGroups = split(
    e.tierGroups.map((g) => g.amount),
    e.tierGroups.map((g) => `${g.name}（${g.staff}）小计`),
    subtotal,
  ).parts;

  const group = (keyOf: (i: number) => string, order: readonly string[], label: (k: string) => string, kind: string): GroupFigure[] => {
    const sums = new Map<string, Dec>(order.map((k) => [k, Dec.ZERO]));
    e.lines.forEach((l, i) => {
      const k = keyOf(i);
      sums.set(k, (sums.get(k) ?? Dec.ZERO).add(l.amount));
    });
    const keys = [...sums.keys()];
    const exact = keys.map((k) => sums.get(k) as Dec);
    const shown = split(exact, keys.map((k) => `图表“${kind}”中 ${label(k)}`), subtotal).parts;
    return keys.map((k, i) => ({ key: k, label: label(k), exact: exact[i] as Dec, shown: shown[i] as Figure }));
  };
  const categories = group((i) => (e.lines[i] as Estimate["lines"][number]).category, ["6", "7", "8", "9", "10"], names.category, "按类别");
  const typeOrder = [...new Set(e.lines.map((l) => l.serviceType))].sort(compareClause);
  const serviceTypes = group((i) => (e.lines[i] as Estimate["lines"][number]).serviceType, typeOrder, (k) => `${k} ${names.serviceType(k)}`, "按服务类型");

  return {
    unit,
    places,
    unitLabel: unit === "wan" ? "万元" : "元",
    grandTotal,
    total,
    labor,
    nonLabor,
    parts,
    partItems,
    externalTotal,
    external,
    subtotal,
    lines: lineSplit.parts,
    tierGroups,
    categories,
    serviceTypes,
    adjusted,
  };
}

/** "7.10" after "7.2": compare clause numbers part by part. */
export function compareClause(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/** A shown figure as text, with ※ where the largest-remainder rule adjusted it. */
export function fig(f: Figure, places: number): string {
  return formatDecimal(f.value, places) + (f.adjusted ? '<sup class="adj" title="尾数已调整">※</sup>' : "");
}
