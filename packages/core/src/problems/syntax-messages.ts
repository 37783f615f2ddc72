/**
 * The words for a JSON or YAML syntax error, by the parser's own code: part of the problem table
 * (codes.ts) for the `syntax` code, kept here so that the table stays readable.
 */

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

/** What the yaml package says is wrong (its error codes). */
export type YamlSyntaxError =
  | "ALIAS_PROPS"
  | "BAD_ALIAS"
  | "BAD_DIRECTIVE"
  | "BAD_DQ_ESCAPE"
  | "BAD_INDENT"
  | "BAD_PROP_ORDER"
  | "BAD_SCALAR_START"
  | "BLOCK_AS_IMPLICIT_KEY"
  | "BLOCK_IN_FLOW"
  | "DUPLICATE_KEY"
  | "IMPOSSIBLE"
  | "KEY_OVER_1024_CHARS"
  | "MISSING_CHAR"
  | "MULTILINE_IMPLICIT_KEY"
  | "MULTIPLE_ANCHORS"
  | "MULTIPLE_DOCS"
  | "MULTIPLE_TAGS"
  | "NON_STRING_KEY"
  | "RESOURCE_EXHAUSTION"
  | "TAB_AS_INDENT"
  | "TAG_RESOLVE_FAILED"
  | "UNEXPECTED_TOKEN"
  | "BAD_COLLECTION_TYPE";

const YAML_ERROR: Record<YamlSyntaxError, string> = {
  ALIAS_PROPS: "别名（*名称）不能带锚点或标签",
  BAD_ALIAS: "别名（*名称）指向不存在的锚点",
  BAD_DIRECTIVE: "无效的 % 指令",
  BAD_DQ_ESCAPE: "双引号文本中的转义无效（反斜杠 \\ 须写成 \\\\，或改用单引号）",
  BAD_INDENT: "缩进不正确：同一层的字段须对齐，下一层须多缩进（只用空格）",
  BAD_PROP_ORDER: "锚点或标签的位置不正确",
  BAD_SCALAR_START: "值不能以此字符开头（以 @、`、%、| 或 > 等开头的文本请加引号）",
  BLOCK_AS_IMPLICIT_KEY: "字段名的位置写了多行内容（可能缺少冒号后的空格或缩进有误）",
  BLOCK_IN_FLOW: "方括号或花括号内不能使用多行（块）写法",
  DUPLICATE_KEY: "字段名重复：同一对象中每个字段只能写一次",
  IMPOSSIBLE: "无法解析的内容",
  KEY_OVER_1024_CHARS: "字段名过长（超过 1024 个字符），可能缺少冒号或换行",
  MISSING_CHAR: "缺少必要的符号（如冒号后的空格、闭合的引号或括号）",
  MULTILINE_IMPLICIT_KEY: "字段名不能跨行（可能缺少冒号，或上一行的引号未闭合）",
  MULTIPLE_ANCHORS: "一个值只能有一个锚点（&名称）",
  MULTIPLE_DOCS: "文件中有多个 YAML 文档（---）；预算文件只能有一个",
  MULTIPLE_TAGS: "一个值只能有一个标签（!标签）",
  NON_STRING_KEY: "字段名必须是文本",
  RESOURCE_EXHAUSTION: "别名展开过多（疑似别名炸弹），已拒绝",
  TAB_AS_INDENT: "不能用制表符（Tab）缩进；请改用空格",
  TAG_RESOLVE_FAILED: "无法识别的标签（!标签）",
  UNEXPECTED_TOKEN: "此处不应出现该内容（检查冒号、短横线与缩进）",
  BAD_COLLECTION_TYPE: "列表或对象的类型标签无效",
};

export type SyntaxParams = {
  format: "JSON" | "YAML";
  line?: number;
  column?: number;
  /** JSON: what is wrong, as a code the sentences below translate. */
  error?: JsonSyntaxError;
  /** YAML: what is wrong, as the parser's code (translated below into Chinese). */
  yaml?: YamlSyntaxError;
  /** The parser's own description (English): shown in English, and where there is no code. */
  detail?: string;
};
export const syntaxDetail = (p: SyntaxParams, en: boolean): string => {
  if (p.error) return JSON_ERROR[p.error][en ? 1 : 0];
  if (p.yaml && !en) return YAML_ERROR[p.yaml];
  return p.detail ?? "";
};

