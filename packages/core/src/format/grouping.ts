/**
 * Numbers for display with thousands separators: 1,939,665.00. One formatter for the CLI, the
 * report, the workbook and the web app. `Intl.NumberFormat` formats a decimal *string* exactly
 * (Node 20 and current browsers), so the value goes in as the `Dec`'s own text and never through
 * a binary double; the text always has at most the digits asked for, so Intl never rounds.
 */
import { Dec } from "../decimal/dec.js";
import { toFen } from "../rounding.js";

/** 元 or 万元 (ten thousand yuan). */
export type MoneyUnit = "yuan" | "wan";

const FORMATS = new Map<number, Intl.NumberFormat>();

function formatter(places: number): Intl.NumberFormat {
  let f = FORMATS.get(places);
  if (!f) {
    f = new Intl.NumberFormat("en-US", { useGrouping: true, minimumFractionDigits: places, maximumFractionDigits: places });
    FORMATS.set(places, f);
  }
  return f;
}

/**
 * Grouped text of an exact decimal: with exactly `places` decimals (throws, like Dec.toFixed, if
 * that would round), or without trailing zeros when `places` is left out (28,500; 6.5).
 */
export function formatDecimal(value: Dec, places?: number): string {
  const text = places === undefined ? value.toString() : value.toFixed(places);
  const p = places ?? value.decimalPlaces();
  // Intl.NumberFormat.prototype.format accepts a decimal string (ECMA-402 "Intl mathematical value").
  return formatter(p).format(text as unknown as number);
}

/** The exact value of a yuan amount in 万元 (a shift of four decimal places, no rounding). */
export function toWan(yuan: Dec): Dec {
  return Dec.fromUnits(yuan.units, yuan.scale + 4);
}

/**
 * Money for display: 684,000.00 (元, to the fen) or 68.4000 (万元, four decimals: to the yuan,
 * rounded half-up, so no yuan is lost from view). A yuan amount with more than two decimals is
 * rounded to the fen by the rounding policy's `toFen`.
 */
export function formatMoney(value: Dec, options: { unit?: MoneyUnit } = {}): string {
  if (options.unit === "wan") return formatDecimal(toWan(value).roundHalfUp(4), 4);
  return formatDecimal(toFen(value), 2);
}
