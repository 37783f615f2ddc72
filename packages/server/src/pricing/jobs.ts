/**
 * The pricing jobs, as plain functions of plain data: run on a pricing thread (worker.ts) or, with
 * no threads, on the main thread (pool.ts). Either way the same code gives the same bytes.
 */
import { gzipSync } from "node:zlib";
import { DEFAULT_STANDARD, estimate, estimateToJsonText, problemsToJson, validateBudget } from "@govcost/core";
import secureJsonParse from "secure-json-parse";
import { priceForStorage, type PlainProfile, type StorageResult } from "../budgets/compute.js";

export type Job =
  | { op: "store"; document: unknown; profile: PlainProfile | null; packed: boolean; standardId?: string }
  | { op: "store-text"; text: string; profile: PlainProfile | null; packed: boolean; standardId?: string }
  | { op: "estimate"; text: string; gzip: boolean };

/** The answer to POST /api/estimate, encoded; or why the body was refused, as fastify would say it. */
export type EstimateResult = { ok: true; body: Uint8Array } | { ok: false; error: "empty_body" | "malformed_json" } | { ok: false; error: "invalid_budget"; details: ReturnType<typeof problemsToJson> };

export type JobResult<J extends Job> = J extends { op: "estimate" } ? EstimateResult : StorageResult;

/** fastify's default JSON parsing (empty body, then secure-json-parse refusing __proto__ and constructor.prototype). */
function parseJsonBody(text: string): { ok: true; value: unknown } | { ok: false; error: "empty_body" | "malformed_json" } {
  if (text.length === 0) return { ok: false, error: "empty_body" };
  try {
    return { ok: true, value: secureJsonParse(text, { protoAction: "error", constructorAction: "error" }) as unknown };
  } catch {
    return { ok: false, error: "malformed_json" };
  }
}

export function estimateAnswer(text: string, gzip: boolean): EstimateResult {
  const parsed = parseJsonBody(text);
  if (!parsed.ok) return parsed;
  const v = validateBudget(parsed.value, DEFAULT_STANDARD);
  if (!v.ok) return { ok: false, error: "invalid_budget", details: problemsToJson(v.problems) };
  const json = Buffer.from(estimateToJsonText(estimate(v.budget, DEFAULT_STANDARD)));
  // Answers are large (a 50-line budget: ~28 KB of JSON, mostly trail sentences) and compress
  // about tenfold; every browser asks for gzip. Level 1 costs ~0.15 ms for 28 KB.
  return { ok: true, body: gzip ? gzipSync(json, { level: 1 }) : json };
}

export function runJob(job: Job): EstimateResult | StorageResult {
  switch (job.op) {
    case "estimate":
      return estimateAnswer(job.text, job.gzip);
    case "store":
      return priceForStorage(job.document, job.profile, job.standardId, job.packed);
    case "store-text":
      // Stored documents were validated when saved; text that no longer parses is a fault, not a 400.
      return priceForStorage(JSON.parse(job.text) as unknown, job.profile, job.standardId, job.packed);
  }
}
