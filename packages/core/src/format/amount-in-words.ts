/**
 * 大写金额: 人民币壹拾贰万叁仟肆佰伍拾陆元整, following the usual rules of Chinese financial
 * writing (GB/T / 会计基础工作规范 第五十二条): 零 for gaps, 整 when there are no jiao/fen.
 */
import type { Dec } from "../decimal/dec.js";
import { toFen } from "../rounding.js";

const DIGITS = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"];
const SMALL_UNITS = ["", "拾", "佰", "仟"];
const BIG_UNITS = ["", "万", "亿", "万亿"];

function fourDigits(n: number): string {
  // n in 0..9999, rendered with inner zeros as 零 and no leading/trailing 零.
  let out = "";
  let zero = false;
  for (let pos = 3; pos >= 0; pos--) {
    const d = Math.floor(n / 10 ** pos) % 10;
    if (d === 0) {
      if (out !== "") zero = true;
      continue;
    }
    if (zero) {
      out += "零";
      zero = false;
    }
    out += (DIGITS[d] as string) + (SMALL_UNITS[pos] as string);
  }
  return out;
}

function integerInWords(n: bigint): string {
  if (n === 0n) return "零";
  const groups: number[] = [];
  while (n > 0n) {
    groups.push(Number(n % 10000n));
    n /= 10000n;
  }
  if (groups.length > BIG_UNITS.length) throw new RangeError("amount too large for 大写");
  let out = "";
  let pendingZero = false;
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i] as number;
    if (g === 0) {
      if (out !== "") pendingZero = true;
      continue;
    }
    if (out !== "" && (pendingZero || g < 1000)) out += "零";
    pendingZero = false;
    out += fourDigits(g) + (BIG_UNITS[i] as string);
  }
  return out;
}

/** The amount (rounded half-up to the fen) in words, prefixed 人民币. */
export function amountInWords(amount: Dec): string {
  const units = toFen(amount).units;
  const neg = units < 0n;
  const abs = neg ? -units : units;
  const yuan = abs / 100n;
  const jiao = Number((abs / 10n) % 10n);
  const fenDigit = Number(abs % 10n);
  let out = neg ? "人民币负" : "人民币";
  if (yuan === 0n && jiao === 0 && fenDigit === 0) return out + "零元整";
  if (yuan > 0n) out += integerInWords(yuan) + "元";
  if (jiao === 0 && fenDigit === 0) return out + "整";
  if (jiao > 0) out += (DIGITS[jiao] as string) + "角";
  else if (yuan > 0n) out += "零";
  if (fenDigit > 0) out += (DIGITS[fenDigit] as string) + "分";
  else out += "整";
  return out;
}
