/**
 * The HTTP API (docs/api.md). No request state lives in this process's memory: sessions, login
 * throttling and setup tokens are in the database, so any number of processes can serve one
 * PostgreSQL database behind a reverse proxy.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import compress from "@fastify/compress";
import cookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import type { z } from "zod";
import { DEFAULT_TIME_ZONE, isTimeZone, localDateTime } from "@govcost/core";
import { bi, errorBody, forbidden, HttpError, installErrorHandler, requestLang, unsupportedMediaType } from "./http/errors.js";
import { defineRoute, type Authenticate, type Registry, type RouteDef } from "./http/routes.js";
import { SETUP_HTML, SETUP_JS } from "./http/setup-page.js";
import { hashPassword, scryptCost } from "./security/passwords.js";
import { randomToken, sameToken, tokenHash } from "./security/tokens.js";
import type { Store, UserWithSecret } from "./store/store.js";
import { BODY_LIMIT, CHECK_TYPES, CHECK_URL, DEFAULT_THROTTLE, SESSION_COOKIE, userJson, XLSX_TYPE, type AppContext, type ThrottleOptions } from "./http/context.js";
import type { SessionAnswer } from "./api-types.js";
import { registerPublicRoutes } from "./http/public-routes.js";
import { registerAuthRoutes } from "./http/auth-routes.js";
import { registerAdminRoutes } from "./http/admin-routes.js";
import { registerBudgetRoutes } from "./budgets/routes.js";
import { DEFAULT_WORKER_LIMITS, type WorkerLimits } from "./budgets/export-worker.js";

export { SESSION_COOKIE, BODY_LIMIT, MAX_SERVER_LINES, userJson, type ThrottleOptions } from "./http/context.js";

export interface AppOptions {
  store: Store;
  log?: (line: string) => void;
  /** Built web app to serve at / (SPA); null or missing directory: API only plus the /setup page. */
  webRoot?: string | null;
  /** scrypt cost exponent (tests only; production keeps 15). */
  scryptLog2N?: number;
  sessionHours?: number;
  throttle?: Partial<ThrottleOptions>;
  /** Trust X-Forwarded-For from a reverse proxy (for the per-IP login throttle and the audit log). */
  trustProxy?: boolean;
  /** Mark the session cookie Secure (behind HTTPS). */
  secureCookie?: boolean;
  now?: () => Date;
  /** Time, memory and concurrency limits of export and import workers (tests lower them). */
  workerLimits?: Partial<WorkerLimits>;
  /** IANA zone of the times shown to people (web app, workbook, report); default Asia/Shanghai. */
  timeZone?: string;
  /** Public estimates (POST /api/estimate) per address and minute; default 60. */
  estimatePerMinute?: number;
}

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // antd writes its styles at run time
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const SECURITY_HEADERS = {
  "content-security-policy": CSP,
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
} as const;
/**
 * API answers are JSON, never a page: they get the policy recommended for APIs (nothing may load or
 * frame them, shorter than the web app's), and are never cached by a browser or a proxy (they hold
 * budgets and sessions).
 */
/** A built asset whose name carries a content hash (vite's `name-HASH.ext` under assets/). */
const HASHED_ASSET = /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8}\.[a-z0-9]+(\.(br|gz))?$/;

const unauthenticated = () => new HttpError(401, "unauthenticated", bi("未登录或会话已过期，请重新登录", "Not signed in, or the session expired: sign in again"));

const API_HEADERS = { ...SECURITY_HEADERS, "content-security-policy": "default-src 'none'; frame-ancestors 'none'", "cache-control": "no-store" } as const;

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { store } = opts;
  const log = opts.log ?? ((line: string) => process.stderr.write(line + "\n"));
  const now = opts.now ?? (() => new Date());
  const iso = () => now().toISOString();
  const log2n = scryptCost(opts.scryptLog2N);
  const sessionMs = (opts.sessionHours ?? 12) * 3600_000;
  const throttle: ThrottleOptions = { ...DEFAULT_THROTTLE, ...opts.throttle };
  // A hash to verify against when the username does not exist, so both cases take the same time.
  const dummyHash = await hashPassword(randomToken(), log2n);

  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT, trustProxy: opts.trustProxy ?? false, routerOptions: { maxParamLength: 200 } });
  installErrorHandler(app, log);
  await app.register(cookie);
  // JSON and HTML answers over 1 KB (a saved 50-line budget with its estimate is ~30 KB, mostly trail
  // sentences) are gzipped (level 1) for clients that ask, as every browser does: about tenfold smaller.
  // Answers up to 256 KB are compressed in one call rather than through a stream (cheaper on few cores).
  await app.register(compress, { encodings: ["gzip", "deflate"], zlibOptions: { level: 1 }, syncThreshold: 256 * 1024 });
  // Bodies are JSON or xlsx only: text/plain (which fastify would read as a string) is 415, as
  // documented; an empty one is no body at all (400 empty_body where a body is needed).
  app.removeContentTypeParser("text/plain");
  app.addContentTypeParser("text/plain", { parseAs: "string", bodyLimit: BODY_LIMIT }, (_req, body, done) =>
    body === "" ? done(null, undefined) : done(unsupportedMediaType()),
  );
  app.addContentTypeParser(XLSX_TYPE, { parseAs: "buffer" }, (_req, body, done) => done(null, body));
  // A workbook to check may come as what it is (.xls, .ods, or just bytes): those types only there.
  app.addContentTypeParser(
    CHECK_TYPES.filter((type) => type !== XLSX_TYPE),
    { parseAs: "buffer" },
    (req, body, done) => (req.routeOptions.url === CHECK_URL ? done(null, body) : done(unsupportedMediaType())),
  );

  app.addHook("onRequest", async (req, reply) => {
    void reply.headers(req.url.startsWith("/api/") ? API_HEADERS : SECURITY_HEADERS);
  });

  const registry: Registry = { routes: [] };

  const authenticate: Authenticate = async (req, access, csrf) => {
    if (access === "public") return null;
    const sid = req.cookies[SESSION_COOKIE];
    if (!sid) throw unauthenticated();
    const hash = tokenHash(sid);
    const s = await store.getSession(hash, iso());
    if (!s || s.user.disabled) throw unauthenticated();
    if (csrf) {
      const header = req.headers["x-csrf-token"];
      if (typeof header !== "string" || !sameToken(header, s.csrfToken)) throw new HttpError(403, "csrf", bi("缺少或错误的 CSRF 令牌（请求头 x-csrf-token）", "Missing or wrong CSRF token (header x-csrf-token)"));
    }
    if (access === "admin" && s.user.role !== "admin") throw forbidden(bi("需要管理员权限", "Administrators only"));
    return { user: s.user, sessionHash: hash };
  };

  const route = <B extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown>(d: RouteDef<B, Q>) => defineRoute(app, registry, authenticate, d);

  const audit = (req: FastifyRequest, user: { id: number; username: string } | null, action: string, target: string | null, detail: unknown = {}) =>
    store.audit({ at: iso(), userId: user?.id ?? null, username: user?.username ?? null, action, target, detail, ip: req.ip });

  const timeZone = opts.timeZone ?? DEFAULT_TIME_ZONE;
  if (!isTimeZone(timeZone)) throw new Error(`unknown time zone ${timeZone}`);
  const startSession = async (reply: FastifyReply, req: FastifyRequest, user: UserWithSecret): Promise<SessionAnswer> => {
    const sid = randomToken();
    const csrfToken = randomToken();
    const at = now();
    await store.createSession({ idHash: tokenHash(sid), userId: user.id, csrfToken, now: at.toISOString(), expiresAt: new Date(at.getTime() + sessionMs).toISOString() });
    void reply.setCookie(SESSION_COOKIE, sid, { httpOnly: true, sameSite: "lax", path: "/", secure: opts.secureCookie ?? req.protocol === "https", maxAge: Math.floor(sessionMs / 1000) });
    return { user: userJson(user), csrfToken, timeZone };
  };

  const workerLimits: WorkerLimits = { ...DEFAULT_WORKER_LIMITS, ...opts.workerLimits };
  const ctx: AppContext = { store, registry, route, audit, now, iso, log2n, throttle, dummyHash, startSession, workerLimits, timeZone, showTime: (at: string) => localDateTime(at, timeZone), estimatePerMinute: opts.estimatePerMinute ?? 60 };
  await registerPublicRoutes(ctx);
  await registerAuthRoutes(ctx);
  await registerAdminRoutes(ctx);
  await registerBudgetRoutes(ctx);

  // Web app, setup page, not found

  const webRoot = opts.webRoot && existsSync(join(opts.webRoot, "index.html")) ? opts.webRoot : null;
  if (webRoot) {
    // The build leaves a brotli and a gzip copy of every text asset (packages/web/scripts/precompress.mjs),
    // sent as they are to browsers that accept them. Files under /assets/ carry a content hash in
    // their names: cached for a year, never revalidated. index.html (and any other unhashed file) is
    // revalidated on every load, so a new release shows at once.
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      index: ["index.html"],
      preCompressed: true,
      cacheControl: false,
      setHeaders: (res, path) => {
        res.setHeader("vary", "accept-encoding");
        res.setHeader("cache-control", HASHED_ASSET.test(path) ? "public, max-age=31536000, immutable" : "no-cache");
      },
    });
  } else {
    app.get("/setup", async (_req, reply) => reply.type("text/html; charset=utf-8").send(SETUP_HTML));
    app.get("/", async (_req, reply) => reply.type("text/html; charset=utf-8").send(`<!doctype html><meta charset="utf-8"><title>govcost</title><p>govcost API 运行中。接口说明：<a href="/api/openapi.json">/api/openapi.json</a>；初始设置请使用控制台打印的链接。</p>`));
  }
  app.get("/setup.js", async (_req, reply) => reply.type("text/javascript; charset=utf-8").send(SETUP_JS));

  app.setNotFoundHandler(async (req, reply) => {
    const path = req.url.split("?")[0] ?? "";
    if (webRoot && req.method === "GET" && !path.startsWith("/api/")) return reply.type("text/html; charset=utf-8").sendFile("index.html");
    return reply.status(404).send(errorBody(new HttpError(404, "not_found", bi(`没有这个接口：${req.method} ${path}`, `No such endpoint: ${req.method} ${path}`)), requestLang(req)));
  });

  return app;
}
