/**
 * @govcost/core/light — the engine without the YAML parser, for callers that
 * must start fast (the CLI's `estimate` on a JSON budget). Everything here is also in the main entry.
 */
export { Dec, sum } from "./decimal/dec.js";
export { money, fromFen, sumMoney, ZERO_MONEY, type Money } from "./decimal/money.js";
export * from "./standard/types.js";
export { T_DGAG_024_2024 } from "./standard/t-dgag-024-2024/index.js";
export { indexStandard, type StandardIndex } from "./standard/lookup.js";
export { clauseEn } from "./standard/clause.js";
export { STANDARDS, DEFAULT_STANDARD, findStandard } from "./standard/registry.js";
export * from "./budget/budget.js";
export * from "./budget/limits.js";
export { BODY_LIMIT, PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH } from "./limits/index.js";
export { validateBudget, budgetJsonSchema, readDecimal, MAX_DECIMAL, type ValidationResult } from "./budget/format.js";
export * from "./budget/text.js";
export * from "./problems/problems.js";
export { PROBLEMS, WARNINGS, type DecimalKind, type JsonSyntaxError, type YamlSyntaxError, type Params, type ParamValue, type Message } from "./problems/codes.js";
export * from "./problems/messages.js";
export * from "./engine/pricing.js";
export * from "./engine/estimate.js";
export * from "./engine/estimate-json.js";
export * from "./engine/catalog.js";
export * from "./engine/catalog-json.js";
export { amountInWords } from "./format/amount-in-words.js";
export { formatDecimal, formatMoney, toWan, type MoneyUnit } from "./format/grouping.js";
export { DEFAULT_TIME_ZONE, isTimeZone, localParts, localDateTime, chineseLocalDate, startOfLocalDay, type LocalParts } from "./format/time.js";
export { ROUNDING_POLICY, ROUNDING_POLICY_EN, toFen } from "./rounding.js";
export { DECISIONS, type Decision } from "./decisions.js";
export * from "./review/index.js";
export { EXAMPLE_BUDGET_YAML } from "./budget/example.js";
