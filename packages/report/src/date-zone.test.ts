/** The report's 编制日期 in the configured time zone (Beijing time by default). */
import { describe, expect, it } from "vitest";
import { DEFAULT_STANDARD, estimate, loadBudget } from "@govcost/core";
import { renderReportHtml } from "./index.js";

const loaded = loadBudget("name: 时区\nservices:\n  - { item: 7.2.b, personMonths: 6, units: 3 }\n", DEFAULT_STANDARD, "budget.yaml");
if (!loaded.ok) throw new Error("test budget does not load");
const est = estimate(loaded.budget, DEFAULT_STANDARD);
// 16:30 UTC on 29 November is 00:30 on 30 November in Beijing (UTC+8)
const now = new Date("2026-11-29T16:30:00Z");

describe("report date", () => {
  it("is Beijing's by default and follows another configured zone", () => {
    expect(renderReportHtml(est, { generatedAt: now })).toContain("编制日期</dt><dd>2026年11月30日");
    expect(renderReportHtml(est, { generatedAt: now, timeZone: "UTC" })).toContain("编制日期</dt><dd>2026年11月29日");
  });
});
