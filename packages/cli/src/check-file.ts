/**
 * One file of `govcost check`: read it, check it with the workbook package's checkSubmittedWorkbook
 * (an .xls/.et/.ods converted with LibreOffice when it is installed), and give its JSON. Used
 * in-process for one file and by the worker threads of a batch. Never throws on a bad file: its
 * reason is in the result.
 */
import { readFileSync, statSync } from "node:fs";
import type * as Workbook from "@govcost/workbook";
import { systemErrorText } from "./input.js";

type WorkbookModule = typeof Workbook;

/**
 * The extensions a directory walk picks up. What a file is, and whether it needs converting, is
 * decided from its bytes (checkSubmittedWorkbook); this list only keeps other files out of a batch, and
 * lives here so that listing a directory does not load the workbook package.
 */
export const READABLE = new Set([".xlsx", ".xlsm", ".xls", ".et", ".ods", ".ett", ".xlt"]);

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

/** The result of a file that was not checked (it could not be read, or its directory listed), with the reason. */
export function notChecked(name: string, reason: string): CheckOutcome {
  return { json: { file: name, project: null, kind: null, method: "coefficient", declared: null, recomputed: null, difference: null, findings: [], error: reason }, budgetYaml: null, mapYaml: null };
}

export async function checkOne(job: CheckJob, wb: WorkbookModule, budgetText?: (b: NonNullable<Workbook.CheckResult["budget"]>) => string): Promise<CheckOutcome> {
  const fail = (reason: string): CheckOutcome => notChecked(job.name, reason);
  let raw: Buffer;
  try {
    // The size limit applies to the file as given, before any conversion.
    const st = statSync(job.file);
    if (st.size > wb.DEFAULT_LIMITS.maxFileBytes) return fail(`文件有 ${st.size} 字节，超过上限 ${wb.DEFAULT_LIMITS.maxFileBytes} 字节`);
    raw = readFileSync(job.file);
  } catch (e) {
    return fail(`无法读取（${systemErrorText(e)}）`);
  }
  const r = await wb.checkSubmittedWorkbook(raw, { fileName: job.name, ...(job.map ? { map: job.map } : {}) });
  return {
    json: wb.checkResultToJson(r),
    budgetYaml: job.withBudget && r.budget && budgetText ? budgetText(r.budget) : null,
    mapYaml: job.withBudget && r.map ? wb.mapToYaml(r.map) : null,
  };
}
