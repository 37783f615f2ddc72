export * from "./reasons.js";
export * from "./findings.js";
export * from "./format.js";
export * from "./reduction.js";
export * from "./json.js";
export * from "./check-findings.js";
export * from "./carried.js";
