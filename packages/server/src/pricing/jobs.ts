/**
 * The pricing jobs, as plain functions of plain data: run on a pricing thread (worker.ts) or, with
 * no threads, on the main thread (pool.ts). Either way the same code gives the same bytes.
 */
import { gzipSync } from "node:zlib";
import { DEFAULT_STANDARD, estimate, estimateToJsonText, problemsToJson, validateBudget } from "@govcost/core";
import secureJsonParse from "secure-json-parse";
import type { z } from "zod";
import { priceForStorage, utf8Scratch, type PlainProfile, type PricedForStorage, type StorageResult } from "../budgets/compute.js";
import { saveBody } from "../budgets/bodies.js";
import { validateRequest, type RequestProblem } from "../http/validate.js";

export type Job =
  | { op: "store"; document: unknown; profile: PlainProfile | null; packed: boolean; standardId?: string }
  | { op: "store-text"; text: string; profile: PlainProfile | null; packed: boolean; standardId?: string }
  /** POST /api/estimate: the request's bytes, decoded here. */
  | { op: "estimate"; body: Uint8Array; gzip: boolean }
  | SaveJob;

/**
 * A save (PUT /api/budgets/:id) from the request's bytes: read, checked, priced and serialised here,
 * so the main thread never parses the document nor copies its object graph across (measured: a third
 * of a save's main-thread time, 720 → 480 µs). `profile` is the budget's own; a body that names another
 * (`rateProfileId`) is sent back unpriced, to be looked up and sent again with `profileGiven`.
 */
export interface SaveJob {
  op: "save";
  body: Uint8Array;
  profile: PlainProfile | null;
  profileGiven: boolean;
  packed: boolean;
}

/** Why a request body was refused on a pricing thread, in the order the checks are made (http/context.ts turns it into the 400). */
export type BodyProblem =
  | { ok: false; error: "empty_body" | "malformed_json" }
  | { ok: false; error: "invalid_request"; details: RequestProblem[] }
  | { ok: false; error: "invalid_budget"; details: ReturnType<typeof problemsToJson> };

export type SaveResult =
  | BodyProblem
  | { ok: false; error: "profile"; rateProfileId: string | null }
  /** `summaryJson`: the answer's `estimate` member, already JSON. */
  | { ok: true; baseVersion: number; comment: string; priced: Omit<PricedForStorage, "summary">; summaryJson: string };

/** The answer to POST /api/estimate, encoded; or why the body was refused, as fastify would say it. */
export type EstimateResult = { ok: true; body: Uint8Array } | Exclude<BodyProblem, { error: "invalid_request" }>;

export type JobResult<J extends Job> = J extends { op: "estimate" } ? EstimateResult : J extends { op: "save" } ? SaveResult : StorageResult;

/** fastify's default JSON parsing of a body's bytes (empty body, then secure-json-parse refusing __proto__ and constructor.prototype). */
function parseJsonBody(body: Uint8Array): { ok: true; value: unknown } | { ok: false; error: "empty_body" | "malformed_json" } {
  if (body.byteLength === 0) return { ok: false, error: "empty_body" };
  try {
    const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
    return { ok: true, value: secureJsonParse(text, { protoAction: "error", constructorAction: "error" }) as unknown };
  } catch {
    return { ok: false, error: "malformed_json" };
  }
}

export function estimateAnswer(body: Uint8Array, gzip: boolean): EstimateResult {
  const parsed = parseJsonBody(body);
  if (!parsed.ok) return parsed;
  const v = validateBudget(parsed.value, DEFAULT_STANDARD);
  if (!v.ok) return { ok: false, error: "invalid_budget", details: problemsToJson(v.problems) };
  const json = estimateToJsonText(estimate(v.budget, DEFAULT_STANDARD));
  // Answers are large (a 50-line budget: ~28 KB of JSON, mostly trail sentences) and compress
  // about tenfold; every browser asks for gzip. Level 1 costs ~0.15 ms for 28 KB.
  return { ok: true, body: gzip ? gzipSync(utf8Scratch(json), { level: 1 }) : Buffer.from(json) };
}

/** A save's body read and checked against its schema (no pricing): on a pricing thread, or on the main thread when the budget is refused first. */
export function readSaveBody(body: Uint8Array | null): Exclude<BodyProblem, { error: "invalid_budget" }> | { ok: true; value: z.output<typeof saveBody> } {
  // (No body at all is checked as an empty object, as every other route does.)
  const parsed = body === null ? { ok: true as const, value: {} } : parseJsonBody(body);
  if (!parsed.ok) return parsed;
  const v = validateRequest(saveBody, parsed.value);
  return v.ok ? { ok: true, value: v.data } : { ok: false, error: "invalid_request", details: v.details };
}

export function saveJob(job: SaveJob): SaveResult {
  const read = readSaveBody(job.body);
  if (!read.ok) return read;
  const { document, baseVersion, comment, rateProfileId } = read.value;
  if (rateProfileId !== undefined && !job.profileGiven) return { ok: false, error: "profile", rateProfileId };
  const r = priceForStorage(document, job.profile, undefined, job.packed);
  if (!r.ok) return { ok: false, error: "invalid_budget", details: r.details };
  const { summary, ...priced } = r.priced;
  return { ok: true, baseVersion, comment: comment ?? "", priced, summaryJson: JSON.stringify(summary) };
}

export function runJob(job: Job): EstimateResult | StorageResult | SaveResult {
  switch (job.op) {
    case "estimate":
      return estimateAnswer(job.body, job.gzip);
    case "store":
      return priceForStorage(job.document, job.profile, job.standardId, job.packed);
    case "store-text":
      // Stored documents were validated when saved; text that no longer parses is a fault, not a 400.
      return priceForStorage(JSON.parse(job.text) as unknown, job.profile, job.standardId, job.packed);
    case "save":
      return saveJob(job);
  }
}
