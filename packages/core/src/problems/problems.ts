/**
 * Problems with input, and warnings about a result, as data: a code, the field path, the
 * service item concerned where there is one, and typed parameters. They are turned into
 * Chinese (or English) sentences only at the edge, by ./messages.ts.
 */

export type PathSegment = string | number;
export type FieldPath = readonly PathSegment[];

export type ProblemCode =
  /** The file is not valid JSON or YAML. params: detail, line?, column? */
  | "syntax"
  /** The document is empty or its top level is not an object. */
  | "not_object"
  /** A field has the wrong JSON type. params: expected, actual */
  | "wrong_type"
  /** A required field is missing. params: field */
  | "required"
  /** A field the format does not know. params: field, allowed */
  | "unknown_field"
  /** A text field is empty. */
  | "empty_text"
  /** A text field is too long. params: max */
  | "text_too_long"
  /** A number that is not a plain decimal (text, exponent form, NaN). params: value */
  | "not_decimal"
  /** A negative number where ≥ 0 is required. params: value */
  | "negative"
  /** More decimals than allowed. params: value, max */
  | "too_precise"
  /** Larger than the format accepts. params: value, max */
  | "too_large"
  /** A rate (tier price) that is zero, or not whole yuan. params: value */
  | "bad_rate"
  /** `rates` does not have five prices. params: count */
  | "rates_count"
  /** No such service item in the standard. params: value, suggestion? */
  | "unknown_item"
  /** 6.1's items are priced outside formula (1): they belong under `external`. params: value */
  | "outside_formula_item"
  /** An item under `external` that the standard does not price outside formula (1). params: value, allowed */
  | "not_external_item"
  /** A collaboration level outside F1–F3. params: value */
  | "bad_level"
  /** A method other than coefficient/quick. params: value */
  | "bad_method"
  /** `units` not a whole number. params: value */
  | "units_not_integer"
  /** `units` below 1. params: value */
  | "units_below_one"
  /** `units` implies another level than `collaboration`. params: units, implied, given */
  | "units_collaboration_conflict"
  /** An explicit collaboration above F1 on an item whose table says 不涉及. params: value, table */
  | "collaboration_not_applicable"
  /** The quick method where Table B.2 has "/". params: level, row */
  | "quick_not_available"
  /** More lines or items than the format accepts. params: max */
  | "too_many";

export interface Problem {
  code: ProblemCode;
  path: FieldPath;
  /** The service item id concerned, where there is one. */
  item?: string;
  params: Readonly<Record<string, string | number>>;
}

export type WarningCode =
  /** `units` above 1 on a 不涉及 item: F1 applies. params: units, table */
  | "units_on_none_item"
  /** A 根据实际情况确定 item with neither units nor collaboration: F1 assumed. */
  | "collaboration_defaulted"
  /** The two methods give different unit prices for this line. params: coefficientPrice, quickPrice, used */
  | "methods_disagree"
  /** Quick method under a custom rate profile: Table B.2's price read as its tier. params: published, tier, price */
  | "quick_under_rate_profile"
  /** Tier prices replaced by the budget (B.1 注2). params: rates */
  | "rate_profile"
  /** Tier prices of the rate profile are not increasing. */
  | "rates_not_increasing"
  /** A line with zero workload. */
  | "zero_workload"
  /** 8.5 政务热线服务: who may budget it (8.5.2). */
  | "hotline_eligibility"
  /** The same item priced both by formula (1) and outside it. params: externalIndex */
  | "external_and_line"
  /**
   * The workload is just past a scale threshold of 表A.4, where the lower coefficient applies to
   * the whole labor cost: a little more workload costs less than a little less would.
   * params: personMonths, threshold (person-months), from, to, fromCoefficient, toCoefficient, upTo
   */
  | "scale_cliff";

export interface Warning {
  code: WarningCode;
  path: FieldPath;
  item?: string;
  params: Readonly<Record<string, string | number>>;
}

/** `services[2].personMonths` */
export function formatPath(path: FieldPath): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out === "" ? seg : `.${seg}`;
  }
  return out === "" ? "(文件)" : out;
}

export class ProblemList {
  readonly problems: Problem[] = [];
  add(code: ProblemCode, path: FieldPath, params: Record<string, string | number> = {}, item?: string): void {
    const p: Problem = item === undefined ? { code, path, params } : { code, path, params, item };
    this.problems.push(p);
  }
  get size(): number {
    return this.problems.length;
  }
}
