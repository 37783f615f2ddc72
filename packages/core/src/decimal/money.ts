/**
 * Money: an amount of yuan exact to the fen, i.e. a `Dec` at scale 2 (dinero.js keeps amounts as
 * integers at a stated scale in the same way). Every amount the engine shows is a `Money`; the only
 * way from a longer decimal to money is the rounding policy's `toFen` (../rounding.ts).
 */
import { Dec } from "./dec.js";

declare const MONEY: unique symbol;

/** A `Dec` whose scale is exactly 2 (yuan and fen). */
export type Money = Dec & { readonly scale: 2; readonly [MONEY]: true };

/** The value as money, exactly; throws (a bug in the caller) if it has more than two decimals. */
export function money(value: Dec): Money {
  return value.atScale(2) as Money;
}

/** Money from integer fen. */
export function fromFen(fen: bigint): Money {
  return Dec.fromUnits(fen, 2) as Money;
}

/** Sum of amounts, still exact to the fen. */
export function sumMoney(values: Iterable<Money>): Money {
  let fen = 0n;
  for (const v of values) fen += v.units;
  return fromFen(fen);
}

export const ZERO_MONEY: Money = fromFen(0n);
