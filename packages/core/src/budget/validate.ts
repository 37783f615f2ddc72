/**
 * Validation of a budget document (already parsed from JSON/YAML) against the format
 * (schema.ts) and against the standard: every problem in the document is reported at once,
 * each with its field path and, where relevant, the service item.
 */
import { Dec } from "../decimal/dec.js";
import { ProblemList, type FieldPath, type Problem } from "../problems/problems.js";
import type { CollaborationLevel, PricingMethod, Standard } from "../standard/types.js";
import { indexStandard, type StandardIndex } from "../standard/lookup.js";
import { MAX_NAME, MAX_NONLABOR_ITEMS, MAX_SERVICE_LINES, MAX_TEXT } from "./limits.js";
import { NON_LABOR_PARTS, type NonLaborPart, type Budget, type ExternalItem, type NonLaborItem, type ServiceLine } from "./budget.js";

export type ValidationResult = { ok: true; budget: Budget } | { ok: false; problems: Problem[] };

/** Largest accepted amount or workload: keeps every figure well inside exact arithmetic and Excel's 15 digits. */
export const MAX_DECIMAL = Dec.parse("999999999999.99");

const TOP_FIELDS = ["$schema", "name", "rates", "ratesName", "services", "nonLabor", "external"];
const LINE_FIELDS = ["item", "personMonths", "units", "collaboration", "method", "note"];
const NONLABOR_FIELDS = ["name", "amount", "note"];
const EXTERNAL_FIELDS = ["item", "name", "amount", "basis"];


function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Read a non-negative decimal with at most `maxPlaces` decimals from a JSON number or a
 * decimal string; report what is wrong otherwise.
 */
export function readDecimal(value: unknown, path: FieldPath, problems: ProblemList, maxPlaces = 2, item?: string): Dec | null {
  let dec: Dec | null = null;
  const shown = typeof value === "string" ? value : String(value);
  if (typeof value === "number") dec = Dec.tryFromNumber(value);
  else if (typeof value === "string") dec = Dec.tryParse(value);
  else {
    problems.add("wrong_type", path, { expected: "number", actual: typeName(value) }, item);
    return null;
  }
  if (dec === null) {
    problems.add("not_decimal", path, { value: shown }, item);
    return null;
  }
  if (dec.isNegative()) {
    problems.add("negative", path, { value: shown }, item);
    return null;
  }
  if (dec.decimalPlaces() > maxPlaces) {
    problems.add("too_precise", path, { value: shown, max: maxPlaces }, item);
    return null;
  }
  if (dec.gt(MAX_DECIMAL)) {
    problems.add("too_large", path, { value: shown, max: MAX_DECIMAL.toString() }, item);
    return null;
  }
  return dec.normalize();
}

function readText(obj: Record<string, unknown>, key: string, path: FieldPath, problems: ProblemList, opts: { required: boolean; max: number; nonEmpty?: boolean }, item?: string): string | null {
  const v = obj[key];
  if (v === undefined || v === null) {
    if (opts.required) problems.add("required", [...path, key], { field: key }, item);
    return null;
  }
  if (typeof v !== "string") {
    problems.add("wrong_type", [...path, key], { expected: "string", actual: typeName(v) }, item);
    return null;
  }
  if (v.length > opts.max) {
    problems.add("text_too_long", [...path, key], { max: opts.max }, item);
    return null;
  }
  if (opts.nonEmpty && v.trim() === "") {
    problems.add("empty_text", [...path, key], {}, item);
    return null;
  }
  return v;
}

function checkFields(obj: Record<string, unknown>, allowed: readonly string[], path: FieldPath, problems: ProblemList, item?: string): void {
  for (const key in obj) {
    if (!Object.prototype.hasOwnProperty.call(obj, key)) continue;
    if (!allowed.includes(key)) problems.add("unknown_field", [...path, key], { field: key, allowed: allowed.filter((k) => k !== "$schema").join(", ") }, item);
  }
}

function readArray(obj: Record<string, unknown>, key: string, path: FieldPath, problems: ProblemList, max: number, required: boolean): unknown[] | null {
  const v = obj[key];
  if (v === undefined || v === null) {
    if (required) problems.add("required", [...path, key], { field: key });
    return null;
  }
  if (!Array.isArray(v)) {
    problems.add("wrong_type", [...path, key], { expected: "array", actual: typeName(v) });
    return null;
  }
  if (v.length > max) {
    problems.add("too_many", [...path, key], { max });
    return null;
  }
  return v;
}

function suggestItem(index: StandardIndex, value: string): string | undefined {
  // "7.2.B", "7.2b", "7.2.b)" and "10.1.a" are common slips; offer the id they most likely meant.
  const cleaned = value.trim().toLowerCase().replace(/[)）\s]/g, "");
  const m = /^(\d+)(?:\.(\d+))?\.?([a-z])$/.exec(cleaned);
  if (!m) return undefined;
  const candidates = m[2] === undefined ? [`${m[1]}.${m[3]}`] : [`${m[1]}.${m[2]}.${m[3]}`, `${m[1]}.${m[3]}`];
  return candidates.find((c) => index.items.has(c) && c !== value);
}

function validateLine(raw: unknown, i: number, index: StandardIndex, problems: ProblemList): ServiceLine | null {
  const path: FieldPath = ["services", i];
  if (!isRecord(raw)) {
    problems.add("wrong_type", path, { expected: "object", actual: typeName(raw) });
    return null;
  }
  const before = problems.size;
  const itemRaw = raw.item;
  let itemId: string | undefined;
  let item = undefined as ReturnType<StandardIndex["items"]["get"]>;
  if (itemRaw === undefined || itemRaw === null) problems.add("required", [...path, "item"], { field: "item" });
  else if (typeof itemRaw !== "string") problems.add("wrong_type", [...path, "item"], { expected: "string", actual: typeName(itemRaw) });
  else {
    item = index.items.get(itemRaw);
    if (!item) {
      const suggestion = suggestItem(index, itemRaw);
      problems.add("unknown_item", [...path, "item"], suggestion ? { value: itemRaw, suggestion } : { value: itemRaw });
    } else if (item.kind === "external") {
      problems.add("outside_formula_item", [...path, "item"], { value: item.id, clause: item.pricing.clause }, item.id);
      item = undefined;
    } else itemId = item.id;
  }
  checkFields(raw, LINE_FIELDS, path, problems, itemId);

  let personMonths: Dec | null = null;
  if (raw.personMonths === undefined || raw.personMonths === null) problems.add("required", [...path, "personMonths"], { field: "personMonths" }, itemId);
  else personMonths = readDecimal(raw.personMonths, [...path, "personMonths"], problems, 2, itemId);

  let units: number | null = null;
  if (raw.units !== undefined && raw.units !== null) {
    const u = raw.units;
    if (typeof u !== "number") problems.add("wrong_type", [...path, "units"], { expected: "integer", actual: typeName(u) }, itemId);
    else if (!Number.isInteger(u)) problems.add("units_not_integer", [...path, "units"], { value: String(u) }, itemId);
    else if (u < 1) problems.add("units_below_one", [...path, "units"], { value: String(u) }, itemId);
    else if (u > 1_000_000) problems.add("too_large", [...path, "units"], { value: String(u), max: 1_000_000 }, itemId);
    else units = u;
  }

  let collaboration: CollaborationLevel | null = null;
  if (raw.collaboration !== undefined && raw.collaboration !== null) {
    const c = raw.collaboration;
    const level: CollaborationLevel | undefined = c === "F1" || c === "F2" || c === "F3" ? c : undefined;
    if (!level) problems.add("bad_level", [...path, "collaboration"], { value: String(c) }, itemId);
    else collaboration = level;
  }

  let method: PricingMethod = "coefficient";
  if (raw.method !== undefined && raw.method !== null) {
    if (raw.method === "coefficient" || raw.method === "quick") method = raw.method;
    else problems.add("bad_method", [...path, "method"], { value: String(raw.method) }, itemId);
  }

  const note = readText(raw, "note", path, problems, { required: false, max: MAX_TEXT }, itemId);

  // Rules that need the item's table (表1–表17, 表A.3, 表B.2).
  if (item && item.kind === "formula") {
    const implied = units === null ? null : index.levelForUnits(units);
    if (implied !== null && collaboration !== null && implied !== collaboration) {
      problems.add("units_collaboration_conflict", [...path, "collaboration"], { units: units as number, implied, given: collaboration }, item.id);
    }
    if (item.collaborationRule === "none" && collaboration !== null && collaboration !== "F1") {
      problems.add("collaboration_not_applicable", [...path, "collaboration"], { value: collaboration, table: item.levelSource.table }, item.id);
    }
    if (method === "quick") {
      const level: CollaborationLevel = item.collaborationRule === "none" ? "F1" : (collaboration ?? implied ?? "F1");
      const row = index.quick.get(item.id);
      const col = level === "F1" ? 0 : level === "F2" ? 1 : 2;
      if (!row || row.prices[col] === null) {
        problems.add("quick_not_available", [...path, "method"], { level, row: row ? row.row : "-" }, item.id);
      }
    }
  }

  if (problems.size > before || !itemId || personMonths === null) return null;
  return { item: itemId, personMonths, units, collaboration, method, note };
}

function validateNonLabor(raw: unknown, path: FieldPath, problems: ProblemList): NonLaborItem | null {
  if (!isRecord(raw)) {
    problems.add("wrong_type", path, { expected: "object", actual: typeName(raw) });
    return null;
  }
  const before = problems.size;
  checkFields(raw, NONLABOR_FIELDS, path, problems);
  const name = readText(raw, "name", path, problems, { required: true, max: MAX_NAME, nonEmpty: true });
  const amount = raw.amount === undefined || raw.amount === null ? (problems.add("required", [...path, "amount"], { field: "amount" }), null) : readDecimal(raw.amount, [...path, "amount"], problems);
  const note = readText(raw, "note", path, problems, { required: false, max: MAX_TEXT });
  if (problems.size > before || name === null || amount === null) return null;
  return { name, amount, note };
}

function validateExternal(raw: unknown, path: FieldPath, index: StandardIndex, problems: ProblemList): ExternalItem | null {
  if (!isRecord(raw)) {
    problems.add("wrong_type", path, { expected: "object", actual: typeName(raw) });
    return null;
  }
  const before = problems.size;
  checkFields(raw, EXTERNAL_FIELDS, path, problems);
  const item = readText(raw, "item", path, problems, { required: true, max: 20 });
  if (item !== null && !index.externalItems.has(item)) {
    problems.add("not_external_item", [...path, "item"], { value: item, allowed: [...index.externalItems].join(", ") });
  }
  const name = readText(raw, "name", path, problems, { required: true, max: MAX_NAME, nonEmpty: true });
  const amount = raw.amount === undefined || raw.amount === null ? (problems.add("required", [...path, "amount"], { field: "amount" }), null) : readDecimal(raw.amount, [...path, "amount"], problems);
  const basis = readText(raw, "basis", path, problems, { required: true, max: MAX_TEXT, nonEmpty: true });
  if (problems.size > before || item === null || name === null || amount === null || basis === null) return null;
  return { item, name, amount, basis };
}

/**
 * Validate a parsed budget document. Never throws on any input: every problem is returned,
 * each located by its field path.
 */
export function validateBudget(doc: unknown, standard: Standard): ValidationResult {
  const problems = new ProblemList();
  if (!isRecord(doc)) {
    problems.add("not_object", [], { actual: typeName(doc) });
    return { ok: false, problems: problems.problems };
  }
  const index = indexStandard(standard);
  checkFields(doc, TOP_FIELDS, [], problems);
  const name = readText(doc, "name", [], problems, { required: true, max: MAX_NAME, nonEmpty: true });
  const ratesName = readText(doc, "ratesName", [], problems, { required: false, max: MAX_NAME });

  let rates: Budget["rates"] = null;
  const ratesRaw = readArray(doc, "rates", [], problems, 5, false);
  if (ratesRaw) {
    if (ratesRaw.length !== 5) problems.add("rates_count", ["rates"], { count: ratesRaw.length });
    else {
      const parsed = ratesRaw.map((r, i) => {
        // Tier prices are whole yuan, like Table B.1's, so that every line amount P × Q stays exact at 0.01 yuan.
        const d = readDecimal(r, ["rates", i], problems, 0);
        if (d !== null && d.isZero()) {
          problems.add("bad_rate", ["rates", i], { value: String(r) });
          return null;
        }
        return d;
      });
      if (parsed.every((p): p is Dec => p !== null)) rates = parsed as unknown as [Dec, Dec, Dec, Dec, Dec];
    }
  }

  const services: ServiceLine[] = [];
  const linesRaw = readArray(doc, "services", [], problems, MAX_SERVICE_LINES, true);
  if (linesRaw) {
    for (let i = 0; i < linesRaw.length; i++) {
      const line = validateLine(linesRaw[i], i, index, problems);
      if (line) services.push(line);
    }
  }

  const nonLabor: Record<NonLaborPart, NonLaborItem[]> = { dataProducts: [], equipment: [], business: [] };
  const nl = doc.nonLabor;
  if (nl !== undefined && nl !== null) {
    if (!isRecord(nl)) problems.add("wrong_type", ["nonLabor"], { expected: "object", actual: typeName(nl) });
    else {
      checkFields(nl, NON_LABOR_PARTS, ["nonLabor"], problems);
      for (const part of NON_LABOR_PARTS) {
        const arr = readArray(nl, part, ["nonLabor"], problems, MAX_NONLABOR_ITEMS, false);
        if (!arr) continue;
        arr.forEach((raw, i) => {
          const it = validateNonLabor(raw, ["nonLabor", part, i], problems);
          if (it) nonLabor[part].push(it);
        });
      }
    }
  }

  const external: ExternalItem[] = [];
  const extRaw = readArray(doc, "external", [], problems, MAX_NONLABOR_ITEMS, false);
  if (extRaw) {
    extRaw.forEach((raw, i) => {
      const it = validateExternal(raw, ["external", i], index, problems);
      if (it) external.push(it);
    });
  }

  if (problems.size > 0) return { ok: false, problems: problems.problems };
  return {
    ok: true,
    budget: {
      name: name as string,
      rates,
      ratesName,
      services,
      nonLabor,
      external,
    },
  };
}
