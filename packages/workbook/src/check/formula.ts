/**
 * A small exact evaluator for the formulas a 测算表 uses (cell references, + − × ÷, SUM, PRODUCT,
 * ROUND), to tell whether a workbook's cached values still follow its own formulas. Anything
 * else (other functions, other sheets, a cell whose value cannot be known) is "cannot say"
 * (null), never a guess.
 */
import { Dec } from "@govcost/core";

/**
 * A referenced cell's value: a number; null for an empty or text cell (0 in arithmetic, left out
 * of SUM and PRODUCT, as Excel does); UNKNOWN for a cell whose value cannot be known (an error
 * value such as #REF!, a formula without a value, a circular reference), which makes the formula
 * that uses it "cannot say" rather than count it as 0.
 */
export const UNKNOWN = Symbol("unknown");
export type CellValue = Dec | null | typeof UNKNOWN;

export interface Lookup {
  cell(col: number, row: number): CellValue;
  /** The values of the cells that exist in the range (corners in any order); empty cells are left out. */
  range(c1: number, r1: number, c2: number, r2: number): CellValue[];
}

type Tok = { t: "num"; v: Dec } | { t: "ref"; col: number; row: number } | { t: "range"; c1: number; r1: number; c2: number; r2: number } | { t: "op"; v: string } | { t: "fn"; v: string };

export function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function colLetters(n: number): string {
  let s = "";
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function tokenize(src: string): Tok[] | null {
  const out: Tok[] = [];
  let i = 0;
  const s = src.replace(/^=/, "");
  while (i < s.length) {
    const ch = s[i] as string;
    if (ch === " ") {
      i++;
      continue;
    }
    const rest = s.slice(i);
    let m = /^\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)/i.exec(rest);
    if (m) {
      out.push({ t: "range", c1: colNumber(m[1] as string), r1: Number(m[2]), c2: colNumber(m[3] as string), r2: Number(m[4]) });
      i += m[0].length;
      continue;
    }
    m = /^([A-Z]+)\(/i.exec(rest);
    if (m) {
      out.push({ t: "fn", v: (m[1] as string).toUpperCase() });
      i += m[0].length;
      continue;
    }
    m = /^\$?([A-Z]{1,3})\$?(\d+)/i.exec(rest);
    if (m) {
      out.push({ t: "ref", col: colNumber(m[1] as string), row: Number(m[2]) });
      i += m[0].length;
      continue;
    }
    m = /^\d+(\.\d+)?/.exec(rest);
    if (m) {
      out.push({ t: "num", v: Dec.parse(m[0]) });
      i += m[0].length;
      continue;
    }
    if ("+-*/(),".includes(ch)) {
      out.push({ t: "op", v: ch });
      i++;
      continue;
    }
    return null;
  }
  return out;
}

class Fail extends Error {}

/** The formula's value, or null where it uses anything this evaluator does not know. */
export function evaluateFormula(formula: string, lookup: Lookup): Dec | null {
  const toks = tokenize(formula);
  if (!toks) return null;
  let p = 0;
  const peek = () => toks[p];
  const isOp = (v: string) => {
    const t = peek();
    return t !== undefined && t.t === "op" && t.v === v;
  };
  const need = (v: string) => {
    if (!isOp(v)) throw new Fail();
    p++;
  };
  const value = (d: CellValue): Dec => {
    if (d === UNKNOWN) throw new Fail();
    return d ?? Dec.ZERO;
  };
  const div = (a: Dec, b: Dec): Dec => {
    if (b.isZero()) throw new Fail();
    const n = b.normalize();
    if (n.scale !== 0 || n.isNegative()) throw new Fail();
    return a.divIntRoundHalfUp(n.units, 12).normalize();
  };
  const args = (): Dec[][] => {
    const list: Dec[][] = [];
    if (isOp(")")) {
      p++;
      return list;
    }
    for (;;) {
      const t = peek();
      if (t && t.t === "range") {
        p++;
        // Only the cells that exist: a range may span the whole sheet (A1:XFD1048576).
        list.push(lookup.range(t.c1, t.r1, t.c2, t.r2).filter((d) => d !== null).map(value));
      } else list.push([expr()]);
      if (isOp(",")) {
        p++;
        continue;
      }
      need(")");
      return list;
    }
  };
  const atom = (): Dec => {
    const t = peek();
    if (!t) throw new Fail();
    p++;
    if (t.t === "num") return t.v;
    if (t.t === "ref") return value(lookup.cell(t.col, t.row));
    if (t.t === "op" && t.v === "(") {
      const v = expr();
      need(")");
      return v;
    }
    if (t.t === "op" && t.v === "-") return atom().neg();
    if (t.t === "op" && t.v === "+") return atom();
    if (t.t === "fn") {
      const a = args();
      const flat = a.flat();
      if (t.v === "SUM") return flat.reduce((x, y) => x.add(y), Dec.ZERO);
      if (t.v === "PRODUCT") return flat.reduce((x, y) => x.mul(y), Dec.ONE);
      if (t.v === "ROUND" && a.length === 2) {
        const places = (a[1] as Dec[])[0] as Dec;
        if (!places.isInteger() || places.isNegative()) throw new Fail();
        return ((a[0] as Dec[])[0] as Dec).roundHalfUp(Number(places.toString()));
      }
    }
    throw new Fail();
  };
  const term = (): Dec => {
    let v = atom();
    while (isOp("*") || isOp("/")) {
      const op = (peek() as { v: string }).v;
      p++;
      const r = atom();
      v = op === "*" ? v.mul(r) : div(v, r);
    }
    return v;
  };
  const expr = (): Dec => {
    let v = term();
    while (isOp("+") || isOp("-")) {
      const op = (peek() as { v: string }).v;
      p++;
      const r = term();
      v = op === "+" ? v.add(r) : v.sub(r);
    }
    return v;
  };
  try {
    const v = expr();
    if (p !== toks.length) return null;
    return v;
  } catch (e) {
    if (e instanceof Fail) return null;
    throw e;
  }
}
