/**
 * Text helpers of the report: HTML escaping and number display. Every text that comes from a
 * budget goes through `esc` before it reaches the page.
 */
import { chineseLocalDate, DEFAULT_TIME_ZONE, formatDecimal, formatMoney, type Dec } from "@govcost/core";

const ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escape text for HTML element content and quoted attribute values. */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/** Money in yuan, two decimals, grouped: 684,000.00. */
export function yuan(d: Dec): string {
  return formatMoney(d);
}

/** A unit price or other whole figure, grouped, without trailing zeros: 28,500. */
export function plain(d: Dec): string {
  return formatDecimal(d);
}

/** 2026-11-25 as 2026年11月25日, in the configured zone (Asia/Shanghai by default) whatever the machine's. */
export function chineseDate(date: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  return chineseLocalDate(date, timeZone);
}
