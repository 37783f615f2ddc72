/**
 * Every problem and warning code in one table: each entry gives the code, the types of its
 * parameters (from the Chinese sentence's argument) and its sentences in Chinese (zh-CN, the
 * default) and English. The union of codes and each code's parameter types are derived from this
 * table, so a new code needs only an entry here, and an entry without both sentences, or a call
 * with a wrong or missing parameter, does not compile.
 *
 * Parameters carry numbers, identifiers and the standard's own names; the words are here.
 */

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

/** What jsonc-parser says is wrong at a JSON syntax error, plus an empty text. */
export type JsonSyntaxError =
  | "empty"
  | "InvalidSymbol"
  | "InvalidNumberFormat"
  | "PropertyNameExpected"
  | "ValueExpected"
  | "ColonExpected"
  | "CommaExpected"
  | "CloseBraceExpected"
  | "CloseBracketExpected"
  | "EndOfFileExpected"
  | "InvalidCommentToken"
  | "UnexpectedEndOfComment"
  | "UnexpectedEndOfString"
  | "UnexpectedEndOfNumber"
  | "InvalidUnicode"
  | "InvalidEscapeCharacter"
  | "InvalidCharacter";

const JSON_ERROR: Record<JsonSyntaxError, [zh: string, en: string]> = {
  empty: ["文件为空", "the file is empty"],
  InvalidSymbol: ["无法识别的符号（文本须用双引号，true/false/null 须小写）", "unexpected symbol (text needs double quotes; true/false/null are lower case)"],
  InvalidNumberFormat: ["数字格式无效", "invalid number"],
  PropertyNameExpected: ["此处应为带双引号的字段名（最后一项之后不能有逗号）", "a quoted field name was expected (no comma after the last entry)"],
  ValueExpected: ["此处缺少值（最后一项之后不能有逗号）", "a value was expected (no comma after the last entry)"],
  ColonExpected: ["字段名之后缺少冒号", "a colon was expected after the field name"],
  CommaExpected: ["缺少逗号", "a comma was expected"],
  CloseBraceExpected: ["缺少右花括号 }", "a closing } was expected"],
  CloseBracketExpected: ["缺少右方括号 ]", "a closing ] was expected"],
  EndOfFileExpected: ["文档结束后还有多余内容", "unexpected text after the end of the document"],
  InvalidCommentToken: ["JSON 不允许注释", "comments are not allowed in JSON"],
  UnexpectedEndOfComment: ["注释未结束", "unterminated comment"],
  UnexpectedEndOfString: ["文本缺少结束的双引号（或含有换行）", "unterminated string (or a line break inside it)"],
  UnexpectedEndOfNumber: ["数字不完整", "incomplete number"],
  InvalidUnicode: ["无效的 \\u 转义", "invalid \\u escape"],
  InvalidEscapeCharacter: ["无效的转义字符", "invalid escape character"],
  InvalidCharacter: ["文本中含有不允许的控制字符", "a control character inside a string"],
};

type SyntaxParams = {
  format: "JSON" | "YAML";
  line?: number;
  column?: number;
  /** JSON: what is wrong, as a code the sentences below translate. */
  error?: JsonSyntaxError;
  /** YAML: the parser's own description. */
  detail?: string;
};
const syntaxDetail = (p: SyntaxParams, en: boolean): string => (p.error ? JSON_ERROR[p.error][en ? 1 : 0] : (p.detail ?? ""));

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
      `标准中没有服务内容类别“${p.value}”${p.suggestion ? `；是否应为“${p.suggestion}”？` : ""}（编号形如 7.2.b、10.a，可用 govcost catalog 查看）`,
    (p) => `no service item "${p.value}" in the standard${p.suggestion ? `; did you mean "${p.suggestion}"?` : ""} (ids look like 7.2.b or 10.a; see govcost catalog)`,
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
    (p) => `${p.table} excludes collaboration for this item (不涉及): only F1, not ${p.value}`,
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
    (p) => `the ${p.level} level of ${p.item} is fixed at ${p.expected} by ${p.source} (${p.clause}); it cannot be "${p.value}"`,
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
};

/** Warnings about a result (the engine's): the figures stand, but a reader should look. */
export const WARNINGS = {
  /** `units` above 1 on a 不涉及 item: F1 applies. */
  units_on_none_item: msg(
    (p: { units: number; table: string }) => `${p.table}规定该项协同难度“不涉及”，虽填有 ${p.units} 个单位，仍按 F1 计`,
    (p) => `${p.table} excludes collaboration for this item: ${p.units} units given, F1 applies`,
  ),
  /** A 根据实际情况确定 item with neither units nor collaboration: F1 assumed. */
  collaboration_defaulted: msg(
    (p: { table: string }) => `${p.table}规定该项协同难度“根据实际情况确定”，未填单位数或协同难度级别，按 F1（不涉及其他单位）计`,
    (p) => `${p.table} leaves collaboration to the project, but neither the number of units nor the collaboration level is given: F1 assumed`,
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
