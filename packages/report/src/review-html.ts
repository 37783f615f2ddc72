/**
 * The 审核意见书: the reviewer's opinion on a submitted budget, printable on A4 like the estimate
 * report (same styles): project and reviewer, the summary (送审金额, 审定金额 with its amount in
 * words, 审减金额, 审减率), the reduction table with reasons and clauses, a sentence on the scale
 * effect when there is one, the automatic findings, the opinion, and the signature block.
 */
import {
  DEFAULT_STANDARD,
  SEVERITY_LABELS,
  amountInWords,
  findingPlace,
  formatDecimal,
  formatFinding,
  formatMoney,
  type Dec,
  type MoneyUnit,
  type ReductionReason,
  type ReductionTotals,
  type ReviewResult,
  type Standard,
} from "@govcost/core";
import { CSS, REPORT_CSP } from "./html.js";
import { chineseDate, esc, yuan } from "./format.js";
import { ReportError } from "./errors.js";

export interface ReviewHtmlOptions {
  /** 元 (default) or 万元 (four decimals, to the yuan). */
  unit?: MoneyUnit;
  standard?: Standard;
  /** Date printed in the signature block (default: now). */
  generatedAt?: Date;
  /** IANA zone of the printed date (default Asia/Shanghai; the server passes GOVCOST_TIME_ZONE). */
  timeZone?: string;
}

const REVIEW_CSS = `
table.reduction td:nth-child(n+5):nth-child(-n+7), table.reduction td:nth-child(2) { white-space: nowrap; }
td.reasons { font-size: 8pt; }
td.reasons .clause { color: #555; }
td.neg { color: #b8383b; }
.opinion { white-space: pre-wrap; border: 1px solid #8a8a8a; padding: 3mm 4mm; min-height: 25mm; }
.signature { margin-top: 12mm; display: grid; grid-template-columns: 1fr 1fr; gap: 4mm 10mm; break-inside: avoid; }
.signature div { border-bottom: 1px solid #333; padding: 0 0 1mm; }
.sev-error { color: #b8383b; font-weight: bold; }
.sev-warning { color: #b36b00; font-weight: bold; }
.sev-confirm { color: #1f5fa8; font-weight: bold; }
`;

const PART_NAMES: Record<string, string> = { dataProducts: "数据产品费", equipment: "设备材料费", business: "业务费", external: "公式外" };

/** 审减 or 审增 (a negative reduction). */
const word = (d: Dec) => (d.isNegative() ? "审增" : "审减");

function reasonsCell(rs: readonly ReductionReason[]): string {
  if (rs.length === 0) return "";
  const note = rs[0]?.note;
  return rs.map((r) => `${esc(r.label)}${r.clause ? `<span class="clause">（${esc(r.clause)}）</span>` : ""}`).join("；") + (note ? `<br>${esc(note)}` : "");
}

/** Render the 审核意见书 as one self-contained HTML page (no network fetch of any kind). */
export function renderReviewHtml(r: ReviewResult, opts: ReviewHtmlOptions = {}): string {
  const unit = opts.unit ?? "yuan";
  if (unit !== "yuan" && unit !== "wan") throw new ReportError("bad_option", `金额单位“${String(unit)}”无效；应为 yuan（元）或 wan（万元）`);
  const std = opts.standard ?? DEFAULT_STANDARD;
  if (r.submitted.standard.id !== std.id) throw new ReportError("bad_estimate", `审核结果按标准“${r.submitted.standard.id}”计算，与意见书所用标准“${std.id}”不一致`);
  const date = opts.generatedAt ?? new Date();
  const u = unit === "wan" ? "万元" : "元";
  const m = (d: Dec) => formatMoney(d, { unit });
  const cls = (d: Dec) => (d.isNegative() ? ` class="num neg"` : ` class="num"`);
  const s = r.submitted;
  const a = r.approved;
  const withExternal = r.external.length > 0;
  const main: ReductionTotals = withExternal ? r.grandTotals : r.totals;
  const rate = (t: ReductionTotals) => (t.reductionRate === null ? "—" : `${t.reductionRate.toFixed(2)}%`);

  const out: string[] = [];
  out.push(
    `<header class="title-block"><h1>系统业务运营服务成本审核意见书</h1>` +
      `<div class="project">${esc(s.name)}</div>` +
      `<dl><dt>审核依据</dt><dd>《${esc(std.title)}》${esc(std.code)}</dd>` +
      `<dt>评审人</dt><dd>${esc(r.review.reviewer ?? "")}</dd>` +
      `<dt>费率方案</dt><dd>${esc(s.rateProfile.name)}</dd>` +
      `<dt>金额单位</dt><dd>${unit === "wan" ? "万元（保留 4 位小数，至元；各数分别四舍五入）" : "元（精确至分）"}</dd>` +
      `<dt>日期</dt><dd>${chineseDate(date, opts.timeZone)}</dd></dl></header>`,
  );

  // 一、审核结论
  const sumRow = (label: string, t: ReductionTotals, bold = false) =>
    `<tr${bold ? ` class="sum"` : ""}><td>${label}</td><td class="num">${m(t.submitted)}</td><td class="num">${m(t.approved)}</td><td${cls(t.reduction)}>${m(t.reduction)}</td><td class="num">${rate(t)}</td></tr>`;
  out.push(
    `<section id="summary"><h2>一、审核结论</h2>` +
      `<table class="summary"><thead><tr><th>项目</th><th class="num">送审（申报）金额（${u}）</th><th class="num">审定金额（${u}）</th><th class="num">审减金额（${u}）</th><th class="num">审减率</th></tr></thead><tbody>` +
      sumRow("人力成本 L", r.labor) +
      sumRow("非人力成本 T", r.nonLaborTotals) +
      sumRow("总成本 C = L + T", r.totals, !withExternal) +
      (withExternal ? sumRow("公式(1)之外计价的服务", r.externalTotals) + sumRow("合计（含公式外）", r.grandTotals, true) : "") +
      `</tbody></table>` +
      `<p class="words">申报金额：${yuan(main.submitted)} 元；审定金额：${yuan(main.approved)} 元（大写：${esc(amountInWords(main.approved))}）</p>` +
      `<p class="words">${word(main.reduction)}金额：${yuan(main.reduction.isNegative() ? main.reduction.neg() : main.reduction)} 元；审减率：${rate(main)}</p>` +
      `<div class="box small">审减金额 = 送审（申报）金额 − 审定金额，负数为审增；审减率 = 审减金额 ÷ 送审金额 × 100%，四舍五入保留两位小数。审定金额按审核决定调整后的预算，以同一标准、同一费率方案重新测算。</div>` +
      `</section>`,
  );

  // 二、审减明细表
  const rows: string[] = [];
  for (const l of r.lines) {
    const name = `${l.item} ${s.lines[l.line - 1]?.name ?? ""}`;
    rows.push(
      `<tr><td class="c">${l.line}</td><td>人力成本</td><td>${esc(name)}</td><td class="c">${esc(l.approvedItem ?? "核减")}</td>` +
        `<td class="num">${m(l.submittedAmount)}</td><td class="num">${m(l.approvedAmount)}</td><td${cls(l.reduction)}>${m(l.reduction)}</td><td class="reasons">${reasonsCell(l.reasons)}</td></tr>`,
    );
  }
  const total = (label: string, sub: Dec | null, app: Dec | null, red: Dec, note = "") =>
    `<tr class="sum"><td colspan="4">${label}</td><td class="num">${sub ? m(sub) : ""}</td><td class="num">${app ? m(app) : ""}</td><td${cls(red)}>${m(red)}</td><td class="reasons">${note}</td></tr>`;
  rows.push(total("各行合计 Σ(P×Q)", s.laborSubtotal, a.laborSubtotal, r.lineReductions));
  rows.push(total(`规模系数影响（S ${s.scale.level} ${s.scale.coefficient.toFixed(2)} → ${a.scale.level} ${a.scale.coefficient.toFixed(2)}）`, null, null, r.scaleEffect, "表A.4、公式(2)"));
  rows.push(total("人力成本 L = Σ(P×Q) × S", r.labor.submitted, r.labor.approved, r.labor.reduction));
  for (const x of r.nonLabor) {
    rows.push(
      `<tr><td class="c">${x.index + 1}</td><td>${esc(PART_NAMES[x.part] ?? x.part)}</td><td>${esc(x.name)}</td><td class="c">${x.removed ? "核减" : ""}</td>` +
        `<td class="num">${m(x.submittedAmount)}</td><td class="num">${m(x.approvedAmount)}</td><td${cls(x.reduction)}>${m(x.reduction)}</td><td class="reasons">${reasonsCell(x.reasons)}</td></tr>`,
    );
  }
  rows.push(total("非人力成本 T = D + E + B", r.nonLaborTotals.submitted, r.nonLaborTotals.approved, r.nonLaborTotals.reduction));
  rows.push(total("总成本 C = L + T", r.totals.submitted, r.totals.approved, r.totals.reduction, `审减率 ${rate(r.totals)}`));
  if (withExternal) {
    for (const x of r.external) {
      rows.push(
        `<tr><td class="c">${x.index + 1}</td><td>公式外</td><td>${esc(x.name)}</td><td class="c">${x.removed ? "核减" : ""}</td>` +
          `<td class="num">${m(x.submittedAmount)}</td><td class="num">${m(x.approvedAmount)}</td><td${cls(x.reduction)}>${m(x.reduction)}</td><td class="reasons">${reasonsCell(x.reasons)}</td></tr>`,
      );
    }
    rows.push(total("合计（含公式外）", r.grandTotals.submitted, r.grandTotals.approved, r.grandTotals.reduction, `审减率 ${rate(r.grandTotals)}`));
  }
  const scaleSentence = r.scaleEffect.isZero() ? "" : `<p class="box small">${esc(scaleEffectText(r))}</p>`;
  out.push(
    `<section id="reduction"><h2>二、审减明细表</h2>` +
      `<table class="reduction"><colgroup><col style="width:5%"><col style="width:9%"><col style="width:19%"><col style="width:6%"><col style="width:11%"><col style="width:11%"><col style="width:11%"><col style="width:28%"></colgroup><thead><tr><th>行号</th><th>类别</th><th>服务内容/名称</th><th>审定编号</th><th class="num">送审金额（${u}）</th><th class="num">审定金额（${u}）</th><th class="num">审减金额（${u}）</th><th>理由（条款）及说明</th></tr></thead>` +
      `<tbody>${rows.join("")}</tbody></table>${scaleSentence}</section>`,
  );

  // 三、预审发现
  const findings = r.findings.length
    ? `<table class="findings"><thead><tr><th>级别</th><th>位置</th><th>条款</th><th>说明</th><th class="num">涉及金额（${u}）</th></tr></thead><tbody>` +
      r.findings
        .map(
          (f) =>
            `<tr><td class="c sev-${f.severity}">${SEVERITY_LABELS[f.severity].zh}</td><td class="c">${esc(findingPlace(f))}${f.item ? `<br>${esc(f.item)}` : ""}</td><td>${esc(f.clause)}</td><td>${esc(formatFinding(f))}</td><td class="num">${f.amount ? m(f.amount) : ""}</td></tr>`,
        )
        .join("") +
      `</tbody></table>`
    : `<p>未发现需提示的问题。</p>`;
  out.push(`<section id="findings"><h2>三、预审发现</h2>${findings}</section>`);

  // 四、审核意见 and signature
  out.push(
    `<section id="opinion"><h2>四、审核意见</h2><div class="opinion">${esc(r.review.opinion ?? "")}</div>` +
      `<div class="signature"><div>评审人：${esc(r.review.reviewer ?? "")}</div><div>日期：${chineseDate(date, opts.timeZone)}</div></div></section>`,
  );

  const title = `${s.name} — 审核意见书`;
  return (
    `<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="generator" content="govcost">` +
    `<title>${esc(title)}</title><style>${CSS}${REVIEW_CSS}</style></head><body>` +
    out.join("") +
    `<footer>依据 ${esc(std.code)} 审核 · ${chineseDate(date, opts.timeZone)}</footer>` +
    `</body></html>\n`
  );
}

/** Why the labor reduction is not the sum of the line reductions. */
export function scaleEffectText(r: ReviewResult): string {
  const s = r.submitted.scale;
  const a = r.approved.scale;
  const lr = r.labor.reduction;
  const head = `人力成本${word(lr)} ${yuan(lr.isNegative() ? lr.neg() : lr)} 元，与各行审减合计 ${yuan(r.lineReductions)} 元相差 ${yuan(r.scaleEffect)} 元（规模系数影响）：`;
  return s.level !== a.level
    ? head + `审定后总工作量为 ${formatDecimal(r.approved.personMonths)} 人月，项目规模系数由 ${s.level} ${s.coefficient.toFixed(2)} 变为 ${a.level} ${a.coefficient.toFixed(2)}（表A.4），规模系数作用于全部人力成本（公式(2)）。`
    : head + `规模系数 ${s.coefficient.toFixed(2)} 作用于全部人力成本，人力成本乘以规模系数后四舍五入至分（公式(2)）。`;
}
