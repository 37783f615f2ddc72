/** The workbook's 导出时间 in the configured time zone (Beijing time by default). */
import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { DEFAULT_STANDARD, estimate, loadBudget } from "@govcost/core";
import { writeEstimateWorkbook } from "./index.js";

const loaded = loadBudget("name: 时区\nservices:\n  - { item: 7.2.b, personMonths: 6, units: 3 }\n", DEFAULT_STANDARD, "budget.yaml");
if (!loaded.ok) throw new Error("test budget does not load");
const est = estimate(loaded.budget, DEFAULT_STANDARD);
// 16:30 UTC on 29 November is 00:30 on 30 November in Beijing (UTC+8)
const now = new Date("2026-11-29T16:30:00Z");

async function exportTime(timeZone?: string): Promise<string> {
  const bytes = await writeEstimateWorkbook(loaded.ok ? loaded.budget : (undefined as never), est, { now, ...(timeZone ? { timeZone } : {}) });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  let found = "";
  wb.worksheets[0]?.eachRow((row) => {
    if (row.getCell(1).value === "导出时间") found = String(row.getCell(2).value);
  });
  return found;
}

describe("export time", () => {
  it("are Beijing time by default", async () => {
    expect(await exportTime()).toBe("2026-11-30 00:30（北京时间）");
  });
  it("follow another configured zone", async () => {
    expect(await exportTime("UTC")).toBe("2026-11-29 16:30（UTC）");
  });
});
