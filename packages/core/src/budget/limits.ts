/** Size limits of the budget format, shared by the validator and the JSON Schema. */
import { Dec } from "../decimal/dec.js";

export const MAX_SERVICE_LINES = 200_000;
export const MAX_NONLABOR_ITEMS = 10_000;
export const MAX_TEXT = 2_000;
export const MAX_NAME = 200;
/** Largest budget text accepted (a 200,000-line budget is about 20 MB of JSON). */
export const MAX_BUDGET_BYTES = 64 * 1024 * 1024;
/**
 * Deepest nesting of arrays and objects in a budget text. The format itself needs five levels;
 * the bound keeps every reader (and a hostile text of 100,000 brackets) off the call stack's limit.
 */
export const MAX_DEPTH = 64;
/**
 * Largest total (Σ P×Q, L, T, C, C with external services, and Σ person-months): the same bound as
 * one amount. 大写 reaches 9999万亿 and a spreadsheet keeps 15 significant digits; below 10¹² yuan
 * every figure keeps its fen in both.
 */
export const MAX_TOTAL = Dec.parse("999999999999.99");
/** Longest number text read: a longer one is refused before it is turned into a number. */
export const MAX_NUMBER_TEXT = 64;
