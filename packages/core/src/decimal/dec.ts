/**
 * Exact decimal numbers for money and coefficients.
 *
 * A `Dec` is an integer `units` at a decimal `scale`: value = units / 10^scale.
 * Addition and multiplication are exact (the scale grows as needed); the only
 * operation that loses digits is an explicit, named rounding (see ../rounding.ts).
 * No binary floating point is used anywhere: numbers from input files are read
 * from their decimal text.
 */

const POW10: bigint[] = [1n];
function pow10(n: number): bigint {
  for (let i = POW10.length; i <= n; i++) POW10.push((POW10[i - 1] as bigint) * 10n);
  return POW10[n] as bigint;
}

const DECIMAL_RE = /^([+-])?(\d+)(?:\.(\d+))?$/;

export class Dec {
  readonly units: bigint;
  readonly scale: number;

  private constructor(units: bigint, scale: number) {
    this.units = units;
    this.scale = scale;
  }

  static readonly ZERO = new Dec(0n, 0);
  static readonly ONE = new Dec(1n, 0);

  static fromUnits(units: bigint, scale: number): Dec {
    if (!Number.isInteger(scale) || scale < 0) throw new RangeError(`bad scale ${scale}`);
    return new Dec(units, scale);
  }

  static fromInt(n: number | bigint): Dec {
    if (typeof n === "number" && !Number.isSafeInteger(n)) throw new RangeError(`not a safe integer: ${n}`);
    return new Dec(BigInt(n), 0);
  }

  /** Parse plain decimal text ("24", "6.5", "-0.25"). Returns null for anything else. */
  static tryParse(text: string): Dec | null {
    // Fast path for short plain decimals ("24", "6.5"): no regex, one bigint.
    const n = text.length;
    if (n > 0 && n <= 15) {
      let digits = 0;
      let scale = -1;
      let ok = true;
      for (let i = 0; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c >= 48 && c <= 57) {
          digits = digits * 10 + (c - 48);
          if (scale >= 0) scale++;
        } else if (c === 46 && scale < 0 && i > 0 && i < n - 1) scale = 0;
        else {
          ok = false;
          break;
        }
      }
      if (ok) return new Dec(BigInt(digits), scale < 0 ? 0 : scale);
    }
    const m = DECIMAL_RE.exec(text);
    if (!m) return null;
    const frac = m[3] ?? "";
    let units = BigInt((m[2] as string) + frac);
    if (m[1] === "-") units = -units;
    return new Dec(units, frac.length);
  }

  static parse(text: string): Dec {
    const d = Dec.tryParse(text);
    if (d === null) throw new RangeError(`not a decimal: ${JSON.stringify(text)}`);
    return d;
  }

  /**
   * Read a JSON number as the decimal it was written as. JS numbers print with
   * the shortest text that round-trips, so `6.5` → "6.5"; exponent forms
   * (1e21, 1e-7) are refused: callers treat null as "not a plain decimal".
   */
  static tryFromNumber(n: number): Dec | null {
    if (Number.isSafeInteger(n)) return new Dec(BigInt(n), 0);
    if (!Number.isFinite(n)) return null;
    return Dec.tryParse(String(n));
  }

  private align(other: Dec): [bigint, bigint, number] {
    if (this.scale === other.scale) return [this.units, other.units, this.scale];
    if (this.scale > other.scale) return [this.units, other.units * pow10(this.scale - other.scale), this.scale];
    return [this.units * pow10(other.scale - this.scale), other.units, other.scale];
  }

  add(other: Dec): Dec {
    const [a, b, s] = this.align(other);
    return new Dec(a + b, s);
  }

  sub(other: Dec): Dec {
    const [a, b, s] = this.align(other);
    return new Dec(a - b, s);
  }

  mul(other: Dec): Dec {
    return new Dec(this.units * other.units, this.scale + other.scale);
  }

  neg(): Dec {
    return new Dec(-this.units, this.scale);
  }

  cmp(other: Dec): -1 | 0 | 1 {
    // Same scale, the common case (amounts at the fen): the units compare as they are.
    if (this.scale === other.scale) return this.units < other.units ? -1 : this.units > other.units ? 1 : 0;
    const [a, b] = this.align(other);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  eq(other: Dec): boolean {
    return this.cmp(other) === 0;
  }
  lt(other: Dec): boolean {
    return this.cmp(other) < 0;
  }
  lte(other: Dec): boolean {
    return this.cmp(other) <= 0;
  }
  gt(other: Dec): boolean {
    return this.cmp(other) > 0;
  }
  gte(other: Dec): boolean {
    return this.cmp(other) >= 0;
  }
  isZero(): boolean {
    return this.units === 0n;
  }
  isNegative(): boolean {
    return this.units < 0n;
  }
  isInteger(): boolean {
    return this.units % pow10(this.scale) === 0n;
  }

  /** Number of significant decimal places (trailing zeros ignored). */
  decimalPlaces(): number {
    return this.normalize().scale;
  }

  /** Drop trailing fractional zeros: 2.160 → 2.16, 28500.00 → 28500. */
  normalize(): Dec {
    let u = this.units;
    let s = this.scale;
    while (s > 0 && u % 10n === 0n) {
      u /= 10n;
      s--;
    }
    return s === this.scale ? this : new Dec(u, s);
  }

  /**
   * Round to `places` decimals, ties away from zero (四舍五入, "half-up" on
   * magnitudes), the rule Chinese budget practice and Excel's ROUND use.
   */
  roundHalfUp(places: number): Dec {
    if (places >= this.scale) return this;
    const drop = pow10(this.scale - places);
    const neg = this.units < 0n;
    const mag = neg ? -this.units : this.units;
    let q = mag / drop;
    const r = mag % drop;
    if (r * 2n >= drop) q += 1n;
    return new Dec(neg ? -q : q, places);
  }

  /** Exact division by an integer, rounded half-up to `places`. */
  divIntRoundHalfUp(divisor: bigint, places: number): Dec {
    if (divisor <= 0n) throw new RangeError("divisor must be positive");
    // value/divisor at `places` = units * 10^places / (10^scale * divisor)
    const num = this.units * pow10(places);
    const den = pow10(this.scale) * divisor;
    const neg = num < 0n;
    const mag = neg ? -num : num;
    let q = mag / den;
    if ((mag % den) * 2n >= den) q += 1n;
    return new Dec(neg ? -q : q, places);
  }

  /**
   * Text with exactly `places` decimals. It never rounds: a value with more significant decimals
   * than `places` is a bug in the caller (round first, with a named rule from ../rounding.ts).
   */
  toFixed(places: number): string {
    const v = this.scale > places ? this.normalize() : this;
    if (v.scale > places) throw new RangeError(`toFixed(${places}) would round ${v.toString()}: round it with a named rule first`);
    return formatUnits(v.units * pow10(places - v.scale), places);
  }

  /** The same value at exactly `places` decimals; throws where that would drop a digit. */
  atScale(places: number): Dec {
    if (this.scale === places) return this;
    if (this.scale < places) return new Dec(this.units * pow10(places - this.scale), places);
    const drop = pow10(this.scale - places);
    if (this.units % drop !== 0n) throw new RangeError(`${this.toString()} has more than ${places} decimals`);
    return new Dec(this.units / drop, places);
  }

  /** Shortest exact text: 2.16, 28500, 0.5. */
  toString(): string {
    const n = this.normalize();
    return formatUnits(n.units, n.scale);
  }

  toJSON(): string {
    return this.toString();
  }
}

function formatUnits(units: bigint, scale: number): string {
  const neg = units < 0n;
  let digits = (neg ? -units : units).toString();
  if (scale === 0) return (neg ? "-" : "") + digits;
  if (digits.length <= scale) digits = "0".repeat(scale - digits.length + 1) + digits;
  const cut = digits.length - scale;
  return (neg ? "-" : "") + digits.slice(0, cut) + "." + digits.slice(cut);
}

export function sum(values: Iterable<Dec>): Dec {
  let acc = Dec.ZERO;
  for (const v of values) acc = acc.add(v);
  return acc;
}
