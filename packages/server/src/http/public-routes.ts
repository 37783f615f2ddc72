/** Public routes: the estimate (no account), catalogue, schemas, health, first-run setup. */
import { z } from "zod";
import { budgetJsonSchema, DEFAULT_STANDARD } from "@govcost/core";
import { badRequest, HttpError } from "./errors.js";
import { defineBytesRoute, openApiDocument } from "./routes.js";
import { catalogJson } from "./catalog-json.js";
import { hashPassword, passwordProblem } from "../security/passwords.js";
import { tokenHash } from "../security/tokens.js";
import { bodyProblemError, ESTIMATE_BODY_LIMIT, MB, type AppContext } from "./context.js";

const username = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._@-]+$/, "用户名只能包含字母、数字和 . _ @ -");
const displayName = z.string().trim().min(1).max(100);
const password = z.string().min(1).max(200);

export async function registerPublicRoutes(ctx: AppContext): Promise<void> {
  const { app, store, route, audit, iso, log2n, startSession, registry, authenticate, pricer } = ctx;

  // The estimate is a pure function of the request body, so identical bodies (the web app re-asking
  // for an unchanged budget, several users opening one file) are answered from a bounded cache of
  // the serialised answers, one for each encoding, keyed by the body's bytes as received.
  const estimateCache = { gzip: new AnswerCache(256, 64 * MB), plain: new AnswerCache(256, 64 * MB) };
  await defineBytesRoute(app, registry, authenticate, {
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
      // (No body at all, or an empty one of another type, reaches here as undefined: an empty body.)
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
      const cache = gzip ? estimateCache.gzip : estimateCache.plain;
      let out = cache.get(body);
      if (out === undefined) {
        // Parsed, validated, priced, serialised and compressed on a pricing thread.
        const r = await pricer.run({ op: "estimate", body, gzip });
        if (!r.ok) throw bodyProblemError(r);
        out = Buffer.from(r.body.buffer, r.body.byteOffset, r.body.byteLength);
        cache.set(body, out);
      }
      void reply.type("application/json; charset=utf-8");
      void reply.header("vary", "accept-encoding");
      if (gzip) void reply.header("content-encoding", "gzip");
      return out;
    },
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

/**
 * A small LRU of encoded answers keyed by request body, bounded by count and total bytes (bodies and
 * answers). An entry is found by a 53-bit fingerprint of the body (two multiplicative hashes over its
 * 32-bit words, computed in a few microseconds) and confirmed by comparing the bytes themselves, so a
 * fingerprint collision is only ever a miss, never another body's answer. (Keying a Map by the body
 * as a string cost three hashings and comparisons of the whole text per hit.)
 */
export class AnswerCache {
  private readonly map = new Map<number, { body: Buffer; answer: Buffer }>();
  private size = 0;
  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
  ) {}
  get(body: Buffer): Buffer | undefined {
    const key = fingerprint(body);
    const e = this.map.get(key);
    if (e === undefined || !e.body.equals(body)) return undefined;
    this.map.delete(key);
    this.map.set(key, e);
    return e.answer;
  }
  set(body: Buffer, answer: Buffer): void {
    const bytes = body.length + answer.length;
    if (bytes > this.maxBytes / 4) return;
    const key = fingerprint(body);
    const old = this.map.get(key);
    if (old !== undefined) {
      this.map.delete(key);
      this.size -= old.body.length + old.answer.length;
    }
    // (A copy: the request's buffer may be a view into a larger allocation the cache should not hold.)
    this.map.set(key, { body: Buffer.from(body), answer });
    this.size += bytes;
    for (const [k, v] of this.map) {
      if (this.map.size <= this.maxEntries && this.size <= this.maxBytes) break;
      this.map.delete(k);
      this.size -= v.body.length + v.answer.length;
    }
  }
}

/** Two 32-bit multiplicative hashes of the bytes (and their count), joined into a 53-bit integer. */
export function fingerprint(b: Buffer): number {
  let h1 = 0x811c9dc5 ^ b.length;
  let h2 = 0x9e3779b9 ^ b.length;
  const words = b.length >>> 2;
  const view = new DataView(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < words; i++) {
    const w = view.getUint32(i << 2, true);
    h1 = Math.imul(h1 ^ w, 0x01000193);
    h2 = Math.imul(h2 ^ w, 0x85ebca6b) ^ (h2 >>> 15);
  }
  for (let i = words << 2; i < b.length; i++) {
    h1 = Math.imul(h1 ^ b[i]!, 0x01000193);
    h2 = Math.imul(h2 ^ b[i]!, 0x85ebca6b) ^ (h2 >>> 15);
  }
  return (h1 >>> 0) * 0x200000 + (h2 >>> 11);
}

