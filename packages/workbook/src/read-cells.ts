/** Reading cells of an estimate workbook: the value a cell shows, headers found by their text, the meta sheet. */
import type ExcelJS from "exceljs";
import { cellAt, Dec, type ProblemList } from "@govcost/core";
import { colLetter, HEADER_ROW, METHOD_LABELS, normalizeHeader, SHEET, type ColumnDef } from "./layout.js";
import type { CollaborationLevel } from "@govcost/core";

export type Raw = string | number | boolean | Date | null;

export interface CellRead {
  value: Raw;
  formula: boolean;
  error: string | null;
}

/** The value a cell shows: a formula's cached result, rich text joined, hyperlinks as their text. */
export function readCell(cell: ExcelJS.Cell): CellRead {
  const v = cell.value as unknown;
  if (v === null || v === undefined) return { value: null, formula: false, error: null };
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v instanceof Date) return { value: v, formula: false, error: null };
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if ("formula" in o || "sharedFormula" in o) {
      const res = o.result;
      if (res && typeof res === "object" && !(res instanceof Date) && "error" in res) return { value: null, formula: true, error: String((res as { error: unknown }).error) };
      return { value: (res ?? null) as Raw, formula: true, error: null };
    }
    if ("error" in o) return { value: null, formula: false, error: String(o.error) };
    if (Array.isArray(o.richText)) return { value: (o.richText as { text?: string }[]).map((t) => t.text ?? "").join(""), formula: false, error: null };
    if ("text" in o) return { value: String(o.text), formula: false, error: null };
  }
  return { value: String(v), formula: false, error: null };
}

export function asText(c: CellRead): string {
  if (c.error) return c.error;
  if (c.value === null) return "";
  if (c.value instanceof Date) return c.value.toISOString().slice(0, 10);
  return String(c.value);
}

export const isEmpty = (c: CellRead): boolean => c.error === null && (c.value === null || (typeof c.value === "string" && c.value.trim() === ""));

/** A number cell for the document: a decimal string where it is one, the raw text otherwise (validation says what is wrong). */
export function decimalField(c: CellRead, places: number, fixed: boolean): unknown {
  if (c.error) return c.error;
  if (typeof c.value === "number") {
    const d = Dec.tryFromNumber(c.value);
    if (d === null) return String(c.value);
    return fixed && d.decimalPlaces() <= places ? d.toFixed(places) : d.toString();
  }
  if (typeof c.value === "string") return c.value.trim();
  if (c.value instanceof Date) return c.value.toISOString();
  return c.value;
}


export interface HeaderMap {
  col: Map<string, number>;
  ok: boolean;
}

/** Find the table's columns by their header text (a reviewer may have inserted a column). */
export function readHeader(ws: ExcelJS.Worksheet, columns: readonly ColumnDef[], problems: ProblemList): HeaderMap {
  const row = ws.getRow(HEADER_ROW);
  const byText = new Map<string, number>();
  const reported = new Set<string>();
  let ok = true;
  const width = Math.max(ws.columnCount, columns.length);
  for (let c = 1; c <= width; c++) {
    const cell = row.getCell(c);
    if (cell.isMerged) {
      const master = cell.master.address;
      if (!reported.has(master)) {
        reported.add(master);
        const range = mergeRangeOf(ws, master);
        problems.addAt("merged_header", cellAt(ws.name, master), { range });
        ok = false;
      }
    }
    const t = normalizeHeader(asText(readCell(cell)));
    if (t && !byText.has(t)) byText.set(t, c);
  }
  const col = new Map<string, number>();
  columns.forEach((def, i) => {
    const c = byText.get(normalizeHeader(def.header));
    if (c !== undefined) col.set(def.key, c);
    else if (def.required) {
      problems.addAt("missing_header", cellAt(ws.name, `${colLetter(i + 1)}${HEADER_ROW}`), { header: def.header, row: HEADER_ROW });
      ok = false;
    }
  });
  return { col, ok };
}

function mergeRangeOf(ws: ExcelJS.Worksheet, master: string): string {
  const merges = (ws.model as unknown as { merges?: string[] }).merges ?? [];
  return merges.find((m) => m.split(":")[0] === master) ?? master;
}

export type Meta = Map<string, string>;

export function readMeta(wb: ExcelJS.Workbook): Meta {
  const meta: Meta = new Map();
  const ws = wb.getWorksheet(SHEET.meta);
  if (!ws) return meta;
  ws.eachRow((row) => {
    const k = asText(readCell(row.getCell(1)));
    if (k) meta.set(k, asText(readCell(row.getCell(2))));
  });
  return meta;
}

export const LEVELS: readonly CollaborationLevel[] = ["F1", "F2", "F3"];

export function methodOf(text: string): string {
  const t = normalizeHeader(text);
  if (t === "" || t === normalizeHeader(METHOD_LABELS.coefficient) || t === "方法1" || t === "系数法" || t === "coefficient") return "coefficient";
  if (t === normalizeHeader(METHOD_LABELS.quick) || t === "方法2" || t === "速查表" || t === "quick") return "quick";
  return text;
}
