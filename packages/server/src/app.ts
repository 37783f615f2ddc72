/**
 * The HTTP API (docs/api.md). No request state lives in this process's memory: sessions, login
 * throttling and setup tokens are in the database, so any number of processes can serve one
 * PostgreSQL database behind a reverse proxy.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import cookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import { z } from "zod";
import { budgetJsonSchema, DEFAULT_STANDARD, Dec, estimate, estimateToJson, problemsToJson, validateBudget, type Budget, type Estimate, type EstimateJson } from "@govcost/core";
import { badRequest, errorBody, forbidden, HttpError, installErrorHandler, notFound } from "./http/errors.js";
import { budgetDocument, defineRoute, openApiDocument, type Authenticate, type Registry, type RouteDef } from "./http/routes.js";
import { catalogJson } from "./http/catalog-json.js";
import { SETUP_HTML, SETUP_JS } from "./http/setup-page.js";
import { hashPassword, passwordProblem, scryptCost, verifyPassword } from "./security/passwords.js";
import { randomToken, sameToken, tokenHash } from "./security/tokens.js";
import { DuplicateError, publicUser, type BudgetMeta, type Store, type StoredVersion, type User, type UserWithSecret } from "./store/store.js";
import { compareEstimates, computeBudget, profileChoice, STANDARD_PROFILE_ID, standardProfile, versionFrom, type Computed, type ProfileChoice } from "./budgets/compute.js";
import type { Role } from "./store/schema.js";

export const SESSION_COOKIE = "govcost_session";
const MB = 1024 * 1024;
/** The estimate endpoint takes whole budget files (200 000 lines is a few MB of JSON). */
export const ESTIMATE_BODY_LIMIT = 32 * MB;
export const BUDGET_BODY_LIMIT = 32 * MB;
export const DEFAULT_BODY_LIMIT = 1 * MB;
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export interface ThrottleOptions {
  windowMs: number;
  perUsername: number;
  perIp: number;
}

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

const roleSchema = z.enum(["admin", "preparer", "reviewer"]);
const username = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._@-]+$/, "用户名只能包含字母、数字和 . _ @ -");
const displayName = z.string().trim().min(1).max(100);
const password = z.string().min(1).max(200);
const rateValue = z.union([z.number().int().min(1).max(100_000_000), z.string().regex(/^[1-9]\d{0,8}$/)]).transform((v) => String(v));
const ratesSchema = z.array(rateValue).length(5).meta({ description: "第一档至第五档基准人月费率（元/人月，整数）" });
const comment = z.string().max(2000).optional();
const rateProfileId = z.string().min(1).max(100).nullable().optional().meta({ description: "费率方案 id（standard = 表B.1）；null = 使用预算文件中的 rates" });
const versionParam = (s: string | undefined): number | null => (s !== undefined && /^[1-9]\d{0,8}$/.test(s) ? Number(s) : null);

function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** Import a package that may not be built yet, without making this package's build depend on it. */
async function optionalImport<T>(name: string, what: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch {
    throw new HttpError(501, "not_available", `${what}功能尚未安装（缺少 ${name}）`);
  }
}

interface WorkbookModule {
  writeEstimateWorkbook(budget: Budget, estimate: Estimate): Promise<Buffer | Uint8Array>;
  readEstimateWorkbook(bytes: Uint8Array): Promise<WorkbookRead> | WorkbookRead;
}
type WorkbookRead = { ok: true; document: unknown; budget?: unknown } | { ok: false; problems: { sheet?: string; cell?: string; message: string; code: string }[] };
interface ReportModule {
  renderReportHtml(estimate: Estimate, opts: { unit: "yuan" | "wan" }): string;
  renderReportPdf(html: string): Promise<Buffer | Uint8Array>;
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { store } = opts;
  const log = opts.log ?? ((line: string) => process.stderr.write(line + "\n"));
  const now = opts.now ?? (() => new Date());
  const iso = () => now().toISOString();
  const log2n = scryptCost(opts.scryptLog2N);
  const sessionMs = (opts.sessionHours ?? 12) * 3600_000;
  const throttle: ThrottleOptions = { windowMs: 15 * 60_000, perUsername: 5, perIp: 30, ...opts.throttle };
  // A hash to verify against when the username does not exist, so both cases take the same time.
  const dummyHash = await hashPassword(randomToken(), log2n);

  const app = Fastify({ logger: false, bodyLimit: DEFAULT_BODY_LIMIT, trustProxy: opts.trustProxy ?? false, routerOptions: { maxParamLength: 200 } });
  installErrorHandler(app, log);
  await app.register(cookie);
  app.addContentTypeParser(XLSX_TYPE, { parseAs: "buffer", bodyLimit: 32 * MB }, (_req, body, done) => done(null, body));

  app.addHook("onRequest", async (req, reply) => {
    void reply.headers({
      "content-security-policy": CSP,
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "no-referrer",
      "cross-origin-opener-policy": "same-origin",
    });
    if (req.url.startsWith("/api/")) void reply.header("cache-control", "no-store");
  });

  const registry: Registry = { routes: [] };

  const authenticate: Authenticate = async (req, access, csrf) => {
    if (access === "public") return null;
    const sid = req.cookies[SESSION_COOKIE];
    if (!sid) throw new HttpError(401, "unauthenticated", "未登录或会话已过期，请重新登录");
    const hash = tokenHash(sid);
    const s = await store.getSession(hash, iso());
    if (!s || s.user.disabled) throw new HttpError(401, "unauthenticated", "未登录或会话已过期，请重新登录");
    if (csrf) {
      const header = req.headers["x-csrf-token"];
      if (typeof header !== "string" || !sameToken(header, s.csrfToken)) throw new HttpError(403, "csrf", "缺少或错误的 CSRF 令牌（请求头 x-csrf-token）");
    }
    if (access === "admin" && s.user.role !== "admin") throw forbidden("需要管理员权限");
    return { user: s.user, sessionHash: hash };
  };

  const route = <B extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown>(d: RouteDef<B, Q>) => defineRoute(app, registry, authenticate, d);

  const audit = (req: FastifyRequest, user: { id: number; username: string } | null, action: string, target: string | null, detail: unknown = {}) =>
    store.audit({ at: iso(), userId: user?.id ?? null, username: user?.username ?? null, action, target, detail, ip: req.ip });

  const startSession = async (reply: FastifyReply, req: FastifyRequest, user: UserWithSecret) => {
    const sid = randomToken();
    const csrfToken = randomToken();
    const at = now();
    await store.createSession({ idHash: tokenHash(sid), userId: user.id, csrfToken, now: at.toISOString(), expiresAt: new Date(at.getTime() + sessionMs).toISOString() });
    void reply.setCookie(SESSION_COOKIE, sid, {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: opts.secureCookie ?? req.protocol === "https",
      maxAge: Math.floor(sessionMs / 1000),
    });
    return { user: userJson(user), csrfToken };
  };

  // ---------------------------------------------------------------------------------------------
  // Public

  // The estimate is a pure function of the request body, so identical bodies (the web app re-asking
  // for an unchanged budget, several users opening one file) are answered from a bounded cache of
  // the serialised answers. The body is hashed as received, before parsing.
  const estimateCache = new AnswerCache(256, 64 * MB);
  await app.register(async (scope) => {
    const jsonParser = scope.getDefaultJsonParser("error", "error");
    const parseJson = (req: FastifyRequest, text: string) =>
      new Promise<unknown>((resolvePromise, reject) => jsonParser(req, text, (err, value) => (err ? reject(err) : resolvePromise(value))));
    scope.addContentTypeParser("application/json", { parseAs: "string", bodyLimit: ESTIMATE_BODY_LIMIT }, (_req, body, done) => done(null, body));
    defineRoute(scope, registry, authenticate, {
      method: "POST",
      url: "/api/estimate",
      summary: "测算预算文件（与 govcost estimate --json 相同的结果），无需登录",
      tag: "测算",
      access: "public",
      csrf: false,
      bodyLimit: ESTIMATE_BODY_LIMIT,
      rawBody: { contentType: "application/json", schema: { $ref: "#/components/schemas/Budget" } },
      responses: { "200": "estimateToJson 结果", "413": "请求体超过 32 MB" },
      handler: async ({ req, reply }) => {
        const text = String(req.body);
        const key = createHash("sha256").update(text).digest("base64");
        void reply.type("application/json; charset=utf-8");
        const hit = estimateCache.get(key);
        if (hit !== undefined) return hit;
        const v = validateBudget(await parseJson(req, text), DEFAULT_STANDARD);
        if (!v.ok) throw invalidBudget(v.problems);
        const out = Buffer.from(JSON.stringify(estimateToJson(estimate(v.budget, DEFAULT_STANDARD))));
        estimateCache.set(key, out);
        return out;
      },
    });
  });

  route({ method: "GET", url: "/api/catalog", summary: "服务内容目录及两种方法的单价（表B.1、表B.2）", tag: "测算", access: "public", handler: async () => catalogJson() });
  const budgetSchemaJson = budgetJsonSchema();
  route({ method: "GET", url: "/api/schema/budget.json", summary: "预算文件的 JSON Schema", tag: "测算", access: "public", handler: async () => budgetSchemaJson });
  let openapi: unknown;
  route({ method: "GET", url: "/api/openapi.json", summary: "本 API 的 OpenAPI 3.1 文档", tag: "系统", access: "public", handler: async () => (openapi ??= openApiDocument(registry)) });
  route({
    method: "GET",
    url: "/api/health",
    summary: "健康检查（含数据库连通）",
    tag: "系统",
    access: "public",
    handler: async () => {
      await store.setupDone();
      return { ok: true, database: store.dialect, standard: DEFAULT_STANDARD.id };
    },
  });

  route({ method: "GET", url: "/api/setup/status", summary: "是否需要初始设置（创建第一个管理员）", tag: "初始设置", access: "public", handler: async () => ({ needed: !(await store.setupDone()) }) });

  route({
    method: "POST",
    url: "/api/setup",
    summary: "用控制台打印的一次性链接中的 token 创建第一个管理员，并登录",
    tag: "初始设置",
    access: "public",
    csrf: false,
    body: z.strictObject({ token: z.string().min(1).max(200), username, displayName, password }),
    responses: { "201": "已创建并登录", "403": "token 无效或已过期", "409": "已完成初始设置" },
    handler: async ({ req, reply, body }) => {
      const problem = passwordProblem(body.password);
      if (problem) throw badRequest(problem);
      const result = await store.completeSetup(tokenHash(body.token), iso(), {
        username: body.username,
        displayName: body.displayName,
        role: "admin",
        departmentId: null,
        passwordHash: await hashPassword(body.password, log2n),
      });
      if (!result.ok) {
        if (result.reason === "done") throw new HttpError(409, "setup_done", "已完成初始设置：请用管理员账户登录");
        throw new HttpError(403, "setup_token", "设置链接无效或已过期：请重启服务器获取新的链接");
      }
      await audit(req, result.user, "setup", `user:${result.user.id}`, { username: result.user.username });
      reply.status(201);
      return startSession(reply, req, result.user);
    },
  });

  // ---------------------------------------------------------------------------------------------
  // Auth

  route({
    method: "POST",
    url: "/api/auth/login",
    summary: "登录（按用户名和 IP 限制失败次数）",
    tag: "账户",
    access: "public",
    csrf: false,
    body: z.strictObject({ username: z.string().min(1).max(200), password }),
    responses: { "200": "{ user, csrfToken }，并设置会话 Cookie", "401": "用户名或密码错误", "429": "尝试过多，见 Retry-After" },
    handler: async ({ req, reply, body }) => {
      const at = now();
      const since = new Date(at.getTime() - throttle.windowMs).toISOString();
      const userKey = `user:${body.username.toLowerCase()}`;
      const ipKey = `ip:${req.ip}`;
      for (const [key, limit] of [
        [userKey, throttle.perUsername],
        [ipKey, throttle.perIp],
      ] as const) {
        const f = await store.loginFailures(key, since);
        if (f.count >= limit) {
          const retryAfter = Math.max(1, Math.ceil((Date.parse(f.oldest ?? at.toISOString()) + throttle.windowMs - at.getTime()) / 1000));
          await audit(req, null, "login.throttled", userKey, { username: body.username });
          throw new HttpError(429, "too_many_attempts", `登录失败次数过多，请 ${Math.ceil(retryAfter / 60)} 分钟后再试`, { retryAfter });
        }
      }
      const user = await store.findUserByUsername(body.username);
      const ok = await verifyPassword(body.password, user?.passwordHash ?? dummyHash);
      if (!user || !ok || user.disabled) {
        await store.recordLoginFailure([userKey, ipKey], at.toISOString());
        await audit(req, user ?? null, "login.failed", userKey, { username: body.username, reason: !user ? "unknown_user" : !ok ? "wrong_password" : "disabled" });
        throw new HttpError(401, "bad_credentials", "用户名或密码错误");
      }
      await store.clearLoginFailures(userKey);
      await audit(req, user, "login", `user:${user.id}`);
      return startSession(reply, req, user);
    },
  });

  route({
    method: "POST",
    url: "/api/auth/logout",
    summary: "退出登录",
    tag: "账户",
    access: "user",
    handler: async ({ req, reply, user, sessionHash }) => {
      await store.deleteSession(sessionHash);
      await audit(req, user, "logout", `user:${user.id}`);
      void reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return { ok: true };
    },
  });

  route({
    method: "GET",
    url: "/api/auth/me",
    summary: "当前用户及 CSRF 令牌",
    tag: "账户",
    access: "user",
    handler: async ({ user, sessionHash }) => {
      const s = await store.getSession(sessionHash, iso());
      return { user: userJson(user), csrfToken: s?.csrfToken ?? "" };
    },
  });

  route({
    method: "POST",
    url: "/api/auth/password",
    summary: "修改自己的密码（其他会话随之失效）",
    tag: "账户",
    access: "user",
    body: z.strictObject({ oldPassword: password, newPassword: password }),
    handler: async ({ req, body, user, sessionHash }) => {
      if (!(await verifyPassword(body.oldPassword, user.passwordHash))) throw new HttpError(400, "bad_credentials", "原密码不正确");
      const problem = passwordProblem(body.newPassword);
      if (problem) throw badRequest(problem);
      await store.updateUser(user.id, { passwordHash: await hashPassword(body.newPassword, log2n) }, iso());
      await store.deleteUserSessions(user.id, sessionHash);
      await audit(req, user, "user.password", `user:${user.id}`);
      return { ok: true };
    },
  });

  // ---------------------------------------------------------------------------------------------
  // Administration

  route({ method: "GET", url: "/api/departments", summary: "部门列表", tag: "管理", access: "admin", handler: async () => ({ departments: await store.listDepartments() }) });

  route({
    method: "POST",
    url: "/api/departments",
    summary: "新建部门",
    tag: "管理",
    access: "admin",
    body: z.strictObject({ name: z.string().trim().min(1).max(200) }),
    responses: { "201": "已创建", "409": "名称重复" },
    handler: async ({ req, reply, body, user }) => {
      const d = await dup(() => store.createDepartment(body.name, iso()), "部门名称已存在");
      await audit(req, user, "department.create", `department:${d.id}`, { name: d.name });
      reply.status(201);
      return d;
    },
  });

  route({
    method: "PATCH",
    url: "/api/departments/:id",
    summary: "重命名部门",
    tag: "管理",
    access: "admin",
    body: z.strictObject({ name: z.string().trim().min(1).max(200) }),
    handler: async ({ req, body, user, params }) => {
      const id = versionParam(params.id);
      const d = id === null ? undefined : await dup(() => store.renameDepartment(id, body.name), "部门名称已存在");
      if (!d) throw notFound("部门");
      await audit(req, user, "department.rename", `department:${d.id}`, { name: d.name });
      return d;
    },
  });

  route({ method: "GET", url: "/api/users", summary: "账户列表", tag: "管理", access: "admin", handler: async () => ({ users: (await store.listUsers()).map(userJson) }) });

  const departmentRef = async (id: number | null | undefined) => {
    if (id === null || id === undefined) return id;
    if (!(await store.getDepartment(id))) throw badRequest(`部门 ${id} 不存在`);
    return id;
  };

  route({
    method: "POST",
    url: "/api/users",
    summary: "新建账户",
    tag: "管理",
    access: "admin",
    body: z.strictObject({ username, displayName, password, role: roleSchema, departmentId: z.number().int().positive().nullable().optional() }),
    responses: { "201": "已创建", "409": "用户名已存在" },
    handler: async ({ req, reply, body, user }) => {
      const problem = passwordProblem(body.password);
      if (problem) throw badRequest(problem);
      const departmentId = (await departmentRef(body.departmentId)) ?? null;
      if (body.role === "preparer" && departmentId === null) throw badRequest("编制人必须属于一个部门");
      const created = await dup(
        async () => store.createUser({ username: body.username, displayName: body.displayName, role: body.role, departmentId, passwordHash: await hashPassword(body.password, log2n) }, iso()),
        "用户名已存在",
      );
      await audit(req, user, "user.create", `user:${created.id}`, { username: created.username, role: created.role, departmentId });
      reply.status(201);
      return userJson(created);
    },
  });

  route({
    method: "PATCH",
    url: "/api/users/:id",
    summary: "修改账户（姓名、角色、部门、停用、重设密码）",
    tag: "管理",
    access: "admin",
    body: z.strictObject({
      displayName: displayName.optional(),
      role: roleSchema.optional(),
      departmentId: z.number().int().positive().nullable().optional(),
      disabled: z.boolean().optional(),
      password: password.optional(),
    }),
    handler: async ({ req, body, user, params }) => {
      const id = versionParam(params.id);
      const target = id === null ? undefined : await store.getUser(id);
      if (!target) throw notFound("账户");
      if (target.id === user.id && (body.disabled === true || (body.role !== undefined && body.role !== "admin"))) throw badRequest("不能停用自己或取消自己的管理员角色");
      if (body.password !== undefined) {
        const problem = passwordProblem(body.password);
        if (problem) throw badRequest(problem);
      }
      const departmentId = await departmentRef(body.departmentId);
      const updated = await store.updateUser(
        target.id,
        {
          ...(body.displayName !== undefined ? { displayName: body.displayName } : {}),
          ...(body.role !== undefined ? { role: body.role } : {}),
          ...(departmentId !== undefined ? { departmentId } : {}),
          ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
          ...(body.password !== undefined ? { passwordHash: await hashPassword(body.password, log2n) } : {}),
        },
        iso(),
      );
      if (!updated) throw notFound("账户");
      // A disabled account, a new password or a new role ends the account's sessions.
      if (body.disabled === true || body.password !== undefined || body.role !== undefined || departmentId !== undefined) await store.deleteUserSessions(target.id);
      const { password: _pw, ...changed } = body;
      await audit(req, user, "user.update", `user:${target.id}`, { ...changed, ...(body.password !== undefined ? { passwordReset: true } : {}) });
      return userJson(updated);
    },
  });

  route({
    method: "GET",
    url: "/api/reviewers",
    summary: "可提交审核的审核人",
    tag: "预算",
    access: "user",
    handler: async () => ({ reviewers: (await store.listUsers({ role: "reviewer" })).filter((u) => !u.disabled).map((u) => ({ id: u.id, username: u.username, displayName: u.displayName, departmentName: u.departmentName })) }),
  });

  const profileJson = (p: { id: string; name: string; source: string; rates: string[] }, builtin: boolean) => ({ id: p.id, name: p.name, source: p.source, rates: p.rates, builtin });

  route({
    method: "GET",
    url: "/api/rate-profiles",
    summary: "费率方案（表B.1 注2）；standard 为标准自带的表B.1，始终存在",
    tag: "费率方案",
    access: "user",
    handler: async () => ({ profiles: [standardProfile(), ...(await store.listRateProfiles()).map((p) => profileJson(p, false))] }),
  });

  const profileBody = { name: z.string().trim().min(1).max(200), source: z.string().trim().max(2000), rates: ratesSchema };

  route({
    method: "POST",
    url: "/api/rate-profiles",
    summary: "新建费率方案",
    tag: "费率方案",
    access: "admin",
    body: z.strictObject(profileBody),
    responses: { "201": "已创建" },
    handler: async ({ req, reply, body, user }) => {
      const p = await store.createRateProfile({ id: `rp-${randomToken().slice(0, 10).toLowerCase().replace(/[^a-z0-9]/g, "x")}`, name: body.name, source: body.source, rates: body.rates }, iso());
      await audit(req, user, "rate_profile.create", `rate_profile:${p.id}`, { name: p.name, rates: p.rates });
      reply.status(201);
      return profileJson(p, false);
    },
  });

  route({
    method: "PATCH",
    url: "/api/rate-profiles/:id",
    summary: "修改费率方案（表B.1 不能修改）",
    tag: "费率方案",
    access: "admin",
    body: z.strictObject({ name: profileBody.name.optional(), source: profileBody.source.optional(), rates: ratesSchema.optional() }),
    responses: { "200": "已修改", "403": "表B.1 不能修改" },
    handler: async ({ req, body, user, params }) => {
      if (params.id === STANDARD_PROFILE_ID) throw forbidden("表B.1 基准人月费率是标准自带的，不能修改；请新建费率方案");
      const before = await store.getRateProfile(params.id ?? "");
      if (!before) throw notFound("费率方案");
      const p = await store.updateRateProfile(before.id, body, iso());
      if (!p) throw notFound("费率方案");
      await audit(req, user, "rate_profile.update", `rate_profile:${p.id}`, { before: { name: before.name, rates: before.rates }, after: { name: p.name, rates: p.rates } });
      return profileJson(p, false);
    },
  });

  route({
    method: "GET",
    url: "/api/audit",
    summary: "审计日志（只能追加，最新在前）",
    tag: "管理",
    access: "admin",
    query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100), before: z.coerce.number().int().positive().optional(), action: z.string().max(100).optional() }),
    handler: async ({ query }) => ({ entries: await store.listAudit({ limit: query.limit, ...(query.before !== undefined ? { before: query.before } : {}), ...(query.action !== undefined ? { action: query.action } : {}) }) }),
  });

  // ---------------------------------------------------------------------------------------------
  // Budgets. Access: preparers and administrators of the budget's department read and write it;
  // a reviewer reads budgets submitted to them. Everyone else gets 404, as if it did not exist.

  const budgetFor = async (user: User, idParam: string | undefined, mode: "read" | "write"): Promise<BudgetMeta> => {
    const id = versionParam(idParam);
    const b = id === null ? undefined : await store.getBudget(id);
    if (!b) throw notFound("预算");
    const own = user.role !== "reviewer" && user.departmentId !== null && user.departmentId === b.departmentId;
    if (own) return b;
    if (await store.isReviewerOf(b.id, user.id)) {
      if (mode === "read") return b;
      throw forbidden("审核人只能查看预算，不能修改");
    }
    throw notFound("预算");
  };

  const chooseProfile = async (id: string | null | undefined): Promise<ProfileChoice | null> => {
    if (id === null || id === undefined) return null;
    if (id === STANDARD_PROFILE_ID) return profileChoice("standard");
    const p = await store.getRateProfile(id);
    if (!p) throw new HttpError(400, "unknown_rate_profile", `费率方案 ${id} 不存在`);
    return profileChoice(p);
  };

  /** The version's own profile, with the rates it was saved with (for restore). */
  const storedChoice = (v: StoredVersion): ProfileChoice | null => {
    if (v.rateProfile.id === null) return null;
    if (v.rateProfile.id === STANDARD_PROFILE_ID) return profileChoice("standard");
    return { id: v.rateProfile.id, name: v.rateProfile.name, source: "", rates: v.rateProfile.rates.map((r) => Dec.parse(r)) as unknown as ProfileChoice["rates"] };
  };

  const compute = (document: unknown, profile: ProfileChoice | null): Extract<Computed, { ok: true }> => {
    const c = computeBudget(document, profile);
    if (!c.ok) throw invalidBudget(c.problems);
    return c;
  };

  /**
   * A budget version as JSON text. The stored document and estimate are already JSON: splice them
   * in rather than parse and serialise them again (that was a fifth of a save's time).
   */
  const budgetJson = (reply: FastifyReply, b: BudgetMeta, v: StoredVersion): string => {
    const meta = JSON.stringify({
      id: b.id,
      name: b.name,
      departmentId: b.departmentId,
      departmentName: b.departmentName,
      status: b.status,
      latestVersion: b.version,
      version: v.version,
      standardId: v.standardId,
      rateProfileId: v.rateProfile.id,
      rateProfile: v.rateProfile,
      updatedAt: v.savedAt,
      updatedBy: v.author,
      comment: v.comment,
      restoredFrom: v.restoredFrom,
    });
    void reply.type("application/json; charset=utf-8");
    return `{"document":${v.document},"estimate":${v.estimate},${meta.slice(1)}`;
  };

  const latest = async (b: BudgetMeta) => {
    const v = await store.getVersion(b.id, b.version);
    if (!v) throw new Error(`budget ${b.id} lacks its latest version ${b.version}`);
    return v;
  };

  const conflict = (current: { version: number; author: string; savedAt: string; comment: string }) =>
    new HttpError(409, "conflict", `此预算已由 ${current.author} 于 ${current.savedAt} 保存为第 ${current.version} 版；您的修改基于较早的版本，未保存。请查看最新版本后再保存。`, {
      current: { version: current.version, author: current.author, savedAt: current.savedAt, comment: current.comment },
    });

  /** Save a computed document on top of baseVersion, or answer 409 with who saved what. */
  const save = async (req: FastifyRequest, reply: FastifyReply, user: UserWithSecret, b: BudgetMeta, c: Extract<Computed, { ok: true }>, profile: ProfileChoice | null, baseVersion: number, commentText: string, restoredFrom: number | null) => {
    const at = iso();
    const version = versionFrom(c, profile, { id: user.id, name: user.displayName }, commentText, restoredFrom, at);
    const r = await store.saveVersion(b.id, baseVersion, version, profile?.id ?? null);
    if (!r) throw notFound("预算");
    if (!r.ok) throw conflict(r.current);
    await audit(req, user, restoredFrom === null ? "budget.save" : "budget.restore", `budget:${b.id}`, { version: r.version, baseVersion, comment: commentText, total: version.total, ...(restoredFrom !== null ? { restoredFrom } : {}) });
    return budgetJson(reply, { ...b, version: r.version }, { ...version, version: r.version, author: version.authorName, rateProfile: { id: version.rateProfileId, name: version.rateProfileName, rates: version.rates } });
  };

  route({
    method: "GET",
    url: "/api/budgets",
    summary: "本部门的预算（审核人：提交给自己的预算）",
    tag: "预算",
    access: "user",
    handler: async ({ user }) => {
      const list = user.role === "reviewer" ? await store.listBudgets({ reviewerId: user.id }) : user.departmentId === null ? [] : await store.listBudgets({ departmentId: user.departmentId });
      return { budgets: list.map(({ createdBy: _c, ...b }) => b) };
    },
  });

  route({
    method: "POST",
    url: "/api/budgets",
    summary: "新建预算（第 1 版）；测算结果由服务器计算",
    tag: "预算",
    access: "user",
    bodyLimit: BUDGET_BODY_LIMIT,
    body: z.strictObject({ name: z.string().trim().min(1).max(200).optional(), document: budgetDocument, comment, rateProfileId }),
    responses: { "201": "已创建", "400": "预算文件有误（定位到字段）" },
    handler: async ({ req, reply, body, user }) => {
      if (user.role === "reviewer" || user.departmentId === null) throw forbidden("只有属于某个部门的编制人或管理员可以新建预算");
      const profile = await chooseProfile(body.rateProfileId);
      const c = compute(body.document, profile);
      const at = iso();
      const name = body.name ?? c.budget.name;
      const version = versionFrom(c, profile, { id: user.id, name: user.displayName }, body.comment ?? "", null, at);
      const id = await store.createBudget({ departmentId: user.departmentId, name, rateProfileId: profile?.id ?? null, createdBy: user.id }, version);
      await audit(req, user, "budget.create", `budget:${id}`, { name, version: 1, total: version.total });
      const b = await store.getBudget(id);
      if (!b) throw new Error("created budget not found");
      reply.status(201);
      return budgetJson(reply, b, await latest(b));
    },
  });

  route({
    method: "GET",
    url: "/api/budgets/:id",
    summary: "预算最新版本（文件与服务器测算结果）",
    tag: "预算",
    access: "user",
    handler: async ({ reply, user, params }) => {
      const b = await budgetFor(user, params.id, "read");
      return budgetJson(reply, b, await latest(b));
    },
  });

  route({
    method: "PUT",
    url: "/api/budgets/:id",
    summary: "保存新版本（baseVersion = 编辑所基于的版本；若已有更新的版本则 409）",
    tag: "预算",
    access: "user",
    bodyLimit: BUDGET_BODY_LIMIT,
    body: z.strictObject({ document: budgetDocument, baseVersion: z.number().int().min(1), comment, rateProfileId }),
    responses: { "200": "已保存为新版本", "409": "冲突：他人已保存更新的版本（current 说明是谁、何时、第几版）" },
    handler: async ({ reply, req, body, user, params }) => {
      const b = await budgetFor(user, params.id, "write");
      const profile = body.rateProfileId === undefined ? await chooseProfile(b.rateProfileId).catch(() => null) : await chooseProfile(body.rateProfileId);
      const c = compute(body.document, profile);
      return save(req, reply, user, b, c, profile, body.baseVersion, body.comment ?? "", null);
    },
  });

  route({
    method: "PATCH",
    url: "/api/budgets/:id",
    summary: "重命名预算",
    tag: "预算",
    access: "user",
    body: z.strictObject({ name: z.string().trim().min(1).max(200) }),
    handler: async ({ req, body, user, params }) => {
      const b = await budgetFor(user, params.id, "write");
      await store.renameBudget(b.id, body.name);
      await audit(req, user, "budget.rename", `budget:${b.id}`, { from: b.name, to: body.name });
      const { createdBy: _c, ...meta } = b;
      return { ...meta, name: body.name };
    },
  });

  route({
    method: "DELETE",
    url: "/api/budgets/:id",
    summary: "删除预算（隐藏；已保存的版本保留）",
    tag: "预算",
    access: "user",
    handler: async ({ req, user, params }) => {
      const b = await budgetFor(user, params.id, "write");
      await store.deleteBudget(b.id, iso());
      await audit(req, user, "budget.delete", `budget:${b.id}`, { name: b.name });
      return { ok: true };
    },
  });

  route({
    method: "POST",
    url: "/api/budgets/:id/copy",
    summary: "复制预算（最新版本）为本部门的新预算",
    tag: "预算",
    access: "user",
    body: z.strictObject({ name: z.string().trim().min(1).max(200) }),
    responses: { "201": "已复制" },
    handler: async ({ req, reply, body, user, params }) => {
      const b = await budgetFor(user, params.id, "write");
      const v = await latest(b);
      const profile = storedChoice(v);
      const c = compute(JSON.parse(v.document), profile);
      const version = versionFrom(c, profile, { id: user.id, name: user.displayName }, `复制自“${b.name}”第 ${v.version} 版`, null, iso());
      const id = await store.createBudget({ departmentId: b.departmentId, name: body.name, rateProfileId: profile?.id ?? null, createdBy: user.id }, version);
      await audit(req, user, "budget.copy", `budget:${id}`, { from: b.id, version: v.version });
      const created = await store.getBudget(id);
      if (!created) throw new Error("copied budget not found");
      reply.status(201);
      return budgetJson(reply, created, await latest(created));
    },
  });

  route({
    method: "GET",
    url: "/api/budgets/:id/versions",
    summary: "版本列表（最新在前）",
    tag: "版本",
    access: "user",
    handler: async ({ user, params }) => {
      const b = await budgetFor(user, params.id, "read");
      return { versions: (await store.listVersions(b.id)).map(({ authorId: _a, ...v }) => v) };
    },
  });

  const versionOf = async (b: BudgetMeta, v: string | undefined) => {
    const n = versionParam(v);
    const stored = n === null ? undefined : await store.getVersion(b.id, n);
    if (!stored) throw notFound(`第 ${v ?? ""} 版`);
    return stored;
  };

  route({
    method: "GET",
    url: "/api/budgets/:id/versions/:v",
    summary: "读取某一版本",
    tag: "版本",
    access: "user",
    handler: async ({ reply, user, params }) => {
      const b = await budgetFor(user, params.id, "read");
      return budgetJson(reply, b, await versionOf(b, params.v));
    },
  });

  route({
    method: "POST",
    url: "/api/budgets/:id/versions/:v/restore",
    summary: "恢复某一版本（另存为新版本，按该版本的费率方案重新测算）",
    tag: "版本",
    access: "user",
    body: z.strictObject({ baseVersion: z.number().int().min(1), comment }),
    responses: { "200": "已恢复为新版本", "409": "冲突" },
    handler: async ({ reply, req, body, user, params }) => {
      const b = await budgetFor(user, params.id, "write");
      const v = await versionOf(b, params.v);
      const profile = storedChoice(v);
      const c = compute(JSON.parse(v.document), profile);
      return save(req, reply, user, b, c, profile, body.baseVersion, body.comment ?? `恢复第 ${v.version} 版`, v.version);
    },
  });

  route({
    method: "GET",
    url: "/api/budgets/:id/compare",
    summary: "比较两个版本：增加、删除、修改的服务行，以及 L、T、C 等各项数字的变化",
    tag: "版本",
    access: "user",
    query: z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) }),
    handler: async ({ user, params, query }) => {
      const b = await budgetFor(user, params.id, "read");
      const a = await versionOf(b, String(query.from));
      const c = await versionOf(b, String(query.to));
      const { authorId: _x, ...fromMeta } = a;
      const { authorId: _y, ...toMeta } = c;
      return {
        from: { ...fromMeta, document: undefined, estimate: undefined },
        to: { ...toMeta, document: undefined, estimate: undefined },
        ...compareEstimates(JSON.parse(a.estimate) as EstimateJson, JSON.parse(c.estimate) as EstimateJson),
      };
    },
  });

  route({
    method: "GET",
    url: "/api/budgets/:id/recompute",
    summary: "重新测算某一版本：按保存时的标准和费率复核，并按今天的费率方案重新测算，列出差异",
    tag: "版本",
    access: "user",
    query: z.object({ version: z.coerce.number().int().min(1).optional(), rateProfileId: z.string().min(1).max(100).optional() }),
    handler: async ({ user, params, query }) => {
      const b = await budgetFor(user, params.id, "read");
      const v = await versionOf(b, String(query.version ?? b.version));
      const doc = JSON.parse(v.document) as unknown;
      const again = compute(doc, storedChoice(v));
      const identical = JSON.stringify(again.json) === v.estimate;
      // Today's rates: the same profile as it stands now (or another one asked for).
      const todayId = query.rateProfileId ?? v.rateProfile.id;
      let today: ProfileChoice | null;
      try {
        today = await chooseProfile(todayId);
      } catch (e) {
        if (query.rateProfileId !== undefined) throw e;
        today = profileChoice("standard");
      }
      const now = compute(doc, today);
      const stored = JSON.parse(v.estimate) as EstimateJson;
      return {
        version: v.version,
        standardId: v.standardId,
        currentStandardId: DEFAULT_STANDARD.id,
        stored: { rateProfile: v.rateProfile, total: stored.total, grandTotal: stored.grandTotal },
        identical,
        today: { rateProfile: { id: today?.id ?? null, name: now.estimate.rateProfile.name, rates: now.estimate.rateProfile.rates.map((r) => r.toString()) }, total: now.json.total, grandTotal: now.json.grandTotal },
        ...compareEstimates(stored, now.json),
      };
    },
  });

  route({
    method: "POST",
    url: "/api/budgets/:id/submit",
    summary: "提交给审核人（审核人随后可以查看）",
    tag: "预算",
    access: "user",
    body: z.strictObject({ reviewerId: z.number().int().positive() }),
    handler: async ({ req, body, user, params }) => {
      const b = await budgetFor(user, params.id, "write");
      const reviewer = await store.getUser(body.reviewerId);
      if (!reviewer || reviewer.role !== "reviewer" || reviewer.disabled) throw badRequest(`账户 ${body.reviewerId} 不是可用的审核人`);
      await store.submitBudget(b.id, reviewer.id, user.id, iso());
      await audit(req, user, "budget.submit", `budget:${b.id}`, { reviewerId: reviewer.id, version: b.version });
      return { ok: true, status: "submitted" };
    },
  });

  route({
    method: "GET",
    url: "/api/budgets/:id/export",
    summary: "导出（xlsx 工作簿、HTML/PDF 报告、JSON）",
    tag: "预算",
    access: "user",
    query: z.object({ format: z.enum(["xlsx", "html", "pdf", "json"]).default("json"), version: z.coerce.number().int().min(1).optional(), unit: z.enum(["yuan", "wan"]).default("yuan") }),
    responses: { "200": "文件", "501": "导出模块未安装" },
    handler: async ({ req, reply, user, params, query }) => {
      const b = await budgetFor(user, params.id, "read");
      const v = await versionOf(b, String(query.version ?? b.version));
      const base = `${b.name}-第${v.version}版`;
      let bytes: Buffer | string;
      let type: string;
      if (query.format === "json") {
        bytes = JSON.stringify({ budget: { id: b.id, name: b.name, departmentName: b.departmentName }, version: v.version, savedAt: v.savedAt, author: v.author, document: JSON.parse(v.document), estimate: JSON.parse(v.estimate) }, null, 2);
        type = "application/json; charset=utf-8";
      } else {
        const c = compute(JSON.parse(v.document), null);
        if (query.format === "xlsx") {
          const wb = await optionalImport<WorkbookModule>("@govcost/workbook", "xlsx 导出");
          bytes = Buffer.from(await wb.writeEstimateWorkbook(c.budget, c.estimate));
          type = XLSX_TYPE;
        } else {
          const rep = await optionalImport<ReportModule>("@govcost/report", "报告导出");
          const html = rep.renderReportHtml(c.estimate, { unit: query.unit });
          if (query.format === "html") {
            bytes = html;
            type = "text/html; charset=utf-8";
          } else {
            bytes = Buffer.from(await rep.renderReportPdf(html));
            type = "application/pdf";
          }
        }
      }
      await audit(req, user, "budget.export", `budget:${b.id}`, { version: v.version, format: query.format });
      void reply.header("content-type", type).header("content-disposition", contentDisposition(`${base}.${query.format}`));
      // An exported HTML report must not run anything if opened from this origin.
      if (query.format === "html") void reply.header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'");
      return bytes;
    },
  });

  route({
    method: "POST",
    url: "/api/import/xlsx",
    summary: "读取 xlsx 工作簿为预算文件（不保存）；错误定位到工作表和单元格",
    tag: "预算",
    access: "user",
    rawBody: { contentType: XLSX_TYPE, schema: { type: "string", format: "binary" } },
    bodyLimit: 32 * MB,
    handler: async ({ req }) => {
      if (!Buffer.isBuffer(req.body)) throw new HttpError(415, "unsupported_media_type", `请以 ${XLSX_TYPE} 上传 xlsx 文件`);
      const wb = await optionalImport<WorkbookModule>("@govcost/workbook", "xlsx 导入");
      let r: WorkbookRead;
      try {
        r = await wb.readEstimateWorkbook(req.body);
      } catch {
        throw new HttpError(400, "invalid_workbook", "无法读取此文件：不是有效的 xlsx 工作簿");
      }
      if (!r.ok) throw new HttpError(400, "invalid_workbook", "工作簿有误", { details: r.problems });
      return { document: r.document };
    },
  });

  // ---------------------------------------------------------------------------------------------
  // Web app, setup page, not found

  const webRoot = opts.webRoot && existsSync(join(opts.webRoot, "index.html")) ? opts.webRoot : null;
  if (webRoot) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: ["index.html"] });
  } else {
    app.get("/setup", async (_req, reply) => reply.type("text/html; charset=utf-8").send(SETUP_HTML));
    app.get("/", async (_req, reply) => reply.type("text/html; charset=utf-8").send(`<!doctype html><meta charset="utf-8"><title>govcost</title><p>govcost API 运行中。接口说明：<a href="/api/openapi.json">/api/openapi.json</a>；初始设置请使用控制台打印的链接。</p>`));
  }
  app.get("/setup.js", async (_req, reply) => reply.type("text/javascript; charset=utf-8").send(SETUP_JS));

  app.setNotFoundHandler(async (req, reply) => {
    const path = req.url.split("?")[0] ?? "";
    if (webRoot && req.method === "GET" && !path.startsWith("/api/")) return reply.type("text/html; charset=utf-8").sendFile("index.html");
    return reply.status(404).send(errorBody(new HttpError(404, "not_found", `没有这个接口：${req.method} ${path}`)));
  });

  return app;
}

/** A small LRU of encoded answers bounded by count and total bytes. */
class AnswerCache {
  private readonly map = new Map<string, Buffer>();
  private size = 0;
  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
  ) {}
  get(key: string): Buffer | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, value: Buffer): void {
    if (value.length > this.maxBytes / 4) return;
    const old = this.map.get(key);
    if (old !== undefined) {
      this.map.delete(key);
      this.size -= old.length;
    }
    this.map.set(key, value);
    this.size += value.length;
    for (const [k, v] of this.map) {
      if (this.map.size <= this.maxEntries && this.size <= this.maxBytes) break;
      this.map.delete(k);
      this.size -= v.length;
    }
  }
}

function invalidBudget(problems: Parameters<typeof problemsToJson>[0]): HttpError {
  return new HttpError(400, "invalid_budget", `预算文件有 ${problems.length} 处错误`, { details: problemsToJson(problems) });
}

async function dup<T>(f: () => Promise<T>, message: string): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof DuplicateError) throw new HttpError(409, "duplicate", message);
    throw e;
  }
}

export function userJson(u: User | UserWithSecret) {
  const p = publicUser(u);
  return { id: p.id, username: p.username, displayName: p.displayName, role: p.role, departmentId: p.departmentId, departmentName: p.departmentName, disabled: p.disabled };
}

export type { Role };
