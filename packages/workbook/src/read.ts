/**
 * Import of an estimate workbook (测算表), possibly edited by a reviewer, back into the budget
 * document (the shape of budgetToDocument). The visible cells win; hidden cells only say what
 * the export itself wrote. The document is validated by the core's validateBudget, and every
 * problem is reported at the sheet and cell it came from (人力成本测算表!Q7), all at once.
 *
 * The cells are read by ./read-cells.ts, the tables by ./read-sheets.ts; hostile files are
 * refused here (and by ./zip-guard.ts) before the workbook is parsed.
 */
import ExcelJS from "exceljs";
import {
  cellAt,
  DEFAULT_STANDARD,
  Dec,
  FILE,
  problemPath,
  problemsToJson,
  ProblemList,
  validateBudget,
  type Budget,
  type ProblemCode,
  type ProblemDetail,
  type ProblemParams,
  type Standard,
} from "@govcost/core";
import { SHEET, SUMMARY_ROWS, TABLE_ROWS, TIER_RATE_COL } from "./layout.js";
import { asText, isEmpty, readCell, readMeta } from "./read-cells.js";
import { at, locate, readExternal, readLabor, readNonLabor, refuseDate, type Ctx, type Located } from "./read-sheets.js";
import { checkSheetBounds, countCells, countRows, countTag, dateCells, inspectZip, sheetPartNames, type SheetBoundsViolation } from "./zip-guard.js";

/**
 * A problem of an imported workbook, as the CLI and the API give it: the core's problem JSON with
 * `sheet` and `cell` where one cell is concerned (a sheet alone: `cell` ""), the file name in `file`.
 */
export type WorkbookProblem = ProblemDetail;

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

/**
 * On success, `cells` says which cell each field of the document came from (formatPath(path) →
 * sheet and cell: "services[2].personMonths" → 人力成本测算表!Q7), for `govcost check`.
 */
export type ReadResult = { ok: true; document: Record<string, unknown>; budget: Budget; cells: ReadonlyMap<string, Located> } | { ok: false; problems: WorkbookProblem[] };


/**
 * Refuse a hostile file (too large, a zip bomb, not an xlsx, too many rows or cells) before the
 * workbook is parsed, then parse it. Every reader of uploaded workbooks goes through here.
 */
export async function loadWorkbookGuarded(
  data: Buffer | Uint8Array,
  opts: { fileName?: string; limits?: Partial<WorkbookLimits> } = {},
): Promise<{ ok: true; wb: ExcelJS.Workbook; dates: Map<string, Map<string, string>> } | { ok: false; problems: WorkbookProblem[] }> {
  const limits: WorkbookLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const problems = new ProblemList();
  const failed = () => ({ ok: false as const, problems: problemsToJson(problems.problems, opts.fileName) });
  const refuse = <C extends ProblemCode>(code: C, params: ProblemParams<C>) => (problems.addAt(code, FILE, params), failed());
  const refuseAt = (sheet: string, v: SheetBoundsViolation) => (problems.addAt("sheet_bounds", cellAt(sheet, ""), v), failed());
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (buf.length > limits.maxFileBytes) return refuse("file_too_large", { bytes: buf.length, max: limits.maxFileBytes });
  const zip = inspectZip(buf, { maxUncompressedBytes: limits.maxUncompressedBytes, maxRatio: limits.maxRatio, maxEntries: 10_000 }, (n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n) || n === "xl/workbook.xml" || n === "xl/_rels/workbook.xml.rels" || n === "xl/sharedStrings.xml" || n === "xl/styles.xml");
  if (!zip.ok) {
    problems.problems.push(zip.problem);
    return failed();
  }
  const parts = sheetPartNames(zip.files.get("xl/workbook.xml")?.toString("utf8") ?? "", zip.files.get("xl/_rels/workbook.xml.rels")?.toString("utf8") ?? "");
  let cells = 0;
  for (const [name, xml] of zip.files) {
    if (!name.startsWith("xl/worksheets/")) continue;
    cells += countCells(xml);
    const n = countRows(xml);
    if (n > limits.maxRows) {
      const sheet = parts.get(name) ?? name;
      problems.addAt("too_many_rows", cellAt(sheet, `A${limits.maxRows + 1}`), { rows: n, max: limits.maxRows });
    }
  }
  // Shared strings and styles are held in memory like cells are.
  const strings = zip.files.get("xl/sharedStrings.xml");
  if (strings) cells = Math.max(cells, countTag(strings, "<si"));
  const styles = zip.files.get("xl/styles.xml");
  if (styles) cells = Math.max(cells, countTag(styles, "<xf"));
  if (cells > limits.maxCells) {
    return refuse("too_many_cells", { cells, max: limits.maxCells });
  }
  if (problems.size) return failed();
  // Row numbers, column ranges and ranges: what the parser would allocate, bounded before it runs.
  const dates = new Map<string, Map<string, string>>();
  for (const [name, xml] of zip.files) {
    if (!name.startsWith("xl/worksheets/")) continue;
    const bounds = checkSheetBounds(xml, { maxRow: limits.maxRows, maxArea: limits.maxCells });
    if (bounds) return refuseAt(parts.get(name) ?? name, bounds);
    const typed = dateCells(xml);
    if (typed.size) dates.set(parts.get(name) ?? name, typed);
  }

  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(zip.stored as unknown as ExcelJS.Buffer);
  } catch {
    return refuse("not_xlsx", { reason: "unreadable" });
  }

  return { ok: true, wb, dates };
}

/**
 * Read an estimate workbook written by writeEstimateWorkbook (and perhaps edited since) back
 * into a budget document and a validated budget. Hostile files (too large, a zip bomb, not an
 * xlsx, too many rows) are refused before the workbook is parsed.
 */
export async function readEstimateWorkbook(data: Buffer | Uint8Array, opts: ReadOptions = {}): Promise<ReadResult> {
  const loaded = await loadWorkbookGuarded(data, opts);
  return loaded.ok ? readLoadedEstimate(loaded, opts) : loaded;
}

/** The same, of a workbook loadWorkbookGuarded has already read (`govcost check` reads it once). */
export function readLoadedEstimate(loaded: { wb: ExcelJS.Workbook; dates: Map<string, Map<string, string>> }, opts: ReadOptions = {}): ReadResult {
  const standard = opts.standard ?? DEFAULT_STANDARD;
  const problems = new ProblemList();
  const failed = (): ReadResult => ({ ok: false, problems: problemsToJson(problems.problems, opts.fileName) });
  const { wb, dates } = loaded;

  const ctx: Ctx = { standard, problems, cells: new Map(), dates, dateRefused: new Set() };
  const sheet = (name: string, required: boolean) => {
    const ws = wb.getWorksheet(name);
    if (!ws && required) problems.addAt("missing_sheet", cellAt(name, ""), { sheet: name });
    return ws;
  };
  const summaryWs = sheet(SHEET.summary, true);
  const laborWs = sheet(SHEET.labor, true);
  const nonLaborWs = sheet(SHEET.nonLabor, true);
  const tablesWs = sheet(SHEET.tables, true);
  const externalWs = sheet(SHEET.external, false);
  if (!summaryWs || !laborWs || !nonLaborWs || !tablesWs) return failed();
  const meta = readMeta(wb);

  const doc: Record<string, unknown> = {};
  const nameCell = readCell(summaryWs.getCell(`B${SUMMARY_ROWS.name}`));
  if (!isEmpty(nameCell)) doc.name = asText(nameCell);
  at(ctx, ["name"], SHEET.summary, `B${SUMMARY_ROWS.name}`);

  // Rates: the 系数表's 本测算单价 column; the standard's own unless the budget had a profile or a reviewer changed a price.
  const rateCells = standard.tiers.map((_, k) => {
    const address = `${TIER_RATE_COL}${TABLE_ROWS.tiers + k}`;
    const c = readCell(tablesWs.getCell(address));
    const date = refuseDate(ctx, SHEET.tables, address, c);
    return date === undefined ? c : { value: date, formula: false, error: null };
  });
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
  if (services === null || nonLabor === null || external === null) return failed();
  doc.services = services;
  if (Object.keys(nonLabor).length) doc.nonLabor = nonLabor;
  if (external.length) doc.external = external;

  const v = validateBudget(doc, standard);
  if (!v.ok) {
    // The same problem, now at the cell its field came from.
    for (const p of v.problems) {
      const path = problemPath(p);
      const where = locate(ctx, path);
      if (ctx.dateRefused.has(`${where.sheet}!${where.cell}`)) continue;
      problems.problems.push({ ...p, at: cellAt(where.sheet, where.cell, path) });
    }
  }
  if (problems.size || !v.ok) return failed();
  return { ok: true, document: doc, budget: v.budget, cells: ctx.cells };
}
