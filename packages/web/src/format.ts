/** Money for display: from exact decimal strings, never through floating point. */
import { Dec } from "@govcost/core";

export type Unit = "yuan" | "wan";

function group(intPart: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** "684000.00" → "684,000.00" (元) or "68.4000" (万元, four decimals so no yuan is lost from view). */
export function money(value: Dec | string | null | undefined, unit: Unit = "yuan"): string {
  if (value === null || value === undefined || value === "") return "—";
  const d = typeof value === "string" ? Dec.tryParse(value) : value;
  if (!d) return String(value);
  const text = unit === "wan" ? d.divIntRoundHalfUp(10000n, 4).toFixed(4) : d.toFixed(2);
  const neg = text.startsWith("-");
  const body = neg ? text.slice(1) : text;
  const [i, f] = body.split(".");
  return `${neg ? "-" : ""}${group(i ?? "0")}${f ? "." + f : ""}`;
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
