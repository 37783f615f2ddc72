/**
 * 核查: read a submitted estimate workbook (govcost's own or a department's own layout),
 * recompute it by the standard with the core engine, and say what is wrong, where (sheet!cell),
 * by which clause and for how much. The findings' codes and sentences are in
 * @govcost/core (review/check-findings.ts).
 */
import {
  DEFAULT_STANDARD,
  Dec,
  describeDetail,
  estimate,
  formatPath,
  indexStandard,
  scaleFor,
  tierFor,
  toFen,
  type Budget,
  type CatalogItem,
  type CheckFindingCode,
  type CollaborationLevel,
  type Finding,
  type FormulaItem,
  type NonLaborItem,
  type NonLaborPart,
  type Money,
  type Params,
  type ProblemDetail,
  type PricingMethod,
  type ServiceLine,
  type Severity,
  type Standard,
  type TierPrices,
  type TierRow,
} from "@govcost/core";
import type ExcelJS from "exceljs";
import { loadWorkbookGuarded, readLoadedEstimate, type WorkbookLimits } from "../read.js";
import { colLetter, columnIndex, EXTERNAL_COLUMNS, FIRST_DATA_ROW, LABOR_COLUMNS, NON_LABOR_COLUMNS, SHEET, SUBTOTAL_LABEL, SUMMARY_ROWS, TOTAL_LABEL, type LaborKey } from "../layout.js";
import type { Located } from "../read-sheets.js";
import { colNumber } from "./formula.js";
import { prepareWorkbook, type PrepareOptions } from "../convert.js";
import { candidateSheets, detectMap, gridOf, readRows, sheetTexts, type CheckMap, type Grid, type TableCell, type TableRow } from "./table.js";

export interface CheckOptions {
  fileName?: string;
  standard?: Standard;
  /** How to read the table, where detection cannot (`--map`). */
  map?: CheckMap;
  limits?: Partial<WorkbookLimits>;
}

export interface CheckResult {
  file: string;
  /** False: the file could not be read; `reason` says why. */
  ok: boolean;
  reason: string | null;
  kind: "govcost" | "foreign" | null;
  /** The project's name: govcost's own, or the title above a department's table; "" where there is none. */
  project: string;
  method: PricingMethod;
  /** The total the workbook declares, in 元. */
  declared: Money | null;
  /** The total recomputed by the standard, in 元. */
  recomputed: Money | null;
  /** declared − recomputed. */
  difference: Money | null;
  findings: Finding[];
  /** The recomputed budget (for --budget and 转为预算). */
  budget: Budget | null;
  /** How the table was read (for --print-map). */
  map: CheckMap | null;
}

const WAN = Dec.fromInt(10000);
/** The reason for a workbook without a single cell of content. */
const EMPTY_WORKBOOK = "工作簿中没有任何内容（所有工作表都是空的）";
/** The reason for a file of 0 bytes (not "not a zip": there is nothing in it at all). */
const EMPTY_FILE = "文件为空（0 字节），不是工作簿；请重新导出或上传该测算表";
/** The start of the reason for a mapping whose sheet a workbook lacks (the CLI exits 2 where no file has it). */
export const MISSING_MAP_SHEET = "映射文件所指的工作表";

function failed(file: string, reason: string): CheckResult {
  return { file, ok: false, reason, kind: null, project: "", method: "coefficient", declared: null, recomputed: null, difference: null, findings: [], budget: null, map: null };
}

/**
 * Check a submitted file as it came, for `govcost check` and POST /api/check: an .xls/.et/.ods is
 * converted to xlsx first (prepareWorkbook, by `fileName`'s extension and the bytes), then checked.
 * Never throws on a bad file: one that cannot be converted is a result with its reason.
 */
export async function checkSubmittedWorkbook(data: Uint8Array, opts: CheckOptions & Omit<PrepareOptions, "name"> = {}): Promise<CheckResult> {
  const { locale, onServer, timeoutMs, pathEnv, ...check } = opts;
  // Nothing to convert: checkWorkbook says the file is empty.
  if (data.length === 0) return checkWorkbook(data, check);
  const prepared = await prepareWorkbook(data, { name: opts.fileName, locale, onServer, timeoutMs, pathEnv });
  if (!prepared.ok) return failed(opts.fileName ?? "", prepared.reason);
  const r = await checkWorkbook(prepared.data, check);
  // LibreOffice turns a damaged .xls into an empty workbook rather than failing: said as such, not as a layout not understood.
  return prepared.converted && r.reason === EMPTY_WORKBOOK ? { ...r, reason: `${EMPTY_WORKBOOK}（由 LibreOffice 转换而来：原文件可能已损坏，请用 Excel 或 WPS 打开核对后另存为 .xlsx 再核查）` } : r;
}

/** Check one workbook. Never throws on bad input: an unreadable file is a result with its reason. */
export async function checkWorkbook(data: Buffer | Uint8Array, opts: CheckOptions = {}): Promise<CheckResult> {
  const file = opts.fileName ?? "";
  const standard = opts.standard ?? DEFAULT_STANDARD;
  // 0 bytes: said as such, not as "not a zip, perhaps a PDF".
  if (data.length === 0) return failed(file, EMPTY_FILE);
  const loaded = await loadWorkbookGuarded(data, opts);
  // The file is the row's own; a cell is named where the problem has one.
  const reasons = (ps: readonly ProblemDetail[]) => ps.map((p) => (p.sheet ? describeDetail({ ...p, file: "" }) : p.message)).join("；");
  if (!loaded.ok) return failed(file, reasons(loaded.problems));
  const wb = loaded.wb;

  if (!opts.map && wb.getWorksheet(SHEET.labor) && wb.getWorksheet(SHEET.summary)) {
    // govcost's own workbook: the existing reader, then the engine, then the cells as they show.
    const r = readLoadedEstimate(loaded, { standard, ...(opts.fileName ? { fileName: opts.fileName } : {}) });
    if (r.ok) return checkOwnWorkbook(file, wb, r.budget, r.cells, standard);
    // Sheets merely named like govcost's, laid out otherwise (a sheet or a header of govcost's
    // missing): read as a department's own table below. Any other problem is govcost's layout
    // edited wrongly, said at its cell.
    if (!r.problems.every((p) => LAYOUT_PROBLEMS.has(p.code))) return failed(file, reasons(r.problems));
  }

  // Every visible sheet's table, as detected; the mapping's sheet, where one is given, is the one checked.
  const tables: { grid: ReturnType<typeof gridOf>; map: CheckMap; score: number }[] = [];
  for (const ws of candidateSheets(wb)) {
    const g = gridOf(ws);
    const d = detectMap(g);
    if (d) tables.push({ grid: g, ...d });
  }
  let checked: { grid: ReturnType<typeof gridOf>; map: CheckMap } | null = null;
  let best = -1;
  if (opts.map) {
    const ws = wb.getWorksheet(opts.map.sheet);
    if (!ws) return failed(file, `${MISSING_MAP_SHEET}“${opts.map.sheet}”不存在（工作簿中有：${wb.worksheets.map((w) => w.name).join("、")}）`);
    checked = { grid: tables.find((t) => t.grid.name === ws.name)?.grid ?? gridOf(ws), map: opts.map };
  } else {
    // The table mapping the most fields; the first sheet's among equals.
    for (const t of tables) {
      if (t.score > best) {
        checked = t;
        best = t.score;
      }
    }
  }
  if (!checked) {
    if (wb.worksheets.every((ws) => ws.actualRowCount === 0)) return failed(file, EMPTY_WORKBOOK);
    return failed(file, "未找到测算表：没有一个工作表有可识别的表头（需要“服务内容”或“编号”列，以及“金额”“工作量”或“单价”列）；可用 --map 指定工作表、表头行和各列");
  }
  let result: CheckResult;
  try {
    result = checkTable(file, checked.grid, checked.map, standard);
  } catch (e) {
    // A layout this reader did not foresee: the file's row says so, the batch goes on.
    return failed(file, `核查时出错（${e instanceof Error ? e.message : String(e)}）；可用 --print-map 查看识别结果，改正后用 --map 指定`);
  }
  if (!result.ok) return result;
  // One table is checked per file. Another sheet's table that prices services is not passed over in
  // silence: a finding names it, with what it declares (its own reading by checkTable), and how to check it.
  const others: Finding[] = [];
  for (const t of tables) {
    if (t.grid.name === checked.grid.name) continue;
    const lines = readRows(t.grid, t.map).filter((r) => r.kind === "service").length;
    if (lines === 0) continue;
    let declared: Money | null = null;
    try {
      declared = checkTable(file, t.grid, t.map, standard).declared;
    } catch {
      // Its layout defeats the reader: the finding says that it is there, without its total.
    }
    const cell = `${t.map.columns.name ?? t.map.columns.id ?? "A"}${t.map.headerRow}`;
    others.push({ code: "sheet-not-checked", severity: "warning", clause: "", at: { kind: "cell", sheet: t.grid.name, cell }, item: null, amount: declared, params: { sheet: t.grid.name, checked: checked.grid.name, headerRow: t.map.headerRow, lines, ...(declared ? { declared: declared.toFixed(2) } : {}) } });
  }
  return others.length ? { ...result, findings: [...result.findings, ...others] } : result;
}

interface Stated {
  row: number;
  line: number;
  label: string;
  item: CatalogItem | null;
  itemAddress: string;
  personMonths: Dec | null;
  workloadAddress: string;
  price: Dec | null;
  priceAddress: string;
  amount: Dec | null;
  /** The amount as written (in the sheet's unit) and its decimals, to compare at its precision. */
  amountWritten: Dec | null;
  amountAddress: string;
  /** The line's own 规模系数 (a column on each line), applied in its amount; null where it states none. */
  scale: { num: Dec; address: string } | null;
  /** The line's amount before its own S (P × Q), in 元: what S multiplies. The amount where it states no S. */
  base: Dec | null;
}

const LEVEL_TEXT = { T: /^T([1-4])(级)?$/, B: /^B([1-4])(级)?$/, F: /^F([1-3])(级)?$/ } as const;

/** A level as written: T2 (t2, T2级), or its coefficient (1.2); F also as 不涉及/本部门/跨2到5个部门/跨5个部门以上. */
function parseLevel(prefix: "T" | "B" | "F", written: string, num: Dec | null, standard: Standard): string | null {
  const text = written.normalize("NFKC"); // Ｔ２ as T2
  const t = text.replace(/\s+/g, "").toUpperCase();
  const m = LEVEL_TEXT[prefix].exec(t);
  if (m) return `${prefix}${m[1]}`;
  const rows = prefix === "T" ? standard.technical : prefix === "B" ? standard.business : standard.collaboration;
  if (num !== null) {
    const row = rows.find((r) => r.coefficient.eq(num));
    if (row) return row.level;
  }
  if (prefix === "F") {
    if (/不涉及|本部门/.test(text)) return "F1";
    if (/跨2到5|2[~～-]5/.test(text)) return "F2";
    if (/5个部门以上|6个及以上/.test(text)) return "F3";
  }
  return null;
}

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5 };

function parseTier(text: string, num: Dec | null, standard: Standard): TierRow | null {
  const t = text.normalize("NFKC").replace(/\s+/g, "");
  if (num !== null && num.isInteger()) return standard.tiers.find((x) => Dec.fromInt(x.tier).eq(num)) ?? null;
  const m = /第?([一二三四五1-5])档/.exec(t);
  if (m) {
    const n = CN_DIGITS[m[1] as string] ?? Number(m[1]);
    return standard.tiers.find((x) => x.tier === n) ?? null;
  }
  return standard.tiers.find((x) => t.includes(x.staff)) ?? null;
}

/** An item id as written in a cell (7.2.b, 10.1.A): not the start of a longer word (7.2.bc is none). */
const ITEM_ID = /\d{1,2}\.\d{1,2}\.[a-z](?![a-z])/gi;
/** An id at the start of a name cell (7.2.b 数据治理服务). */
const LEADING_ID = new RegExp(`^${ITEM_ID.source}`, "i");

/**
 * The item of a row: its id where it states one, else its name (exact, then unambiguous containment).
 * `named` is the item the name beside an id names, where it names one other than the id's
 * (item-name-mismatch: the id is priced, the disagreement said).
 */
function resolveItem(standard: Standard, idWritten: string, nameWritten: string): { item: CatalogItem; named?: CatalogItem } | { unknown: string } | { ambiguous: string; candidates: CatalogItem[]; several?: true } {
  const index = indexStandard(standard);
  // Full-width forms typed with a Chinese input method read as their ASCII ones (７．２．ｂ as 7.2.b).
  const idText = idWritten.normalize("NFKC");
  const nameText = nameWritten.normalize("NFKC");
  // Several ids in one cell (7.1.a、7.1.b): one workload for several items cannot be priced; not a guess at the first.
  const ids = [...new Set([...idText.matchAll(ITEM_ID)].map((m) => m[0].toLowerCase()))];
  const named = ids.map((id) => index.items.get(id)).filter((i): i is CatalogItem => i !== undefined);
  if (named.length > 1) return { ambiguous: idText.trim(), candidates: named, several: true };
  // The id cell's first id, else one at the start of the name. An id cell without one (a 序号 under the
  // header 编号, 7.2.bc) leaves the item to its name.
  const id = ids[0] ?? LEADING_ID.exec(nameText.trim())?.[0].toLowerCase();
  if (id !== undefined) {
    const item = index.items.get(id);
    if (item) {
      const byName = itemOfName(standard, nameText);
      return "item" in byName && byName.item.id !== item.id ? { item, named: byName.item } : { item };
    }
    if (idText.trim() !== "") return { unknown: idText.trim() };
  }
  const byName = itemOfName(standard, nameText);
  return "empty" in byName ? { unknown: idText.trim() || nameText.trim() } : byName;
}

/** The item a name cell names (an id at its start left out): exact, then unambiguous containment. */
function itemOfName(standard: Standard, nameText: string): { item: CatalogItem } | { unknown: string } | { ambiguous: string; candidates: CatalogItem[] } | { empty: true } {
  const name = nameText.trim().replace(LEADING_ID, "").replace(/[\s（）()]/g, "");
  if (name === "") return { empty: true };
  const exact = standard.items.filter((i) => i.name === name);
  if (exact.length === 1) return { item: exact[0] as CatalogItem };
  if (exact.length > 1) return { ambiguous: nameText.trim(), candidates: exact };
  const contains = standard.items.filter((i) => name.includes(i.name) || (name.length >= 4 && i.name.includes(name)));
  if (contains.length === 1) return { item: contains[0] as CatalogItem };
  if (contains.length > 1) return { ambiguous: nameText.trim(), candidates: contains };
  return { unknown: nameText.trim() };
}

/** 方法2 named: 方法2, 方法二, 快速测算, 速查表, 表B.2. */
const QUICK_NAMED = /方法\s*[2二]|快速测算|速查表|表\s*B\.?\s*2/i;
/** Words that say a method is not used (未采用, 不按, 没有使用, 并非, 非 right before the name); not 非 of 非人力成本. */
const NEGATION = /(未|不|没有?|无需|并非|非)\s*(采用|采取|使用|用|按|依据|适用|选用|是)|非\s*$/;

/**
 * Does the sheet state 方法2 as its method (a title, heading, note or 测算方法 cell)? Each clause of its
 * texts (split at ，。；, line breaks) that names 方法2 counts, unless a negation (未采用, 不按, 非) comes
 * before the name in that clause: "本表按方法1测算，未采用方法2速查表" states 方法1, not 方法2.
 */
function statesQuick(texts: string): boolean {
  return texts.split(/[，,。；;！!？?\n]/).some((clause) => {
    const m = QUICK_NAMED.exec(clause);
    return m !== null && !NEGATION.test(clause.slice(0, m.index));
  });
}

/** Does the written value (at its own decimals, in its unit) agree with the exact amount in 元? */
function agrees(written: Dec, exactYuan: Dec, wan: boolean): boolean {
  const places = Math.max(written.decimalPlaces(), 0);
  const inUnit = wan ? Dec.fromUnits(exactYuan.units, exactYuan.scale + 4) : exactYuan;
  return inUnit.roundHalfUp(places).eq(written.roundHalfUp(places));
}

const moneyText = (d: Dec) => toFen(d).toFixed(2);

function checkTable(file: string, grid: Grid & { stale: { address: string; cached: string; computed: string }[] }, map: CheckMap, standard: Standard): CheckResult {
  const index = indexStandard(standard);
  const wan = map.unit === "wan";
  const rows = readRows(grid, map);
  if (!rows.some((r) => r.kind === "service")) {
    const cols = Object.entries(map.columns).map(([f, c]) => `${f} ${c}`).join("、");
    return failed(file, `工作表“${map.sheet}”第 ${map.firstRow} 行起没有读到任何服务行（表头第 ${map.headerRow} 行；各列：${cols}）；可用 --print-map 查看识别结果，改正后用 --map 指定`);
  }
  const texts = sheetTexts(grid, map.headerRow);
  const method: PricingMethod = statesQuick(texts.all) ? "quick" : "coefficient";
  // A rate profile named (费率方案：2024年某市人力资源市场工资价位): its name, as written after 费率方案/费率标准
  // up to a bracket or a stop; null where the sheet names none.
  const basis = /费率(?:方案|标准)\s*[:：]?\s*([^（）()\n，,。；;]*)/.exec(texts.all);
  const rateProfile = basis === null ? null : (basis[1] ?? "").trim().slice(0, 200) || "申报表所写费率方案";
  const findings: Finding[] = [];
  const sheet = grid.name;
  const add = (code: CheckFindingCode, severity: Severity, clause: string, cell: string, line: number | undefined, item: string | null, amount: Dec | null, params: Params) => {
    findings.push({ code, severity, clause, at: { kind: "cell", sheet, cell, ...(line !== undefined ? { line } : {}) }, item, amount: amount === null ? null : toFen(amount), params });
  };
  const toYuan = (d: Dec | null) => (d === null ? null : wan ? d.mul(WAN) : d);
  // A unit price is in 万元 where its header says so, and in a 万元 sheet where it is written as one
  // (no standard price is below 1,000 元).
  const priceYuan = (d: Dec | null) => (d === null ? null : map.priceUnit === "wan" || (wan && d.lt(Dec.fromInt(1000))) ? d.mul(WAN) : d);
  // Workloads in 人年 (工作量（人年）) are the standard's 人月 × 12.
  const toMonths = (d: Dec | null) => (d === null || map.workloadUnit !== "year" ? d : d.mul(Dec.fromInt(12)));

  if (grid.stale.length) {
    const s = grid.stale[0] as { address: string; cached: string; computed: string };
    add("stale-values", "warning", "", s.address, undefined, null, null, { count: grid.stale.length, first: `${sheet}!${s.address}`, cached: s.cached, computed: s.computed });
  }

  const stated: Stated[] = [];
  const services: ServiceLine[] = [];
  const servicesStated: Stated[] = [];
  const external: Budget["external"][number][] = [];
  const seen = new Map<string, number>();
  let sumLines = Dec.ZERO;
  let groupSum = Dec.ZERO;
  let groupFrom: number | null = null;
  let scaleStated: { num: Dec; address: string } | null = null;
  /** The first line's own 规模系数, where the lines carry one (a 规模系数 column): Σ lines is then L itself. */
  let lineScale: { num: Dec; address: string } | null = null;
  /** Σ of the lines' amounts before a S of their own (= sumLines where the lines carry none): what S multiplies. */
  let sumBase = Dec.ZERO;
  /** The lines' workloads as written (in the sheet's 人月 or 人年): all of them, and since the last 小计. */
  let workloadSum = Dec.ZERO;
  let groupWorkload = Dec.ZERO;
  let laborStated: { num: Dec; written: Dec; address: string } | null = null;
  let nonLaborStated: Dec | null = null;
  /** The parts of 公式(3) stated row by row (数据产品费, 设备材料费, 业务费), in 元. */
  const nonLaborParts: { label: string; amount: Dec }[] = [];
  let declared: Dec | null = null;
  let totalAddress: string | null = null;
  let totalScale: { num: Dec; address: string } | null = null;
  const aboveStd: { s: Stated; std: Dec }[] = [];

  /** What a cell the check needs should hold, for invalid-value (zh, en). */
  const ALLOWED = {
    workload: ["人月数，如 8 或 8.5", "person-months, such as 8 or 8.5"],
    price: ["元/人月，如 28500", "yuan per person-month, such as 28500"],
    amount: [wan ? "万元数" : "元数", wan ? "an amount in 10,000 yuan" : "an amount in yuan"],
    units: ["单位个数，如 3", "a number of units, such as 3"],
  } as const;
  /**
   * A cell the check needs that holds no figure: an error value, text, a negative workload, or an
   * empty workload on a priced line (invalid-value).
   */
  const invalid = (field: "workload" | "price" | "amount" | "units", cell: TableCell | undefined, line: number, stake: Dec | null): void => {
    const severity: Severity = field === "workload" ? "error" : "warning";
    const clause = field === "workload" || field === "price" ? "公式(2)" : field === "units" ? "表A.3" : "";
    const [allowed, allowedEn] = ALLOWED[field];
    if (cell?.error !== undefined) add("invalid-value", severity, clause, cell.address, line, null, stake, { field, kind: "error", stated: cell.error });
    else if (cell && cell.text !== "" && cell.num === null) add("invalid-value", severity, clause, cell.address, line, null, stake, { field, kind: "text", stated: cell.text, allowed, allowedEn });
    else if (field === "workload" && cell?.num?.isNegative()) add("invalid-value", severity, clause, cell.address, line, null, stake, { field, kind: "negative", stated: cell.num.toString() });
    else if (field === "workload" && cell && cell.text === "") add("invalid-value", severity, clause, cell.address, line, null, stake, { field, kind: "missing" });
  };

  // Sum rows above the first line (a layout that puts 合计 first) sum the lines below them: they
  // are checked after the lines, as if written at the foot of the table.
  const firstLine = rows.findIndex((r) => r.kind === "service");
  const ordered = firstLine > 0 ? [...rows.slice(firstLine), ...rows.slice(0, firstLine)] : rows;

  // Sub-projects in one table (一、… its lines and 合计; 二、… its lines and 合计; then 总计): a 合计 with
  // lines below it and a total row below those closes its group, and so does a 合计 closing the lines
  // after such a group. Each is held against its group's lines, like a 小计; the last total is the table's.
  const groupEnds = new Set<number>();
  {
    // From the foot up: is there a line below this row with a total row below that line?
    const linesThenTotal: boolean[] = [];
    let totalBelow = false;
    let lineAndTotalBelow = false;
    for (let i = ordered.length - 1; i >= 0; i--) {
      linesThenTotal[i] = lineAndTotalBelow;
      const r = ordered[i] as TableRow;
      if (r.kind === "total") totalBelow = true;
      if (r.kind === "service" && totalBelow) lineAndTotalBelow = true;
    }
    let afterGroup = false;
    let linesSince = false;
    ordered.forEach((r, i) => {
      if (r.kind === "service") linesSince = true;
      if (r.kind !== "total") return;
      if (linesThenTotal[i] || (afterGroup && linesSince)) {
        groupEnds.add(r.row);
        afterGroup = true;
      }
      linesSince = false;
    });
  }
  /** The lines since the last group's 合计 (or the table's start): their amounts, workloads and first row. */
  let sectionSum = Dec.ZERO;
  let sectionWorkload = Dec.ZERO;
  let sectionFrom: number | null = null;

  let line = 0;
  for (const r of ordered) {
    if (r.kind !== "service") {
      if (r.unreadable) {
        const u = r.unreadable;
        const [allowed, allowedEn] = ALLOWED.amount;
        add("invalid-value", "error", "", u.address, undefined, null, null, u.error !== undefined ? { field: "total", label: r.label, kind: "error", stated: u.error } : { field: "total", label: r.label, kind: "text", stated: u.text, allowed, allowedEn });
      }
      const written = r.amount?.num ?? null;
      const yuan = toYuan(written);
      if (r.kind === "total" && groupEnds.has(r.row)) {
        // A group's 合计: the sum of its lines (subtotal-arithmetic, named by its label), then a new group begins.
        const range = { group: r.label, from: sectionFrom ?? r.row, to: r.row - 1 };
        if (r.workload && !agrees(r.workload.num, sectionWorkload, false)) {
          const [unit, unitEn] = map.workloadUnit === "year" ? ["人年", "person-years"] : ["人月", "person-months"];
          add("subtotal-arithmetic", "error", "公式(2)、表A.4", r.workload.address, undefined, null, null, { field: "workload", stated: r.workload.num.toString(), sum: sectionWorkload.toString(), unit, unitEn, ...range });
        }
        if (r.amount && yuan !== null && !agrees(r.amount.num, sectionSum, wan)) {
          add("subtotal-arithmetic", "error", "公式(2)", r.amount.address, undefined, null, yuan.sub(sectionSum), { stated: moneyText(yuan), sum: moneyText(sectionSum), ...range });
        }
        sectionSum = Dec.ZERO;
        sectionWorkload = Dec.ZERO;
        sectionFrom = null;
        groupSum = Dec.ZERO;
        groupWorkload = Dec.ZERO;
        groupFrom = null;
        continue;
      }
      if (r.kind === "scale") {
        if (r.value) scaleStated = { num: r.value.num, address: r.value.address };
        continue;
      }
      // The workload a 小计, 人力成本 or 合计 states against the lines' (表A.4's S is read from the total workload).
      if (r.kind === "subtotal" || r.kind === "labor" || r.kind === "total") {
        const sumQ = r.kind === "subtotal" ? groupWorkload : workloadSum;
        if (r.workload && !agrees(r.workload.num, sumQ, false)) {
          const [unit, unitEn] = map.workloadUnit === "year" ? ["人年", "person-years"] : ["人月", "person-months"];
          const code = r.kind === "subtotal" ? "subtotal-arithmetic" : "total-arithmetic";
          add(code, "error", "公式(2)、表A.4", r.workload.address, undefined, null, null, { field: "workload", label: r.label, stated: r.workload.num.toString(), sum: sumQ.toString(), unit, unitEn, from: groupFrom ?? r.row, to: r.row - 1 });
        }
        if (r.kind === "subtotal") groupWorkload = Dec.ZERO;
      }
      if (written === null || yuan === null || !r.amount) continue;
      if (r.kind === "subtotal") {
        if (!agrees(written, groupSum, wan)) {
          add("subtotal-arithmetic", "error", "公式(2)", r.amount.address, undefined, null, yuan.sub(groupSum), { stated: moneyText(yuan), sum: moneyText(groupSum), from: groupFrom ?? r.row, to: r.row - 1 });
        }
        groupSum = Dec.ZERO;
        groupFrom = null;
      } else if (r.kind === "labor") {
        laborStated = { num: yuan, written, address: r.amount.address };
        // The labor cost is the declared total until a total row says otherwise (non-labor added).
        declared = yuan.add(nonLaborStated ?? Dec.ZERO);
        totalAddress = r.amount.address;
        // A stated 规模系数 row is to be applied: Σ alone (S left out) is then no right labor cost. Where
        // the lines carry their own S, Σ lines is the labor cost.
        const candidates = lineScale ? [sumLines] : scaleStated ? [sumLines.mul(scaleStated.num)] : [sumLines, ...standard.scale.map((s) => sumLines.mul(s.coefficient))];
        if (!candidates.some((c) => agrees(written, c, wan))) {
          const expect = lineScale ? sumLines : scaleStated ? sumLines.mul(scaleStated.num) : sumLines;
          add("total-arithmetic", "error", "公式(2)", r.amount.address, undefined, null, yuan.sub(expect), { label: r.label, stated: moneyText(yuan), sum: moneyText(expect), how: lineScale ? "Σ各行金额（各行已乘规模系数）" : scaleStated ? `Σ各行金额 × 规模系数 ${scaleStated.num.toString()}` : "Σ各行金额" });
        }
      } else if (r.kind === "nonLaborPart") {
        // A part of the non-labor cost: not a service. Until a 非人力成本 row sums them, the parts are it.
        nonLaborParts.push({ label: r.label, amount: yuan });
        nonLaborStated = (nonLaborStated ?? Dec.ZERO).add(yuan);
      } else if (r.kind === "nonLabor") {
        const parts = nonLaborParts.reduce((a, p) => a.add(p.amount), Dec.ZERO);
        if (nonLaborParts.length && !agrees(written, parts, wan)) {
          add("total-arithmetic", "error", "公式(3)", r.amount.address, undefined, null, yuan.sub(parts), { label: r.label, stated: moneyText(yuan), sum: moneyText(parts), how: nonLaborParts.map((p) => p.label).join(" + ") });
        }
        nonLaborStated = yuan;
      } else {
        const t = nonLaborStated ?? Dec.ZERO;
        // The labor cost as the sheet states it, else Σ × the stated S; only where neither is stated, Σ or Σ × any S (read back below).
        const labors = laborStated ? [laborStated.num] : lineScale ? [sumLines] : scaleStated ? [toFen(sumLines.mul(scaleStated.num))] : [sumLines, ...standard.scale.map((s) => toFen(sumLines.mul(s.coefficient)))];
        if (!labors.some((l) => agrees(written, l.add(t), wan) || agrees(written, l, wan))) {
          const expect = (laborStated ? laborStated.num : lineScale ? sumLines : scaleStated ? sumLines.mul(scaleStated.num) : sumLines).add(t);
          add("total-arithmetic", "error", "公式(1)", r.amount.address, undefined, null, yuan.sub(expect), { label: r.label, stated: moneyText(yuan), sum: moneyText(expect), how: laborStated ? "人力成本 + 非人力成本" : lineScale ? "Σ各行金额（各行已乘规模系数）+ 非人力成本" : scaleStated ? "Σ各行金额 × 规模系数 + 非人力成本" : "Σ各行金额 + 非人力成本" });
        }
        if (!laborStated && !scaleStated && !lineScale && !agrees(written, sumLines.add(t), wan)) {
          // S applied silently in the total: read it back from the total.
          const s = standard.scale.find((x) => agrees(written, toFen(sumLines.mul(x.coefficient)).add(t), wan));
          if (s) totalScale = { num: s.coefficient, address: r.amount.address };
        }
        declared = yuan;
        totalAddress = r.amount.address;
      }
      continue;
    }
    line++;
    const c = r.cells;
    const idText = c.id?.text ?? "";
    const nameText = c.name?.text ?? "";
    const itemAddress = (idText ? c.id?.address : c.name?.address) ?? c.name?.address ?? c.id?.address ?? `A${r.row}`;
    const personMonths = toMonths(c.workload?.num ?? null);
    const price = priceYuan(c.price?.num ?? null);
    // A 规模系数 column: the line's amount is P × Q × S, S applied line by line (read where P and Q are there to apply it to).
    const scale = c.scale?.num && c.scale.num.gt(Dec.ZERO) && c.scale.num.lte(Dec.ONE) && price !== null && personMonths !== null ? { num: c.scale.num, address: c.scale.address } : null;
    let amount = toYuan(c.amount?.num ?? null);
    if (amount === null && price !== null && personMonths !== null) amount = price.mul(personMonths).mul(scale?.num ?? Dec.ONE);
    const base = scale && price !== null && personMonths !== null ? price.mul(personMonths) : amount;
    const s: Stated = {
      row: r.row,
      line,
      label: nameText || idText,
      item: null,
      itemAddress,
      personMonths,
      workloadAddress: c.workload?.address ?? itemAddress,
      price,
      priceAddress: c.price?.address ?? itemAddress,
      amount,
      amountWritten: c.amount?.num ?? null,
      amountAddress: c.amount?.address ?? itemAddress,
      scale,
      base,
    };
    stated.push(s);
    lineScale ??= scale;
    if (amount !== null) {
      sumLines = sumLines.add(amount);
      groupSum = groupSum.add(amount);
      sectionSum = sectionSum.add(amount);
    }
    if (base !== null) sumBase = sumBase.add(base);
    if (c.workload?.num) {
      workloadSum = workloadSum.add(c.workload.num);
      groupWorkload = groupWorkload.add(c.workload.num);
      sectionWorkload = sectionWorkload.add(c.workload.num);
    }
    if (groupFrom === null) groupFrom = r.row;
    sectionFrom ??= r.row;

    // Cells that hold no figure: said, not passed over (the line's workload then counts as 0).
    invalid("workload", c.workload, line, amount);
    invalid("price", c.price, line, null);
    invalid("amount", c.amount, line, null);
    invalid("units", c.units, line, null);

    // amount-arithmetic: the row's own P × Q (× its own S, where it states one).
    if (s.amountWritten !== null && price !== null && personMonths !== null) {
      const product = price.mul(personMonths).mul(scale?.num ?? Dec.ONE);
      if (!agrees(s.amountWritten, product, wan)) {
        add("amount-arithmetic", "error", "公式(2)", s.amountAddress, line, null, (amount as Dec).sub(product), { stated: moneyText(amount as Dec), price: price.toString(), personMonths: personMonths.toString(), product: moneyText(product), ...(scale ? { scale: scale.num.toString() } : {}) });
      }
    }

    const found = resolveItem(standard, idText, nameText);
    if ("unknown" in found) {
      add("unknown-item", "error", "附录A、表1–表17", itemAddress, line, null, amount, { stated: found.unknown });
      continue;
    }
    if ("ambiguous" in found) {
      add("ambiguous-item", "error", "附录A、表1–表17", itemAddress, line, null, amount, { stated: found.ambiguous, candidates: found.candidates.map((i) => `${i.id} ${i.name}`).join("、"), ...(found.several ? { several: 1 } : {}) });
      continue;
    }
    const item = found.item;
    s.item = item;
    if (found.named) {
      // The id and the name beside it name different items: priced by the id, as said.
      add("item-name-mismatch", "error", "附录A、表1–表17", itemAddress, line, item.id, null, { id: item.id, idName: item.name, stated: nameText, nameItem: found.named.id, nameName: found.named.name });
    }
    const first = seen.get(item.id);
    if (first !== undefined) add("duplicate-item", "warning", "", itemAddress, line, item.id, amount, { item: item.id, first });
    else seen.set(item.id, line);
    if (item.serviceType === "8.5") add("hotline-eligibility", "confirm", "8.5.2", itemAddress, line, item.id, amount, {});

    if (item.kind === "external") {
      add("outside-formula", "error", "5.1 注、6.1.2", itemAddress, line, item.id, null, { item: item.id, name: item.name });
      if (amount !== null && !amount.isNegative()) external.push({ item: item.id, name: item.name, amount: toFen(amount), basis: `申报表第 ${r.row} 行所列金额（未按网络运营服务商预算标准核实）` });
      continue;
    }
    const fi: FormulaItem = item;
    const table = fi.levelSource.table;
    const tStated = c.technical ? parseLevel("T", c.technical.text, c.technical.num, standard) : null;
    const bStated = c.business ? parseLevel("B", c.business.text, c.business.num, standard) : null;
    const fStated = c.collaboration ? parseLevel("F", c.collaboration.text, c.collaboration.num, standard) : null;
    if (c.technical && c.technical.text !== "" && tStated !== fi.technical) {
      add("level-mismatch", "error", `${fi.levelSource.clause}、${table}`, c.technical.address, line, fi.id, null, { item: fi.id, name: fi.name, dimension: "技术难度", stated: tStated ?? c.technical.text, standard: fi.technical, table });
    }
    if (c.business && c.business.text !== "" && bStated !== fi.business) {
      add("level-mismatch", "error", `${fi.levelSource.clause}、${table}`, c.business.address, line, fi.id, null, { item: fi.id, name: fi.name, dimension: "业务难度", stated: bStated ?? c.business.text, standard: fi.business, table });
    }
    const units = c.units?.num && c.units.num.isInteger() && c.units.num.gt(Dec.ZERO) ? Number(c.units.num.toString()) : null;
    if (fi.collaborationRule === "none" && (fStated === "F2" || fStated === "F3")) {
      add("collaboration-not-applicable", "error", `${fi.levelSource.clause}、${table}`, (c.collaboration as { address: string }).address, line, fi.id, null, { item: fi.id, name: fi.name, stated: fStated, table });
    }
    if (fi.collaborationRule === "none" && fStated !== "F2" && fStated !== "F3" && units !== null && units > 1) {
      // Units on a 不涉及 item (3 units would be F2 elsewhere): ignored, F1 used; said, not passed over.
      add("collaboration-not-applicable", "warning", `${fi.levelSource.clause}、${table}`, (c.units as { address: string }).address, line, fi.id, null, { item: fi.id, name: fi.name, units, table });
    }
    if (fi.collaborationRule === "variable" && fStated !== null && units !== null && index.levelForUnits(units) !== fStated) {
      add("collaboration-units-mismatch", "error", "表A.3", (c.collaboration as { address: string }).address, line, fi.id, null, { item: fi.id, stated: fStated, units, standard: index.levelForUnits(units) });
    }
    let level: CollaborationLevel | null = null;
    if (fi.collaborationRule === "variable") level = units !== null ? index.levelForUnits(units) : ((fStated as CollaborationLevel | null) ?? null);
    const q = personMonths ?? Dec.ZERO;
    // 方法2 where 表B.2 has a price for the item at the level the engine will use; else 方法1.
    const engineLevel: CollaborationLevel = fi.collaborationRule === "none" ? "F1" : (level ?? "F1");
    const quickPrice = index.quick.get(fi.id)?.prices[engineLevel === "F1" ? 0 : engineLevel === "F2" ? 1 : 2] ?? null;
    services.push({ item: fi.id, personMonths: q.isNegative() ? Dec.ZERO : q.roundHalfUp(2), units: fi.collaborationRule === "variable" ? units : null, collaboration: fi.collaborationRule === "variable" && units === null ? level : null, method: method === "quick" && quickPrice !== null ? "quick" : "coefficient", note: null });
    servicesStated.push(s);

    // The coefficient and tier as the sheet states them.
    const stdT = standard.technical.find((x) => x.level === (tStated ?? fi.technical));
    const stdB = standard.business.find((x) => x.level === (bStated ?? fi.business));
    const fUsed = fi.collaborationRule === "none" ? "F1" : (level ?? "F1");
    const stdF = standard.collaboration.find((x) => x.level === ((fStated as CollaborationLevel | null) ?? fUsed));
    let coefStated: Dec | null = null;
    if (c.coefficient?.num && stdT && stdB && stdF) {
      coefStated = c.coefficient.num;
      const product = stdT.coefficient.mul(stdB.coefficient).mul(stdF.coefficient).normalize();
      if (!agrees(coefStated, product, false)) {
        add("coefficient-mismatch", "error", "公式(2)、表A.1–A.3", c.coefficient.address, line, fi.id, null, { item: fi.id, stated: coefStated.toString(), product: product.toString(), trace: `${stdT.level} ${stdT.published} × ${stdB.level} ${stdB.published} × ${stdF.level} ${stdF.published}` });
      }
    }
    if (c.tier && c.tier.text !== "") {
      const t = parseTier(c.tier.text, c.tier.num, standard);
      const coef = coefStated && coefStated.gte(Dec.ONE) && coefStated.lte(Dec.fromInt(6)) ? coefStated : null;
      const basis = coef ?? (stdT && stdB && stdF ? stdT.coefficient.mul(stdB.coefficient).mul(stdF.coefficient).normalize() : null);
      if (basis) {
        const should = tierFor(standard, basis);
        if (!t || t.tier !== should.tier) {
          add("tier-mismatch", "error", "表B.1", c.tier.address, line, fi.id, null, { item: fi.id, stated: c.tier.text, coefficient: basis.toString(), standard: should.name, standardTier: should.tier });
        }
      }
    }
  }

  // The recomputation by the standard.
  // Non-labor: the parts as stated row by row, each in its part of 公式(3); else the stated 非人力成本 as one.
  const stated5 = (name: string, amount: Dec) => ({ name, amount: toFen(amount), note: "按申报金额列入，未逐项核实（5.3）" });
  const partOf = (label: string): NonLaborPart => (/数据产品/.test(label) ? "dataProducts" : /设备|材料/.test(label) ? "equipment" : "business");
  const nonLabor: Record<NonLaborPart, NonLaborItem[]> = { dataProducts: [], equipment: [], business: [] };
  for (const p of nonLaborParts) nonLabor[partOf(p.label)].push(stated5(p.label, p.amount));
  if (nonLaborParts.length === 0 && nonLaborStated !== null && !nonLaborStated.isZero()) nonLabor.business.push(stated5("申报表所列非人力成本", nonLaborStated));
  const byStandard: Budget = { name: texts.title || file, rates: null, ratesName: null, services, nonLabor, external };
  const est0 = estimate(byStandard, standard);

  // A rate profile named on the sheet (表B.1 注2: 各地可参照本地区人社部门发布的岗位工资价位确定基准人月
  // 费率), such as 费率方案：2024年某市人力资源市场工资价位. Each tier's price is the one its first line
  // states (the line's tier by the standard). Where at least one differs from 表B.1 and they do not
  // decrease from tier to tier, they are taken as that profile's: the recomputation prices every line
  // by them (tiers the sheet does not use keep 表B.1's), a rate-profile-named finding (to confirm) asks
  // the reviewer to check the named basis, and only a line whose price is not its tier's price in the
  // same sheet is a unit-price-mismatch. Otherwise each price is held against 表B.1, as below.
  const tierPrices = new Map<number, { price: Dec; row: number; address: string }>();
  est0.lines.forEach((l, i) => {
    const s = servicesStated[i] as Stated;
    if (s.price !== null && !tierPrices.has(l.tier.tier)) tierPrices.set(l.tier.tier, { price: s.price, row: s.row, address: s.priceAddress });
  });
  const used = [...tierPrices.entries()].sort((a, b) => a[0] - b[0]);
  const b1 = standard.defaultRates.rates;
  const asProfile =
    rateProfile !== null &&
    used.some(([t, p]) => !p.price.eq(b1[t - 1] as Dec)) &&
    used.every(([, p], k) => p.price.isInteger() && p.price.gt(Dec.ZERO) && (k === 0 || p.price.gte((used[k - 1] as [number, { price: Dec }])[1].price)));
  const rates = asProfile ? (b1.map((r, k) => tierPrices.get(k + 1)?.price ?? r) as readonly Dec[] as TierPrices) : null;
  const budget: Budget = rates ? { ...byStandard, rates, ratesName: rateProfile } : byStandard;
  const est = rates ? estimate(budget, standard) : est0;
  if (rates) {
    const tierName = (t: number) => standard.tiers.find((x) => x.tier === t)?.name ?? String(t);
    // Said at the first tier's price; at stake the total by the named profile less the total by 表B.1.
    add("rate-profile-named", "confirm", "表B.1 注2", (used[0] as [number, { address: string }])[1].address, undefined, null, est.grandTotal.sub(est0.grandTotal), {
      name: rateProfile as string,
      tiers: used.map(([t]) => t).join("、"),
      tierNames: used.map(([t]) => tierName(t)).join("、"),
      stated: used.map(([, p]) => p.price.toString()).join("、"),
      standard: used.map(([t]) => (b1[t - 1] as Dec).toString()).join("、"),
    });
  }

  // Unit prices against the standard's (by 表B.2 where the sheet states 方法2), or the named profile's.
  est.lines.forEach((l, i) => {
    const s = servicesStated[i] as Stated;
    if (s.price === null || s.personMonths === null) return;
    if (s.price.eq(l.unitPrice)) return;
    const isB1 = b1.some((p) => p.eq(s.price as Dec));
    if (!rates && !isB1 && s.price.gt(l.unitPrice)) {
      aboveStd.push({ s, std: l.unitPrice });
      if (rateProfile === null) return;
    }
    const stake = s.price.sub(l.unitPrice).mul(s.personMonths);
    const quick = l.method === "quick" ? index.quick.get(l.item) : undefined;
    add("unit-price-mismatch", s.price.gt(l.unitPrice) ? "error" : "warning", rates ? "公式(2)、表B.1 注2" : quick ? "公式(2)、表B.2" : "公式(2)、表B.1", s.priceAddress, s.line, l.item, stake, {
      item: l.item,
      name: l.name,
      stated: s.price.toString(),
      standard: l.unitPrice.toString(),
      personMonths: s.personMonths.toString(),
      trace: `${l.technical} × ${l.business} × ${l.collaboration} = ${l.coefficient.toString()} → ${l.tier.name}`,
      tier: l.tier.tier,
      tierName: l.tier.name,
      // 方法2: the row and column of 表B.2 the price comes from.
      ...(quick ? { quickRow: quick.row, level: l.collaboration } : {}),
      // The named profile: its name and the row that states the tier's price.
      ...(rates ? { profile: rateProfile as string, profileRow: (tierPrices.get(l.tier.tier) as { row: number }).row } : {}),
    });
  });
  if (aboveStd.length && rateProfile === null) {
    const f = aboveStd[0] as { s: Stated; std: Dec };
    const stake = aboveStd.reduce((a, x) => a.add((x.s.price as Dec).sub(x.std).mul(x.s.personMonths as Dec)), Dec.ZERO);
    add("rate-above-standard", "warning", "表B.1 注2", f.s.priceAddress, f.s.line, null, stake, { lines: aboveStd.length, item: f.s.item?.id ?? "", stated: (f.s.price as Dec).toString(), standard: f.std.toString() });
  }

  // The scale coefficient: stated (a 规模系数 row), implied (人力成本 ÷ Σ lines), or missing.
  const statedPM = servicesStated.reduce((a, s) => a.add(s.personMonths ?? Dec.ZERO), Dec.ZERO);
  const stdScale = scaleFor(standard, statedPM);
  let applied: { num: Dec; address: string } | null = lineScale ?? scaleStated ?? totalScale;
  if (!applied && laborStated && !agrees(laborStated.written, sumLines, wan)) {
    const s = standard.scale.find((x) => agrees(laborStated.written, sumLines.mul(x.coefficient), wan));
    if (s) applied = { num: s.coefficient, address: laborStated.address };
  }
  const personYears = statedPM.divIntRoundHalfUp(12n, 2).toString();
  const scaleParams = { personMonths: statedPM.toString(), personYears, level: stdScale.level, coefficient: stdScale.published };
  if (applied === null) {
    if (!stdScale.coefficient.eq(Dec.ONE)) {
      const at = laborStated?.address ?? totalAddress ?? servicesStated[servicesStated.length - 1]?.amountAddress ?? "A1";
      add("scale-missing", "error", "公式(2)、表A.4", at, undefined, null, sumBase.sub(sumBase.mul(stdScale.coefficient)), scaleParams);
    }
  } else if (lineScale) {
    // S applied line by line: said once, at the first line whose S is not 表A.4's; at stake Σ P × Q × (S stated − S) of such lines.
    const off = stated.filter((x) => x.scale !== null && !x.scale.num.eq(stdScale.coefficient));
    const first = off[0]?.scale;
    if (first) {
      const stake = off.reduce((a, x) => a.add((x.base as Dec).mul((x.scale as { num: Dec }).num.sub(stdScale.coefficient))), Dec.ZERO);
      add("scale-mismatch", "error", "公式(2)、表A.4", first.address, undefined, null, stake, { ...scaleParams, stated: first.num.toString() });
    }
  } else if (!applied.num.eq(stdScale.coefficient)) {
    add("scale-mismatch", "error", "公式(2)、表A.4", applied.address, undefined, null, sumBase.mul(applied.num).sub(sumBase.mul(stdScale.coefficient)), { ...scaleParams, stated: applied.num.toString() });
  }

  if (declared === null) {
    // Σ lines is L itself where the lines carry their own S.
    const labor = laborStated?.num ?? (applied && !lineScale ? sumLines.mul(applied.num) : sumLines);
    declared = labor.add(nonLaborStated ?? Dec.ZERO);
  }
  const declaredMoney = toFen(declared);
  const recomputed = est.grandTotal;
  return {
    file,
    ok: true,
    reason: null,
    kind: "foreign",
    project: texts.title,
    method,
    declared: declaredMoney,
    recomputed,
    difference: toFen(declaredMoney.sub(recomputed)),
    findings: sortFindings(findings),
    budget,
    map,
  };
}

/** The reader's problems that say a workbook is not laid out as govcost's (rather than govcost's layout edited wrongly). */
const LAYOUT_PROBLEMS = new Set<string>(["missing_sheet", "missing_header", "merged_header"]);

/**
 * govcost's own workbook, perhaps edited since: the budget as govcost's reader reads it (the
 * items, workloads, units, collaboration levels and rates) recomputed by the engine, against the
 * figures the workbook shows: each line's levels, unit price and amount, the sums of the
 * 人力成本测算表, 非人力成本测算表 and 公式外计价, and the 汇总, whose 合计 is the declared total.
 * Formula cells whose cached value disagrees with their own formula are stale-values, and each
 * sheet's own sums are checked on the recalculated values, as in a department's table; the 汇总
 * (whose cells refer to other sheets, which the evaluator does not follow) on the values it shows.
 */
function checkOwnWorkbook(file: string, wb: ExcelJS.Workbook, budget: Budget, cells: ReadonlyMap<string, Located>, standard: Standard): CheckResult {
  const est = estimate(budget, standard);
  const index = indexStandard(standard);
  const findings: Finding[] = [];
  const add = (code: CheckFindingCode, severity: Severity, clause: string, sheet: string, cell: string, line: number | undefined, item: string | null, amount: Dec | null, params: Params) => {
    findings.push({ code, severity, clause, at: { kind: "cell", sheet, cell, ...(line !== undefined ? { line } : {}) }, item, amount: amount === null ? null : toFen(amount), params });
  };
  const grids = new Map(candidateSheets(wb).map((ws) => [ws.name, gridOf(ws)]));
  const cellOf = (sheet: string, col: string, row: number) => grids.get(sheet)?.cell(colNumber(col), row);
  // A figure as recalculated where its formula could be worked out: a sheet's own arithmetic.
  const figure = (sheet: string, col: string, row: number) => cellOf(sheet, col, row)?.num ?? null;
  // A figure as the file shows it (its cached value, stale or not).
  const shown = (sheet: string, col: string, row: number) => {
    const c = cellOf(sheet, col, row);
    return c?.stale ? Dec.tryParse(c.stale.cached) : (c?.num ?? null);
  };
  /** The row whose column A reads `label` (合计), at or below the first data row; null where none. */
  const rowLabelled = (sheet: string, label: string) => grids.get(sheet)?.rowNumbers.find((r) => r >= FIRST_DATA_ROW && cellOf(sheet, "A", r)?.text.trim() === label) ?? null;

  const stale = [...grids.values()].flatMap((g) => g.stale.map((x) => ({ sheet: g.name, ...x })));
  const firstStale = stale[0];
  if (firstStale) {
    add("stale-values", "warning", "", firstStale.sheet, firstStale.address, undefined, null, null, { count: stale.length, first: `${firstStale.sheet}!${firstStale.address}`, cached: firstStale.cached, computed: firstStale.computed });
  }

  // Each line: the levels it shows, its unit price against the standard's, its amount against P × Q.
  const LC = (key: LaborKey) => colLetter(columnIndex(LABOR_COLUMNS, key));
  const lineRows = new Set<number>();
  for (const l of est.lines) {
    const at = cells.get(formatPath(["services", l.index, "personMonths"]));
    if (!at) continue;
    const row = Number(/\d+$/.exec(at.cell)?.[0]);
    lineRows.add(row);
    const line = l.index + 1;
    const item = index.items.get(l.item);
    if (item?.kind === "formula") {
      // The reader refuses an edited level; these are the levels of an item changed since the export.
      const table = item.levelSource.table;
      for (const [key, dimension, expected] of [["technical", "技术难度", item.technical], ["business", "业务难度", item.business]] as const) {
        const stated = (cellOf(SHEET.labor, LC(key), row)?.text ?? "").trim().toUpperCase();
        if (stated !== "" && stated !== expected) {
          add("level-mismatch", "error", `${item.levelSource.clause}、${table}`, SHEET.labor, `${LC(key)}${row}`, line, l.item, null, { item: l.item, name: l.name, dimension, stated, standard: expected, table });
        }
      }
    }
    // The name beside the id, typed over: the id is what the reader prices, the disagreement is said.
    const nameText = cellOf(SHEET.labor, LC("name"), row)?.text ?? "";
    const byName = itemOfName(standard, nameText);
    if (item && "item" in byName && byName.item.id !== item.id) {
      add("item-name-mismatch", "error", "附录A、表1–表17", SHEET.labor, `${LC("item")}${row}`, line, l.item, null, { id: item.id, idName: item.name, stated: nameText.trim(), nameItem: byName.item.id, nameName: byName.item.name });
    }
    const price = figure(SHEET.labor, LC("unitPrice"), row);
    const q = figure(SHEET.labor, LC("personMonths"), row);
    const amount = figure(SHEET.labor, LC("amount"), row);
    if (price !== null && !price.eq(l.unitPrice)) {
      add("unit-price-mismatch", price.gt(l.unitPrice) ? "error" : "warning", "公式(2)、表B.1", SHEET.labor, `${LC("unitPrice")}${row}`, line, l.item, price.sub(l.unitPrice).mul(l.personMonths), {
        item: l.item,
        name: l.name,
        stated: price.toString(),
        standard: l.unitPrice.toString(),
        personMonths: l.personMonths.toString(),
        trace: `${l.technical} × ${l.business} × ${l.collaboration} = ${l.coefficient.toString()} → ${l.tier.name}`,
      });
    }
    if (amount !== null && price !== null && q !== null && !agrees(amount, price.mul(q), false)) {
      const product = price.mul(q);
      add("amount-arithmetic", "error", "公式(2)", SHEET.labor, `${LC("amount")}${row}`, line, null, amount.sub(product), { stated: moneyText(amount), price: price.toString(), personMonths: q.toString(), product: moneyText(product) });
    }
  }

  // The 人力成本测算表's sums: each 小计, the 合计 Σ(P×Q), the scale coefficient S and L = Σ(P×Q) × S.
  const amountCol = LC("amount");
  let sumLines = Dec.ZERO;
  let groupSum = Dec.ZERO;
  let groupFrom: number | null = null;
  const laborTotalRow = rowLabelled(SHEET.labor, TOTAL_LABEL);
  for (const r of grids.get(SHEET.labor)?.rowNumbers ?? []) {
    if (r < FIRST_DATA_ROW || (laborTotalRow !== null && r >= laborTotalRow)) continue;
    if (cellOf(SHEET.labor, "A", r)?.text.trim() === SUBTOTAL_LABEL) {
      const stated = figure(SHEET.labor, amountCol, r);
      if (stated !== null && !agrees(stated, groupSum, false)) {
        add("subtotal-arithmetic", "error", "公式(2)", SHEET.labor, `${amountCol}${r}`, undefined, null, stated.sub(groupSum), { stated: moneyText(stated), sum: moneyText(groupSum), from: groupFrom ?? r, to: r - 1 });
      }
      groupSum = Dec.ZERO;
      groupFrom = null;
    } else if (lineRows.has(r)) {
      const a = figure(SHEET.labor, amountCol, r) ?? Dec.ZERO;
      sumLines = sumLines.add(a);
      groupSum = groupSum.add(a);
      groupFrom ??= r;
    }
  }
  // The rows under 合计, as writeLabor lays them out: 人年, 规模级别, S, L.
  const scaleRow = laborTotalRow === null ? null : laborTotalRow + 3;
  const laborRow = laborTotalRow === null ? null : laborTotalRow + 4;
  const stdScale = scaleFor(standard, est.personMonths);
  if (laborTotalRow !== null && scaleRow !== null && laborRow !== null) {
    const total = figure(SHEET.labor, amountCol, laborTotalRow);
    if (total !== null && !agrees(total, sumLines, false)) {
      add("total-arithmetic", "error", "公式(2)", SHEET.labor, `${amountCol}${laborTotalRow}`, undefined, null, total.sub(sumLines), { label: TOTAL_LABEL, stated: moneyText(total), sum: moneyText(sumLines), how: "Σ各行金额" });
    }
    const s = figure(SHEET.labor, LC("personMonths"), scaleRow);
    if (s !== null && !s.eq(est.scale.coefficient)) {
      add("scale-mismatch", "error", "公式(2)、表A.4", SHEET.labor, `${LC("personMonths")}${scaleRow}`, undefined, null, sumLines.mul(s).sub(sumLines.mul(est.scale.coefficient)), {
        personMonths: est.personMonths.toString(),
        personYears: est.personYears.toString(),
        level: stdScale.level,
        coefficient: stdScale.published,
        stated: s.toString(),
      });
    }
    const labor = figure(SHEET.labor, amountCol, laborRow);
    const applied = s ?? est.scale.coefficient;
    if (labor !== null && !agrees(labor, sumLines.mul(applied), false)) {
      add("total-arithmetic", "error", "公式(2)", SHEET.labor, `${amountCol}${laborRow}`, undefined, null, labor.sub(sumLines.mul(applied)), { label: "人力成本 L", stated: moneyText(labor), sum: moneyText(sumLines.mul(applied)), how: `Σ各行金额 × 规模系数 ${applied.toString()}` });
    }
  }

  // The 非人力成本测算表's and the 公式外计价's 合计 against their lines (as read into the budget).
  const nlCol = colLetter(columnIndex(NON_LABOR_COLUMNS, "amount"));
  const nlRow = rowLabelled(SHEET.nonLabor, TOTAL_LABEL);
  const extCol = colLetter(columnIndex(EXTERNAL_COLUMNS, "amount"));
  const extRow = rowLabelled(SHEET.external, TOTAL_LABEL);
  for (const [sheet, col, row, sum, label, how, clause] of [
    [SHEET.nonLabor, nlCol, nlRow, est.nonLabor, "非人力成本 T", "数据产品费 D + 设备材料费 E + 业务费 B，各项金额之和", "公式(3)"],
    [SHEET.external, extCol, extRow, est.externalTotal, "公式(1)之外计价的服务", "公式外计价各项金额之和", "6.1.2"],
  ] as const) {
    const stated = row === null ? null : figure(sheet, col, row);
    if (row !== null && stated !== null && !agrees(stated, sum, false)) {
      add("total-arithmetic", "error", clause, sheet, `${col}${row}`, undefined, null, stated.sub(sum), { label, stated: moneyText(stated), sum: moneyText(sum), how });
    }
  }

  // The 汇总, as it shows: each figure against the cells it is made of.
  const R = SUMMARY_ROWS;
  const summary = (row: number) => shown(SHEET.summary, "B", row);
  const plus = (a: Dec | null, b: Dec | null) => (a === null || b === null ? null : a.add(b));
  const laborShown = laborRow === null ? null : shown(SHEET.labor, amountCol, laborRow);
  const rows: [number, Dec | null, string, string][] = [
    [R.labor, laborShown, `${SHEET.labor}!${amountCol}${laborRow ?? ""} 所列人力成本`, "公式(2)"],
    [R.nonLabor, nlRow === null ? null : shown(SHEET.nonLabor, nlCol, nlRow), `${SHEET.nonLabor}!${nlCol}${nlRow ?? ""} 所列非人力成本`, "公式(3)"],
    [R.total, plus(summary(R.labor), summary(R.nonLabor)), "人力成本 L + 非人力成本 T", "公式(1)"],
    [R.external, extRow === null ? Dec.ZERO : shown(SHEET.external, extCol, extRow), `${SHEET.external}!${extCol}${extRow ?? ""} 所列金额`, "6.1.2"],
    [R.grandTotal, plus(summary(R.total), summary(R.external)), "总成本 C + 公式(1)之外计价的服务", "公式(1)"],
  ];
  for (const [row, sum, how, clause] of rows) {
    const stated = summary(row);
    if (stated === null || sum === null || agrees(stated, sum, false)) continue;
    const label = cellOf(SHEET.summary, "A", row)?.text.trim() ?? "";
    add("total-arithmetic", "error", clause, SHEET.summary, `B${row}`, undefined, null, stated.sub(sum), { label, stated: moneyText(stated), sum: moneyText(sum), how });
  }

  // The declared total: the 汇总's 合计 as the file shows it; where it shows no figure, the lines'.
  let declared = summary(R.grandTotal);
  if (declared === null) {
    const c = cellOf(SHEET.summary, "B", R.grandTotal);
    const label = cellOf(SHEET.summary, "A", R.grandTotal)?.text.trim() ?? "";
    add("invalid-value", "error", "", SHEET.summary, `B${R.grandTotal}`, undefined, null, null, c?.error !== undefined ? { field: "total", label, kind: "error", stated: c.error } : { field: "total", label, kind: "text", stated: c?.text ?? "", allowed: "元数", allowedEn: "an amount in yuan" });
    declared = sumLines.mul(est.scale.coefficient).add(est.nonLabor).add(est.externalTotal);
  }
  const declaredMoney = toFen(declared);
  const order = wb.worksheets.map((ws) => ws.name);
  return {
    file,
    ok: true,
    reason: null,
    kind: "govcost",
    project: budget.name,
    method: budget.services[0]?.method ?? "coefficient",
    declared: declaredMoney,
    recomputed: est.grandTotal,
    difference: toFen(declaredMoney.sub(est.grandTotal)),
    findings: sortFindings(findings, order),
    budget,
    map: null,
  };
}

/** Budget-wide findings first, then by sheet (in the workbook's order) and row. */
function sortFindings(f: Finding[], sheets: readonly string[] = []): Finding[] {
  const sheetOf = (x: Finding) => (x.at.kind === "cell" ? sheets.indexOf(x.at.sheet) : -1);
  const rowOf = (x: Finding) => (x.at.kind === "cell" ? Number(/\d+/.exec(x.at.cell)?.[0] ?? 0) : 0);
  return f.map((x, i) => ({ x, i })).sort((a, b) => sheetOf(a.x) - sheetOf(b.x) || rowOf(a.x) - rowOf(b.x) || a.i - b.i).map((e) => e.x);
}
