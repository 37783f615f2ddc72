/**
 * @govcost/core — T/DGAG 024—2024 as data and the estimate engine. Pure and browser-safe:
 * no Node, file or database import anywhere in this package.
 */
export * from "./light.js";
export * from "./budget/parse.js";
