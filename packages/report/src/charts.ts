/**
 * Small inline SVG charts (horizontal bars and a donut) with labels, values and shares. No
 * library and no external resource: the SVG is part of the one HTML file. Lengths are
 * computed from the exact decimals with integer arithmetic; only the donut's arc end points
 * use trigonometry, for drawing.
 */
import type { Dec } from "@govcost/core";
import { sharesInPermille, formatPermille } from "./distribute.js";
import { esc } from "./format.js";

export interface ChartDatum {
  label: string;
  /** Exact value, used for bar lengths and shares. */
  value: Dec;
  /** The value as displayed (already formatted, e.g. "684,000.00"). */
  shown: string;
}

/** Print-friendly colours that stay apart in greyscale too. */
const PALETTE = ["#1f5fa8", "#e07b39", "#3a9a5b", "#b8383b", "#7d5ba6", "#8c6d31", "#2a9bb5", "#c1578f", "#5f6b73", "#a2a83a"];

const FONT = `font-family="Noto Sans CJK SC, WenQuanYi Micro Hei, Microsoft YaHei, PingFang SC, sans-serif"`;

function colour(i: number): string {
  return PALETTE[i % PALETTE.length] as string;
}

function unitsAt(value: Dec, scale: number): bigint {
  let u = value.units;
  for (let s = value.scale; s < scale; s++) u *= 10n;
  return u;
}

/** Integer bar length: round(value / max × width), exactly. */
function barLength(value: Dec, max: Dec, width: number): number {
  const scale = Math.max(value.scale, max.scale);
  const v = unitsAt(value, scale);
  const m = unitsAt(max, scale);
  if (m <= 0n || v <= 0n) return 0;
  const w = BigInt(width);
  return Number((v * w * 2n + m) / (m * 2n));
}

/**
 * Horizontal bar chart: one row per datum, label on the left, bar, then "value · share".
 * Shares add up to 100.0 % (largest remainder over exact ratios).
 */
export function barChart(title: string, unitLabel: string, data: readonly ChartDatum[], id: string): string {
  const shares = sharesInPermille(data.map((d) => d.value));
  const labelW = 210;
  const barW = 280;
  const rowH = 22;
  const top = 8;
  const width = 680;
  const height = top + rowH * Math.max(1, data.length) + 8;
  let max = data[0]?.value;
  for (const d of data) if (max === undefined || d.value.gt(max)) max = d.value;
  const rows = data.map((d, i) => {
    const y = top + i * rowH;
    const len = max === undefined ? 0 : barLength(d.value, max, barW);
    const share = formatPermille(shares[i] as bigint);
    return (
      `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end" font-size="12" fill="#222">${esc(d.label)}</text>` +
      `<rect x="${labelW}" y="${y + 4}" width="${len}" height="${rowH - 8}" fill="${colour(i)}"><title>${esc(`${d.label}：${d.shown} ${unitLabel}（${share}）`)}</title></rect>` +
      `<text x="${labelW + len + 6}" y="${y + 15}" font-size="11.5" fill="#222">${esc(`${d.shown} ${unitLabel} · ${share}`)}</text>`
    );
  });
  return (
    `<svg class="chart-svg" id="${esc(id)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(title)}" ${FONT}>` +
    `<line x1="${labelW}" y1="${top}" x2="${labelW}" y2="${height - 8}" stroke="#888" stroke-width="1"/>` +
    (data.length === 0 ? `<text x="${labelW + 8}" y="${top + 17}" font-size="12" fill="#666">无数据</text>` : rows.join("")) +
    `</svg>`
  );
}

function point(cx: number, cy: number, r: number, angle: number): string {
  // Angle 0 at 12 o'clock, clockwise.
  const x = cx + r * Math.sin(angle);
  const y = cy - r * Math.cos(angle);
  return `${x.toFixed(2)} ${y.toFixed(2)}`;
}

/** Donut chart with a legend (label, value, share); shares add up to 100.0 %. */
export function donutChart(title: string, unitLabel: string, data: readonly ChartDatum[], id: string, centre: string): string {
  const shares = sharesInPermille(data.map((d) => d.value));
  const cx = 90;
  const cy = 85;
  const r = 62;
  const stroke = 28;
  const legendX = 200;
  const rowH = 22;
  const width = 680;
  const height = Math.max(170, 20 + rowH * data.length);
  const arcs: string[] = [];
  let acc = 0n;
  data.forEach((d, i) => {
    const p = shares[i] as bigint;
    if (p === 0n) return;
    const label = esc(`${d.label}：${d.shown} ${unitLabel}（${formatPermille(p)}）`);
    if (p === 1000n) {
      arcs.push(`<circle cx="${cx}" cy="${cy}" r="${r}" fill="none" stroke="${colour(i)}" stroke-width="${stroke}"><title>${label}</title></circle>`);
    } else {
      const a0 = (Number(acc) / 1000) * 2 * Math.PI;
      const a1 = (Number(acc + p) / 1000) * 2 * Math.PI;
      const large = p > 500n ? 1 : 0;
      arcs.push(
        `<path d="M ${point(cx, cy, r, a0)} A ${r} ${r} 0 ${large} 1 ${point(cx, cy, r, a1)}" fill="none" stroke="${colour(i)}" stroke-width="${stroke}"><title>${label}</title></path>`,
      );
    }
    acc += p;
  });
  if (arcs.length === 0) arcs.push(`<circle cx="${cx}" cy="${cy}" r="${r}" fill="none" stroke="#ddd" stroke-width="${stroke}"/>`);
  const legend = data.map((d, i) => {
    const y = 14 + i * rowH;
    return (
      `<rect x="${legendX}" y="${y}" width="14" height="14" fill="${colour(i)}"/>` +
      `<text x="${legendX + 22}" y="${y + 12}" font-size="12" fill="#222">${esc(`${d.label}：${d.shown} ${unitLabel} · ${formatPermille(shares[i] as bigint)}`)}</text>`
    );
  });
  return (
    `<svg class="chart-svg" id="${esc(id)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(title)}" ${FONT}>` +
    arcs.join("") +
    `<text x="${cx}" y="${cy + 5}" text-anchor="middle" font-size="11" fill="#222">${esc(centre)}</text>` +
    legend.join("") +
    `</svg>`
  );
}
