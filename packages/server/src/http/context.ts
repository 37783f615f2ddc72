/** What every group of routes shares: the store, the route definer, auditing, the clock, sessions. */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import { BODY_LIMIT, fieldAt, ProblemList, problemsToJson } from "@govcost/core";
import { bi, HttpError, type Lang } from "./errors.js";
import type { Registry, RouteDef } from "./routes.js";
import { publicUser, type Store, type UserWithSecret } from "../store/store.js";
import type { SessionAnswer } from "../api-types.js";
import type { WorkerLimits } from "../budgets/export-worker.js";

export const SESSION_COOKIE = "govcost_session";
export const MB = 1024 * 1024;
/** Every request body, JSON or xlsx (core's limit, which the web app also holds a workbook from a zip to). */
export { BODY_LIMIT };
/** Service lines a budget may have on the server (the CLI takes larger files). */
export const MAX_SERVER_LINES = 5000;
export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/** Content types POST /api/check takes: xlsx, an old .xls/.et, an .ods, or any file (what it is is read from its bytes). */
export const CHECK_TYPES = [XLSX_TYPE, "application/vnd.ms-excel", "application/vnd.oasis.opendocument.spreadsheet", "application/octet-stream"] as const;
/** The one route that takes the types of CHECK_TYPES other than xlsx (elsewhere they are 415). */
export const CHECK_URL = "/api/check";

/**
 * Login throttling (failures counted in the database over `windowMs`):
 * - per account and address, strictly: `perPair` failures and that address waits out the window;
 * - per account from anywhere, growing delays instead of a lock: from `perAccount` failures on, each
 *   attempt waits 2, 4, 8 … seconds after the last failure, at most `accountMaxDelayMs`, so the
 *   right password from elsewhere gets in after a short wait;
 * - per address, generously: `perIp` failures across accounts (an office behind one NAT).
 */
export interface ThrottleOptions {
  windowMs: number;
  perPair: number;
  perAccount: number;
  accountMaxDelayMs: number;
  perIp: number;
  /** Throttled attempts from one address are audited as one entry per interval of this length. */
  auditIntervalMs: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = { windowMs: 15 * 60_000, perPair: 5, perAccount: 5, accountMaxDelayMs: 60_000, perIp: 100, auditIntervalMs: 10 * 60_000 };

/** A wait as a person reads it: “45 秒”, “15 分钟”. */
export function waitText(seconds: number, lang: Lang = "zh-CN"): string {
  if (lang === "en") return seconds < 60 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
  return seconds < 60 ? `${seconds} 秒` : `${Math.ceil(seconds / 60)} 分钟`;
}

export interface AppContext {
  store: Store;
  registry: Registry;
  route: <B extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown>(d: RouteDef<B, Q>) => void;
  audit: (req: FastifyRequest, user: { id: number; username: string } | null, action: string, target: string | null, detail?: unknown) => Promise<void>;
  now: () => Date;
  iso: () => string;
  /** scrypt cost exponent for new password hashes. */
  log2n: number;
  throttle: ThrottleOptions;
  /** A hash to verify against when the username does not exist, so both cases take the same time. */
  dummyHash: string;
  /** Limits of the worker threads that make exports and read imports. */
  workerLimits: WorkerLimits;
  /** IANA zone of every time the server writes for people (messages, exports); Asia/Shanghai by default. */
  timeZone: string;
  /** An ISO time as "2026-11-30 08:44" in that zone. */
  showTime: (iso: string) => string;
  /** Public estimates one address may ask for in each minute. */
  estimatePerMinute: number;
  startSession: (reply: FastifyReply, req: FastifyRequest, user: UserWithSecret) => Promise<SessionAnswer>;
}

export function invalidBudget(problems: Parameters<typeof problemsToJson>[0]): HttpError {
  const details = problemsToJson(problems);
  return new HttpError(400, "invalid_budget", bi(`预算文件有 ${details.length} 处错误`, `The budget file has ${details.length} problem${details.length === 1 ? "" : "s"}`), { details });
}

/** The server's own line limit, checked before the lines themselves: 400 located at `services`. */
export function checkLineLimit(document: unknown): void {
  const services = (document as { services?: unknown } | null)?.services;
  if (!Array.isArray(services) || services.length <= MAX_SERVER_LINES) return;
  const list = new ProblemList();
  list.addAt("too_many_lines", fieldAt(["services"]), { count: services.length, max: MAX_SERVER_LINES });
  const details = problemsToJson(list.problems);
  throw new HttpError(400, "too_many_lines", details[0]?.message ?? "", { details });
}

/** A user as the API shows one: never the password hash. */
export const userJson = publicUser;

/** A path id: a positive integer, else null (the route answers 404, never 400 or 500). */
export const positiveInt = (s: string | undefined): number | null => (s !== undefined && /^[1-9]\d{0,8}$/.test(s) ? Number(s) : null);
