/**
 * The rounding policy, in one place. It is printed in every output (ROUNDING_POLICY).
 *
 * - A line amount P × Q is exact: P is whole yuan and Q has at most two decimals, so the
 *   product has at most two decimals and is never rounded.
 * - Labor cost L = Σ(P × Q) × S is rounded once, half-up (四舍五入) to 0.01 yuan.
 * - Non-labor items have at most two decimals; T = D + E + B and C = L + T are exact sums.
 */
import type { Dec } from "./decimal/dec.js";
import { money, type Money } from "./decimal/money.js";

export const ROUNDING_POLICY =
  "金额以精确十进制计算：每行金额 P×Q 为精确值（不舍入）；人力成本 L = Σ(P×Q)×S 仅在最后四舍五入一次至 0.01 元；非人力成本 T 与总成本 C 为精确求和。";
export const ROUNDING_POLICY_EN =
  "Exact decimal arithmetic: each line amount P×Q is exact (never rounded); labor cost L = Σ(P×Q)×S is rounded once, half-up, to 0.01 yuan; non-labor T and total C are exact sums.";

/**
 * To the fen: half-up (四舍五入, ties away from zero) to 0.01 yuan. The one rounding of money:
 * 公式(2) applies it once to labor cost L; the amount in words and the displays of other
 * programs' figures use it too. Every other amount is exact at the fen and needs no rounding.
 */
export function toFen(value: Dec): Money {
  return money(value.roundHalfUp(2));
}

/** Person-years are shown to two decimals; the scale level itself is decided on exact person-months. */
export function roundPersonYearsForDisplay(value: Dec): Dec {
  return value.roundHalfUp(2);
}
