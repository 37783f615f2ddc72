/**
 * Problems and warnings as sentences, in Chinese (zh-CN, the default) and English, from the table
 * in ./codes.ts; and problems as the JSON the CLI and the API give.
 */
import { PROBLEMS, WARNINGS, type Message, type Params } from "./codes.js";
import { formatPath, type Problem, type Warning } from "./problems.js";

export type Locale = "zh-CN" | "en";

const render = (m: unknown, params: unknown, locale: Locale): string => {
  const { zh, en } = m as Message<Params>;
  return (locale === "en" ? en : zh)(params as Params);
};

export function formatProblem(p: Problem, locale: Locale = "zh-CN"): string {
  return render(PROBLEMS[p.code], p.params, locale);
}

export function formatWarning(w: Warning, locale: Locale = "zh-CN"): string {
  return render(WARNINGS[w.code], w.params, locale);
}

/**
 * A problem as JSON: the CLI's `--json`, the API's 400 `details`, the workbook import's problems.
 * `path` is the field path (`(文件)` for the file as a whole, the field a cell holds, or "");
 * `sheet` and `cell` are there for a workbook cell.
 */
export interface ProblemDetail {
  code: Problem["code"];
  file?: string;
  path: string;
  item: string | null;
  message: string;
  params: Problem["params"];
  sheet?: string;
  cell?: string;
}

export function problemDetail(p: Problem, file?: string, locale: Locale = "zh-CN"): ProblemDetail {
  const at = p.at;
  const path = at.kind === "file" ? formatPath([]) : at.kind === "cell" ? (at.path ? formatPath(at.path) : "") : formatPath(at.path);
  const d: ProblemDetail = { code: p.code, ...(file ? { file } : {}), path, item: p.item ?? null, message: formatProblem(p, locale), params: p.params };
  if (at.kind === "cell") {
    d.sheet = at.sheet;
    d.cell = at.cell;
  }
  return d;
}

/** Problems as JSON (CLI --json and the API's 400 answer). */
export function problemsToJson(problems: readonly Problem[], file?: string, locale: Locale = "zh-CN"): ProblemDetail[] {
  return problems.map((p) => problemDetail(p, file, locale));
}

/**
 * One line for a terminal or a log: `budget.yaml: services[2].personMonths (7.2.b): 不能为负数 …`,
 * `测算表.xlsx: 人力成本测算表!Q7 (7.2.b): …`.
 */
export function describeDetail(d: ProblemDetail, locale: Locale = "zh-CN"): string {
  const place = d.sheet ? `${d.sheet}${d.cell ? `!${d.cell}` : ""}` : d.path !== "" && d.path !== formatPath([]) ? d.path : undefined;
  const where = [d.file, place].filter(Boolean).join(": ");
  const item = d.item ? ` (${d.item})` : "";
  return `${where || (locale === "en" ? "(document)" : "(文件)")}${item}: ${d.message}`;
}

export function describeProblem(p: Problem, file?: string, locale: Locale = "zh-CN"): string {
  return describeDetail(problemDetail(p, file, locale), locale);
}
