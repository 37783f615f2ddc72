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
import { bi, HttpError, type Text } from "../http/errors.js";
import { computeBudget, computeReview } from "./compute.js";
import type { CheckAnswer } from "../api-types.js";

import type * as WorkbookModule from "@govcost/workbook";
import type * as ReportModule from "@govcost/report";

export type Job =
  | { kind: "xlsx"; document: string; timeZone: string }
  | { kind: "html"; document: string; unit: "yuan" | "wan"; timeZone: string }
  | { kind: "import"; bytes: Uint8Array }
  /** The review of a round: its submitted document and review file as JSON text (审减明细表 workbook, 审核意见书). */
  | { kind: "review-xlsx"; document: string; review: string; standardId: string }
  | { kind: "review-html"; document: string; review: string; standardId: string; unit: "yuan" | "wan"; date: string; timeZone: string }
  /** A submitted workbook: xlsx/xlsm, or .xls/.et/.ods converted here with LibreOffice within `convertTimeoutMs`. */
  | { kind: "check"; bytes: Uint8Array; fileName: string; locale: "zh-CN" | "en"; convertTimeoutMs: number };

export type JobAnswer =
  | { ok: true; kind: "xlsx"; bytes: Uint8Array }
  | { ok: true; kind: "html"; html: string }
  | { ok: true; kind: "import"; result: { ok: true; document: Record<string, unknown> } | { ok: false; problems: unknown[] } }
  | { ok: true; kind: "check"; answer: CheckAnswer }
  | { ok: false; code: "not_available" | "invalid_workbook" | "invalid_budget"; message: Text };

export interface WorkerLimits {
  /** Wall time a job may take before its worker is ended. */
  timeoutMs: number;
  /** V8 old-generation heap of the worker. */
  maxOldGenerationSizeMb: number;
  /** Jobs running at once; more are refused with 503 rather than queued. */
  maxConcurrent: number;
  /**
   * Time LibreOffice may take to convert an .xls/.et/.ods for a check, on top of `timeoutMs`. It runs
   * as its own process, not in the worker: ending the worker would not end it, so the worker kills it
   * (SIGKILL) at this limit itself, and a check job that converts its file has `timeoutMs` + this.
   */
  convertTimeoutMs: number;
}

/** Limits with a wide margin above what the largest allowed export or import needs (docs/api.md). */
export const DEFAULT_WORKER_LIMITS: WorkerLimits = { timeoutMs: 60_000, maxOldGenerationSizeMb: 1024, maxConcurrent: 4, convertTimeoutMs: 60_000 };

/** What a check job's worker posts before LibreOffice converts its file: the job may then take `convertTimeoutMs` longer. */
const CONVERTING = { converting: true } as const;

const WORKER_FILE = new URL("../../dist/budgets/export-worker.js", import.meta.url);

let running = 0;

/** Run one job in a fresh worker; HttpError 503 when it exceeds its limits or too many are running. */
export async function runJob(job: Job, limits: WorkerLimits = DEFAULT_WORKER_LIMITS): Promise<JobAnswer> {
  if (running >= limits.maxConcurrent) {
    throw new HttpError(503, "busy", bi(`服务器正在处理 ${running} 个导出或导入，请稍后重试`, `The server is busy with ${running} exports or imports; try again shortly`), { retryAfter: 5 });
  }
  running++;
  // A check may first convert its file with LibreOffice (a few seconds each, with a fresh profile per
  // conversion; longer for the first on a machine, or with other conversions running on few cores).
  // The conversion has its own limit inside the job, so a job that converts has the two limits together;
  // reading the workbook keeps the usual `timeoutMs` and the worker's memory limit. Which file is
  // converted is read from its bytes in the worker, which says so before it starts (CONVERTING): an
  // .xlsx keeps `timeoutMs` alone (docs/api.md: 60 s, and 60 s more for a conversion). Deciding here
  // instead would load the workbook package and exceljs into this thread (about 0.7 s, much of it
  // holding up every other request).
  const started = Date.now();
  let allowedMs = limits.timeoutMs;
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
      const tooSlow = () => {
        const s = Math.round(allowedMs / 1000);
        finish(() => reject(new HttpError(503, "too_slow", bi(`${what(job)}超过 ${s} 秒仍未完成，已中止；${advice(job).zh}`, `${whatEn(job)} took more than ${s} s and was stopped; ${advice(job).en}`), { retryAfter: 60 })));
      };
      let timer = setTimeout(tooSlow, allowedMs);
      worker.on("message", (m: JobAnswer | typeof CONVERTING) => {
        // LibreOffice is about to convert the file: the job's limit from its start becomes the two limits together.
        if ("converting" in m) {
          if (job.kind !== "check" || settled) return;
          allowedMs = limits.timeoutMs + job.convertTimeoutMs;
          clearTimeout(timer);
          timer = setTimeout(tooSlow, started + allowedMs - Date.now());
          return;
        }
        finish(() => resolve(m));
      });
      worker.once("error", (e: Error & { code?: string }) => {
        if (e.code === "ERR_WORKER_OUT_OF_MEMORY") {
          finish(() => reject(new HttpError(503, "too_large", bi(`${what(job)}所需内存超过上限（${limits.maxOldGenerationSizeMb} MB），已中止；${advice(job).zh}`, `${whatEn(job)} needed more memory than allowed (${limits.maxOldGenerationSizeMb} MB) and was stopped; ${advice(job).en}`), { retryAfter: 60 })));
        } else finish(() => reject(e));
      });
      worker.once("exit", (code) => finish(() => reject(new Error(`export worker exited with code ${code} before answering`))));
    });
  } finally {
    running--;
  }
}

/**
 * What to do about a job over its limits. A budget's export or import is as large as its service lines;
 * a submitted workbook may have four lines and still be too much to read in time (a sheet of a hundred
 * thousand formatted rows, thousands of formulas, embedded images), and its lines are not the user's to cut.
 */
function advice(job: Job): { zh: string; en: string } {
  return job.kind === "check"
    ? { zh: "该工作簿过于复杂，无法在限定范围内核查：请将其拆分为几个较小的文件，或用 WPS/Excel 另存为普通 .xlsx（去掉无关的工作表、图片和大片带格式的空白区域）后重试", en: "the workbook is too complex to check within the limits: split it into smaller files, or save it again as a plain .xlsx from WPS/Excel (without unrelated sheets, images and large formatted blank areas) and try again" }
    : { zh: "请减少服务行后重试", en: "try again with fewer service lines" };
}

function what(job: Job): string {
  return job.kind === "import" ? "读取 xlsx 工作簿" : job.kind === "check" ? "核查工作簿" : job.kind === "xlsx" || job.kind === "review-xlsx" ? "导出 xlsx 工作簿" : "生成报告";
}

function whatEn(job: Job): string {
  return job.kind === "import" ? "Reading the xlsx workbook" : job.kind === "check" ? "Checking the workbook" : job.kind === "xlsx" || job.kind === "review-xlsx" ? "Exporting the xlsx workbook" : "Making the report";
}

async function work(job: Job, post: (m: typeof CONVERTING) => void): Promise<JobAnswer> {
  if (job.kind === "check") {
    let wb: typeof WorkbookModule;
    try {
      wb = await import("@govcost/workbook");
    } catch {
      return { ok: false, code: "not_available", message: bi("核查功能尚未安装（缺少 @govcost/workbook）", "Checking is not installed (@govcost/workbook is missing)") };
    }
    const core = await import("@govcost/core");
    // What the file is comes from its bytes; an .xls/.et/.ods is converted to xlsx first (the body's
    // size limit has already applied to the file as sent). Neither step throws on a bad file. The test
    // is the one checkSubmittedWorkbook applies, so the time is added for the files it would convert
    // (without LibreOffice they are refused at once).
    const format = wb.sniffWorkbook(job.bytes);
    if (format === "ole2" || format === "ods") post(CONVERTING);
    const r = await wb.checkSubmittedWorkbook(job.bytes, { fileName: job.fileName, locale: job.locale, onServer: true, timeoutMs: job.convertTimeoutMs });
    return { ok: true, kind: "check", answer: { result: wb.checkResultToJson(r, job.locale), document: r.budget ? core.budgetToDocument(r.budget) : null } };
  }
  if (job.kind === "import") {
    let wb: typeof WorkbookModule;
    try {
      wb = await import("@govcost/workbook");
    } catch {
      return { ok: false, code: "not_available", message: bi("xlsx 导入功能尚未安装（缺少 @govcost/workbook）", "xlsx import is not installed (@govcost/workbook is missing)") };
    }
    try {
      const r = await wb.readEstimateWorkbook(Buffer.from(job.bytes));
      // The document and problems are plain data; the validated budget (with its decimals) stays here.
      return { ok: true, kind: "import", result: r.ok ? { ok: true, document: r.document } : { ok: false, problems: r.problems } };
    } catch {
      return { ok: false, code: "invalid_workbook", message: bi("无法读取此文件：不是有效的 xlsx 工作簿", "Cannot read this file: it is not a valid xlsx workbook") };
    }
  }
  if (job.kind === "review-xlsx" || job.kind === "review-html") return reviewWork(job);
  const c = computeBudget(JSON.parse(job.document), null);
  if (!c.ok) return { ok: false, code: "invalid_budget", message: bi("已保存的预算文件不能再测算", "The saved budget file no longer prices") };
  if (job.kind === "xlsx") {
    let wb: typeof WorkbookModule;
    try {
      wb = await import("@govcost/workbook");
    } catch {
      return { ok: false, code: "not_available", message: bi("xlsx 导出功能尚未安装（缺少 @govcost/workbook）", "xlsx export is not installed (@govcost/workbook is missing)") };
    }
    return { ok: true, kind: "xlsx", bytes: await wb.writeEstimateWorkbook(c.budget, c.estimate, { timeZone: job.timeZone }) };
  }
  let rep: typeof ReportModule;
  try {
    rep = await import("@govcost/report");
  } catch {
    return { ok: false, code: "not_available", message: bi("报告导出功能尚未安装（缺少 @govcost/report）", "Report export is not installed (@govcost/report is missing)") };
  }
  return { ok: true, kind: "html", html: rep.renderReportHtml(c.estimate, { unit: job.unit, timeZone: job.timeZone }) };
}

async function reviewWork(job: Extract<Job, { kind: "review-xlsx" | "review-html" }>): Promise<JobAnswer> {
  const c = computeReview(JSON.parse(job.document), JSON.parse(job.review), job.standardId);
  if (!c.ok) return { ok: false, code: "invalid_budget", message: bi("已保存的审核不能再计算", "The saved review no longer computes") };
  if (job.kind === "review-xlsx") {
    let wb: typeof WorkbookModule;
    try {
      wb = await import("@govcost/workbook");
    } catch {
      return { ok: false, code: "not_available", message: bi("xlsx 导出功能尚未安装（缺少 @govcost/workbook）", "xlsx export is not installed (@govcost/workbook is missing)") };
    }
    return { ok: true, kind: "xlsx", bytes: await wb.writeReviewWorkbook(c.budget, c.result) };
  }
  let rep: typeof ReportModule;
  try {
    rep = await import("@govcost/report");
  } catch {
    return { ok: false, code: "not_available", message: bi("报告导出功能尚未安装（缺少 @govcost/report）", "Report export is not installed (@govcost/report is missing)") };
  }
  return { ok: true, kind: "html", html: rep.renderReviewHtml(c.result, { unit: job.unit, generatedAt: new Date(job.date), timeZone: job.timeZone }) };
}

const data = workerData as { govcostJob?: Job } | null;
if (!isMainThread && parentPort && data?.govcostJob) {
  const port = parentPort;
  const answer = await work(data.govcostJob, (m) => port.postMessage(m));
  port.postMessage(answer);
}
