/**
 * Regenerate docs/report/: the sample report (HTML), its PDF's first page as PNG (pdftoppm).
 * Run from the repository root: npx tsx packages/report/scripts/make-sample.ts
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_STANDARD, estimate, loadBudget } from "@govcost/core";
import { renderReportHtml, renderReportPdf } from "../src/index.js";

const dir = "docs/report";
const loaded = loadBudget(readFileSync(join(dir, "sample-budget.yaml"), "utf8"), DEFAULT_STANDARD, "sample-budget.yaml");
if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
const est = estimate(loaded.budget, DEFAULT_STANDARD);
const generatedAt = new Date("2025-03-01T02:00:00Z");
const html = renderReportHtml(est, { generatedAt });
writeFileSync(join(dir, "sample-report.html"), html);
writeFileSync(join(dir, "sample-report-wan.html"), renderReportHtml(est, { generatedAt, unit: "wan" }));
const tmp = mkdtempSync(join(tmpdir(), "govcost-sample-"));
const pdfPath = join(tmp, "sample.pdf");
writeFileSync(pdfPath, await renderReportPdf(html));
for (const page of [1, 2]) {
  execFileSync("pdftoppm", ["-png", "-r", "60", "-f", String(page), "-l", String(page), "-singlefile", pdfPath, join(tmp, `p${page}`)]);
  renameSync(join(tmp, `p${page}.png`), join(dir, `sample-page${page}.png`));
}
console.log(execFileSync("pdfinfo", [pdfPath]).toString());
