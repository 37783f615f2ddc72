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

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
