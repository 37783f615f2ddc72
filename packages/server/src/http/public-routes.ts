/** Public routes: the estimate (no account), catalogue, schemas, health, first-run setup. */
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { budgetJsonSchema, DEFAULT_STANDARD, estimate, estimateToJson, validateBudget } from "@govcost/core";
import { badRequest, HttpError } from "./errors.js";
import { defineRoute, openApiDocument } from "./routes.js";
import { catalogJson } from "./catalog-json.js";
import { hashPassword, passwordProblem } from "../security/passwords.js";
import { tokenHash } from "../security/tokens.js";
import { ESTIMATE_BODY_LIMIT, invalidBudget, MB, type AppContext } from "./context.js";

const username = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._@-]+$/, "用户名只能包含字母、数字和 . _ @ -");
const displayName = z.string().trim().min(1).max(100);
const password = z.string().min(1).max(200);

export async function registerPublicRoutes(ctx: AppContext): Promise<void> {
  const { app, store, route, audit, iso, log2n, startSession, registry, authenticate } = ctx;

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
        // Answers are large (a 50-line budget: ~28 KB of JSON, mostly trail sentences) and compress
        // about tenfold; every browser asks for gzip. Level 1 costs ~0.15 ms for 28 KB.
        const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
        const key = createHash("sha256").update(text).digest("base64") + (gzip ? ":gz" : "");
        void reply.type("application/json; charset=utf-8");
        void reply.header("vary", "accept-encoding");
        if (gzip) void reply.header("content-encoding", "gzip");
        const hit = estimateCache.get(key);
        if (hit !== undefined) return hit;
        const v = validateBudget(await parseJson(req, text), DEFAULT_STANDARD);
        if (!v.ok) {
          void reply.removeHeader("content-encoding");
          throw invalidBudget(v.problems);
        }
        const json = Buffer.from(JSON.stringify(estimateToJson(estimate(v.budget, DEFAULT_STANDARD))));
        const out = gzip ? gzipSync(json, { level: 1 }) : json;
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

