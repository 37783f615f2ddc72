/**
 * The HTTP API client (docs/api.md): JSON in and out, the session cookie, and the CSRF
 * header on every state-changing request.
 */
import type { ConflictInfo, ErrorBody, ErrorDetail } from "@govcost/server/api-types";

// The answers' types are the server's own (a changed field is a compile error here).
export type {
  AuditEntry,
  AuditEntryText,
  BudgetListEntry as BudgetSummary,
  BudgetRecord,
  BudgetStatus,
  CompareAnswer,
  EntryChange,
  DecisionAnswer,
  ConflictInfo,
  Department,
  ErrorDetail,
  RateProfileJson as RateProfileRecord,
  RecomputeAnswer,
  ReviewAnswer,
  ReviewFigures,
  ReviewListEntry,
  ReviewRoundJson,
  ReviewSaveAnswer,
  ReviewSaveBody,
  SaveAnswer,
  SessionAnswer,
  StatusAnswer,
  UserJson as User,
  VersionMetaJson as VersionInfo,
} from "@govcost/server/api-types";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly current: ConflictInfo | null = null,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The app's language, sent as Accept-Language: the server answers its messages in it. */
let language = "zh-CN";
export function setApiLanguage(lang: "zh-CN" | "en"): void {
  language = lang;
}

async function request<T>(method: string, url: string, body?: unknown, raw?: { body: Blob | ArrayBuffer; type: string }): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json", "accept-language": language };
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  let payload: BodyInit | undefined;
  if (raw) {
    headers["content-type"] = raw.type;
    payload = raw.body;
  } else if (body !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body: payload, credentials: "same-origin" });
  } catch {
    throw new ApiError(0, "network", language === "en" ? "Cannot reach the server; check the network and try again (unsaved changes are kept in this browser's draft)" : "无法连接服务器，请检查网络后重试（未保存的修改已保留在本机草稿中）");
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    // A proxy in front of the server may answer with something else than an ErrorBody.
    const err = (data as Partial<ErrorBody> | null)?.error;
    const current = err?.current ?? null;
    throw new ApiError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? (language === "en" ? `Request failed (HTTP ${res.status})` : `请求失败（HTTP ${res.status}）`), err?.details ?? [], current);
  }
  return data as T;
}

export const api = {
  get: <T>(url: string) => request<T>("GET", url),
  post: <T>(url: string, body?: unknown) => request<T>("POST", url, body ?? {}),
  put: <T>(url: string, body: unknown) => request<T>("PUT", url, body),
  patch: <T>(url: string, body: unknown) => request<T>("PATCH", url, body),
  del: <T>(url: string) => request<T>("DELETE", url),
  upload: <T>(url: string, file: Blob, type: string) => request<T>("POST", url, undefined, { body: file, type }),
};

