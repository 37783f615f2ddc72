/**
 * Rounding for display, so that the figures a reader adds up agree with the totals printed
 * beside them. The estimate itself is exact (see ROUNDING_POLICY); only the 万元 view rounds.
 *
 * Largest-remainder method (as dinero.js's `distribute`): every part is rounded down to the
 * display grid, and the units still missing to reach the shown total go, one each, to the parts
 * with the largest remainders (ties: the earlier part). Each shown part then differs from its
 * exact value by less than one display unit, and the shown parts add up to the shown total.
 */
import { Dec } from "@govcost/core";

export interface Distribution {
  /** The total as shown (the rounded exact sum, or the target that was given). */
  total: Dec;
  /** The parts as shown; they add up exactly to `total`. */
  parts: Dec[];
  /** Where a shown part differs from the part rounded on its own (四舍五入). */
  adjusted: boolean[];
}

const TEN = 10n;

function pow10(n: number): bigint {
  let r = 1n;
  for (let i = 0; i < n; i++) r *= TEN;
  return r;
}

/** `value` as an integer count of 10^-scale, exactly (value must have at most `scale` decimals). */
function toUnits(value: Dec, scale: number): bigint {
  if (value.scale > scale) throw new RangeError(`${value.toString()} has more than ${scale} decimals`);
  return value.units * pow10(scale - value.scale);
}

/** Floor division for bigints (BigInt division truncates toward zero). */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/**
 * Round `parts` to `places` decimals so that they add up to `target` (by default the exact sum
 * rounded half-up). A target must lie within one display unit of the exact sum: that is the case
 * for a total that was itself shown by this function, which is how nested totals (C → L, T;
 * T → D, E, B; D → items) are kept consistent.
 */
export function distributeRounded(parts: readonly Dec[], places: number, target?: Dec): Distribution {
  const exactSum = parts.reduce((a, b) => a.add(b), Dec.ZERO);
  const total = (target ?? exactSum).roundHalfUp(places);
  if (parts.length === 0) return { total, parts: [], adjusted: [] };
  // Work in integers at a scale fine enough for every part and the total.
  // A loop, not Math.max(...parts): spreading 130,000 lines overflows the call stack.
  const scale = parts.reduce((m, p) => Math.max(m, p.scale), Math.max(places, total.scale));
  const step = pow10(scale - places);
  const units = parts.map((p) => toUnits(p, scale));
  const floors = units.map((u) => floorDiv(u, step));
  const remainders = units.map((u, i) => u - (floors[i] as bigint) * step);
  const totalSteps = floorDiv(toUnits(total, scale), step);
  let missing = totalSteps - floors.reduce((a, b) => a + b, 0n);
  const shown = [...floors];
  if (missing < 0n || missing > BigInt(parts.length)) {
    throw new RangeError(`target ${total.toString()} is more than one unit away from the exact sum ${exactSum.toString()}`);
  }
  const order = parts.map((_, i) => i).sort((a, b) => {
    const ra = remainders[a] as bigint;
    const rb = remainders[b] as bigint;
    return ra === rb ? a - b : ra > rb ? -1 : 1;
  });
  for (const i of order) {
    if (missing === 0n) break;
    shown[i] = (shown[i] as bigint) + 1n;
    missing--;
  }
  const result = shown.map((s) => Dec.fromUnits(s, places));
  return {
    total,
    parts: result,
    adjusted: result.map((r, i) => !r.eq((parts[i] as Dec).roundHalfUp(places))),
  };
}

/**
 * Shares of a whole in tenths of a percent that add up to exactly 100.0 %, by the same
 * largest-remainder rule, from exact ratios (no floating point). Returns integers: 1000 = 100.0 %.
 * All zeros when the whole is zero.
 */
export function sharesInPermille(parts: readonly Dec[]): bigint[] {
  const scale = parts.reduce((m, p) => Math.max(m, p.scale), 0);
  const units = parts.map((p) => toUnits(p, scale));
  const whole = units.reduce((a, b) => a + b, 0n);
  if (whole <= 0n) return parts.map(() => 0n);
  const floors = units.map((u) => floorDiv(u * 1000n, whole));
  const remainders = units.map((u, i) => u * 1000n - (floors[i] as bigint) * whole);
  let missing = 1000n - floors.reduce((a, b) => a + b, 0n);
  const order = parts.map((_, i) => i).sort((a, b) => {
    const ra = remainders[a] as bigint;
    const rb = remainders[b] as bigint;
    return ra === rb ? a - b : ra > rb ? -1 : 1;
  });
  const out = [...floors];
  for (const i of order) {
    if (missing <= 0n) break;
    out[i] = (out[i] as bigint) + 1n;
    missing--;
  }
  return out;
}

/** 1234 permille-tenths → "12.3%"; 1000 → "100.0%". */
export function formatPermille(p: bigint): string {
  const whole = p / 10n;
  const tenth = p % 10n;
  return `${whole.toString()}.${tenth.toString()}%`;
}
