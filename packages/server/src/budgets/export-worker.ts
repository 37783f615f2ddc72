/**
 * Exports (xlsx, the report's HTML) and the xlsx import run in a worker thread, one per job, with a
 * time limit and a memory limit: a budget at the server's line limit keeps exceljs busy for long
 * enough that it must not run where it stalls every other request (docs/api.md, “导出与导入”). A worker that
 * exceeds a limit is ended and the request answers 503; the server keeps serving.
 *
 * This one file is both sides: loaded normally it exports runJob; started as a worker (workerData
 * carries the job) it does the job and posts the result. The worker always runs the compiled file
 * (dist/budgets/export-worker.js, also when the server itself runs from its sources under test).
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { HttpError } from "../http/errors.js";
import { computeBudget, computeReview } from "./compute.js";

import type * as WorkbookModule from "@govcost/workbook";
import type * as ReportModule from "@govcost/report";

export type Job =
  | { kind: "xlsx"; document: string }
  | { kind: "html"; document: string; unit: "yuan" | "wan" }
  | { kind: "import"; bytes: Uint8Array }
  /** The review of a round: its submitted document and review file as JSON text (审减明细表 workbook, 审核意见书). */
  | { kind: "review-xlsx"; document: string; review: string; standardId: string }
  | { kind: "review-html"; document: string; review: string; standardId: string; unit: "yuan" | "wan"; date: string };

export type JobAnswer =
  | { ok: true; kind: "xlsx"; bytes: Uint8Array }
  | { ok: true; kind: "html"; html: string }
  | { ok: true; kind: "import"; result: { ok: true; document: Record<string, unknown> } | { ok: false; problems: unknown[] } }
  | { ok: false; code: "not_available" | "invalid_workbook" | "invalid_budget"; message: string };

export interface WorkerLimits {
  /** Wall time a job may take before its worker is ended. */
  timeoutMs: number;
  /** V8 old-generation heap of the worker. */
  maxOldGenerationSizeMb: number;
  /** Jobs running at once; more are refused with 503 rather than queued. */
  maxConcurrent: number;
}

/** Limits with a wide margin above what the largest allowed export or import needs (docs/api.md). */
export const DEFAULT_WORKER_LIMITS: WorkerLimits = { timeoutMs: 60_000, maxOldGenerationSizeMb: 1024, maxConcurrent: 4 };

const WORKER_FILE = new URL("../../dist/budgets/export-worker.js", import.meta.url);

let running = 0;

/** Run one job in a fresh worker; HttpError 503 when it exceeds its limits or too many are running. */
export async function runJob(job: Job, limits: WorkerLimits = DEFAULT_WORKER_LIMITS): Promise<JobAnswer> {
  if (running >= limits.maxConcurrent) {
    throw new HttpError(503, "busy", `服务器正在处理 ${running} 个导出或导入，请稍后重试`, { retryAfter: 5 });
  }
  running++;
  try {
    return await new Promise<JobAnswer>((resolve, reject) => {
      const worker = new Worker(WORKER_FILE, {
        workerData: { govcostJob: job },
        resourceLimits: { maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb },
        stdout: false,
        stderr: false,
      });
      let settled = false;
      const finish = (f: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        f();
        void worker.terminate();
      };
      const timer = setTimeout(() => {
        finish(() => reject(new HttpError(503, "too_slow", `${what(job)}超过 ${Math.round(limits.timeoutMs / 1000)} 秒仍未完成，已中止；请减少服务行后重试`, { retryAfter: 60 })));
      }, limits.timeoutMs);
      worker.once("message", (answer: JobAnswer) => finish(() => resolve(answer)));
      worker.once("error", (e: Error & { code?: string }) => {
        if (e.code === "ERR_WORKER_OUT_OF_MEMORY") {
          finish(() => reject(new HttpError(503, "too_large", `${what(job)}所需内存超过上限（${limits.maxOldGenerationSizeMb} MB），已中止；请减少服务行后重试`, { retryAfter: 60 })));
        } else finish(() => reject(e));
      });
      worker.once("exit", (code) => finish(() => reject(new Error(`export worker exited with code ${code} before answering`))));
    });
  } finally {
    running--;
  }
}

function what(job: Job): string {
  return job.kind === "import" ? "读取 xlsx 工作簿" : job.kind === "xlsx" || job.kind === "review-xlsx" ? "导出 xlsx 工作簿" : "生成报告";
}

async function work(job: Job): Promise<JobAnswer> {
  if (job.kind === "import") {
    let wb: typeof WorkbookModule;
    try {
      wb = await import("@govcost/workbook");
    } catch {
      return { ok: false, code: "not_available", message: "xlsx 导入功能尚未安装（缺少 @govcost/workbook）" };
    }
    try {
      const r = await wb.readEstimateWorkbook(Buffer.from(job.bytes));
      // The document and problems are plain data; the validated budget (with its decimals) stays here.
      return { ok: true, kind: "import", result: r.ok ? { ok: true, document: r.document } : { ok: false, problems: r.problems } };
    } catch {
      return { ok: false, code: "invalid_workbook", message: "无法读取此文件：不是有效的 xlsx 工作簿" };
    }
  }
  if (job.kind === "review-xlsx" || job.kind === "review-html") return reviewWork(job);
  const c = computeBudget(JSON.parse(job.document), null);
  if (!c.ok) return { ok: false, code: "invalid_budget", message: "已保存的预算文件不能再测算" };
  if (job.kind === "xlsx") {
    let wb: typeof WorkbookModule;
    try {
      wb = await import("@govcost/workbook");
    } catch {
      return { ok: false, code: "not_available", message: "xlsx 导出功能尚未安装（缺少 @govcost/workbook）" };
    }
    return { ok: true, kind: "xlsx", bytes: await wb.writeEstimateWorkbook(c.budget, c.estimate) };
  }
  let rep: typeof ReportModule;
  try {
    rep = await import("@govcost/report");
  } catch {
    return { ok: false, code: "not_available", message: "报告导出功能尚未安装（缺少 @govcost/report）" };
  }
  return { ok: true, kind: "html", html: rep.renderReportHtml(c.estimate, { unit: job.unit }) };
}

async function reviewWork(job: Extract<Job, { kind: "review-xlsx" | "review-html" }>): Promise<JobAnswer> {
  const c = computeReview(JSON.parse(job.document), JSON.parse(job.review), job.standardId);
  if (!c.ok) return { ok: false, code: "invalid_budget", message: "已保存的审核不能再计算" };
  if (job.kind === "review-xlsx") {
    let wb: typeof WorkbookModule;
    try {
      wb = await import("@govcost/workbook");
    } catch {
      return { ok: false, code: "not_available", message: "xlsx 导出功能尚未安装（缺少 @govcost/workbook）" };
    }
    return { ok: true, kind: "xlsx", bytes: await wb.writeReviewWorkbook(c.budget, c.result) };
  }
  let rep: typeof ReportModule;
  try {
    rep = await import("@govcost/report");
  } catch {
    return { ok: false, code: "not_available", message: "报告导出功能尚未安装（缺少 @govcost/report）" };
  }
  return { ok: true, kind: "html", html: rep.renderReviewHtml(c.result, { unit: job.unit, generatedAt: new Date(job.date) }) };
}

const data = workerData as { govcostJob?: Job } | null;
if (!isMainThread && parentPort && data?.govcostJob) {
  const port = parentPort;
  const answer = await work(data.govcostJob);
  port.postMessage(answer);
}
