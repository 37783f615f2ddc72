/**
 * Import of an estimate workbook (测算表), possibly edited by a reviewer, back into the budget
 * document (the shape of budgetToDocument). The visible cells win; hidden cells only say what
 * the export itself wrote. The document is validated by the core's validateBudget, and every
 * problem is reported at the sheet and cell it came from (人力成本测算表!Q7), all at once.
 */
import ExcelJS from "exceljs";
import {
  DEFAULT_STANDARD,
  Dec,
  formatPath,
  formatProblem,
  indexStandard,
  validateBudget,
  type Budget,
  type CollaborationLevel,
  type FieldPath,
  type Standard,
} from "@govcost/core";
import {
  colLetter,
  EXTERNAL_COLUMNS,
  FIRST_DATA_ROW,
  HEADER_ROW,
  LABOR_COLUMNS,
  METHOD_LABELS,
  NON_LABOR_COLUMNS,
  normalizeHeader,
  PART_LABELS,
  SHEET,
  SUBTOTAL_LABEL,
  SUMMARY_ROWS,
  TABLE_ROWS,
  TIER_RATE_COL,
  TOTAL_LABEL,
  type ColumnDef,
} from "./layout.js";
import { countCells, countRows, countTag, inspectZip, sheetPartNames } from "./zip-guard.js";

export interface WorkbookProblem {
  /** Worksheet name; "" for a problem with the file as a whole. */
  sheet: string;
  /** Cell address (Q7); "" where no single cell is concerned. */
  cell: string;
  /** In Chinese, beginning with the location: `人力成本测算表!Q7：不能为负数…`. */
  message: string;
  code: string;
}

export interface WorkbookLimits {
  maxFileBytes: number;
  maxRows: number;
  maxUncompressedBytes: number;
  maxRatio: number;
  /**
   * Cells in all sheets together. exceljs holds about 600 bytes per cell; two million cells
   * (a budget of some 80,000 lines) stay well inside Node's default heap.
   */
  maxCells: number;
}

export const DEFAULT_LIMITS: WorkbookLimits = {
  maxFileBytes: 20 * 1024 * 1024,
  maxRows: 250_000,
  maxUncompressedBytes: 200 * 1024 * 1024,
  maxRatio: 1000,
  maxCells: 2_000_000,
};

export interface ReadOptions {
  fileName?: string;
  standard?: Standard;
  /** Tighter (or looser) limits against hostile files; the defaults suit any real budget. */
  limits?: Partial<WorkbookLimits>;
}

export type ReadResult = { ok: true; document: Record<string, unknown>; budget: Budget } | { ok: false; problems: WorkbookProblem[] };

type Raw = string | number | boolean | Date | null;

interface CellRead {
  value: Raw;
  formula: boolean;
  error: string | null;
}

/** The value a cell shows: a formula's cached result, rich text joined, hyperlinks as their text. */
function readCell(cell: ExcelJS.Cell): CellRead {
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

function asText(c: CellRead): string {
  if (c.error) return c.error;
  if (c.value === null) return "";
  if (c.value instanceof Date) return c.value.toISOString().slice(0, 10);
  return String(c.value);
}

const isEmpty = (c: CellRead): boolean => c.error === null && (c.value === null || (typeof c.value === "string" && c.value.trim() === ""));

/** A number cell for the document: a decimal string where it is one, the raw text otherwise (validation says what is wrong). */
function decimalField(c: CellRead, places: number, fixed: boolean): unknown {
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

interface Located {
  sheet: string;
  cell: string;
}

class Problems {
  readonly list: WorkbookProblem[] = [];
  add(sheet: string, cell: string, code: string, text: string): void {
    const where = sheet ? `${sheet}${cell ? `!${cell}` : ""}` : "";
    this.list.push({ sheet, cell, code, message: where ? `${where}：${text}` : text });
  }
}

interface HeaderMap {
  col: Map<string, number>;
  ok: boolean;
}

/** Find the table's columns by their header text (a reviewer may have inserted a column). */
function readHeader(ws: ExcelJS.Worksheet, columns: readonly ColumnDef[], problems: Problems): HeaderMap {
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
        problems.add(ws.name, master, "merged_header", `表头单元格被合并（${range}）；请取消合并，每列保留一个表头`);
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
      problems.add(ws.name, `${colLetter(i + 1)}${HEADER_ROW}`, "missing_header", `缺少表头“${def.header}”（第 ${HEADER_ROW} 行）；请恢复该列表头，不要删除或改名`);
      ok = false;
    }
  });
  return { col, ok };
}

function mergeRangeOf(ws: ExcelJS.Worksheet, master: string): string {
  const merges = (ws.model as unknown as { merges?: string[] }).merges ?? [];
  return merges.find((m) => m.split(":")[0] === master) ?? master;
}

type Meta = Map<string, string>;

function readMeta(wb: ExcelJS.Workbook): Meta {
  const meta: Meta = new Map();
  const ws = wb.getWorksheet(SHEET.meta);
  if (!ws) return meta;
  ws.eachRow((row) => {
    const k = asText(readCell(row.getCell(1)));
    if (k) meta.set(k, asText(readCell(row.getCell(2))));
  });
  return meta;
}

const LEVELS: readonly CollaborationLevel[] = ["F1", "F2", "F3"];

function methodOf(text: string): string {
  const t = normalizeHeader(text);
  if (t === "" || t === normalizeHeader(METHOD_LABELS.coefficient) || t === "方法1" || t === "系数法" || t === "coefficient") return "coefficient";
  if (t === normalizeHeader(METHOD_LABELS.quick) || t === "方法2" || t === "速查表" || t === "quick") return "quick";
  return text;
}

interface Ctx {
  standard: Standard;
  problems: Problems;
  /** formatPath(path) → cell. */
  cells: Map<string, Located>;
}

function at(ctx: Ctx, path: FieldPath, sheet: string, cell: string): void {
  ctx.cells.set(formatPath(path), { sheet, cell });
}

function readLabor(ws: ExcelJS.Worksheet, ctx: Ctx): Record<string, unknown>[] | null {
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
    if (!isEmpty(pm)) doc.personMonths = decimalField(pm, 2, false);
    let unitsValue: number | null = null;
    if (!isEmpty(units)) {
      if (typeof units.value === "number") {
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
      for (const [k, expected, table] of [
        ["technical", catalogItem.technical, "表A.1"],
        ["business", catalogItem.business, "表A.2"],
      ] as const) {
        const v = asText(get(row, k)).trim().toUpperCase();
        if (v !== "" && v !== expected) {
          ctx.problems.add(
            ws.name,
            addr(k, r),
            "level_fixed",
            `${catalogItem.id} 的${k === "technical" ? "技术" : "业务"}难度级别由${catalogItem.levelSource.table}（${catalogItem.levelSource.clause}）确定为 ${expected}，不能改为“${v}”（${table}）；请恢复为 ${expected}`,
          );
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
    ctx.problems.add(ws.name, `${colLetter(col)}${r}`, "row_after_total", `“${TOTAL_LABEL}”行（第 ${totalRow} 行）之后的内容不会计入；请把这一行插入到合计行之前`);
  }
}

const PART_BY_TEXT: [RegExp, keyof typeof PART_LABELS][] = [
  [/数据产品|^D$/i, "dataProducts"],
  [/设备材料|^E$/i, "equipment"],
  [/业务费|^B$/i, "business"],
];

function readNonLabor(ws: ExcelJS.Worksheet, ctx: Ctx): Record<string, unknown> | null {
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
      ctx.problems.add(ws.name, `${colLetter(col("part"))}${r}`, "bad_part", `费用类别“${partText}”无效；应为 ${PART_LABELS.dataProducts}、${PART_LABELS.equipment} 或 ${PART_LABELS.business}（公式(3)）`);
      continue;
    }
    const list = parts[part] as Record<string, unknown>[];
    const i = list.length;
    const doc: Record<string, unknown> = {};
    if (!isEmpty(name)) doc.name = asText(name);
    if (!isEmpty(amount)) doc.amount = decimalField(amount, 2, true);
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

function readExternal(ws: ExcelJS.Worksheet, ctx: Ctx): Record<string, unknown>[] | null {
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
    if (!isEmpty(cells.amount)) doc.amount = decimalField(cells.amount, 2, true);
    if (!isEmpty(cells.basis)) doc.basis = asText(cells.basis);
    const base: FieldPath = ["external", out.length];
    at(ctx, base, ws.name, `${colLetter(col("item"))}${r}`);
    for (const k of ["item", "name", "amount", "basis"] as const) at(ctx, [...base, k], ws.name, `${colLetter(col(k))}${r}`);
    out.push(doc);
  }
  return out;
}

/** Map a validation problem's field path to the cell it came from: the longest known prefix. */
function locate(ctx: Ctx, path: FieldPath): Located {
  for (let n = path.length; n >= 0; n--) {
    const hit = ctx.cells.get(formatPath(path.slice(0, n)));
    if (hit) return hit;
  }
  return { sheet: SHEET.summary, cell: `B${SUMMARY_ROWS.name}` };
}

function fileProblem(problems: Problems, fileName: string | undefined, code: string, text: string): ReadResult {
  problems.list.push({ sheet: "", cell: "", code, message: `${fileName ? `${fileName}：` : ""}${text}` });
  return { ok: false, problems: problems.list };
}

/**
 * Read an estimate workbook written by writeEstimateWorkbook (and perhaps edited since) back
 * into a budget document and a validated budget. Hostile files (too large, a zip bomb, not an
 * xlsx, too many rows) are refused before the workbook is parsed.
 */
export async function readEstimateWorkbook(data: Buffer | Uint8Array, opts: ReadOptions = {}): Promise<ReadResult> {
  const standard = opts.standard ?? DEFAULT_STANDARD;
  const limits: WorkbookLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const problems = new Problems();
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (buf.length > limits.maxFileBytes) return fileProblem(problems, opts.fileName, "file_too_large", `文件过大（${mb(buf.length)}），上限 ${mb(limits.maxFileBytes)}`);

  const zip = inspectZip(buf, { maxUncompressedBytes: limits.maxUncompressedBytes, maxRatio: limits.maxRatio, maxEntries: 10_000 }, (n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n) || n === "xl/workbook.xml" || n === "xl/_rels/workbook.xml.rels" || n === "xl/sharedStrings.xml" || n === "xl/styles.xml");
  if (!zip.ok) return fileProblem(problems, opts.fileName, zip.code, zip.message);
  const parts = sheetPartNames(zip.files.get("xl/workbook.xml")?.toString("utf8") ?? "", zip.files.get("xl/_rels/workbook.xml.rels")?.toString("utf8") ?? "");
  let cells = 0;
  for (const [name, xml] of zip.files) {
    if (!name.startsWith("xl/worksheets/")) continue;
    cells += countCells(xml);
    const n = countRows(xml);
    if (n > limits.maxRows) {
      const sheet = parts.get(name) ?? name;
      problems.add(sheet, `A${limits.maxRows + 1}`, "too_many_rows", `行数过多（${n} 行），每个工作表至多 ${limits.maxRows} 行`);
    }
  }
  // Shared strings and styles are held in memory like cells are.
  const strings = zip.files.get("xl/sharedStrings.xml");
  if (strings) cells = Math.max(cells, countTag(strings, "<si"));
  const styles = zip.files.get("xl/styles.xml");
  if (styles) cells = Math.max(cells, countTag(styles, "<xf"));
  if (cells > limits.maxCells) {
    return fileProblem(problems, opts.fileName, "too_many_cells", `单元格过多（${cells} 个），上限 ${limits.maxCells} 个；请拆分预算或删去与测算无关的内容`);
  }
  if (problems.list.length) return { ok: false, problems: problems.list };

  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  } catch {
    return fileProblem(problems, opts.fileName, "not_xlsx", "不是有效的 xlsx 工作簿（无法读取其内容；请用 Excel 或 WPS 另存为 .xlsx 后重试）");
  }

  const ctx: Ctx = { standard, problems, cells: new Map() };
  const sheet = (name: string, required: boolean) => {
    const ws = wb.getWorksheet(name);
    if (!ws && required) problems.add(name, "", "missing_sheet", `缺少工作表“${name}”；请使用 govcost 导出的测算表`);
    return ws;
  };
  const summaryWs = sheet(SHEET.summary, true);
  const laborWs = sheet(SHEET.labor, true);
  const nonLaborWs = sheet(SHEET.nonLabor, true);
  const tablesWs = sheet(SHEET.tables, true);
  const externalWs = sheet(SHEET.external, false);
  if (!summaryWs || !laborWs || !nonLaborWs || !tablesWs) return { ok: false, problems: problems.list };
  const meta = readMeta(wb);

  const doc: Record<string, unknown> = {};
  const nameCell = readCell(summaryWs.getCell(`B${SUMMARY_ROWS.name}`));
  if (!isEmpty(nameCell)) doc.name = asText(nameCell);
  at(ctx, ["name"], SHEET.summary, `B${SUMMARY_ROWS.name}`);

  // Rates: the 系数表's 本测算单价 column; the standard's own unless the budget had a profile or a reviewer changed a price.
  const rateCells = standard.tiers.map((_, k) => readCell(tablesWs.getCell(`${TIER_RATE_COL}${TABLE_ROWS.tiers + k}`)));
  const changed = rateCells.some((c, k) => !(typeof c.value === "number" && Dec.tryFromNumber(c.value)?.eq(standard.defaultRates.rates[k] as Dec)));
  if (meta.get("ratesCustom") === "1" || changed) {
    doc.rates = rateCells.map((c) => (typeof c.value === "number" ? c.value : isEmpty(c) ? null : asText(c).trim()));
  }
  at(ctx, ["rates"], SHEET.tables, `${TIER_RATE_COL}${TABLE_ROWS.tiers}`);
  standard.tiers.forEach((_, k) => at(ctx, ["rates", k], SHEET.tables, `${TIER_RATE_COL}${TABLE_ROWS.tiers + k}`));
  const ratesNameText = asText(readCell(summaryWs.getCell(`B${SUMMARY_ROWS.rateProfile}`)));
  if (meta.has("ratesNameShown") && ratesNameText === meta.get("ratesNameShown")) {
    if (meta.get("ratesNameSet") === "1") doc.ratesName = meta.get("ratesName") ?? "";
  } else if (ratesNameText.trim() !== "" && doc.rates !== undefined) doc.ratesName = ratesNameText;
  at(ctx, ["ratesName"], SHEET.summary, `B${SUMMARY_ROWS.rateProfile}`);

  const services = readLabor(laborWs, ctx);
  const nonLabor = readNonLabor(nonLaborWs, ctx);
  const external = externalWs ? readExternal(externalWs, ctx) : [];
  if (services === null || nonLabor === null || external === null) return { ok: false, problems: problems.list };
  doc.services = services;
  if (Object.keys(nonLabor).length) doc.nonLabor = nonLabor;
  if (external.length) doc.external = external;

  const v = validateBudget(doc, standard);
  if (!v.ok) {
    for (const p of v.problems) {
      const where = locate(ctx, p.path);
      problems.add(where.sheet, where.cell, p.code, `${p.item ? `（${p.item}）` : ""}${formatProblem(p)}`);
    }
  }
  if (problems.list.length || !v.ok) return { ok: false, problems: problems.list };
  return { ok: true, document: doc, budget: v.budget };
}
