export { checkWorkbook, checkSubmittedWorkbook, MISSING_MAP_SHEET, type CheckOptions, type CheckResult } from "./check.js";
export { checkResultToJson, type CheckResultJson, type CheckFindingJson } from "./json.js";
export { writeCheckSummary } from "./summary.js";
export { readCheckMap, mapToYaml } from "./map.js";
export type { CheckMap } from "./table.js";
export { CHECK_FIELDS, type CheckField } from "./headers.js";
