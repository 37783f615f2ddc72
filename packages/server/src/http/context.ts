/** What every group of routes shares: the store, the route definer, auditing, the clock, sessions. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import { problemsToJson } from "@govcost/core";
import { emptyBody, HttpError, malformedJson } from "./errors.js";
import { invalidRequest, type Authenticate, type Registry, type RouteDef } from "./routes.js";
import { publicUser, type Store, type User, type UserWithSecret } from "../store/store.js";
import type { Pricer } from "../pricing/pool.js";
import type { BodyProblem } from "../pricing/jobs.js";

export const SESSION_COOKIE = "govcost_session";
export const MB = 1024 * 1024;
/** The estimate endpoint takes whole budget files (200 000 lines is a few MB of JSON). */
export const ESTIMATE_BODY_LIMIT = 32 * MB;
export const BUDGET_BODY_LIMIT = 32 * MB;
export const DEFAULT_BODY_LIMIT = 1 * MB;
export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";


export interface ThrottleOptions {
  windowMs: number;
  perUsername: number;
  perIp: number;
}

export interface AppContext {
  app: FastifyInstance;
  store: Store;
  registry: Registry;
  authenticate: Authenticate;
  route: <B extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown>(d: RouteDef<B, Q>) => void;
  audit: (req: FastifyRequest, user: { id: number; username: string } | null, action: string, target: string | null, detail?: unknown) => Promise<void>;
  now: () => Date;
  iso: () => string;
  /** scrypt cost exponent for new password hashes. */
  log2n: number;
  throttle: ThrottleOptions;
  /** A hash to verify against when the username does not exist, so both cases take the same time. */
  dummyHash: string;
  startSession: (reply: FastifyReply, req: FastifyRequest, user: UserWithSecret) => Promise<{ user: ReturnType<typeof userJson>; csrfToken: string }>;
  /** Validating, pricing and serialising budgets, off the main thread. */
  pricer: Pricer;
}

export function invalidBudget(problems: Parameters<typeof problemsToJson>[0]): HttpError {
  return invalidBudgetDetails(problemsToJson(problems));
}

/** The same error from problems already in their JSON form (as a pricing thread sends them). */
export function invalidBudgetDetails(details: ReturnType<typeof problemsToJson>): HttpError {
  return new HttpError(400, "invalid_budget", `预算文件有 ${details.length} 处错误`, { details });
}

/** The 400 for a body a pricing thread refused (the estimate, a save), worded as on every other route. */
export function bodyProblemError(p: BodyProblem): HttpError {
  switch (p.error) {
    case "empty_body":
      return emptyBody();
    case "malformed_json":
      return malformedJson();
    case "invalid_request":
      return invalidRequest("body", p.details);
    case "invalid_budget":
      return invalidBudgetDetails(p.details);
  }
}

export function userJson(u: User | UserWithSecret) {
  const p = publicUser(u);
  return { id: p.id, username: p.username, displayName: p.displayName, role: p.role, departmentId: p.departmentId, departmentName: p.departmentName, disabled: p.disabled };
}

/** A path id: a positive integer, else null (the route answers 404, never 400 or 500). */
export const positiveInt = (s: string | undefined): number | null => (s !== undefined && /^[1-9]\d{0,8}$/.test(s) ? Number(s) : null);
