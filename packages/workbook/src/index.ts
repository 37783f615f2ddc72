/**
 * @govcost/workbook — the estimate workbook (测算表): export with live formulas, and import
 * of a (possibly edited) workbook back into a budget document.
 */
export { writeEstimateWorkbook, type WriteOptions } from "./write.js";
export { readEstimateWorkbook, type ReadOptions, type ReadResult, type WorkbookProblem, type WorkbookLimits, DEFAULT_LIMITS } from "./read.js";
export { inspectZip, type ZipEntryInfo, type ZipCheck } from "./zip-guard.js";
export { SHEET } from "./layout.js";
export { writeTableWorkbook, type TableColumn } from "./write-table.js";
export { writeReviewWorkbook, REVIEW_SHEET, type ReviewSheetLayout } from "./write-review.js";
export * from "./check/index.js";
export { loadWorkbookGuarded } from "./read.js";
export { sniffWorkbook, findSoffice, prepareWorkbook, CONVERTED_EXTENSIONS, CONVERT_TIMEOUT_MS, type WorkbookFormat, type PrepareOptions, type Prepared } from "./convert.js";
