/**
 * One error class for the API. Everything a client can cause becomes a 4xx with a message in
 * Chinese, or in English for a request whose Accept-Language puts English first; only real bugs
 * become 500, and those are logged with their stack (which never reaches the client).
 */
import type { FastifyError, FastifyInstance, FastifyRequest } from "fastify";
import { formatProblem, type Problem, type ProblemDetail } from "@govcost/core";
import { isBusy } from "../store/store.js";

export type Lang = "zh-CN" | "en";

/** A message in both languages; a plain string is Chinese only (for texts that come from elsewhere). */
export type Text = string | { readonly zh: string; readonly en: string };
export const bi = (zh: string, en: string): Text => ({ zh, en });
export const textIn = (t: Text, lang: Lang): string => (typeof t === "string" ? t : lang === "en" ? t.en : t.zh);

/** The language a request asks for: English when its Accept-Language's first choice is English, else Chinese. */
export function requestLang(req: Pick<FastifyRequest, "headers">): Lang {
  const header = req.headers["accept-language"];
  const tags = (typeof header === "string" ? header : "")
    .split(",")
    .map((part, i) => {
      const [tag = "", ...ps] = part.trim().split(";");
      const q = ps.map((x) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(x)?.[1]).find((x) => x !== undefined);
      return { tag: tag.toLowerCase(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => x.tag !== "" && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return tags[0]?.tag.startsWith("en") ? "en" : "zh-CN";
}

export class HttpError extends Error {
  readonly text: Text;
  constructor(
    readonly status: number,
    readonly code: string,
    message: Text,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(textIn(message, "zh-CN"));
    this.text = message;
  }
}

const WHAT_EN: Record<string, string> = { 资源: "The resource", 预算: "The budget", 部门: "The department", 账户: "The account", 费率方案: "The rate profile" };
export const notFound = (what = "资源", en = WHAT_EN[what] ?? "It") => new HttpError(404, "not_found", bi(`${what}不存在或无权访问`, `${en} does not exist or is not yours to see`));
export const forbidden = (message: Text = bi("没有权限执行此操作", "You are not allowed to do this")) => new HttpError(403, "forbidden", message);
export const badRequest = (message: Text, details?: unknown) => new HttpError(400, "bad_request", message, details === undefined ? {} : { details });
/** A JSON body that is empty or not JSON (fastify's parser). */
export const emptyBody = () => new HttpError(400, "empty_body", bi("请求体为空：需要 JSON", "The request body is empty: JSON is needed"));
export const malformedJson = () => new HttpError(400, "malformed_json", bi("请求体不是有效的 JSON", "The request body is not valid JSON"));

/** Fastify's own client errors, in our words. */
function fromFastify(e: FastifyError, limit: number | undefined): HttpError | null {
  switch (e.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new HttpError(413, "body_too_large", limit ? bi(`请求体过大：上限 ${Math.round(limit / 2 ** 20)} MB`, `The request body is too large: at most ${Math.round(limit / 2 ** 20)} MB`) : bi("请求体过大", "The request body is too large"));
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return unsupportedMediaType();
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return emptyBody();
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return malformedJson();
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return new HttpError(400, "bad_content_length", bi("Content-Length 与请求体长度不符", "Content-Length does not match the body's length"));
    default:
      break;
  }
  if (e instanceof SyntaxError || e.name === "SyntaxError") return malformedJson();
  const status = e.statusCode;
  if (status !== undefined && status >= 400 && status < 500) return new HttpError(status, "bad_request", bi("请求无效", "Invalid request"));
  return null;
}

export const unsupportedMediaType = () => new HttpError(415, "unsupported_media_type", bi("不支持的内容类型：请以 application/json 发送", "Unsupported content type: send application/json"));

/** A located problem (the core's codes and parameters) in the asked language; other details as they are. */
function detailIn(d: unknown, lang: Lang): unknown {
  if (lang !== "en" || typeof d !== "object" || d === null) return d;
  const p = d as Partial<ProblemDetail>;
  if (typeof p.code !== "string" || typeof p.message !== "string") return d;
  try {
    return { ...p, message: formatProblem({ code: p.code, params: p.params ?? {} } as Problem, "en") };
  } catch {
    return d;
  }
}

export function errorBody(e: HttpError, lang: Lang = "zh-CN") {
  const extra = Array.isArray(e.extra.details) ? { ...e.extra, details: e.extra.details.map((d) => detailIn(d, lang)) } : e.extra;
  return { error: { code: e.code, message: textIn(e.text, lang), ...extra } };
}

export function installErrorHandler(app: FastifyInstance, log: (line: string) => void): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = error instanceof HttpError ? error : fromFastify(error, request.routeOptions.bodyLimit);
    if (known) {
      if ((known.status === 429 || known.status === 503) && typeof known.extra.retryAfter === "number") void reply.header("retry-after", String(known.extra.retryAfter));
      return reply.status(known.status).send(errorBody(known, requestLang(request)));
    }
    if (isBusy(error)) {
      void reply.header("retry-after", "1");
      return reply.status(503).send(errorBody(new HttpError(503, "busy", bi("数据库正忙（另一进程正在写入），请稍后重试", "The database is busy (another process is writing); try again shortly")), requestLang(request)));
    }
    log(`内部错误 ${request.method} ${request.url}: ${error.stack ?? String(error)}`);
    return reply.status(500).send(errorBody(new HttpError(500, "internal", bi("服务器内部错误，已记录，请联系管理员", "Internal server error (logged); please contact the administrator")), requestLang(request)));
  });
}
