/**
 * One error class for the API. Everything a client can cause becomes a 4xx with a Chinese message;
 * only real bugs become 500, and those are logged with their stack (which never reaches the client).
 */
import type { FastifyError, FastifyInstance } from "fastify";
import { isBusy } from "../store/store.js";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const notFound = (what = "资源") => new HttpError(404, "not_found", `${what}不存在或无权访问`);
export const forbidden = (message = "没有权限执行此操作") => new HttpError(403, "forbidden", message);
export const badRequest = (message: string, details?: unknown) => new HttpError(400, "bad_request", message, details === undefined ? {} : { details });
/** A JSON body that is empty or not JSON (fastify's parser). */
export const emptyBody = () => new HttpError(400, "empty_body", "请求体为空：需要 JSON");
export const malformedJson = () => new HttpError(400, "malformed_json", "请求体不是有效的 JSON");

/** Fastify's own client errors, in Chinese. */
function fromFastify(e: FastifyError, limit: number | undefined): HttpError | null {
  switch (e.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new HttpError(413, "body_too_large", limit ? `请求体过大：上限 ${Math.round(limit / 2 ** 20)} MB` : "请求体过大");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new HttpError(415, "unsupported_media_type", "不支持的内容类型：请以 application/json 发送");
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return emptyBody();
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return malformedJson();
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return new HttpError(400, "bad_content_length", "Content-Length 与请求体长度不符");
    default:
      break;
  }
  if (e instanceof SyntaxError || e.name === "SyntaxError") return malformedJson();
  const status = e.statusCode;
  if (status !== undefined && status >= 400 && status < 500) return new HttpError(status, "bad_request", "请求无效");
  return null;
}

export function errorBody(e: HttpError) {
  return { error: { code: e.code, message: e.message, ...e.extra } };
}

export function installErrorHandler(app: FastifyInstance, log: (line: string) => void): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = error instanceof HttpError ? error : fromFastify(error, request.routeOptions.bodyLimit);
    if (known) {
      if ((known.status === 429 || known.status === 503) && typeof known.extra.retryAfter === "number") void reply.header("retry-after", String(known.extra.retryAfter));
      return reply.status(known.status).send(errorBody(known));
    }
    if (isBusy(error)) {
      void reply.header("retry-after", "1");
      return reply.status(503).send({ error: { code: "busy", message: "数据库正忙（另一进程正在写入），请稍后重试" } });
    }
    log(`内部错误 ${request.method} ${request.url}: ${error.stack ?? String(error)}`);
    return reply.status(500).send({ error: { code: "internal", message: "服务器内部错误，已记录，请联系管理员" } });
  });
}
