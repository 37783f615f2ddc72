/** Public routes: the estimate (no account), catalogue, schemas, health, first-run setup. */
import { createHash } from "node:crypto";
import { z } from "zod";
import { budgetJsonSchema, DEFAULT_STANDARD } from "@govcost/core";
import { badRequest, emptyBody, HttpError, malformedJson } from "./errors.js";
import { defineRoute, openApiDocument } from "./routes.js";
import { catalogJson } from "./catalog-json.js";
import { hashPassword, passwordProblem } from "../security/passwords.js";
import { tokenHash } from "../security/tokens.js";
import { ESTIMATE_BODY_LIMIT, invalidBudgetDetails, MB, type AppContext } from "./context.js";

const username = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._@-]+$/, "用户名只能包含字母、数字和 . _ @ -");
const displayName = z.string().trim().min(1).max(100);
const password = z.string().min(1).max(200);

export async function registerPublicRoutes(ctx: AppContext): Promise<void> {
  const { app, store, route, audit, iso, log2n, startSession, registry, authenticate, pricer } = ctx;

  // The estimate is a pure function of the request body, so identical bodies (the web app re-asking
  // for an unchanged budget, several users opening one file) are answered from a bounded cache of
  // the serialised answers, one for each encoding. A body up to 64 KB is its own key (a Map compares
  // the bytes themselves: cheaper than hashing them); a larger one is keyed by its SHA-256.
  const estimateCache = { gzip: new AnswerCache(256, 64 * MB), plain: new AnswerCache(256, 64 * MB) };
  await app.register(async (scope) => {
    scope.addContentTypeParser("application/json", { parseAs: "buffer", bodyLimit: ESTIMATE_BODY_LIMIT }, (_req, body, done) => done(null, body));
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
        const body = req.body as Buffer;
        const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
        // The key is the bytes as received, one character per byte (latin1: a copy, no UTF-8 decoding).
        const key = body.length <= KEY_TEXT_MAX ? body.toString("latin1") : "sha256:" + createHash("sha256").update(body).digest("base64");
        const cache = gzip ? estimateCache.gzip : estimateCache.plain;
        let out = cache.get(key);
        if (out === undefined) {
          // Parsed, validated, priced, serialised and compressed on a pricing thread.
          const r = await pricer.run({ op: "estimate", text: body.toString("utf8"), gzip });
          if (!r.ok) {
            if (r.error === "invalid_budget") throw invalidBudgetDetails(r.details);
            throw r.error === "empty_body" ? emptyBody() : malformedJson();
          }
          out = Buffer.from(r.body.buffer, r.body.byteOffset, r.body.byteLength);
          cache.set(key, out);
        }
        void reply.type("application/json; charset=utf-8");
        void reply.header("vary", "accept-encoding");
        if (gzip) void reply.header("content-encoding", "gzip");
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

const KEY_TEXT_MAX = 64 * 1024;

/** A small LRU of encoded answers bounded by count and total bytes (keys and answers). */
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
    const bytes = (k: string, v: Buffer) => 2 * k.length + v.length;
    if (bytes(key, value) > this.maxBytes / 4) return;
    const old = this.map.get(key);
    if (old !== undefined) {
      this.map.delete(key);
      this.size -= bytes(key, old);
    }
    this.map.set(key, value);
    this.size += bytes(key, value);
    for (const [k, v] of this.map) {
      if (this.map.size <= this.maxEntries && this.size <= this.maxBytes) break;
      this.map.delete(k);
      this.size -= bytes(k, v);
    }
  }
}

