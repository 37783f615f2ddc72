/**
 * One file of `govcost check`: read it (converting .xls/.et/.ods with LibreOffice when it is
 * installed), check it, and give its JSON. Used in-process for one file and by the worker threads
 * of a batch. Never throws on a bad file: its reason is in the result.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type * as Workbook from "@govcost/workbook";

type WorkbookModule = typeof Workbook;

export const CONVERTED = new Set([".xls", ".et", ".ods", ".ett", ".xlt"]);
export const READABLE = new Set([".xlsx", ".xlsm", ...CONVERTED]);

export interface CheckJob {
  file: string;
  /** The name shown for it (relative to where the batch started). */
  name: string;
  map?: Workbook.CheckMap;
  /** Also return the recomputed budget as YAML (`--budget`) and the detected mapping (`--print-map`). */
  withBudget?: boolean;
}

export interface CheckOutcome {
  json: Workbook.CheckResultJson;
  budgetYaml: string | null;
  mapYaml: string | null;
}

let sofficePath: string | null | undefined;

function findSoffice(): string | null {
  if (sofficePath !== undefined) return sofficePath;
  sofficePath = null;
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    for (const name of ["soffice", "libreoffice"]) {
      try {
        if (dir && statSync(path.join(dir, name)).isFile()) return (sofficePath = path.join(dir, name));
      } catch {
        // not here
      }
    }
  }
  return sofficePath;
}

/** Convert an old binary or OpenDocument workbook to xlsx with LibreOffice headless. */
async function convert(file: string): Promise<{ ok: true; data: Buffer } | { ok: false; reason: string }> {
  const soffice = findSoffice();
  const ext = path.extname(file).toLowerCase();
  if (!soffice) return { ok: false, reason: `${ext} 文件需要 LibreOffice 转换，但本机未安装 LibreOffice（soffice）；请安装 LibreOffice，或用 WPS/Excel 另存为 .xlsx 后再核查` };
  const dir = mkdtempSync(path.join(tmpdir(), "govcost-convert-"));
  try {
    const code = await new Promise<number | null>((resolve) => {
      const p = spawn(soffice, [`-env:UserInstallation=file://${dir}/profile`, "--headless", "--convert-to", "xlsx", "--outdir", dir, file], { stdio: "ignore" });
      const timer = setTimeout(() => p.kill("SIGKILL"), 120_000);
      p.on("error", () => resolve(-1));
      p.on("exit", (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    const out = readdirSync(dir).find((n) => n.toLowerCase().endsWith(".xlsx"));
    if (code !== 0 || !out) return { ok: false, reason: `LibreOffice 未能将该 ${ext} 文件转换为 .xlsx（文件可能已损坏或加密）` };
    return { ok: true, data: readFileSync(path.join(dir, out)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function checkOne(job: CheckJob, wb: WorkbookModule, budgetText?: (b: NonNullable<Workbook.CheckResult["budget"]>) => string): Promise<CheckOutcome> {
  const fail = (reason: string): CheckOutcome => ({ json: { file: job.name, project: null, kind: null, method: "coefficient", declared: null, recomputed: null, difference: null, findings: [], error: reason }, budgetYaml: null, mapYaml: null });
  const ext = path.extname(job.file).toLowerCase();
  let data: Buffer;
  try {
    const st = statSync(job.file);
    if (st.size > wb.DEFAULT_LIMITS.maxFileBytes) return fail(`文件有 ${st.size} 字节，超过上限 ${wb.DEFAULT_LIMITS.maxFileBytes} 字节`);
    if (CONVERTED.has(ext)) {
      const c = await convert(job.file);
      if (!c.ok) return fail(c.reason);
      data = c.data;
    } else data = readFileSync(job.file);
  } catch (e) {
    return fail(`无法读取（${(e as Error).message}）`);
  }
  const r = await wb.checkWorkbook(data, { fileName: job.name, ...(job.map ? { map: job.map } : {}) });
  return {
    json: wb.checkResultToJson(r),
    budgetYaml: job.withBudget && r.budget && budgetText ? budgetText(r.budget) : null,
    mapYaml: job.withBudget && r.map ? wb.mapToYaml(r.map) : null,
  };
}
