/**
 * Route definitions: one zod schema validates a request body or query and is also what the OpenAPI
 * document at /api/openapi.json shows, so the two cannot drift apart.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { budgetJsonSchema, reviewJsonSchema } from "@govcost/core";
import { bi, HttpError } from "./errors.js";
import { requestProblems } from "./request-problems.js";
import type { UserWithSecret } from "../store/store.js";

export type Access = "public" | "user" | "admin";

export interface Ctx<B, Q> {
  req: FastifyRequest;
  reply: FastifyReply;
  body: B;
  query: Q;
  params: Record<string, string>;
  user: UserWithSecret;
  sessionHash: string;
}

export interface RouteDef<B extends z.ZodType, Q extends z.ZodType> {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  summary: string;
  tag: string;
  access: Access;
  /** State-changing routes need x-csrf-token unless exempted (estimate, login, setup). */
  csrf?: boolean;
  body?: B;
  query?: Q;
  /** A body that is not JSON described by `body` (the budget file itself, an .xlsx). */
  rawBody?: { contentType: string | readonly string[]; schema: Record<string, unknown> };
  responses?: Record<string, string>;
  handler: (ctx: Ctx<z.output<B>, z.output<Q>>) => Promise<unknown>;
}

/** A budget document inside a request: shown as the budget file schema, validated by validateBudget. */
export const budgetDocument = z.unknown().meta({ description: "预算文件（与 govcost 预算文件格式相同）" });
/** A review file inside a request: shown as the review file schema, validated by validateReview. */
export const reviewDocument = z.unknown().meta({ description: "审核文件（与 govcost review --decisions 的格式相同）" });

/** Check a body or query against its schema: 400 with every problem located, in Chinese. */
function parse<T extends z.ZodType>(schema: T, data: unknown, where: "body" | "query"): z.output<T> {
  const r = schema.safeParse(data, { reportInput: true });
  if (r.success) return r.data;
  const details = requestProblems(r.error.issues);
  throw new HttpError(400, "invalid_request", where === "body" ? bi("请求内容不符合要求", "The request body is not as required") : bi("查询参数不符合要求", "The query parameters are not as required"), { details });
}

function toJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const out = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
    override: (ctx) => {
      const ref = ctx.zodSchema === budgetDocument ? "Budget" : ctx.zodSchema === reviewDocument ? "Review" : null;
      if (ref) {
        for (const k of Object.keys(ctx.jsonSchema)) delete (ctx.jsonSchema as Record<string, unknown>)[k];
        (ctx.jsonSchema as Record<string, unknown>).$ref = `#/components/schemas/${ref}`;
      }
    },
  }) as Record<string, unknown>;
  delete out.$schema;
  return out;
}

export interface Registry {
  routes: RouteDef<z.ZodType, z.ZodType>[];
}

export type Authenticate = (req: FastifyRequest, access: Access, csrf: boolean) => Promise<{ user: UserWithSecret; sessionHash: string } | null>;

export function defineRoute<B extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown>(app: FastifyInstance, registry: Registry, authenticate: Authenticate, d: RouteDef<B, Q>): void {
  registry.routes.push(d as unknown as RouteDef<z.ZodType, z.ZodType>);
  const csrf = d.csrf ?? d.method !== "GET";
  // The session and CSRF token are checked before the body is read: 401 and 403 come before any 400.
  const sessions = new WeakMap<FastifyRequest, Awaited<ReturnType<Authenticate>>>();
  app.route({
    method: d.method,
    url: d.url,
    onRequest: async (req) => void sessions.set(req, await authenticate(req, d.access, csrf)),
    handler: async (req, reply) => {
      const auth = sessions.get(req);
      const body = d.body ? parse(d.body, req.body ?? {}, "body") : req.body;
      const query = d.query ? parse(d.query, req.query ?? {}, "query") : req.query;
      return d.handler({
        req,
        reply,
        body: body as z.output<B>,
        query: query as z.output<Q>,
        params: (req.params ?? {}) as Record<string, string>,
        user: auth?.user as UserWithSecret,
        sessionHash: auth?.sessionHash ?? "",
      });
    },
  });
}

const ERROR_SCHEMA = {
  type: "object",
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: { code: { type: "string" }, message: { type: "string", description: "中文说明" }, details: { type: "array", items: {} } },
    },
  },
};

/** OpenAPI 3.1 document of every defined route. */
export function openApiDocument(registry: Registry): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const d of registry.routes) {
    const path = d.url.replace(/:(\w+)/g, "{$1}");
    const params = [...d.url.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
    const query: unknown[] = [];
    if (d.query) {
      const js = toJsonSchema(d.query) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(js.properties ?? {})) query.push({ name, in: "query", required: (js.required ?? []).includes(name), schema });
    }
    const op: Record<string, unknown> = {
      summary: d.summary,
      tags: [d.tag],
      parameters: [...params, ...query],
      responses: {
        ...Object.fromEntries(Object.entries(d.responses ?? { "200": "成功" }).map(([k, v]) => [k, { description: v }])),
        "400": { description: "请求无效（中文说明及定位）", content: { "application/json": { schema: ERROR_SCHEMA } } },
        ...(d.access !== "public" ? { "401": { description: "未登录" } } : {}),
        ...(d.access === "admin" ? { "403": { description: "需要管理员" } } : {}),
      },
    };
    if (d.access !== "public") op.security = [{ session: [], ...(d.csrf ?? d.method !== "GET" ? { csrf: [] } : {}) }];
    if (d.rawBody) {
      const types: readonly string[] = typeof d.rawBody.contentType === "string" ? [d.rawBody.contentType] : d.rawBody.contentType;
      const schema = d.rawBody.schema;
      op.requestBody = { required: true, content: Object.fromEntries(types.map((type) => [type, { schema }])) };
    } else if (d.body) op.requestBody = { required: true, content: { "application/json": { schema: toJsonSchema(d.body) } } };
    paths[path] = { ...(paths[path] ?? {}), [d.method.toLowerCase()]: op };
  }
  const budget = budgetJsonSchema();
  delete budget.$schema;
  delete budget.$id;
  const review = reviewJsonSchema();
  delete review.$schema;
  delete review.$id;
  return {
    openapi: "3.1.0",
    info: { title: "govcost API", version: "0.1.0", description: "按 T/DGAG 024—2024 测算系统业务运营服务成本：预算、版本、审核、费率方案、账户与审计" },
    paths,
    components: {
      schemas: { Budget: budget, Review: review, Error: ERROR_SCHEMA },
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "govcost_session" },
        csrf: { type: "apiKey", in: "header", name: "x-csrf-token" },
      },
    },
  };
}
