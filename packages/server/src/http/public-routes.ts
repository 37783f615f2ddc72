/** Public routes: the estimate (no account), catalogue, schemas, health, first-run setup. */
import { z } from "zod";
import { budgetJsonSchema, DEFAULT_STANDARD, estimate, estimateToJson, validateBudget } from "@govcost/core";
import { badRequest, bi, emptyBody, HttpError } from "./errors.js";
import { openApiDocument } from "./routes.js";
import { catalogJson } from "./catalog-json.js";
import { hashPassword, passwordRefusal } from "../security/passwords.js";
import { tokenHash } from "../security/tokens.js";
import { checkLineLimit, invalidBudget, type AppContext } from "./context.js";
import type { EstimateAnswer, HealthAnswer, SessionAnswer, SetupStatusAnswer } from "../api-types.js";

const username = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._@-]+$/, "用户名只能包含字母、数字和 . _ @ -");
const displayName = z.string().trim().min(1).max(100);
const password = z.string().min(1).max(200);

export async function registerPublicRoutes(ctx: AppContext): Promise<void> {
  const { store, route, audit, iso, log2n, startSession, registry, now } = ctx;

  /**
   * The public estimate, per address: at most `estimatePerMinute` in each fixed minute. Kept in this
   * process's memory, not the database: the limit protects this process's CPU (a 5,000-line estimate
   * takes a noticeable share of a core), so with several processes behind a proxy each one bounds
   * its own share; an address may reach the limit once per process, which is still bounded, and no
   * database write is spent on an unauthenticated request. Old windows are dropped as they expire.
   */
  const windows = new Map<string, { start: number; count: number }>();
  const estimateLimit = (ip: string) => {
    const t = now().getTime();
    const start = t - (t % 60_000);
    if (windows.size > 10_000) for (const [k, w] of windows) if (w.start < start) windows.delete(k);
    const w = windows.get(ip);
    if (!w || w.start !== start) return void windows.set(ip, { start, count: 1 });
    w.count++;
    if (w.count > ctx.estimatePerMinute) {
      const retryAfter = Math.max(1, Math.ceil((start + 60_000 - t) / 1000));
      throw new HttpError(429, "too_many_requests", bi(`测算请求过于频繁（每个地址每分钟至多 ${ctx.estimatePerMinute} 次），请 ${retryAfter} 秒后再试`, `Too many estimates (at most ${ctx.estimatePerMinute} a minute from one address); try again in ${retryAfter} s`), { retryAfter });
    }
  };

  route({ method: "POST", url: "/api/estimate", summary: "测算预算文件（与 govcost estimate --json 相同的结果），无需登录", tag: "测算", access: "public", csrf: false,
    rawBody: { contentType: "application/json", schema: { $ref: "#/components/schemas/Budget" } },
    responses: { "200": "estimateToJson 结果", "413": "请求体超过 2 MB", "429": "同一地址每分钟请求过多，见 Retry-After" },
    handler: async ({ req }): Promise<EstimateAnswer> => {
      estimateLimit(req.ip);
      // (No body at all, or an empty one of another type: an empty body.)
      if (req.body === undefined || req.body === "") throw emptyBody();
      checkLineLimit(req.body);
      const v = validateBudget(req.body, DEFAULT_STANDARD);
      if (!v.ok) throw invalidBudget(v.problems);
      return estimateToJson(estimate(v.budget, DEFAULT_STANDARD));
    },
  });

  route({ method: "GET", url: "/api/catalog", summary: "服务内容目录及两种方法的单价（表B.1、表B.2）", tag: "测算", access: "public", handler: async () => catalogJson() });
  const budgetSchemaJson = budgetJsonSchema();
  route({ method: "GET", url: "/api/schema/budget.json", summary: "预算文件的 JSON Schema", tag: "测算", access: "public", handler: async () => budgetSchemaJson });
  let openapi: unknown;
  route({ method: "GET", url: "/api/openapi.json", summary: "本 API 的 OpenAPI 3.1 文档", tag: "系统", access: "public", handler: async () => (openapi ??= openApiDocument(registry)) });
  route({ method: "GET", url: "/api/health", summary: "健康检查（含数据库连通）", tag: "系统", access: "public",
    handler: async (): Promise<HealthAnswer> => {
      await store.setupDone();
      return { ok: true, database: store.dialect, standard: DEFAULT_STANDARD.id, timeZone: ctx.timeZone };
    },
  });

  route({ method: "GET", url: "/api/setup/status", summary: "是否需要初始设置（创建第一个管理员）", tag: "初始设置", access: "public", handler: async (): Promise<SetupStatusAnswer> => ({ needed: !(await store.setupDone()) }) });

  route({ method: "POST", url: "/api/setup", summary: "用控制台打印的一次性链接中的 token 创建第一个管理员，并登录", tag: "初始设置", access: "public", csrf: false,
    body: z.strictObject({ token: z.string().min(1).max(200), username, displayName, password }),
    responses: { "201": "已创建并登录", "403": "token 无效或已过期", "409": "已完成初始设置" },
    handler: async ({ req, reply, body }): Promise<SessionAnswer> => {
      const problem = passwordRefusal(body.password, body.username);
      if (problem) throw badRequest(problem);
      const admin = { username: body.username, displayName: body.displayName, role: "admin" as const, departmentId: null, passwordHash: await hashPassword(body.password, log2n) };
      const result = await store.completeSetup(tokenHash(body.token), iso(), admin);
      if (!result.ok) {
        if (result.reason === "done") throw new HttpError(409, "setup_done", bi("已完成初始设置：请用管理员账户登录", "Setup is done: sign in with an administrator account"));
        throw new HttpError(403, "setup_token", bi("设置链接无效或已过期：请重启服务器获取新的链接", "The setup link is invalid or expired: restart the server for a new one"));
      }
      await audit(req, result.user, "setup", `user:${result.user.id}`, { username: result.user.username });
      reply.status(201);
      return startSession(reply, req, result.user);
    },
  });
}
