/** Money for display: from exact decimal strings, never through floating point. */
import { DEFAULT_TIME_ZONE, Dec, formatMoney, localDateTime, type MoneyUnit } from "@govcost/core";

export type Unit = MoneyUnit;

/** "684000.00" → "684,000.00" (元) or "68.4000" (万元, four decimals so no yuan is lost from view). */
export function money(value: Dec | string | null | undefined, unit: Unit = "yuan"): string {
  if (value === null || value === undefined || value === "") return "—";
  const d = typeof value === "string" ? Dec.tryParse(value) : value;
  if (!d) return String(value);
  return formatMoney(d, { unit });
}

export function unitLabel(unit: Unit): string {
  return unit === "wan" ? "万元" : "元";
}

/**
 * Times are shown in the server's configured zone (GOVCOST_TIME_ZONE, Beijing time by default)
 * whatever the browser's, like the exported report and workbook. The session answer sets it.
 */
let timeZone = DEFAULT_TIME_ZONE;
export function setTimeZone(zone: string | undefined): void {
  timeZone = zone || DEFAULT_TIME_ZONE;
}

/** "2026-11-30T00:44:00Z" → "2026-11-30 08:44" (Asia/Shanghai). */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  return localDateTime(iso, timeZone);
}
