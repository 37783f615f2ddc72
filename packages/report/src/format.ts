/**
 * Text helpers of the report: HTML escaping and number display. Every text that comes from a
 * budget goes through `esc` before it reaches the page.
 */
import { Dec } from "@govcost/core";

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

/** Thousands separators on a plain decimal text: "1939665.00" → "1,939,665.00". */
export function groupDigits(text: string): string {
  const neg = text.startsWith("-");
  const body = neg ? text.slice(1) : text;
  const dot = body.indexOf(".");
  const int = dot < 0 ? body : body.slice(0, dot);
  const frac = dot < 0 ? "" : body.slice(dot);
  return (neg ? "-" : "") + int.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + frac;
}

/** Money in yuan, two decimals, grouped: 684,000.00. */
export function yuan(d: Dec): string {
  return groupDigits(d.toFixed(2));
}

/** A unit price or other whole figure, grouped, without trailing zeros: 28,500. */
export function plain(d: Dec): string {
  return groupDigits(d.toString());
}

export type Unit = "yuan" | "wan";

/** The exact value of a yuan amount in 万元 (a shift of four decimal places, no rounding). */
export function toWan(d: Dec): Dec {
  return Dec.fromUnits(d.units, d.scale + 4);
}

/** 2026-11-25 as 2026年11月25日, on Beijing time (UTC+8) whatever the machine's time zone. */
export function chineseDate(date: Date): string {
  const t = new Date(date.getTime() + 8 * 3600_000);
  return `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日`;
}
