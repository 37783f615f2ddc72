/** The JSON of a check (`govcost check --json`, POST /api/check): amounts in 元 as two-decimal strings. */
import { formatFinding, type Locale, type Severity } from "@govcost/core";
import type { CheckResult } from "./check.js";

export interface CheckFindingJson {
  code: string;
  severity: Severity;
  clause: string;
  /** `sheet!A1`. */
  cell: string;
  item: string | null;
  amountAtStake: string | null;
  message: string;
}

export interface CheckResultJson {
  file: string;
  /** Null where the file could not be read (`error` says why). */
  project: string | null;
  kind: "govcost" | "foreign" | null;
  method: "coefficient" | "quick";
  declared: string | null;
  recomputed: string | null;
  difference: string | null;
  findings: CheckFindingJson[];
  error?: string;
}

export function checkResultToJson(r: CheckResult, locale: Locale = "zh-CN"): CheckResultJson {
  const out: CheckResultJson = {
    file: r.file,
    // No title above the table: no project name (never a service's name from the rows).
    project: r.ok && r.project !== "" ? r.project : null,
    kind: r.kind,
    method: r.method,
    declared: r.declared?.toFixed(2) ?? null,
    recomputed: r.recomputed?.toFixed(2) ?? null,
    difference: r.difference?.toFixed(2) ?? null,
    findings: r.findings.map((f) => ({
      code: f.code,
      severity: f.severity,
      clause: f.clause,
      cell: f.at.kind === "cell" ? `${f.at.sheet}!${f.at.cell}` : "",
      item: f.item,
      amountAtStake: f.amount?.toFixed(2) ?? null,
      message: formatFinding(f, locale),
    })),
  };
  if (!r.ok && r.reason) out.error = r.reason;
  return out;
}
