/** What every section of the report reads: the estimate, the standard, the shown figures, and lookups into them. */
import type { Estimate, FormulaItem, Standard, StandardIndex } from "@govcost/core";
import { fig, type Figure, type ShownFigures } from "./figures.js";
import { ReportError } from "./errors.js";

export interface Ctx {
  e: Estimate;
  std: Standard;
  f: ShownFigures;
  index: StandardIndex;
}

export function levelRow<R extends { level: string; published: string; note: string }>(rows: readonly R[], level: string): R {
  const row = rows.find((r) => r.level === level);
  if (!row) throw new ReportError("bad_estimate", `测算结果中的级别“${level}”不在所用标准的系数表中；请用同一标准重新测算。`);
  return row;
}

export function formulaItem(ctx: Ctx, id: string): FormulaItem {
  const item = ctx.index.items.get(id);
  if (!item || item.kind !== "formula") {
    throw new ReportError("bad_estimate", `测算结果中的服务内容类别“${id}”不在所用标准（${ctx.std.id}）中；请用同一标准重新测算。`);
  }
  return item;
}

export function money(ctx: Ctx, f: Figure): string {
  return fig(f, ctx.f.places);
}

export function categoryName(std: Standard, id: string): string {
  return std.categories.find((c) => c.id === id)?.name ?? id;
}

export function serviceTypeName(std: Standard, id: string): string {
  return std.serviceTypes.find((t) => t.id === id)?.name ?? id;
}
