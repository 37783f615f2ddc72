/**
 * Reading the tables of an estimate workbook (labor, non-labor, external) into the budget
 * document, remembering which cell each field came from.
 */
import type ExcelJS from "exceljs";
import { cellAt, formatPath, indexStandard, type CollaborationLevel, type FieldPath, type ProblemList, type Standard } from "@govcost/core";
import type { PART_LABELS} from "./layout.js";
import { colLetter, EXTERNAL_COLUMNS, FIRST_DATA_ROW, LABOR_COLUMNS, NON_LABOR_COLUMNS, SHEET, SUBTOTAL_LABEL, SUMMARY_ROWS, TOTAL_LABEL } from "./layout.js";
import { asText, decimalField, isEmpty, LEVELS, methodOf, readCell, readHeader, type CellRead } from "./read-cells.js";

export interface Located {
  sheet: string;
  cell: string;
}

export interface Ctx {
  standard: Standard;
  problems: ProblemList;
  /** formatPath(path) → cell. */
  cells: Map<string, Located>;
  /** Cells of type "d" by sheet and reference, with their text (exceljs reads them as numbers). */
  dates: Map<string, Map<string, string>>;
  /** "sheet!cell" of each date refused: validation's problem at the same cell is left out. */
  dateRefused: Set<string>;
}

/**
 * A date where a number belongs (t="d", or a number shown in a date format, which exceljs gives
 * as a Date): reported at its cell; the date's text is returned for the document.
 */
export function refuseDate(ctx: Ctx, sheet: string, address: string, c: CellRead): string | undefined {
  const typed = ctx.dates.get(sheet)?.get(address);
  const value = typed ?? (c.value instanceof Date ? c.value.toISOString().slice(0, 10) : undefined);
  if (value === undefined) return undefined;
  ctx.problems.addAt("date_cell", cellAt(sheet, address), { value });
  ctx.dateRefused.add(`${sheet}!${address}`);
  return value;
}

export function at(ctx: Ctx, path: FieldPath, sheet: string, cell: string): void {
  ctx.cells.set(formatPath(path), { sheet, cell });
}

export function readLabor(ws: ExcelJS.Worksheet, ctx: Ctx): Record<string, unknown>[] | null {
  const header = readHeader(ws, LABOR_COLUMNS, ctx.problems);
  if (!header.ok) return null;
  const index = indexStandard(ctx.standard);
  const colOf = (key: string) => header.col.get(key);
  interface Row {
    r: number;
    sortKey: number;
    doc: Record<string, unknown>;
  }
  const rows: Row[] = [];
  let lastKey = -1;
  let sub = 0;
  const get = (row: ExcelJS.Row, key: string): CellRead => {
    const c = colOf(key);
    return c === undefined ? { value: null, formula: false, error: null } : readCell(row.getCell(c));
  };
  const addr = (key: string, r: number) => `${colLetter(colOf(key) ?? 1)}${r}`;
  const last = ws.actualRowCount === 0 ? 0 : ws.rowCount;
  for (let r = FIRST_DATA_ROW; r <= last; r++) {
    const row = ws.getRow(r);
    const first = asText(get(row, "seq")).trim();
    if (first === TOTAL_LABEL) {
      rowsAfterTotal(ws, r, colOf("item") ?? 4, ctx);
      break;
    }
    if (first === SUBTOTAL_LABEL) continue;
    const item = get(row, "item");
    const pm = get(row, "personMonths");
    const units = get(row, "units");
    const collab = get(row, "collaboration");
    const method = get(row, "method");
    const note = get(row, "note");
    if ([item, pm, units, note].every(isEmpty)) continue;

    const keyCell = get(row, "lineKey");
    const key = typeof keyCell.value === "number" && Number.isInteger(keyCell.value) ? keyCell.value : null;
    // A row a reviewer added keeps its place after the row above it.
    let sortKey: number;
    if (key !== null) {
      sortKey = key;
      lastKey = key;
      sub = 0;
    } else sortKey = lastKey + ++sub / 1e6;

    const doc: Record<string, unknown> = {};
    const itemText = asText(item).trim();
    if (itemText !== "") doc.item = itemText;
    if (!isEmpty(pm)) doc.personMonths = refuseDate(ctx, ws.name, addr("personMonths", r), pm) ?? decimalField(pm, 2, false);
    let unitsValue: number | null = null;
    if (!isEmpty(units)) {
      const date = refuseDate(ctx, ws.name, addr("units", r), units);
      if (date !== undefined) doc.units = date;
      else if (typeof units.value === "number") {
        doc.units = units.value;
        unitsValue = units.value;
      } else doc.units = asText(units).trim();
    }

    // Collaboration: a formula follows the units (表A.3); a typed value is the reviewer's (or the budget's) level.
    const stated = asText(get(row, "statedCollaboration")).trim();
    const shown = asText(get(row, "shownCollaboration")).trim();
    const exportedItem = asText(get(row, "exportedItem")).trim();
    if (collab.formula && collab.error === null) {
      if (stated !== "" && unitsValue !== null && Number.isInteger(unitsValue) && unitsValue >= 1) doc.collaboration = index.levelForUnits(unitsValue);
    } else {
      const v = asText(collab).trim().toUpperCase();
      const exported = key !== null && exportedItem !== "";
      if (v !== "" && !(exported && stated === "" && v === shown)) doc.collaboration = LEVELS.includes(v as CollaborationLevel) ? v : asText(collab).trim();
    }
    doc.method = methodOf(asText(method));
    if (!isEmpty(note)) doc.note = typeof note.value === "string" ? note.value : asText(note);

    // Technical and business levels are fixed by the item's table (表1–表17): an edit cannot be priced.
    const catalogItem = index.items.get(itemText);
    if (catalogItem && catalogItem.kind === "formula" && (key === null || exportedItem === itemText)) {
      for (const [k, expected] of [
        ["technical", catalogItem.technical],
        ["business", catalogItem.business],
      ] as const) {
        const v = asText(get(row, k)).trim().toUpperCase();
        if (v !== "" && v !== expected) {
          const { table: source, clause } = catalogItem.levelSource;
          ctx.problems.addAt("level_fixed", cellAt(ws.name, addr(k, r)), { item: catalogItem.id, level: k, expected, value: v, source, clause });
        }
      }
    }
    rows.push({ r, sortKey, doc });
  }
  rows.sort((a, b) => a.sortKey - b.sortKey);
  const out: Record<string, unknown>[] = [];
  rows.forEach((row, i) => {
    const base: FieldPath = ["services", i];
    at(ctx, base, ws.name, addr("item", row.r));
    for (const [field, key] of [
      ["item", "item"],
      ["personMonths", "personMonths"],
      ["units", "units"],
      ["collaboration", "collaboration"],
      ["method", "method"],
      ["note", "note"],
    ] as const) {
      at(ctx, [...base, field], ws.name, addr(key, row.r));
    }
    out.push(row.doc);
  });
  return out;
}

/** Rows typed below the 合计 row would be silently left out of the budget: say so instead. */
function rowsAfterTotal(ws: ExcelJS.Worksheet, totalRow: number, col: number, ctx: Ctx): void {
  for (let r = totalRow + 1; r <= ws.rowCount; r++) {
    if (isEmpty(readCell(ws.getRow(r).getCell(col)))) continue;
    ctx.problems.addAt("row_after_total", cellAt(ws.name, `${colLetter(col)}${r}`), { row: totalRow, label: TOTAL_LABEL });
  }
}

const PART_BY_TEXT: [RegExp, keyof typeof PART_LABELS][] = [
  [/数据产品|^D$/i, "dataProducts"],
  [/设备材料|^E$/i, "equipment"],
  [/业务费|^B$/i, "business"],
];

export function readNonLabor(ws: ExcelJS.Worksheet, ctx: Ctx): Record<string, unknown> | null {
  const header = readHeader(ws, NON_LABOR_COLUMNS, ctx.problems);
  if (!header.ok) return null;
  const col = (key: string) => header.col.get(key) ?? 1;
  const parts: Record<string, Record<string, unknown>[]> = { dataProducts: [], equipment: [], business: [] };
  const last = ws.rowCount;
  for (let r = FIRST_DATA_ROW; r <= last; r++) {
    const row = ws.getRow(r);
    const first = asText(readCell(row.getCell(col("seq")))).trim();
    if (first === TOTAL_LABEL) {
      rowsAfterTotal(ws, r, col("name"), ctx);
      break;
    }
    if (first === SUBTOTAL_LABEL) continue;
    const partCell = readCell(row.getCell(col("part")));
    const name = readCell(row.getCell(col("name")));
    const amount = readCell(row.getCell(col("amount")));
    const note = readCell(row.getCell(col("note")));
    if ([name, amount, note].every(isEmpty)) continue;
    const partText = asText(partCell).trim();
    const part = PART_BY_TEXT.find(([re]) => re.test(partText))?.[1];
    if (!part) {
      ctx.problems.addAt("bad_part", cellAt(ws.name, `${colLetter(col("part"))}${r}`), { value: partText });
      continue;
    }
    const list = parts[part] as Record<string, unknown>[];
    const i = list.length;
    const doc: Record<string, unknown> = {};
    if (!isEmpty(name)) doc.name = asText(name);
    if (!isEmpty(amount)) doc.amount = refuseDate(ctx, ws.name, `${colLetter(col("amount"))}${r}`, amount) ?? decimalField(amount, 2, true);
    if (!isEmpty(note)) doc.note = asText(note);
    list.push(doc);
    const base: FieldPath = ["nonLabor", part, i];
    at(ctx, base, ws.name, `${colLetter(col("name"))}${r}`);
    at(ctx, [...base, "name"], ws.name, `${colLetter(col("name"))}${r}`);
    at(ctx, [...base, "amount"], ws.name, `${colLetter(col("amount"))}${r}`);
    at(ctx, [...base, "note"], ws.name, `${colLetter(col("note"))}${r}`);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parts)) if (v.length) out[k] = v;
  return out;
}

export function readExternal(ws: ExcelJS.Worksheet, ctx: Ctx): Record<string, unknown>[] | null {
  const header = readHeader(ws, EXTERNAL_COLUMNS, ctx.problems);
  if (!header.ok) return null;
  const col = (key: string) => header.col.get(key) ?? 1;
  const out: Record<string, unknown>[] = [];
  for (let r = FIRST_DATA_ROW; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const first = asText(readCell(row.getCell(col("seq")))).trim();
    if (first === TOTAL_LABEL) {
      rowsAfterTotal(ws, r, col("item"), ctx);
      break;
    }
    const cells = { item: readCell(row.getCell(col("item"))), name: readCell(row.getCell(col("name"))), amount: readCell(row.getCell(col("amount"))), basis: readCell(row.getCell(col("basis"))) };
    if (Object.values(cells).every(isEmpty)) continue;
    const doc: Record<string, unknown> = {};
    if (!isEmpty(cells.item)) doc.item = asText(cells.item).trim();
    if (!isEmpty(cells.name)) doc.name = asText(cells.name);
    if (!isEmpty(cells.amount)) doc.amount = refuseDate(ctx, ws.name, `${colLetter(col("amount"))}${r}`, cells.amount) ?? decimalField(cells.amount, 2, true);
    if (!isEmpty(cells.basis)) doc.basis = asText(cells.basis);
    const base: FieldPath = ["external", out.length];
    at(ctx, base, ws.name, `${colLetter(col("item"))}${r}`);
    for (const k of ["item", "name", "amount", "basis"] as const) at(ctx, [...base, k], ws.name, `${colLetter(col(k))}${r}`);
    out.push(doc);
  }
  return out;
}

/** Map a validation problem's field path to the cell it came from: the longest known prefix. */
export function locate(ctx: Ctx, path: FieldPath): Located {
  for (let n = path.length; n >= 0; n--) {
    const hit = ctx.cells.get(formatPath(path.slice(0, n)));
    if (hit) return hit;
  }
  return { sheet: SHEET.summary, cell: `B${SUMMARY_ROWS.name}` };
}
