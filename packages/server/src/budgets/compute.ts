/**
 * What a save stores, always computed here from the document (never taken from the client):
 * validateBudget + estimate of @govcost/core under the budget's rate profile (表B.1 注2).
 */
import { budgetToDocument, DEFAULT_STANDARD, Dec, estimate, estimateToJson, estimateToJsonText, estimateTotalsJson, findStandard, problemsToJson, validateBudget, type Budget, type Estimate, type EstimateJson, type Problem, type Standard, type TierPrices } from "@govcost/core";
import { brotliCompressSync, constants as zlib } from "node:zlib";
import type { NewVersion, StoredRateProfile, StoredText } from "../store/store.js";

export const STANDARD_PROFILE_ID = "standard";

/** The rates a budget is priced with: a named profile, or the document's own (id null). */
export interface ProfileChoice {
  id: string | null;
  name: string;
  source: string;
  rates: TierPrices | null;
}

/** 表B.1 itself, always present, never editable. */
export function standardProfile() {
  const d = DEFAULT_STANDARD.defaultRates;
  return {
    id: STANDARD_PROFILE_ID,
    name: d.name,
    source: d.source,
    rates: d.rates.map((r) => r.toString()) as [string, string, string, string, string],
    builtin: true,
  };
}

export function profileChoice(p: StoredRateProfile | "standard" | null): ProfileChoice | null {
  if (p === null) return null;
  if (p === "standard") {
    const d = DEFAULT_STANDARD.defaultRates;
    return { id: STANDARD_PROFILE_ID, name: d.name, source: d.source, rates: null };
  }
  return { id: p.id, name: p.name, source: p.source, rates: p.rates.map((r) => Dec.parse(r)) as unknown as ProfileChoice["rates"] };
}

export type Computed = { ok: true; budget: Budget; document: Record<string, unknown>; estimate: Estimate; json: EstimateJson; standard: Standard } | { ok: false; problems: Problem[] };

/** With a profile, its rates replace the document's (null rates: 表B.1's). */
function withProfile(budget: Budget, profile: ProfileChoice | null): Budget {
  return profile ? { ...budget, rates: profile.rates, ratesName: profile.rates ? profile.name : null } : budget;
}

/**
 * Validate a document and price it. With a profile, its rates replace the document's, and the
 * stored document says so, so the document alone reproduces the stored estimate (e.g. in the CLI).
 */
export function computeBudget(document: unknown, profile: ProfileChoice | null, standard: Standard = DEFAULT_STANDARD): Computed {
  const v = validateBudget(document, standard);
  if (!v.ok) return { ok: false, problems: v.problems };
  const budget = withProfile(v.budget, profile);
  const est = estimate(budget, standard);
  return { ok: true, budget, document: budgetToDocument(budget), estimate: est, json: estimateToJson(est), standard };
}

/** A profile choice as plain data (rates as text), to cross to a pricing thread and back. */
export interface PlainProfile {
  id: string | null;
  name: string;
  source: string;
  rates: string[] | null;
}

export function plainProfile(p: ProfileChoice | null): PlainProfile | null {
  return p && { id: p.id, name: p.name, source: p.source, rates: p.rates ? p.rates.map((r) => r.toString()) : null };
}

export function fromPlainProfile(p: PlainProfile | null): ProfileChoice | null {
  return p && { id: p.id, name: p.name, source: p.source, rates: p.rates ? (p.rates.map((r) => Dec.parse(r)) as unknown as ProfileChoice["rates"]) : null };
}

/** The figures a save answers with (the whole estimate is one GET away). */
export type SaveSummary = Pick<EstimateJson, "personMonths" | "scale" | "laborSubtotal" | "labor" | "nonLaborParts" | "nonLabor" | "total" | "externalTotal" | "grandTotal" | "warnings">;

/**
 * Everything storing a version needs from pricing, as plain data: the document and estimate as the
 * JSON text that is stored, and the figures kept beside them. Made on a pricing thread (pool.ts).
 */
export interface PricedForStorage extends Pick<NewVersion, "document" | "estimate" | "standardId" | "rateProfileName" | "rates" | "labor" | "nonLabor" | "total" | "grandTotal"> {
  /** The budget's own name (the default name of a new budget). */
  name: string;
  summary: SaveSummary;
}

export type StorageResult = { ok: true; priced: PricedForStorage } | { ok: false; details: ReturnType<typeof problemsToJson> };

/**
 * Brotli at quality 1: about a tenth of the size for a 50-line estimate, and under load the
 * cheapest of the compressors measured (gzip level 1 took ~40% longer, with the same ratio).
 */
function pack(text: string): StoredText {
  // A small text (a short budget file) gains little and would pay for setting up the compressor.
  if (text.length < PACK_MIN_CHARS) return text;
  return { brotli: brotliCompressSync(utf8Scratch(text), { params: { [zlib.BROTLI_PARAM_QUALITY]: 1 } }) };
}

let scratch = new Uint8Array(256 * 1024);
const encoder = new TextEncoder();

/**
 * The UTF-8 bytes of `text` in a buffer reused from call to call: valid only until the next call, for
 * a compressor that reads them at once. The same bytes as Buffer.from(text), in a third of the time
 * for an estimate's text (one pass into memory already there; measured 22 µs against 66 µs for 28 KB).
 */
export function utf8Scratch(text: string): Uint8Array {
  // (At most 3 bytes for each UTF-16 code unit.)
  if (scratch.length < 3 * text.length) scratch = new Uint8Array(2 ** Math.ceil(Math.log2(3 * text.length)));
  const { written } = encoder.encodeInto(text, scratch);
  return scratch.subarray(0, written);
}

const PACK_MIN_CHARS = 4096;

/**
 * Validate, price under the profile and serialise for storage: computeBudget plus the stored text,
 * compressed if `packed` (SQLite; PostgreSQL compresses large text itself).
 */
export function priceForStorage(document: unknown, profile: PlainProfile | null, standardId: string = DEFAULT_STANDARD.id, packed = false): StorageResult {
  const standard = findStandard(standardId);
  if (!standard) throw new Error(`unknown standard ${standardId}`);
  const v = validateBudget(document, standard);
  if (!v.ok) return { ok: false, details: problemsToJson(v.problems) };
  const budget = withProfile(v.budget, fromPlainProfile(profile));
  const e = estimate(budget, standard);
  const j = estimateTotalsJson(e);
  const documentText = JSON.stringify(budgetToDocument(budget));
  const estimateText = estimateToJsonText(e);
  return {
    ok: true,
    priced: {
      name: budget.name,
      document: packed ? pack(documentText) : documentText,
      estimate: packed ? pack(estimateText) : estimateText,
      standardId: standard.id,
      rateProfileName: e.rateProfile.name,
      rates: e.rateProfile.rates.map((r) => r.toString()),
      labor: e.labor.toFixed(2),
      nonLabor: e.nonLabor.toFixed(2),
      total: e.total.toFixed(2),
      grandTotal: e.grandTotal.toFixed(2),
      summary: {
        personMonths: j.personMonths,
        scale: j.scale,
        laborSubtotal: j.laborSubtotal,
        labor: j.labor,
        nonLaborParts: j.nonLaborParts,
        nonLabor: j.nonLabor,
        total: j.total,
        externalTotal: j.externalTotal,
        grandTotal: j.grandTotal,
        warnings: j.warnings,
      },
    },
  };
}

export function versionFrom(p: Omit<PricedForStorage, "summary">, profileId: string | null, author: { id: number; name: string }, comment: string, restoredFrom: number | null, now: string): NewVersion {
  return {
    document: p.document,
    estimate: p.estimate,
    standardId: p.standardId,
    rateProfileId: profileId,
    rateProfileName: p.rateProfileName,
    rates: p.rates,
    labor: p.labor,
    nonLabor: p.nonLabor,
    total: p.total,
    grandTotal: p.grandTotal,
    authorId: author.id,
    authorName: author.name,
    savedAt: now,
    comment,
    restoredFrom,
  };
}

type Line = EstimateJson["lines"][number];

const LINE_FIELDS = ["personMonths", "units", "collaboration", "method", "note", "technical", "business", "coefficient", "tier", "unitPrice", "amount"] as const;

/** Lines keyed by item and occurrence: the second 7.2.b line matches the second 7.2.b line. */
function keyed(lines: readonly Line[]): Map<string, Line> {
  const seen = new Map<string, number>();
  const out = new Map<string, Line>();
  for (const l of lines) {
    const n = (seen.get(l.item) ?? 0) + 1;
    seen.set(l.item, n);
    out.set(`${l.item}#${n}`, l);
  }
  return out;
}

const places = (s: string) => (s.includes(".") ? s.length - s.indexOf(".") - 1 : 0);

/** to − from, shown with as many decimals as the figures themselves ("45000.00", "2"). */
export function delta(from: string, to: string): string {
  return Dec.parse(to).sub(Dec.parse(from)).toFixed(Math.max(places(from), places(to)));
}

function figure(name: string, label: string, from: string, to: string) {
  return { name, label, from, to, delta: delta(from, to) };
}

/** The figures every comparison shows: Q, Σ P×Q, S, L, T, C and the grand total. */
export function figuresBetween(a: EstimateJson, b: EstimateJson) {
  return [
    figure("personMonths", "工作量合计（人月）", a.personMonths, b.personMonths),
    figure("laborSubtotal", "Σ P×Q（元）", a.laborSubtotal, b.laborSubtotal),
    figure("scale", "规模系数 S", a.scale.coefficient, b.scale.coefficient),
    figure("labor", "人力成本 L（元）", a.labor, b.labor),
    figure("nonLabor", "非人力成本 T（元）", a.nonLabor, b.nonLabor),
    figure("total", "系统业务运营服务成本 C（元）", a.total, b.total),
    figure("externalTotal", "公式(1)之外计价的服务（元）", a.externalTotal, b.externalTotal),
    figure("grandTotal", "合计（元）", a.grandTotal, b.grandTotal),
  ];
}

/** Which service lines were added, removed or changed between two estimates, and how every figure moved. */
export function compareEstimates(a: EstimateJson, b: EstimateJson) {
  const before = keyed(a.lines);
  const after = keyed(b.lines);
  const added: Line[] = [];
  const removed: Line[] = [];
  const changed: { key: string; before: Line; after: Line; fields: { field: string; from: unknown; to: unknown; delta?: string }[] }[] = [];
  for (const [key, l] of before) if (!after.has(key)) removed.push(l);
  for (const [key, l] of after) {
    const old = before.get(key);
    if (!old) {
      added.push(l);
      continue;
    }
    const fields = LINE_FIELDS.filter((f) => JSON.stringify(old[f]) !== JSON.stringify(l[f])).map((f) => {
      const from = old[f];
      const to = l[f];
      const numeric = f === "personMonths" || f === "unitPrice" || f === "amount" || f === "coefficient";
      return numeric ? { field: f, from, to, delta: delta(String(from), String(to)) } : { field: f, from, to };
    });
    if (fields.length) changed.push({ key, before: old, after: l, fields });
  }
  return { added, removed, changed, figures: figuresBetween(a, b) };
}
