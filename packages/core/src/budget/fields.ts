/**
 * The few kinds of field the budget format is made of. Each kind reads a value, reporting every
 * problem with its code and field path, and describes itself as JSON Schema (draft 2020-12), so
 * the format (./format.ts) is written once and gives both the validator and the published schema.
 * A kind's schema accepts at least every value its reader accepts.
 */
import { Dec } from "../decimal/dec.js";
import type { FieldPath, PathSegment, ProblemList } from "../problems/problems.js";
import type { DecimalKind } from "../problems/codes.js";
import type { StandardIndex } from "../standard/lookup.js";
import { MAX_NUMBER_TEXT } from "./limits.js";
import { NumberText } from "./number-text.js";

export type JsonSchema = Record<string, unknown>;

export interface ReadContext {
  readonly problems: ProblemList;
  readonly index: StandardIndex;
  /** The service item the value belongs to: named in every problem found inside a line. */
  item: string | undefined;
}

export interface Kind<T> {
  /**
   * Read a value (a field's value is present: a missing or null field never gets here); null when
   * it has a problem (reported). The value is at `key` of `parent` (at `parent` itself when key
   * is undefined): the path is only built when there is a problem to report.
   */
  read(value: unknown, parent: FieldPath, key: PathSegment | undefined, ctx: ReadContext): T | null;
  schema(index: StandardIndex): JsonSchema;
}

export interface Field<T, R extends boolean = boolean> {
  readonly kind: Kind<T>;
  readonly required: R;
  readonly description?: string;
}

/** A field that must be there. */
export const required = <T>(kind: Kind<T>, description?: string): Field<T, true> => ({ kind, required: true, description });
/** A field that may be left out or null (an empty YAML key reads as null). */
export const optional = <T>(kind: Kind<T>, description?: string): Field<T, false> => ({ kind, required: false, description });

export function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (v instanceof NumberText) return "number";
  return typeof v;
}

/** A value as a problem quotes it: at most a short prefix of a long one. */
export function shortValue(text: string): string {
  return text.length <= 40 ? text : `${text.slice(0, 32)}…（共 ${text.length} 个字符）`;
}

/** The path of the value at `key` of `parent`. */
export const at = (parent: FieldPath, key: PathSegment | undefined): FieldPath => (key === undefined ? parent : [...parent, key]);

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Largest accepted amount or workload: keeps every figure well inside exact arithmetic and Excel's 15 digits. */
export const MAX_DECIMAL = Dec.parse("999999999999.99");
const MAX_INTEGER_DIGITS = 12;

/** Free text, at most `max` characters; `nonEmpty` refuses blank text. */
export function text(max: number, opts: { nonEmpty?: boolean } = {}): Kind<string> {
  return {
    read(v, parent, key, ctx) {
      if (typeof v !== "string") return ctx.problems.add("wrong_type", at(parent, key), { expected: "string", actual: typeName(v) }, ctx.item), null;
      if (v.length > max) return ctx.problems.add("text_too_long", at(parent, key), { max }, ctx.item), null;
      if (opts.nonEmpty && v.trim() === "") return ctx.problems.add("empty_text", at(parent, key), {}, ctx.item), null;
      return v;
    },
    // JSON Schema counts code points, JavaScript UTF-16 units: a text within `max` units is within `max` code points.
    schema: () => ({ type: "string", maxLength: max, ...(opts.nonEmpty ? { minLength: 1 } : {}) }),
  };
}

/**
 * Read a non-negative decimal with at most `maxPlaces` decimals from a JSON number or a decimal
 * string; report what is wrong otherwise.
 */
export function readDecimal(value: unknown, path: FieldPath, problems: ProblemList, maxPlaces = 2, item?: string): Dec | null {
  return readDecimalAt(value, path, undefined, problems, maxPlaces, item);
}

function readDecimalAt(value: unknown, parent: FieldPath, key: PathSegment | undefined, problems: ProblemList, maxPlaces: number, item: string | undefined): Dec | null {
  let dec: Dec | null = null;
  const source = typeof value === "string" ? value : String(value);
  const shown = shortValue(source);
  // A number text longer than any accepted one is refused before it becomes a bigint.
  let text = source;
  if (source.length > MAX_NUMBER_TEXT) {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(source.trim());
    if (!m || (m[2] === "" && !m[3])) return problems.add("not_decimal", at(parent, key), { value: shown }, item), null;
    if (m[1] === "-" && /[1-9]/.test(source)) return problems.add("negative", at(parent, key), { value: shown }, item), null;
    const int = (m[2] as string).replace(/^0+/, "");
    const frac = (m[3] ?? "").replace(/0+$/, "");
    if (int.length > MAX_INTEGER_DIGITS) return problems.add("too_large", at(parent, key), { value: shown, max: MAX_DECIMAL.toString() }, item), null;
    if (frac.length > maxPlaces) return problems.add("too_precise", at(parent, key), { value: shown, max: maxPlaces }, item), null;
    text = `${int || "0"}${frac ? `.${frac}` : ""}`;
  }
  if (typeof value === "number") dec = Dec.tryFromNumber(value);
  else if (typeof value === "string" || value instanceof NumberText) dec = Dec.tryParse(text);
  else return problems.add("wrong_type", at(parent, key), { expected: "number", actual: typeName(value) }, item), null;
  if (dec === null) return problems.add("not_decimal", at(parent, key), { value: shown, kind: decimalKind(parent, key, maxPlaces) }, item), null;
  if (dec.isNegative()) return problems.add("negative", at(parent, key), { value: shown }, item), null;
  if (dec.decimalPlaces() > maxPlaces) return problems.add("too_precise", at(parent, key), { value: shown, max: maxPlaces }, item), null;
  if (dec.gt(MAX_DECIMAL)) return problems.add("too_large", at(parent, key), { value: shown, max: MAX_DECIMAL.toString() }, item), null;
  return dec.normalize();
}

/** What the field holds, for the example in a refusal: a rate, an amount of money, a workload. */
function decimalKind(parent: FieldPath, key: PathSegment | undefined, maxPlaces: number): DecimalKind {
  const last = key ?? parent[parent.length - 1];
  const head = parent[0];
  if (maxPlaces === 0 || head === "rates") return "rate";
  if (last === "amount") return "money";
  if (last === "personMonths") return "workload";
  return "number";
}

/**
 * An exact non-negative decimal with at most two decimals, as a JSON number or a decimal string.
 * The schema's number branch has no `multipleOf`: 2.05 is not a multiple of 0.01 in binary
 * floating point, so a validator would refuse it. The reader checks the decimals on the number's
 * text instead; the description says so.
 */
export function decimal(): Kind<Dec> {
  return {
    read: (v, parent, key, ctx) => readDecimalAt(v, parent, key, ctx.problems, 2, ctx.item),
    schema: () => ({
      anyOf: [
        { type: "number", minimum: 0, maximum: Number(MAX_DECIMAL.toString()) },
        // What Dec.tryParse reads, non-negative, at most two decimals once trailing zeros go, below MAX_DECIMAL.
        { type: "string", pattern: `^(\\+?0*\\d{1,${MAX_INTEGER_DIGITS}}(\\.\\d{1,2}0*)?|-0+(\\.0+)?)$` },
      ],
    }),
  };
}

/** A tier price: a positive whole number of yuan, as a JSON number or a decimal string. */
export function wholeYuan(): Kind<Dec> {
  return {
    read(v, parent, key, ctx) {
      // Whole yuan, like Table B.1's, so that every line amount P × Q stays exact at 0.01 yuan.
      const d = readDecimalAt(v, parent, key, ctx.problems, 0, ctx.item);
      if (d !== null && d.isZero()) return ctx.problems.add("bad_rate", at(parent, key), { value: String(v) }, ctx.item), null;
      return d;
    },
    schema: () => ({
      anyOf: [
        { type: "integer", minimum: 1, maximum: 10 ** MAX_INTEGER_DIGITS - 1 },
        { type: "string", pattern: `^\\+?0*[1-9]\\d{0,${MAX_INTEGER_DIGITS - 1}}(\\.0+)?$` },
      ],
    }),
  };
}

/** One of a fixed set of strings; anything else is reported with `code`. */
export function oneOf<const V extends string>(values: readonly V[], code: "bad_level" | "bad_method"): Kind<V> {
  return {
    read(v, parent, key, ctx) {
      for (const x of values) if (v === x) return x;
      ctx.problems.add(code, at(parent, key), { value: String(v) }, ctx.item);
      return null;
    },
    schema: () => ({ type: "string", enum: [...values] }),
  };
}

/** A list of at most `max` values; `exactly` demands a length (reported as rates_count). */
export function array<T>(of: Kind<T>, opts: { max: number; exactly?: number }): Kind<T[]> {
  return {
    read(v, parent, key, ctx) {
      const path = at(parent, key);
      if (!Array.isArray(v)) return ctx.problems.add("wrong_type", path, { expected: "array", actual: typeName(v) }, ctx.item), null;
      if (v.length > opts.max) return ctx.problems.add("too_many", path, { max: opts.max }, ctx.item), null;
      if (opts.exactly !== undefined && v.length !== opts.exactly) return ctx.problems.add("rates_count", path, { count: v.length }, ctx.item), null;
      const out: T[] = [];
      let ok = true;
      for (let i = 0; i < v.length; i++) {
        // A null element is a value of the wrong type, which the element's kind reports.
        const r = of.read(v[i], path, i, ctx);
        if (r === null) ok = false;
        else out.push(r);
      }
      return opts.exactly !== undefined && !ok ? null : out;
    },
    schema: (index) => ({ type: "array", items: of.schema(index), maxItems: opts.max, ...(opts.exactly !== undefined ? { minItems: opts.exactly } : {}) }),
  };
}

type Fields = Record<string, Field<unknown>>;
/** The fields' values as read: a required field's value is there once the object has no problem. */
export type Values<F extends Fields> = { [K in keyof F]: F[K] extends Field<infer T, infer R> ? (R extends true ? T : T | null) : never };
/** The fields' values while still being checked: any may be missing. */
export type Draft<F extends Fields> = { [K in keyof F]: F[K] extends Field<infer T> ? T | null : never };

export interface ObjectOptions<F extends Fields, T> {
  title?: string;
  description?: string;
  /**
   * The field naming the service item the object is about: read first, then every other problem
   * in the object names the item it gives.
   */
  itemField?: { [K in keyof F & string]: { key: K; itemOf: (value: Draft<F>[K]) => string | undefined } }[keyof F & string];
  /** Rules across fields, run on what could be read; they report their own problems. */
  check?: (values: Draft<F>, path: FieldPath, ctx: ReadContext) => void;
  /** The value of an object without problems. */
  build: (values: Values<F>) => T;
}

function readField(f: Field<unknown>, v: Record<string, unknown>, path: FieldPath, key: string, values: Record<string, unknown>, ctx: ReadContext): void {
  const x = v[key];
  if (x === undefined || x === null) {
    if (f.required) ctx.problems.add("required", [...path, key], { field: key }, ctx.item);
    values[key] = null;
  } else values[key] = f.kind.read(x, path, key, ctx);
}

/** An object with exactly these fields (an unknown field is a problem). */
export function object<F extends Fields, T>(fields: F, opts: ObjectOptions<F, T>): Kind<T> {
  const keys = Object.keys(fields);
  const allowed = keys.filter((k) => k !== "$schema").join(", ");
  const has = (k: string) => Object.prototype.hasOwnProperty.call(fields, k);
  const first = opts.itemField?.key;
  const itemOf = opts.itemField?.itemOf as ((value: unknown) => string | undefined) | undefined;
  const rest = keys.filter((k) => k !== first);
  return {
    read(v, parent, key, ctx) {
      const path = at(parent, key);
      if (!isRecord(v)) return ctx.problems.add("wrong_type", path, { expected: "object", actual: typeName(v) }, ctx.item), null;
      const before = ctx.problems.size;
      const outer = ctx.item;
      const values: Record<string, unknown> = {};
      if (first !== undefined) {
        readField(fields[first] as Field<unknown>, v, path, first, values, ctx);
        ctx.item = itemOf?.(values[first]);
      }
      for (const name in v) {
        if (Object.prototype.hasOwnProperty.call(v, name) && !has(name)) ctx.problems.add("unknown_field", [...path, name], { field: name, allowed }, ctx.item);
      }
      for (const key of rest) readField(fields[key] as Field<unknown>, v, path, key, values, ctx);
      opts.check?.(values as Draft<F>, path, ctx);
      ctx.item = outer;
      return ctx.problems.size > before ? null : opts.build(values as Values<F>);
    },
    schema(index) {
      const properties: Record<string, JsonSchema> = {};
      for (const key of keys) {
        const f = fields[key] as Field<unknown>;
        const s = f.kind.schema(index);
        const described = f.description === undefined ? s : { ...s, description: f.description };
        properties[key] = f.required ? described : { anyOf: [described, { type: "null" }] };
      }
      return {
        type: "object",
        ...(opts.title ? { title: opts.title } : {}),
        ...(opts.description ? { description: opts.description } : {}),
        properties,
        required: keys.filter((k) => (fields[k] as Field<unknown>).required),
        additionalProperties: false,
      };
    },
  };
}
