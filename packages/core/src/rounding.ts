/**
 * The rounding policy, in one place. It is printed in every output (ROUNDING_POLICY).
 *
 * - A line amount P × Q is exact: P is whole yuan and Q has at most two decimals, so the
 *   product has at most two decimals and is never rounded.
 * - Labor cost L = Σ(P × Q) × S is rounded once, half-up (四舍五入) to 0.01 yuan.
 * - Non-labor items have at most two decimals; T = D + E + B and C = L + T are exact sums.
 */
import type { Dec } from "./decimal/dec.js";

export const ROUNDING_POLICY =
  "金额以精确十进制计算：每行金额 P×Q 为精确值（不舍入）；人力成本 L = Σ(P×Q)×S 仅在最后四舍五入一次至 0.01 元；非人力成本 T 与总成本 C 为精确求和。";
export const ROUNDING_POLICY_EN =
  "Exact decimal arithmetic: each line amount P×Q is exact (never rounded); labor cost L = Σ(P×Q)×S is rounded once, half-up, to 0.01 yuan; non-labor T and total C are exact sums.";

/** 公式(2): the one rounding of labor cost, half-up to the fen. */
export function roundLabor(value: Dec): Dec {
  return value.roundHalfUp(2);
}

/** Person-years are shown to two decimals; the scale level itself is decided on exact person-months. */
export function roundPersonYearsForDisplay(value: Dec): Dec {
  return value.roundHalfUp(2);
}
