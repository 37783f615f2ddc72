/**
 * Finding the pricing table in a department's own 测算表: the sheet and header row (under title
 * rows, over two merged rows, repeated on later pages), the columns by their header text, the
 * money unit (元 or 万元) and the rows (services, subtotals, totals; blank rows and notes skipped).
 */
import type ExcelJS from "exceljs";
import { Dec } from "@govcost/core";
import { readCell } from "../read-cells.js";
import { SHEET } from "../layout.js";
import { CHECK_FIELDS, fieldOfHeader, readHeaderText, summaryKind, type CheckField, type SummaryKind } from "./headers.js";
import { colLetters, colNumber, evaluateFormula, UNKNOWN, type CellValue } from "./formula.js";

/** A cell as the check sees it: its text, its number (exact), its formula. */
export interface GridCell {
  text: string;
  num: Dec | null;
  formula: string | null;
  /** An error value (#REF!, #DIV/0!): the cell shows no figure. Its text is the same. */
  error?: string;
  /** A formula cell's cached value disagreed with its formula (the recalculated value is in num). */
  stale?: { cached: string };
}

/**
 * A sheet's cells. Only the cells that exist are walked (rowNumbers, colsOf): a sheet may
 * reach column XFD and row 250,000 with a handful of cells, and its rectangle is billions of
 * cells.
 */
export interface Grid {
  name: string;
  /** The last row that has cells. */
  rows: number;
  cell(col: number, row: number): GridCell | undefined;
  /** The rows that have cells, ascending. */
  rowNumbers: readonly number[];
  /** The columns that have cells in row `row`, ascending. */
  colsOf(row: number): readonly number[];
}

/** How a sheet's table was (or is to be) read: what `--print-map` prints and `--map` gives. */
export interface CheckMap {
  sheet: string;
  headerRow: number;
  /** The first row of data (after a two-row header, headerRow + 2). */
  firstRow: number;
  columns: Partial<Record<CheckField, string>>;
  /** The amounts' unit. */
  unit: "yuan" | "wan";
  /** The workload column counts 人年 (工作量（人年）): × 12 to the standard's 人月. Absent: 人月. */
  workloadUnit?: "month" | "year";
  /** The unit price column is in 万元/人月 (人月单价（万元）). Absent: 元, or 万元 where a price in a 万元 sheet is below 1,000. */
  priceUnit?: "yuan" | "wan";
}

const EMPTY: GridCell = { text: "", num: null, formula: null };

/**
 * A figure written as text: full-width digits, thousands separators, a currency sign (￥, ¥) and
 * the unit the standard counts in (元, 元/人月, 人月) are read; anything else (8人年, 三十, a date)
 * is not a figure.
 */
export function numberOf(text: string): Dec | null {
  const t = text
    .normalize("NFKC")
    .replace(/[,，\s]/g, "")
    .replace(/^[￥¥]/, "")
    .replace(/(元\/人月|元|人月)$/, "");
  if (!/^-?\d+(\.\d+)?$/.test(t)) return null;
  return Dec.tryParse(t);
}

/** The sheet's cells, with formulas recalculated where the cached value disagrees. */
export function gridOf(ws: ExcelJS.Worksheet): Grid & { stale: { address: string; cached: string; computed: string }[] } {
  const data = new Map<number, GridCell>();
  const key = (c: number, r: number) => r * 16384 + c;
  const formulas: number[] = [];
  const rowNumbers: number[] = [];
  const colsByRow = new Map<number, number[]>();
  // exceljs walks rows and their cells in order: the lists come out ascending.
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    const cols: number[] = [];
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      const read = readCell(cell);
      const formula = read.formula ? (cell.formula ?? null) : null;
      let num: Dec | null = null;
      if (typeof read.value === "number") num = Dec.tryFromNumber(read.value);
      else if (typeof read.value === "string") num = numberOf(read.value);
      const text = read.error ?? (read.value === null ? "" : read.value instanceof Date ? read.value.toISOString().slice(0, 10) : String(read.value));
      data.set(key(c, r), { text, num, formula: formula ? String(formula) : null, ...(read.error !== null ? { error: read.error } : {}) });
      if (formula) formulas.push(key(c, r));
      cols.push(c);
    });
    if (cols.length) {
      rowNumbers.push(r);
      colsByRow.set(r, cols);
    }
  });
  const colsOf = (r: number): readonly number[] => colsByRow.get(r) ?? [];

  const stale: { address: string; cached: string; computed: string }[] = [];
  // Recalculate formula cells (in row order, so references above are settled first). A cell is
  // "busy" while its own formula is evaluated: meeting it again is a circular reference.
  const state = new Map<number, "busy" | "done">();
  const valueAt = (c: number, r: number, depth: number): CellValue => {
    const k = key(c, r);
    const g = data.get(k);
    if (!g) return null;
    if (g.error !== undefined) return UNKNOWN;
    if (g.formula !== null) {
      const st = state.get(k);
      if (st === "busy") return UNKNOWN;
      if (st === undefined && depth < 50) {
        state.set(k, "busy");
        const v = evaluateFormula(g.formula, lookup(depth + 1));
        state.set(k, "done");
        if (v !== null) {
          if (g.num === null && g.text === "") {
            g.num = v;
            g.text = v.toString();
          } else if (g.num !== null && !near(g.num, v)) {
            stale.push({ address: `${colLetters(c)}${r}`, cached: g.num.toString(), computed: v.roundHalfUp(2).toString() });
            g.stale = { cached: g.num.toString() };
            g.num = v;
            g.text = v.toString();
          }
        }
      }
      // A formula with neither a value of its own nor one worked out here: cannot say.
      if (g.num === null && g.text === "") return UNKNOWN;
    }
    return g.num;
  };
  const lookup = (depth: number) => ({
    cell: (c: number, r: number) => valueAt(c, r, depth),
    range: (c1: number, r1: number, c2: number, r2: number) => {
      const [top, bottom] = r1 <= r2 ? [r1, r2] : [r2, r1];
      const [left, right] = c1 <= c2 ? [c1, c2] : [c2, c1];
      const out: CellValue[] = [];
      for (const r of rowNumbers) {
        if (r < top) continue;
        if (r > bottom) break;
        for (const c of colsOf(r)) {
          if (c < left) continue;
          if (c > right) break;
          out.push(valueAt(c, r, depth));
        }
      }
      return out;
    },
  });
  for (const k of formulas.sort((a, b) => a - b)) valueAt(k % 16384, Math.floor(k / 16384), 0);
  stale.sort((a, b) => rowOf(a.address) - rowOf(b.address));
  return { name: ws.name, rows: rowNumbers[rowNumbers.length - 1] ?? 0, cell: (c, r) => data.get(key(c, r)), rowNumbers, colsOf, stale };
}

const rowOf = (address: string) => Number(/\d+/.exec(address)?.[0] ?? 0);

/** Cached values are binary floats: within half a fen of the exact value is the same value. */
function near(a: Dec, b: Dec): boolean {
  return a.sub(b).isNegative() ? b.sub(a).lte(Dec.parse("0.005")) : a.sub(b).lte(Dec.parse("0.005"));
}

const text = (g: Grid, c: number, r: number) => (g.cell(c, r) ?? EMPTY).text.trim();

/** The row's fields by column, where the row reads as a header row (a number is never a header). */
function headerFields(g: Grid, r: number): Map<number, CheckField> {
  const m = new Map<number, CheckField>();
  for (const c of g.colsOf(r)) {
    const cell = g.cell(c, r);
    const f = cell && cell.num === null ? fieldOfHeader(cell.text.trim()) : null;
    if (f) m.set(c, f);
  }
  return m;
}

const isTable = (fields: Set<CheckField>) => (fields.has("name") || fields.has("id")) && (fields.has("amount") || fields.has("workload") || fields.has("price"));

/**
 * A statement of the money unit above a table: 单位：万元, 金额单位：人民币万元, （万元）, （单位：万元）, a
 * cell reading 万元 alone. Not 万元 in passing, as in a title's （预算控制数150万元）.
 */
function statesWan(written: string): boolean {
  const t = written.normalize("NFKC").replace(/\s+/g, ""); // （：） as (:)
  return /单位:?\(?(人民币)?万元/.test(t) || /\(万元\)/.test(t) || t === "万元";
}

/** A line that states the unit (单位：元, 金额单位：万元), not a title. */
const UNIT_LINE = /^[(（]?\s*(金额|计量)?单位/;
/** A section heading above a table ("一、人力成本测算", "（二）非人力成本"), not the project's title. */
const SECTION_HEADING = /^[（(]?[一二三四五六七八九十]+[）)、.．]/;

/** Detect the table of a sheet: header row(s) and columns; null where there is none. */
export function detectMap(g: Grid): { map: CheckMap; score: number } | null {
  let best: { map: CheckMap; score: number } | null = null;
  const last = Math.min(g.rows, 40);
  for (let r = 1; r <= last; r++) {
    const one = headerFields(g, r);
    if (one.size < 2) continue;
    // A second header row beneath: more fields, no numbers.
    const below = r + 1 <= g.rows ? headerFields(g, r + 1) : new Map<number, CheckField>();
    let twoRows = false;
    if (below.size > 0) {
      let numbers = false;
      for (const c of g.colsOf(r + 1)) if ((g.cell(c, r + 1) ?? EMPTY).num !== null) numbers = true;
      twoRows = !numbers && [...below.keys()].some((c) => one.get(c) !== below.get(c));
    }
    const columns: Partial<Record<CheckField, string>> = {};
    const units: ("yuan" | "wan" | null)[] = [];
    let workloadUnit: "year" | null = null;
    let priceUnit: "wan" | null = null;
    const headerCols = [...new Set([...g.colsOf(r), ...(twoRows ? g.colsOf(r + 1) : [])])].sort((a, b) => a - b);
    for (const c of headerCols) {
      let f = one.get(c) ?? null;
      let head = text(g, c, r);
      if (twoRows) {
        const lower = below.get(c) ?? fieldOfHeader(text(g, c, r) + text(g, c, r + 1));
        if (lower) {
          f = lower;
          head = text(g, c, r) + text(g, c, r + 1);
        }
      }
      if (f && columns[f] === undefined) {
        columns[f] = colLetters(c);
        if (f === "amount") units.push(readHeaderText(head).unit);
        if (f === "workload" && /人年/.test(head)) workloadUnit = "year";
        if (f === "price" && readHeaderText(head).unit === "wan") priceUnit = "wan";
      }
    }
    const fields = new Set(Object.keys(columns) as CheckField[]);
    if (!isTable(fields)) continue;
    let unit: "yuan" | "wan" = units[0] === "wan" ? "wan" : "yuan";
    if (units[0] === null || units[0] === undefined) {
      for (let rr = 1; rr < r; rr++) for (const c of g.colsOf(rr)) if (statesWan(text(g, c, rr))) unit = "wan";
    }
    const score = fields.size;
    if (!best || score > best.score) {
      best = { map: { sheet: g.name, headerRow: r, firstRow: r + (twoRows ? 2 : 1), columns, unit, ...(workloadUnit ? { workloadUnit } : {}), ...(priceUnit ? { priceUnit } : {}) }, score };
    }
  }
  return best;
}

/** The sheets of a workbook worth looking at (not govcost's machine sheet, not hidden). */
export function candidateSheets(wb: ExcelJS.Workbook): ExcelJS.Worksheet[] {
  return wb.worksheets.filter((ws) => ws.name !== SHEET.meta && ws.state !== "veryHidden" && ws.state !== "hidden");
}

/** A cell of the table as read: its text, its number (null where it is none), its error value (#REF!). */
export interface TableCell {
  address: string;
  text: string;
  num: Dec | null;
  error?: string;
}

/** A row of the table, read by the map. */
export type TableRow =
  | { kind: "service"; row: number; cells: Partial<Record<CheckField, TableCell>> }
  | {
      kind: SummaryKind;
      row: number;
      label: string;
      amount: { address: string; num: Dec } | null;
      /** The workload the row states (a 合计's Σ 人月), in the sheet's unit; null where it states none. */
      workload: { address: string; num: Dec } | null;
      value: { address: string; num: Dec } | null;
      /** The amount cell where it holds no figure (an error value, text): the row's sum cannot be read. */
      unreadable: TableCell | null;
    };

/**
 * The header row of a second table below the lines that prices no service (序号 | 费用名称 | 金额 under
 * 二、非人力成本测算): no figures, at least two texts, an amount column (金额, 费用; not a 合计 or 小计
 * label), and neither a name, id, workload nor price column. Its amount column; null where the row is
 * no such header.
 */
function nonLaborHeader(g: Grid, r: number): number | null {
  const cols = g.colsOf(r);
  // Every priced row has a figure: it is passed over before any of its texts is read as a header.
  if (cols.some((c) => (g.cell(c, r)?.num ?? null) !== null)) return null;
  let amount: number | null = null;
  let texts = 0;
  for (const c of cols) {
    const cell = g.cell(c, r) ?? EMPTY;
    const t = cell.text.trim();
    if (!t) continue;
    texts++;
    const f = fieldOfHeader(t);
    if (f === "name" || f === "id" || f === "workload" || f === "price") return null;
    if (f === "amount" && summaryKind(t) === null) amount ??= c;
  }
  return texts >= 2 ? amount : null;
}

export function readRows(g: Grid, map: CheckMap): TableRow[] {
  const cols = new Map<CheckField, number>();
  for (const f of CHECK_FIELDS) {
    const letter = map.columns[f];
    if (letter) cols.set(f, colNumber(letter));
  }
  const headerTexts = new Set<string>();
  for (const c of g.colsOf(map.headerRow)) {
    const t = text(g, c, map.headerRow);
    if (t) headerTexts.add(t);
  }
  const out: TableRow[] = [];
  const labelCols = [cols.get("name"), cols.get("id"), 1, 2, 3].filter((c): c is number => c !== undefined);
  /** The amount column of a second, non-labor table below the lines (公式(3)), from its header row on. */
  let nonLaborCol: number | null = null;
  /** The non-labor table's sum (非人力成本, 小计, its first 合计) has been read: a later 合计 is the whole table's. */
  let nonLaborSummed = false;
  for (const r of g.rowNumbers) {
    if (r < map.firstRow) continue;
    let filled = 0;
    let repeats = 0;
    for (const c of g.colsOf(r)) {
      const t = text(g, c, r);
      if (t) filled++;
      if (t && headerTexts.has(t) && fieldOfHeader(t)) repeats++;
    }
    if (filled === 0) continue;
    if (repeats >= 2) continue; // the header again, on a later page
    const subHeader = nonLaborHeader(g, r);
    if (subHeader !== null) {
      nonLaborCol = subHeader;
      continue;
    }
    const at = (f: CheckField): TableCell | undefined => {
      const c = cols.get(f);
      if (c === undefined) return undefined;
      const cell = g.cell(c, r) ?? EMPTY;
      return { address: `${colLetters(c)}${r}`, text: cell.text.trim(), num: cell.num, ...(cell.error !== undefined ? { error: cell.error } : {}) };
    };
    const label = labelCols.map((c) => text(g, c, r)).find((t) => t !== "" && numberOf(t) === null) ?? "";
    // The total in words (合计（大写）: 人民币贰拾捌万伍仟元整) repeats the figure above it: no row of the table.
    if (/大写/.test(label)) continue;
    const kind = summaryKind(label);
    const amount = at("amount");
    const workload = at("workload");
    // In the non-labor table, a row with a figure in its amount column (and none in the lines' amount
    // column, where that is another) is a part of 公式(3) (设备材料费, 业务费, any cost it names); its
    // 非人力成本 or 小计, or its first 合计, is their sum; a 总计, 总成本 or a later 合计 is the table's total.
    const own = nonLaborCol === null ? null : (g.cell(nonLaborCol, r) ?? EMPTY);
    if (own && own.num !== null && (nonLaborCol === cols.get("amount") || !amount?.num) && kind !== "scale" && kind !== "labor") {
      const sum: boolean = kind === "nonLabor" || kind === "subtotal" || (kind === "total" && /合计/.test(label) && !nonLaborSummed);
      nonLaborSummed ||= sum;
      const part = { address: `${colLetters(nonLaborCol as number)}${r}`, num: own.num };
      out.push({ kind: sum ? "nonLabor" : kind === "total" ? "total" : "nonLaborPart", row: r, label: label || `第 ${r} 行`, amount: part, workload: null, value: null, unreadable: null });
      continue;
    }
    if (kind) {
      const found = amount?.num ? { address: amount.address, num: amount.num } : null;
      let value: { address: string; num: Dec } | null = null;
      if (kind === "scale") {
        // The coefficient: in its own column, or the first number below 2 on the row, or in the label (S2 0.98).
        for (const c of g.colsOf(r)) {
          const n = (g.cell(c, r) ?? EMPTY).num;
          if (n !== null && n.gt(Dec.ZERO) && n.lte(Dec.ONE)) {
            value = { address: `${colLetters(c)}${r}`, num: n };
            break;
          }
        }
        if (!value) {
          const m = /(0\.\d+|1\.0+|1)(?!\d)/.exec(label);
          const labelCol = labelCols.find((c) => text(g, c, r) === label) ?? 1;
          if (m) value = { address: `${colLetters(labelCol)}${r}`, num: Dec.parse(m[1] as string) };
        }
      }
      const amountForKind = kind === "scale" ? (found && value && found.address === value.address ? null : found) : found;
      const unreadable = kind !== "scale" && amount && amount.num === null && amount.text !== "" ? amount : null;
      const workloadStated = kind !== "scale" && workload?.num ? { address: workload.address, num: workload.num } : null;
      out.push({ kind, row: r, label, amount: amountForKind, workload: workloadStated, value, unreadable });
      continue;
    }
    // A priced row states a workload or an amount; other rows are headings and notes. A named row
    // whose workload or amount is text that should have been a figure ("8人月", #REF!) is priced
    // too, so that the check says what cannot be read instead of passing over the line.
    if ((workload?.num ?? null) === null && (amount?.num ?? null) === null) {
      const named = [cols.get("name"), cols.get("id")].some((c) => c !== undefined && text(g, c, r) !== "");
      if (!named || (!workload?.text && !amount?.text)) continue;
    }
    const cells: Partial<Record<CheckField, TableCell>> = {};
    for (const f of cols.keys()) {
      const v = at(f);
      if (v) cells[f] = v;
    }
    out.push({ kind: "service", row: r, cells });
  }
  return out;
}

/**
 * The sheet's texts: the project's title (the first text of 6 characters or more in the rows above
 * the header, not a header cell nor a unit line; "" where there is none: a service's name below the
 * header is no title), and all its texts (方法2, a rate profile).
 */
export function sheetTexts(g: Grid, headerRow: number): { title: string; all: string } {
  let title = "";
  const parts: string[] = [];
  for (const r of g.rowNumbers) {
    for (const c of g.colsOf(r)) {
      const cell = g.cell(c, r);
      // Numbers are not text (the grid has read them already).
      const t = cell && cell.num === null ? cell.text.trim() : "";
      if (!t) continue;
      parts.push(t);
      if (!title && r < headerRow && t.length >= 6 && !fieldOfHeader(t) && !UNIT_LINE.test(t) && !SECTION_HEADING.test(t)) title = t;
    }
  }
  return { title, all: parts.join("\n") };
}
