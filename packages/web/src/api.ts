/**
 * The HTTP API client (docs/api.md): JSON in and out, the session cookie, and the CSRF
 * header on every state-changing request.
 */

export interface User {
  id: number | string;
  username: string;
  displayName: string;
  role: "admin" | "preparer" | "reviewer";
  departmentId: number | string | null;
  departmentName: string | null;
  disabled?: boolean;
}

export interface ErrorDetail {
  code: string;
  path?: string;
  item?: string | null;
  message: string;
  params?: Record<string, unknown>;
  cell?: string;
  sheet?: string;
}

export interface ConflictInfo {
  version: number;
  author: string;
  savedAt: string;
  comment: string | null;
}

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

async function request<T>(method: string, url: string, body?: unknown, raw?: { body: Blob | ArrayBuffer; type: string }): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
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
    throw new ApiError(0, "network", "无法连接服务器，请检查网络后重试（未保存的修改已保留在本机草稿中）");
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
    const err = (data as { error?: { code?: string; message?: string; details?: ErrorDetail[]; current?: ConflictInfo } } | null)?.error;
    const current = err?.current ?? (data as { current?: ConflictInfo } | null)?.current ?? null;
    throw new ApiError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? `请求失败（HTTP ${res.status}）`, err?.details ?? [], current);
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

export interface BudgetSummary {
  id: number | string;
  name: string;
  departmentId: number | string;
  departmentName: string;
  version: number;
  total: string;
  grandTotal: string;
  updatedAt: string;
  updatedBy: string;
  rateProfileId: string | null;
  status?: string;
}

export interface BudgetRecord {
  id: number | string;
  name: string;
  departmentId: number | string;
  version: number;
  document: unknown;
  estimate: Record<string, unknown> | null;
  rateProfileId: string | null;
  updatedAt: string;
  updatedBy: string;
  comment: string | null;
}

export interface VersionInfo {
  version: number;
  author: string;
  savedAt: string;
  comment: string | null;
  total: string;
  standardId?: string;
  rateProfile?: string | null;
}

export interface RateProfileRecord {
  id: string;
  name: string;
  source: string;
  rates: string[];
  builtin: boolean;
}

export interface Department {
  id: number | string;
  name: string;
}

export interface AuditEntry {
  id: number | string;
  at: string;
  userId: number | string | null;
  username: string | null;
  action: string;
  target: string | null;
  detail: unknown;
}
