/** Money for display: from exact decimal strings, never through floating point. */
import { Dec, formatMoney, type MoneyUnit } from "@govcost/core";

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

/** Times are shown in Beijing time whatever the browser's zone, like the exported report and workbook. */
export const TIME_ZONE = "Asia/Shanghai";
const DATE_TIME = new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

/** "2026-11-30T00:44:00Z" → "2026-11-30 08:44" (Asia/Shanghai). */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const part = (type: Intl.DateTimeFormatPartTypes) => DATE_TIME.formatToParts(d).find((x) => x.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")}`;
}
