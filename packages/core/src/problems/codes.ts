/**
 * Every problem and warning code in one table: each entry gives the code, the types of its
 * parameters (from the Chinese sentence's argument) and its sentences in Chinese (zh-CN, the
 * default) and English. The union of codes and each code's parameter types are derived from this
 * table, so a new code needs only an entry here, and an entry without both sentences, or a call
 * with a wrong or missing parameter, does not compile.
 *
 * Parameters carry numbers, identifiers and the standard's own names; the words are here.
 */
import { clauseEn } from "../standard/clause.js";
import { syntaxDetail, type SyntaxParams } from "./syntax-messages.js";

export type { JsonSyntaxError, YamlSyntaxError } from "./syntax-messages.js";

/** What a parameter may hold: plain JSON values (they go out as the API's `params`). */
export type ParamValue = string | number | boolean | undefined;
export type Params = { readonly [key: string]: ParamValue };

export interface Message<P extends Params> {
  zh: (p: P) => string;
  en: (p: P) => string;
}

// P is taken from the Chinese sentence's annotated argument; the English one must accept the same.
const msg = <P extends Params = Record<never, never>>(zh: (p: P) => string, en: (p: P) => string): Message<P> => ({ zh, en });

const TYPE_ZH: Record<string, string> = {
  number: "数字",
  string: "文本",
  object: "对象",
  array: "数组",
  integer: "整数",
  boolean: "布尔值",
  null: "空值",
  undefined: "空",
};
const zhType = (t: string): string => TYPE_ZH[t] ?? t;
const MB = 1024 * 1024;
const mb = (n: number): string => `${(n / MB).toFixed(1)} MB`;

/** The totals a budget is bounded on, by their place in formulas (1)–(3). */
type TotalName = "personMonths" | "laborSubtotal" | "labor" | "nonLabor" | "total" | "external" | "grandTotal";
const TOTAL_NAME: Record<TotalName, [zh: string, en: string]> = {
  personMonths: ["总工作量（人月）", "total workload (person-months)"],
  laborSubtotal: ["Σ(P×Q)", "Σ(P×Q)"],
  labor: ["人力成本 L", "labor cost L"],
  nonLabor: ["非人力成本 T", "non-labor cost T"],
  total: ["总成本 C", "total cost C"],
  external: ["公式(1)之外计价的服务", "services priced outside formula (1)"],
  grandTotal: ["含公式外服务的总计", "grand total with services outside formula (1)"],
};

type ZipCorruptReason = "directory_range" | "directory_entry" | "local_header" | "truncated" | "size_mismatch" | "inflate" | "inflated_size";
const ZIP_CORRUPT: Record<ZipCorruptReason, [zh: string, en: string]> = {
  directory_range: ["zip 目录超出文件范围", "the zip directory lies outside the file"],
  directory_entry: ["zip 目录项无效", "invalid zip directory entry"],
  local_header: ["的数据头无效", "has an invalid local header"],
  truncated: ["的数据不完整", "is truncated"],
  size_mismatch: ["的大小不一致", "has inconsistent sizes"],
  inflate: ["无法解压", "cannot be inflated"],
  inflated_size: ["解压后大小与声明不符", "inflates to another size than declared"],
};

/** What a decimal field holds, so that a refused value is answered with an example of its own kind. */
export type DecimalKind = "money" | "rate" | "workload" | "number";
const DECIMAL_EXAMPLE: Record<DecimalKind, [zh: string, en: string]> = {
  money: ["应为非负金额（元），如 6500 或 6500.50", "expected a non-negative amount in yuan, such as 6500 or 6500.50"],
  rate: ["应为正整数金额（元/人月），如 29500", "expected a whole number of yuan per person-month, such as 29500"],
  workload: ["应为非负数（人月），如 24 或 6.5", "expected a non-negative number of person-months, such as 24 or 6.5"],
  number: ["应为非负数，如 24 或 6.5", "expected a non-negative number, such as 24 or 6.5"],
};

/** Problems with input: a budget document, a budget file's text, a workbook, a request body. */
export const PROBLEMS = {
  // —— Budget text and document ——
  /** The file is not valid JSON or YAML. */
  syntax: msg(
    (p: SyntaxParams) => `文件格式错误（${p.format}）${p.line ? `，第 ${p.line} 行第 ${p.column ?? "?"} 列` : ""}：${syntaxDetail(p, false)}`,
    (p) => `malformed ${p.format}${p.line ? ` at line ${p.line}, column ${p.column ?? "?"}` : ""}: ${syntaxDetail(p, true)}`,
  ),
  /** The document is empty or its top level is not an object. */
  not_object: msg(
    (p: { actual: string }) => `预算文件的顶层应为对象（包含 name、services 等字段），实际为${zhType(p.actual)}`,
    (p) => `the budget must be an object (with name, services, …), found ${p.actual}`,
  ),
  /** A field has the wrong JSON type. */
  wrong_type: msg(
    (p: { expected: string; actual: string }) => `类型错误：应为${zhType(p.expected)}，实际为${zhType(p.actual)}`,
    (p) => `expected ${p.expected}, found ${p.actual}`,
  ),
  required: msg(
    (p: { field: string }) => `缺少必填字段“${p.field}”`,
    (p) => `missing required field "${p.field}"`,
  ),
  /** A field the format does not know; `allowed` lists the known ones. */
  unknown_field: msg(
    (p: { field: string; allowed: string }) => `未知字段“${p.field}”；允许的字段：${p.allowed}`,
    (p) => `unknown field "${p.field}"; allowed: ${p.allowed}`,
  ),
  empty_text: msg(
    () => "不能为空",
    () => "must not be empty",
  ),
  text_too_long: msg(
    (p: { max: number }) => `文本过长（最多 ${p.max} 个字符）`,
    (p) => `text too long (at most ${p.max} characters)`,
  ),
  /** A number that is not a plain decimal (text, exponent form, NaN). */
  not_decimal: msg(
    (p: { value: string; kind?: DecimalKind }) => `“${p.value}”不是有效${p.kind === "money" || p.kind === "rate" ? "金额" : "数字"}；${DECIMAL_EXAMPLE[p.kind ?? "number"][0]}`,
    (p) => `"${p.value}" is not ${p.kind === "money" || p.kind === "rate" ? "an amount" : "a number"}; ${DECIMAL_EXAMPLE[p.kind ?? "number"][1]}`,
  ),
  negative: msg(
    (p: { value: string }) => `不能为负数（${p.value}）；应 ≥ 0`,
    (p) => `must not be negative (${p.value}); expected ≥ 0`,
  ),
  /** More decimals than allowed; max 0 means whole yuan. */
  too_precise: msg(
    (p: { value: string; max: number }) => (p.max === 0 ? `“${p.value}”应为整数（元）` : `“${p.value}”小数位过多；至多 ${p.max} 位小数`),
    (p) => (p.max === 0 ? `"${p.value}" must be whole yuan` : `"${p.value}" has too many decimals; at most ${p.max}`),
  ),
  /** Larger than the format accepts: a number, or (unit "chars") a whole text. */
  too_large: msg(
    (p: { value: string | number; max: string | number; unit?: "chars" }) =>
      p.unit === "chars" ? `文件过大（${p.value} 个字符）；上限为 ${p.max} 个字符` : `数值 ${p.value} 过大；上限为 ${p.max}`,
    (p) => (p.unit === "chars" ? `the text is too large (${p.value} characters); at most ${p.max}` : `${p.value} is too large; at most ${p.max}`),
  ),
  /** The same key twice in one JSON object (JSON.parse would keep the last silently). */
  duplicate_key: msg(
    (p: { field: string }) => `字段“${p.field}”重复出现；每个字段只能写一次`,
    (p) => `field "${p.field}" appears more than once`,
  ),
  /** Arrays and objects nested deeper than the format needs (MAX_DEPTH). */
  too_deep: msg(
    (p: { max: number }) => `嵌套层数过多（超过 ${p.max} 层）；预算文件只需几层`,
    (p) => `nested more than ${p.max} levels deep; a budget needs only a few`,
  ),
  /** A total above MAX_TOTAL: every amount may be within bounds, their sum not. */
  total_too_large: msg(
    (p: { total: TotalName; value: string; max: string }) =>
      p.total === "personMonths"
        ? `${TOTAL_NAME[p.total][0]}合计 ${p.value} 超过上限 ${p.max}；请核对工作量（单位为人月）或拆分预算`
        : `${TOTAL_NAME[p.total][0]} 合计 ${p.value} 元超过上限 ${p.max} 元；请核对金额（单位为元）或拆分预算`,
    (p) => `${TOTAL_NAME[p.total][1]} adds up to ${p.value}, above the limit of ${p.max}${p.total === "personMonths" ? "" : " yuan"}: check the figures or split the budget`,
  ),
  /** A rate (tier price) that is zero. */
  bad_rate: msg(
    (p: { value: string }) => `基准人月费率不能为 ${p.value}；应为正整数（元/人月）`,
    (p) => `a tier price cannot be ${p.value}; expected a positive whole number of yuan per person-month`,
  ),
  rates_count: msg(
    (p: { count: number }) => `费率方案 rates 应恰有 5 个档位价格（第一档至第五档，表B.1），实际 ${p.count} 个`,
    (p) => `rates must have exactly 5 tier prices (Table B.1), found ${p.count}`,
  ),
  unknown_item: msg(
    (p: { value: string; suggestion?: string }) =>
      `标准中没有服务内容类别“${p.value}”${p.suggestion ? `；是否应为“${p.suggestion}”？` : ""}（编号形如 7.2.b、10.a，见服务目录；命令行：govcost catalog）`,
    (p) => `no service item "${p.value}" in the standard${p.suggestion ? `; did you mean "${p.suggestion}"?` : ""} (ids look like 7.2.b or 10.a; see the catalogue, or govcost catalog on the command line)`,
  ),
  /** 6.1's items are priced outside formula (1): they belong under `external`. */
  outside_formula_item: msg(
    (p: { value: string; clause: string }) => `${p.value} 属 6.1 政务网络运营服务，按 ${p.clause} 执行网络运营服务商和主管部门的预算标准，不按公式(1)计价；请列入 external`,
    (p) => `${p.value} (6.1 network operation) is priced by the operators' budget standards (${p.clause}), not by formula (1); list it under external`,
  ),
  /** An item under `external` that the standard does not price outside formula (1). */
  not_external_item: msg(
    (p: { value: string; allowed: string }) => `“${p.value}”不能列为公式(1)之外计价的服务；允许：${p.allowed}（6.1.2；5.1 注、8.5.2）`,
    (p) => `"${p.value}" cannot be priced outside formula (1); allowed: ${p.allowed}`,
  ),
  bad_level: msg(
    (p: { value: string }) => `协同难度级别“${p.value}”无效；应为 F1、F2 或 F3（表A.3）`,
    (p) => `collaboration level "${p.value}" is invalid; expected F1, F2 or F3 (Table A.3)`,
  ),
  bad_method: msg(
    (p: { value: string }) => `计价方法“${p.value}”无效；应为 coefficient（方法1 查系数）或 quick（方法2 速查表B.2）`,
    (p) => `method "${p.value}" is invalid; expected coefficient or quick`,
  ),
  units_not_integer: msg(
    (p: { value: string }) => `单位数应为整数，实际为 ${p.value}`,
    (p) => `the number of units must be a whole number, found ${p.value}`,
  ),
  units_below_one: msg(
    (p: { value: string }) => `单位数应 ≥ 1（至少服务使用方本身），实际为 ${p.value}`,
    (p) => `the number of units must be at least 1, found ${p.value}`,
  ),
  /** `units` implies another level than `collaboration`. */
  units_collaboration_conflict: msg(
    (p: { units: number; implied: string; given: string }) =>
      `单位数 ${p.units} 对应 ${p.implied}（表A.3：1 个单位 F1，2–5 个 F2，6 个及以上 F3），与所填协同难度级别 ${p.given} 不一致`,
    (p) => `${p.units} units means ${p.implied} (Table A.3), but the collaboration level says ${p.given}`,
  ),
  /** An explicit collaboration above F1 on an item whose table says 不涉及. */
  collaboration_not_applicable: msg(
    (p: { value: string; table: string }) => `${p.table}规定该项协同难度“不涉及”，只能取 F1，不能取 ${p.value}`,
    (p) => `${clauseEn(p.table)} excludes collaboration for this item (不涉及): only F1, not ${p.value}`,
  ),
  /** The quick method where Table B.2 has "/". */
  quick_not_available: msg(
    (p: { level: string; row: number | string }) => `表B.2（第 ${p.row} 行）在 ${p.level} 列为“/”，不能用方法2（速查表）计价；请改用方法1（coefficient）`,
    (p) => `Table B.2 (row ${p.row}) has "/" for ${p.level}: the quick method cannot price it; use coefficient`,
  ),
  /** More lines or items than the format accepts. */
  too_many: msg(
    (p: { max: number }) => `条目过多（最多 ${p.max} 条）`,
    (p) => `too many entries (at most ${p.max})`,
  ),
  /** A value outside a fixed set (a request field). */
  bad_value: msg(
    (p: { value: string; allowed: string }) => `“${p.value}”无效；允许：${p.allowed}`,
    (p) => `"${p.value}" is invalid; allowed: ${p.allowed}`,
  ),

  // —— HTTP request fields (the server's bodies and queries; the budget file inside has its own codes above) ——
  /** A text shorter than the field allows. */
  text_too_short: msg(
    (p: { min: number }) => `文本过短（至少 ${p.min} 个字符）`,
    (p) => `text too short (at least ${p.min} characters)`,
  ),
  /** A number below the field's minimum. */
  too_small: msg(
    (p: { value: string; min: string | number }) => `数值 ${p.value} 过小；下限为 ${p.min}`,
    (p) => `${p.value} is too small; at least ${p.min}`,
  ),
  /** Fewer entries than the field needs. */
  too_few: msg(
    (p: { min: number }) => `条目过少（至少 ${p.min} 条）`,
    (p) => `too few entries (at least ${p.min})`,
  ),
  /** A text that does not have the field's form (a pattern, an integer, …). */
  bad_format: msg(
    (p: { value: string }) => `“${p.value}”格式不正确`,
    (p) => `"${p.value}" does not have the expected form`,
  ),
  /** A request field nobody knows. */
  unknown_request_field: msg(
    (p: { field: string }) => `未知字段“${p.field}”`,
    (p) => `unknown field "${p.field}"`,
  ),
  /** A request value that fits none of the field's forms. */
  invalid: msg(
    () => "取值无效",
    () => "invalid value",
  ),
  /** More service lines than the server takes (the command line takes more). */
  too_many_lines: msg(
    (p: { count: number; max: number }) => `预算有 ${p.count} 行服务内容，超过服务器的上限 ${p.max} 行：请拆分为几个预算，或用命令行工具测算`,
    (p) => `the budget has ${p.count} service lines, more than the server's limit of ${p.max}: split it into several budgets, or use the command line`,
  ),

  // —— Workbook (测算表) import ——
  file_too_large: msg(
    (p: { bytes: number; max: number }) => `文件过大（${mb(p.bytes)}），上限 ${mb(p.max)}`,
    (p) => `the file is too large (${mb(p.bytes)}); at most ${mb(p.max)}`,
  ),
  not_zip: msg(
    () => "不是有效的 xlsx 工作簿（文件不是 zip 格式；可能是 PDF、旧版 .xls 或改了扩展名的其他文件）",
    () => "not an xlsx workbook (the file is not a zip: perhaps a PDF, an old .xls or another file renamed)",
  ),
  /** A zip that holds no workbook, or a workbook the xlsx library cannot read. */
  not_xlsx: msg(
    (p: { reason: "no_workbook" | "unreadable" }) =>
      p.reason === "no_workbook"
        ? "不是有效的 xlsx 工作簿（zip 中没有 Excel 工作簿的内容；可能是 .docx、.zip 或其他文件）"
        : "不是有效的 xlsx 工作簿（无法读取其内容；请用 Excel 或 WPS 另存为 .xlsx 后重试）",
    (p) => (p.reason === "no_workbook" ? "not an xlsx workbook (the zip holds no Excel workbook)" : "not a readable xlsx workbook (save it again as .xlsx with Excel or WPS)"),
  ),
  /** ZIP64, or an entry compressed by a method other than stored/deflated. */
  zip_unsupported: msg(
    (p: { entry?: string; method?: number }) =>
      p.entry === undefined ? "不支持 ZIP64 格式的工作簿（测算表不需要超过 4 GB 的压缩格式）" : `工作簿中的 ${p.entry} 使用了不支持的压缩方式（${p.method}）`,
    (p) => (p.entry === undefined ? "ZIP64 workbooks are not supported" : `${p.entry} uses an unsupported compression method (${p.method})`),
  ),
  zip_corrupt: msg(
    (p: { reason: ZipCorruptReason; entry?: string }) => `工作簿已损坏（${p.entry === undefined ? "" : `${p.entry} `}${ZIP_CORRUPT[p.reason][0]}）`,
    (p) => `the workbook is damaged (${p.entry === undefined ? "" : `${p.entry} `}${ZIP_CORRUPT[p.reason][1]})`,
  ),
  /** Too many entries, or too many bytes once inflated. */
  zip_too_large: msg(
    (p: { count: number; max: number } | { maxBytes: number }) =>
      "count" in p ? `工作簿包含的文件过多（${p.count} 个，上限 ${p.max}）` : `工作簿解压后过大（超过 ${mb(p.maxBytes)}），疑似压缩炸弹，已拒绝`,
    (p) => ("count" in p ? `the workbook holds too many files (${p.count}; at most ${p.max})` : `the workbook inflates beyond ${mb(p.maxBytes)}: refused as a zip bomb`),
  ),
  /** An entry inflating far beyond its compressed size, or beyond its declared size. */
  zip_ratio: msg(
    (p: { entry: string; compressed?: number; uncompressed?: number }) =>
      p.compressed === undefined
        ? `工作簿中的 ${p.entry} 解压后超过其声明的大小，疑似压缩炸弹，已拒绝`
        : `工作簿中的 ${p.entry} 压缩比异常（${mb(p.compressed)} 解压为 ${mb(p.uncompressed ?? 0)}），疑似压缩炸弹，已拒绝`,
    (p) => (p.compressed === undefined ? `${p.entry} inflates beyond its declared size: refused as a zip bomb` : `${p.entry} inflates from ${mb(p.compressed)} to ${mb(p.uncompressed ?? 0)}: refused as a zip bomb`),
  ),
  // —— .xls/.et/.ods, converted to xlsx with LibreOffice (`ext` is the file's extension, or what its bytes are) ——
  /** LibreOffice (soffice) is not installed where the conversion would run. */
  convert_unavailable: msg(
    (p: { ext: string; where: "local" | "server" }) =>
      p.where === "server"
        ? `${p.ext} 文件需要 LibreOffice 转换，但服务器未安装 LibreOffice（soffice）；请管理员安装 LibreOffice，或用 WPS/Excel 另存为 .xlsx 后再核查`
        : `${p.ext} 文件需要 LibreOffice 转换，但本机未安装 LibreOffice（soffice）；请安装 LibreOffice，或用 WPS/Excel 另存为 .xlsx 后再核查`,
    (p) =>
      p.where === "server"
        ? `${p.ext} files are converted with LibreOffice, which is not installed on the server; ask the administrator to install LibreOffice, or save the file as .xlsx in WPS/Excel and check it again`
        : `${p.ext} files are converted with LibreOffice, which is not installed on this computer (soffice); install LibreOffice, or save the file as .xlsx in WPS/Excel and check it again`,
  ),
  convert_failed: msg(
    (p: { ext: string }) => `LibreOffice 未能将该 ${p.ext} 文件转换为 .xlsx（文件可能已损坏或加密）`,
    (p) => `LibreOffice could not convert this ${p.ext} file to .xlsx (the file may be damaged or encrypted)`,
  ),
  convert_timeout: msg(
    (p: { ext: string; seconds: number }) => `LibreOffice 转换该 ${p.ext} 文件超过 ${p.seconds} 秒仍未完成，已中止`,
    (p) => `LibreOffice took more than ${p.seconds} s to convert this ${p.ext} file and was stopped`,
  ),
  /** Bytes under an .xls/.et/.ods name that are none of the workbook formats. */
  not_workbook: msg(
    (p: { ext: string }) => `该 ${p.ext} 文件不是有效的工作簿：既不是 Excel 97–2003/WPS 表格，也不是 OpenDocument（.ods）或 xlsx 工作簿`,
    (p) => `This ${p.ext} file is not a workbook: it is neither an Excel 97–2003/WPS spreadsheet nor an OpenDocument (.ods) or xlsx workbook`,
  ),
  xml_dtd: msg(
    (p: { entry: string }) => `工作簿中的 ${p.entry} 含有 DTD 声明（可用于实体膨胀攻击），已拒绝`,
    (p) => `${p.entry} declares a DTD (usable for entity expansion): refused`,
  ),
  too_many_rows: msg(
    (p: { rows: number; max: number }) => `行数过多（${p.rows} 行），每个工作表至多 ${p.max} 行`,
    (p) => `too many rows (${p.rows}); at most ${p.max} per sheet`,
  ),
  too_many_cells: msg(
    (p: { cells: number; max: number }) => `单元格过多（${p.cells} 个），上限 ${p.max} 个；请拆分预算或删去与测算无关的内容`,
    (p) => `too many cells (${p.cells}); at most ${p.max}: split the budget or remove what the estimate does not need`,
  ),
  /**
   * A row number, column range, cell reference or range in a sheet's XML beyond what the reader
   * allows: refused before the workbook is parsed (a 22 KB file must not allocate gigabytes).
   */
  sheet_bounds: msg(
    (p: { what: "row" | "column" | "cell" | "range" | "area"; value: string; max: number }) =>
      p.what === "row"
        ? `行号 ${p.value} 超出上限（每个工作表至多 ${p.max} 行）；请删去远处的内容后重新保存`
        : p.what === "column"
          ? `列范围 ${p.value} 超出上限（至多 ${p.max} 列，即 XFD 列）；请删去多余的列格式后重新保存`
          : p.what === "cell"
            ? `单元格引用 ${p.value} 超出上限（至多 ${p.max} 列）；请删去远处的内容后重新保存`
            : p.what === "range"
              ? `区域 ${p.value} 超出工作表的范围（至多 ${p.max} 行、16384 列）`
              : `合并单元格与数据验证共覆盖 ${p.value} 个单元格，上限 ${p.max} 个；请缩小其范围后重新保存`,
    (p) =>
      p.what === "row"
        ? `row ${p.value} is beyond the limit of ${p.max} rows per sheet`
        : p.what === "column"
          ? `column range ${p.value} is beyond the limit of ${p.max} columns (XFD)`
          : p.what === "cell"
            ? `cell reference ${p.value} is beyond the limit of ${p.max} columns`
            : p.what === "range"
              ? `range ${p.value} lies outside the sheet (at most ${p.max} rows, 16384 columns)`
              : `merged cells and data validations cover ${p.value} cells; at most ${p.max}`,
  ),
  /** A date where a number is expected (Excel turns 2024-01-01 typed into a number cell into a date). */
  date_cell: msg(
    (p: { value: string }) => `此处应为数字，却是日期 ${p.value}；请改为数字（单元格格式设为“常规”或“数值”）`,
    (p) => `a number is expected here, but the cell holds the date ${p.value}: type a number (cell format General or Number)`,
  ),
  missing_sheet: msg(
    (p: { sheet: string }) => `缺少工作表“${p.sheet}”；请使用 govcost 导出的测算表`,
    (p) => `sheet "${p.sheet}" is missing; use a workbook exported by govcost`,
  ),
  merged_header: msg(
    (p: { range: string }) => `表头单元格被合并（${p.range}）；请取消合并，每列保留一个表头`,
    (p) => `header cells are merged (${p.range}); unmerge them, one header per column`,
  ),
  missing_header: msg(
    (p: { header: string; row: number }) => `缺少表头“${p.header}”（第 ${p.row} 行）；请恢复该列表头，不要删除或改名`,
    (p) => `header "${p.header}" (row ${p.row}) is missing; restore it, do not delete or rename it`,
  ),
  /** A technical or business level edited in the workbook: the item's table fixes it. */
  level_fixed: msg(
    (p: { item: string; level: "technical" | "business"; expected: string; value: string; source: string; clause: string }) =>
      `${p.item} 的${p.level === "technical" ? "技术" : "业务"}难度级别由${p.source}（${p.clause}）确定为 ${p.expected}，不能改为“${p.value}”（${p.level === "technical" ? "表A.1" : "表A.2"}）；请恢复为 ${p.expected}`,
    (p) => `the ${p.level} level of ${p.item} is fixed at ${p.expected} by ${clauseEn(p.source)} (${clauseEn(p.clause)}); it cannot be "${p.value}"`,
  ),
  /** A row typed below the total row, which would be left out. `label` is the total row's own label. */
  row_after_total: msg(
    (p: { row: number; label: string }) => `“${p.label}”行（第 ${p.row} 行）之后的内容不会计入；请把这一行插入到合计行之前`,
    (p) => `rows after the "${p.label}" row (row ${p.row}) are not counted; insert this row before the total`,
  ),
  bad_part: msg(
    (p: { value: string }) => `费用类别“${p.value}”无效；应为 数据产品费 D、设备材料费 E 或 业务费 B（公式(3)）`,
    (p) => `cost part "${p.value}" is invalid; expected data products D, equipment E or business B (formula (3))`,
  ),

  // —— Review file (审核决定) ——
  /** The review document's top level is not an object. */
  review_not_object: msg(
    (p: { actual: string }) => `审核文件的顶层应为对象（包含 reviewer、opinion、lines 等字段），实际为${zhType(p.actual)}`,
    (p) => `the review must be an object (with reviewer, opinion, lines, …), found ${p.actual}`,
  ),
  /** A line (1-based) or an entry index (0-based) the submitted budget does not have. */
  review_out_of_range: msg(
    (p: { what: "line" | "index"; value: number; count: number; list: string }) =>
      p.count === 0
        ? `送审预算的 ${p.list} 为空，没有可审核的条目`
        : p.what === "line"
          ? `送审预算没有第 ${p.value} 行；line 应在 1–${p.count} 之间（services 的序号，从 1 起）`
          : `送审预算的 ${p.list} 没有序号 ${p.value}；index 应在 0–${p.count - 1} 之间（从 0 起）`,
    (p) =>
      p.count === 0
        ? `the submitted budget's ${p.list} is empty`
        : p.what === "line"
          ? `the submitted budget has no line ${p.value}; line is 1–${p.count} (the position in services, from 1)`
          : `the submitted budget's ${p.list} has no index ${p.value}; index is 0–${p.count - 1}`,
  ),
  /** Two decisions on the same line or entry. */
  review_duplicate_decision: msg(
    (p: { value: number; first: string }) => `对同一条目（${p.value}）作了两次审核决定；第一次在 ${p.first}，请合并为一条`,
    (p) => `a second decision on the same entry (${p.value}); the first is at ${p.first}: merge them`,
  ),
  not_integer: msg(
    (p: { value: string; min: number }) => `应为不小于 ${p.min} 的整数，实际为 ${p.value}`,
    (p) => `expected a whole number from ${p.min}, found ${p.value}`,
  ),
  unknown_reason: msg(
    (p: { value: string; allowed: string }) => `未知的核减理由“${p.value}”；允许：${p.allowed}`,
    (p) => `unknown reason "${p.value}"; allowed: ${p.allowed}`,
  ),
  /** A change without any reason code. */
  no_reason: msg(
    () => "审核调整须至少注明一个理由（reason）",
    () => "a change needs at least one reason",
  ),
  /** The reason `other` without a note. */
  other_needs_note: msg(
    () => "理由为 other（其他）时须在 note 中说明",
    () => "the reason other needs a note",
  ),
  /** A decision that changes nothing (no approved value and no remove). */
  no_change: msg(
    (p: { fields: string }) => `该审核决定未调整任何内容；请填写审定值（${p.fields}）或 remove: true`,
    (p) => `the decision changes nothing; give an approved value (${p.fields}) or remove: true`,
  ),
  /** remove: true together with an approved value. */
  remove_conflict: msg(
    (p: { field: string }) => `remove: true（整项核减）时不能同时填写审定的 ${p.field}`,
    (p) => `remove: true cannot come with an approved ${p.field}`,
  ),

  // —— Review workflow requests (审核流程) ——
  /** Answers (异议说明) on a first submission: there are no decisions to answer yet. */
  answers_first_round: msg(
    () => "第 1 轮提交没有上一轮的审核决定，不能附核对意见（answers）",
    () => "a first submission has no earlier decisions to answer (answers)",
  ),
  /** An answer naming a decision the previous round does not have. */
  answer_unknown_target: msg(
    (p: { target: string; allowed: string }) => `上一轮没有针对“${p.target}”的审核决定；可答复的决定：${p.allowed || "（无）"}`,
    (p) => `the previous round has no decision on "${p.target}"; decisions to answer: ${p.allowed || "(none)"}`,
  ),
  /** Two answers to one decision. */
  answer_duplicate: msg(
    (p: { target: string }) => `对审核决定“${p.target}”答复了两次；请合并为一条`,
    (p) => `the decision "${p.target}" is answered twice: merge the answers`,
  ),
  /** A disputed decision without its note. */
  answer_needs_note: msg(
    () => "不接受审核决定时须填写异议说明（note）",
    () => "a disputed decision needs a note explaining why",
  ),
  /** Returning a budget without a review opinion. */
  opinion_required: msg(
    () => "退回修改须填写审核意见（opinion），说明需要修改的内容",
    () => "returning a budget needs a review opinion saying what to change",
  ),
};

/** Warnings about a result (the engine's): the figures stand, but a reader should look. */
export const WARNINGS = {
  /** `units` above 1 on a 不涉及 item: F1 applies. */
  units_on_none_item: msg(
    (p: { units: number; table: string }) => `${p.table}规定该项协同难度“不涉及”，虽填有 ${p.units} 个单位，仍按 F1 计`,
    (p) => `${clauseEn(p.table)} excludes collaboration for this item: ${p.units} units given, F1 applies`,
  ),
  /** A 根据实际情况确定 item with neither units nor collaboration: F1 assumed. */
  collaboration_defaulted: msg(
    (p: { table: string }) => `${p.table}规定该项协同难度“根据实际情况确定”，未填单位数或协同难度级别，按 F1（不涉及其他单位）计`,
    (p) => `${clauseEn(p.table)} leaves collaboration to the project, but neither the number of units nor the collaboration level is given: F1 assumed`,
  ),
  /** The two methods give different unit prices for this line. */
  methods_disagree: msg(
    (p: { level: string; coefficientPrice: string; quickPrice: string; used: "coefficient" | "quick" }) =>
      `两种方法单价不一致（${p.level}）：方法1 系数法 ${p.coefficientPrice} 元/人月，方法2 表B.2 ${p.quickPrice} 元/人月；本行按${p.used === "quick" ? "方法2" : "方法1"}计价`,
    (p) => `the methods disagree (${p.level}): coefficient ${p.coefficientPrice}, Table B.2 ${p.quickPrice} yuan/person-month; this line uses ${p.used}`,
  ),
  /** Quick method under a custom rate profile: Table B.2's price read as its tier (`tier`: the standard's tier name). */
  quick_under_rate_profile: msg(
    (p: { published: string; tier: string; price: string }) => `方法2 在自定义费率方案下：表B.2 所列 ${p.published} 元/人月 对应${p.tier}，按费率方案取 ${p.price} 元/人月`,
    (p) => `quick method under a custom rate profile: Table B.2's ${p.published} is ${p.tier}, priced at ${p.price}`,
  ),
  /** Tier prices replaced by the budget (B.1 注2). */
  rate_profile: msg(
    (p: { rates: string; name: string }) => `已按表B.1 注2 替换基准人月费率${p.name ? `（${p.name}）` : ""}：${p.rates} 元/人月`,
    (p) => `tier prices replaced (B.1 note 2)${p.name ? ` (${p.name})` : ""}: ${p.rates}`,
  ),
  rates_not_increasing: msg(
    (p: { tier: number }) => `费率方案第${p.tier}档不高于前一档，请核对`,
    (p) => `tier ${p.tier} of the rate profile is not above the one before`,
  ),
  zero_workload: msg(
    () => "工作量为 0，本行金额为 0",
    () => "zero workload: the line amounts to 0",
  ),
  /** 8.5 政务热线服务: who may budget it (8.5.2). */
  hotline_eligibility: msg(
    () => "8.5.2：原则上仅12345政务服务便民热线，以及实行双号并行、设分中心方式保留热线服务的部门可编报政务热线服务预算（国办发〔2020〕53号）",
    () => "8.5.2: in principle only the 12345 hotline (and departments keeping a hotline under GuoBanFa [2020] No. 53) may budget hotline services",
  ),
  /** The same item priced both by formula (1) and outside it. */
  external_and_line: msg(
    (_p: { externalIndex: number }) => "同一服务内容既按公式(1)测算又列为公式(1)之外计价，可能重复计费",
    () => "the same item is priced both by formula (1) and outside it: possible double counting",
  ),
  /**
   * The workload is just past a scale threshold of 表A.4, where the lower coefficient applies to
   * the whole labor cost: a little more workload costs less than a little less would.
   */
  scale_cliff: msg(
    (p: { personMonths: string; threshold: string; from: string; to: string; fromCoefficient: string; toCoefficient: string; upTo: string }) =>
      `总工作量 ${p.personMonths} 人月刚超过表A.4 的规模分界 ${p.threshold} 人月，规模系数由 ${p.from} ${p.fromCoefficient} 降为 ${p.to} ${p.toCoefficient}，且折扣作用于全部人力成本：工作量在 ${p.threshold}–${p.upTo} 人月之间时，人力成本可能低于恰为 ${p.threshold} 人月时。请核实工作量。`,
    (p) =>
      `total workload ${p.personMonths} person-months is just past the Table A.4 threshold of ${p.threshold}: the scale coefficient falls from ${p.fromCoefficient} to ${p.toCoefficient} on the whole labor cost, so between ${p.threshold} and ${p.upTo} person-months the labor cost can be lower than at ${p.threshold}`,
  ),
};

export type ProblemCode = keyof typeof PROBLEMS;
export type ProblemParams<C extends ProblemCode> = Parameters<(typeof PROBLEMS)[C]["zh"]>[0];
export type WarningCode = keyof typeof WARNINGS;
export type WarningParams<C extends WarningCode> = Parameters<(typeof WARNINGS)[C]["zh"]>[0];
