/**
 * The layout of the estimate workbook (测算表), shared by the writer and the reader so that
 * what one puts in a cell the other finds there: sheet names, column headers, fixed cells.
 */

export const SHEET = {
  summary: "汇总",
  labor: "人力成本测算表",
  tierGroups: "人员级别汇总",
  nonLabor: "非人力成本测算表",
  external: "公式外计价",
  tables: "系数表",
  notes: "测算说明",
  /** Machine-readable facts the visible cells cannot hold (very hidden). */
  meta: "govcost",
} as const;

/** The header row of every table sheet (row 1 is the sheet's title). */
export const HEADER_ROW = 2;
export const FIRST_DATA_ROW = 3;

/** Label in column A of a group's subtotal row and of the closing total row. */
export const SUBTOTAL_LABEL = "小计";
export const TOTAL_LABEL = "合计";

export interface ColumnDef {
  key: string;
  header: string;
  width: number;
  /** Needed by the reader: a workbook without this header is refused. */
  required?: boolean;
  hidden?: boolean;
}

/** 人力成本测算表: one row per service line, grouped by service type (公式(2)). */
export const LABOR_COLUMNS = [
  { key: "seq", header: "序号", width: 6 },
  { key: "category", header: "类别", width: 14 },
  { key: "serviceType", header: "服务类型", width: 18 },
  { key: "item", header: "服务内容类别编号", width: 10, required: true },
  { key: "name", header: "服务内容", width: 22 },
  { key: "technical", header: "技术难度级别", width: 8, required: true },
  { key: "technicalCoefficient", header: "技术难度系数", width: 8 },
  { key: "business", header: "业务难度级别", width: 8, required: true },
  { key: "businessCoefficient", header: "业务难度系数", width: 8 },
  { key: "collaboration", header: "协同难度级别", width: 8, required: true },
  { key: "collaborationCoefficient", header: "协同难度系数", width: 8 },
  { key: "units", header: "单位数", width: 7, required: true },
  { key: "method", header: "计价方法", width: 14, required: true },
  { key: "coefficient", header: "运营难度系数", width: 9 },
  { key: "tier", header: "档位", width: 8 },
  { key: "unitPrice", header: "单价（元/人月）", width: 13 },
  { key: "personMonths", header: "工作量（人月）", width: 11, required: true },
  { key: "amount", header: "金额（元）", width: 16 },
  { key: "note", header: "备注", width: 30, required: true },
  // Hidden: what the export wrote, so that the reader can tell a reviewer's edit from the
  // export's own display (collaboration shown as F1 by default is not a stated F1).
  { key: "lineKey", header: "govcost:line", width: 6, hidden: true },
  { key: "statedCollaboration", header: "govcost:collaboration", width: 6, hidden: true },
  { key: "shownCollaboration", header: "govcost:shown", width: 6, hidden: true },
  { key: "exportedItem", header: "govcost:item", width: 6, hidden: true },
] as const satisfies readonly ColumnDef[];

export type LaborKey = (typeof LABOR_COLUMNS)[number]["key"];

/** 非人力成本测算表 (公式(3)). */
export const NON_LABOR_COLUMNS = [
  { key: "seq", header: "序号", width: 6 },
  { key: "part", header: "费用类别", width: 16, required: true },
  { key: "name", header: "名称", width: 30, required: true },
  { key: "amount", header: "金额（元）", width: 16, required: true },
  { key: "note", header: "备注", width: 40, required: true },
] as const satisfies readonly ColumnDef[];

export type NonLaborKey = (typeof NON_LABOR_COLUMNS)[number]["key"];

/** 公式外计价 (6.1.2; 5.1 注, 8.5.2). */
export const EXTERNAL_COLUMNS = [
  { key: "seq", header: "序号", width: 6 },
  { key: "item", header: "服务内容类别编号", width: 12, required: true },
  { key: "name", header: "名称", width: 30, required: true },
  { key: "amount", header: "金额（元）", width: 16, required: true },
  { key: "basis", header: "计价依据", width: 50, required: true },
] as const satisfies readonly ColumnDef[];

export type ExternalKey = (typeof EXTERNAL_COLUMNS)[number]["key"];

export const PART_LABELS = {
  dataProducts: "数据产品费 D",
  equipment: "设备材料费 E",
  business: "业务费 B",
} as const;

export const METHOD_LABELS = {
  coefficient: "方法1（系数法）",
  quick: "方法2（速查表B.2）",
} as const;

/** 汇总: label in column A, value in column B, fixed rows. */
export const SUMMARY_ROWS = {
  name: 3,
  standard: 4,
  rateProfile: 5,
  personMonths: 6,
  personYears: 7,
  scale: 8,
  labor: 9,
  nonLabor: 10,
  total: 11,
  external: 12,
  grandTotal: 13,
  words: 14,
  rounding: 15,
  exported: 16,
  /** The signature block: 编制单位（盖章）, 编制人, 审核人, 日期, one row each from here. */
  signature: 18,
} as const;

/** 系数表: fixed rows of each table (first data row); the coefficient is column B. */
export const TABLE_ROWS = {
  technical: 5,
  business: 12,
  collaboration: 19,
  scale: 25,
  tiers: 33,
} as const;
/** 系数表, 表B.1: column of the tier name, of the standard price and of the price this estimate uses. */
export const TIER_NAME_COL = "A";
export const TIER_RATE_COL = "E";
export const SCALE_LIMIT_COL = "D";

export const MONEY_FORMAT = "#,##0.00";
export const WORKLOAD_FORMAT = "#,##0.00";
export const COEFFICIENT_FORMAT = "0.00##";

/** Column letter of a 1-based column number. */
export function colLetter(n: number): string {
  let s = "";
  let x = n;
  while (x > 0) {
    const r = (x - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    x = Math.floor((x - 1) / 26);
  }
  return s;
}

export function columnIndex<K extends string>(columns: readonly { key: string }[], key: K): number {
  const i = columns.findIndex((c) => c.key === key);
  if (i < 0) throw new RangeError(`no column ${key}`);
  return i + 1;
}

/** A sheet reference usable in formulas and defined names (always quoted: the names are Chinese). */
export function sheetRef(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** Header text compared without spaces and with full-width brackets made half-width. */
export function normalizeHeader(text: string): string {
  return text.replace(/\s+/g, "").replace(/（/g, "(").replace(/）/g, ")");
}
