/**
 * The printable report: one self-contained HTML file (no network fetch of any kind) with the
 * summary of 公式(1)–(3), the estimate rationale (测算说明) line by line, the estimate table
 * (测算表), inline SVG charts, and the warnings, method cross-check, rate profile, rounding
 * policy and decisions that shape the figures.
 */
import { DEFAULT_STANDARD, DECISIONS, NON_LABOR_PARTS, ROUNDING_POLICY, amountInWords, formatDecimal, formatWarning, placeOfPath, indexStandard, type Dec, type Estimate, type MoneyUnit, type Standard } from "@govcost/core";
import { barChart, donutChart, type ChartDatum } from "./charts.js";
import { computeFigures, fig, NON_LABOR_LABELS, type Figure, type ShownFigures } from "./figures.js";
import { chineseDate, esc, plain, yuan } from "./format.js";
import { ReportError } from "./errors.js";
import { money, categoryName, serviceTypeName, type Ctx } from "./html-context.js";
import { rationaleSection } from "./html-rationale.js";

export interface ReportHtmlOptions {
  /** 元 (default) or 万元. */
  unit?: MoneyUnit;
  /** Decimals of 万元 figures: 4 (default, to the yuan) or 2 (to the hundred yuan). */
  wanPlaces?: 2 | 4;
  /** The standard the estimate was priced by (default T/DGAG 024—2024). */
  standard?: Standard;
  /** Date printed as 编制日期 (default: now). Pass it to make the output reproducible. */
  generatedAt?: Date;
  /** IANA zone of the printed date (default Asia/Shanghai). */
  timeZone?: string;
  locale?: "zh-CN";
}

/** The Content-Security-Policy of the report: nothing may load or run, inline styles and data: images only. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const FONT_STACK = `"Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif`;

export const CSS = `
@page { size: A4; margin: 16mm 15mm 18mm 15mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: ${FONT_STACK}; font-size: 10.5pt; line-height: 1.65; color: #1a1a1a; margin: 0 auto; max-width: 180mm; }
@media screen { body { padding: 12mm 0; } }
h1 { font-size: 19pt; text-align: center; margin: 0 0 4mm; letter-spacing: 1px; }
h2 { font-size: 14pt; border-bottom: 2px solid #1f5fa8; padding-bottom: 1mm; margin: 0 0 3mm; break-after: avoid; }
h3 { font-size: 11.5pt; margin: 5mm 0 2mm; break-after: avoid; }
p { margin: 0 0 2mm; text-align: justify; }
section.page { break-before: page; }
.title-block { border: 1.5px solid #1f5fa8; padding: 6mm 8mm; margin-bottom: 6mm; }
.title-block .project { font-size: 15pt; font-weight: bold; text-align: center; margin-bottom: 3mm; word-break: break-all; }
.title-block dl { display: grid; grid-template-columns: 26mm 1fr; gap: 1mm 3mm; margin: 0; }
.title-block dt { color: #555; }
.title-block dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; line-height: 1.35; margin: 0 0 3mm; }
thead { display: table-header-group; }
table.nonlabor, table.external, table.levels, table.rates, table.summary { break-inside: avoid; }
tr { break-inside: avoid; }
th, td { border: 1px solid #8a8a8a; padding: 0.9mm 1.5mm; vertical-align: top; }
th { background: #e8eef6; font-weight: bold; text-align: center; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.c { text-align: center; white-space: nowrap; }
tr.sum td { font-weight: bold; background: #f4f6f9; }
tr.sub td:first-child { padding-left: 6mm; }
.words { font-size: 12pt; font-weight: bold; margin: 3mm 0; }
.box { border-left: 3px solid #1f5fa8; background: #f4f7fb; padding: 2mm 3mm; margin: 2mm 0 3mm; }
ol.lines { padding-left: 0; list-style: none; margin: 0; }
ol.lines li { margin: 0 0 3mm; break-inside: avoid; }
.formula { font-family: ${FONT_STACK}; background: #f7f7f7; padding: 1.5mm 3mm; margin: 2mm 0; }
.note { color: #444; font-size: 9pt; }
.adj { color: #b8383b; font-size: 7pt; }
.chart { break-inside: avoid; margin: 0 0 3mm; }
.chart h3 { margin-top: 3mm; }
.chart svg { max-width: 100%; height: auto; }
.warn li { margin-bottom: 1mm; }
.small { font-size: 8.5pt; }
table.signature { margin-top: 8mm; font-size: 10.5pt; break-inside: avoid; }
table.signature td { border: 0; padding: 4mm 1mm 0.5mm; white-space: nowrap; }
table.signature td.blank { border-bottom: 1px solid #1a1a1a; width: 34%; }
table.signature td.date { text-align: right; letter-spacing: 2px; }
footer { margin-top: 6mm; font-size: 8.5pt; color: #666; text-align: center; }
`;

function titleBlock(ctx: Ctx, date: string): string {
  const { e, std, f } = ctx;
  return (
    `<header class="title-block"><h1>系统业务运营服务成本测算报告</h1>` +
    `<div class="project">${esc(e.name)}</div>` +
    `<dl><dt>测算依据</dt><dd>《${esc(std.title)}》${esc(std.code)}（${esc(std.publisher)}，${esc(std.issued)} 发布，${esc(std.effective)} 实施）</dd>` +
    `<dt>费率方案</dt><dd>${esc(e.rateProfile.name)}${e.rateProfile.custom ? "（自定义，表B.1 注2）" : ""}</dd>` +
    `<dt>金额单位</dt><dd>${f.unit === "wan" ? `万元（保留 ${f.places} 位小数）` : "元（精确至分）"}</dd>` +
    `<dt>编制日期</dt><dd>${date}</dd></dl></header>`
  );
}

function summarySection(ctx: Ctx): string {
  const { e, f } = ctx;
  const u = f.unitLabel;
  const rows: string[] = [];
  const row = (label: string, basis: string, value: Figure, cls = ""): void => {
    rows.push(`<tr${cls ? ` class="${cls}"` : ""}><td>${label}</td><td>${basis}</td><td class="num">${money(ctx, value)}</td></tr>`);
  };
  row("人力成本 L", `公式(2) Σ(P×Q)×S；${e.lines.length} 个服务行，${esc(formatDecimal(e.personMonths))} 人月，规模系数 ${e.scale.level} ${esc(e.scale.coefficient.toFixed(2))}`, f.labor);
  row("非人力成本 T", "公式(3) T = D + E + B", f.nonLabor);
  for (const p of NON_LABOR_PARTS) {
    row(`其中：${NON_LABOR_LABELS[p].name} ${NON_LABOR_LABELS[p].symbol}`, `${e.nonLaborItems[p].length} 项`, f.parts[p], "sub");
  }
  row("总成本 C", "公式(1) C = L + T", f.total, "sum");
  if (e.external.length > 0) {
    row("公式(1)之外计价的服务", `${e.external.length} 项（5.1 注、6.1.2、8.5.2），不乘规模系数`, f.externalTotal);
    row("合计（含公式外）", "C + 公式(1)之外计价的服务", f.grandTotal, "sum");
  }
  const wordsOf = e.external.length > 0 ? e.grandTotal : e.total;
  return (
    `<section id="summary"><h2>一、测算汇总</h2>` +
    `<table class="summary"><thead><tr><th>项目</th><th>计算依据</th><th class="num">金额（${u}）</th></tr></thead><tbody>${rows.join("")}</tbody></table>` +
    `<p class="words">${e.external.length > 0 ? "合计（含公式外）" : "总成本"}大写：${esc(amountInWords(wordsOf))}</p>` +
    `<p class="words">${e.external.length > 0 ? "合计（含公式外）" : "总成本 C"}：${yuan(wordsOf)} 元</p>` +
    (f.unit === "wan" ? `<p class="note">大写金额和上行按元精确至分；表中以万元列示。${adjustedNote(f)}</p>` : "") +
    `<div class="box small">人力成本 L = Σ(P×Q) ${yuan(e.laborSubtotal)} 元 × 规模系数 ${esc(e.scale.coefficient.toFixed(2))}（${e.scale.level}，${esc(e.scale.label)}，表A.4）= ${yuan(e.labor)} 元；` +
    `非人力成本 T = ${yuan(e.nonLabor)} 元；总成本 C = L + T = ${yuan(e.total)} 元。` +
    `${e.warnings.length > 0 ? `本测算有 ${e.warnings.length} 条提示，见“五、提示与说明”。` : "本测算无提示。"}</div>` +
    signatureBlock() +
    `</section>`
  );
}

/** Where the preparing unit stamps and the preparer and the checker sign, filled in by hand on the printed report. */
export const SIGNATURE_LABELS = ["编制单位（盖章）", "编制人", "审核人", "日期"] as const;

function signatureBlock(): string {
  const [unit, preparer, checker, date] = SIGNATURE_LABELS;
  return (
    `<table class="signature" data-part="signature"><tbody>` +
    `<tr><td>${unit}：</td><td class="blank"></td><td>${date}：</td><td class="blank date">年\u3000\u3000月\u3000\u3000日</td></tr>` +
    `<tr><td>${preparer}：</td><td class="blank"></td><td>${checker}：</td><td class="blank"></td></tr>` +
    `</tbody></table>`
  );
}

// ---- 测算表 ----------------------------------------------------------------------------

function lineTable(ctx: Ctx): string {
  const { e, f } = ctx;
  const u = f.unitLabel;
  const body = e.lines
    .map(
      (l, i) =>
        `<tr><td class="c">${i + 1}</td><td class="c">${esc(l.item)}</td><td>${esc(l.name)}</td><td class="c">${l.technical}</td><td class="c">${l.business}</td><td class="c">${l.collaboration}</td>` +
        `<td class="num">${esc(l.coefficient.toString())}</td><td class="c">${esc(l.tier.name)}</td><td class="num">${plain(l.unitPrice)}</td><td class="num">${esc(formatDecimal(l.personMonths))}</td>` +
        `<td class="c">${l.method === "quick" ? "方法2" : "方法1"}</td><td class="num">${money(ctx, f.lines[i] as Figure)}</td></tr>`,
    )
    .join("");
  const foot: string[] = [];
  const frow = (label: string, value: string, cls = "sum"): void => {
    foot.push(`<tr class="${cls}"><td colspan="11">${label}</td><td class="num">${value}</td></tr>`);
  };
  frow(`小计 Σ(P×Q)（${esc(formatDecimal(e.personMonths))} 人月）`, money(ctx, f.subtotal));
  frow(`规模系数 S（${e.scale.level}，表A.4）`, esc(e.scale.coefficient.toFixed(2)), "sub");
  frow("人力成本 L = Σ(P×Q) × S（公式(2)）", money(ctx, f.labor));
  for (const p of NON_LABOR_PARTS) frow(`${NON_LABOR_LABELS[p].name} ${NON_LABOR_LABELS[p].symbol}`, money(ctx, f.parts[p]), "sub");
  frow("非人力成本 T = D + E + B（公式(3)）", money(ctx, f.nonLabor));
  frow("总成本 C = L + T（公式(1)）", money(ctx, f.total));
  if (e.external.length > 0) {
    frow("公式(1)之外计价的服务", money(ctx, f.externalTotal), "sub");
    frow("合计（含公式外）", money(ctx, f.grandTotal));
  }
  const nonLaborRows = NON_LABOR_PARTS.flatMap((p) =>
    e.nonLaborItems[p].map(
      (x, k) =>
        `<tr><td>${NON_LABOR_LABELS[p].name} ${NON_LABOR_LABELS[p].symbol}</td><td>${esc(x.name)}</td><td>${x.note ? esc(x.note) : "—"}</td><td class="num">${money(ctx, f.partItems[p][k] as Figure)}</td></tr>`,
    ),
  );
  const externalRows = e.external.map(
    (x, k) => `<tr><td class="c">${esc(x.item)}</td><td>${esc(x.name)}</td><td>${esc(x.basis)}</td><td class="num">${money(ctx, f.external[k] as Figure)}</td></tr>`,
  );
  return (
    `<section class="page" id="table"><h2>三、测算表</h2>` +
    `<h3>（一）人力成本测算表</h3>` +
    `<table class="lines"><thead><tr><th>序号</th><th>编号</th><th>服务内容类别</th><th>T</th><th>B</th><th>F</th><th>T×B×F</th><th>档位</th><th class="num">单价 P<br>（元/人月）</th><th class="num">工作量 Q<br>（人月）</th><th>方法</th><th class="num">金额<br>（${u}）</th></tr></thead>` +
    `<tbody>${body || `<tr><td colspan="12">（无）</td></tr>`}</tbody><tbody class="totals">${foot.join("")}</tbody></table>` +
    (f.adjusted.length > 0 ? `<p class="note">${adjustedNote(f)}</p>` : "") +
    `<h3>（二）非人力成本明细</h3>` +
    (nonLaborRows.length > 0
      ? `<table class="nonlabor"><thead><tr><th>类别</th><th>名称</th><th>依据/说明</th><th class="num">金额（${u}）</th></tr></thead><tbody>${nonLaborRows.join("")}` +
        `<tr class="sum"><td colspan="3">非人力成本 T</td><td class="num">${money(ctx, f.nonLabor)}</td></tr></tbody></table>`
      : `<p>本预算未列非人力成本，T = 0。</p>`) +
    (externalRows.length > 0
      ? `<h3>（三）公式(1)之外计价的服务</h3><table class="external"><thead><tr><th>编号</th><th>名称</th><th>计价依据</th><th class="num">金额（${u}）</th></tr></thead><tbody>${externalRows.join("")}` +
        `<tr class="sum"><td colspan="3">合计</td><td class="num">${money(ctx, f.externalTotal)}</td></tr></tbody></table>`
      : "") +
    `</section>`
  );
}

// ---- 图表 ------------------------------------------------------------------------------

function chartsSection(ctx: Ctx): string {
  const { e, f } = ctx;
  const u = f.unitLabel;
  const show = (x: Figure): string => fig({ value: x.value, adjusted: false }, f.places);
  const byCategory: ChartDatum[] = f.categories.map((g) => ({ label: g.label, value: g.exact, shown: show(g.shown) }));
  const byType: ChartDatum[] = f.serviceTypes.map((g) => ({ label: g.label, value: g.exact, shown: show(g.shown) }));
  const byTier: ChartDatum[] = e.tierGroups.map((g, i) => ({ label: `${g.name}（${g.staff}）`, value: g.amount, shown: show(f.tierGroups[i] as Figure) }));
  const composition: ChartDatum[] = [
    { label: "人力成本 L", value: e.labor, shown: show(f.labor) },
    ...NON_LABOR_PARTS.map((p) => ({ label: `${NON_LABOR_LABELS[p].name} ${NON_LABOR_LABELS[p].symbol}`, value: e.nonLaborParts[p], shown: show(f.parts[p]) })),
  ];
  const chart = (title: string, svg: string, caption = ""): string =>
    `<figure class="chart"><h3>${esc(title)}</h3>${svg}${caption ? `<figcaption class="note">${caption}</figcaption>` : ""}</figure>`;
  return (
    `<section class="page" id="charts"><h2>四、成本构成图</h2>` +
    `<p class="note">百分比按精确金额计算，保留一位小数，并按最大余额法使各图合计为 100.0%。人力成本各图的数值为各服务行 P×Q 之和（乘规模系数 S 之前），合计 Σ(P×Q) = ${fig(f.subtotal, f.places)} ${u}。</p>` +
    chart("总成本构成（C = L + D + E + B）", donutChart("总成本构成", u, composition, "chart-composition", `C ${show(f.total)}`)) +
    chart("人力成本按类别（第4章五类）", barChart("人力成本按类别", u, byCategory, "chart-category")) +
    chart("人力成本按服务类型", barChart("人力成本按服务类型", u, byType, "chart-service-type")) +
    chart("人力成本按人员级别（表B.1 档位）", donutChart("人力成本按人员级别", u, byTier, "chart-tier", `Σ ${show(f.subtotal)}`)) +
    `</section>`
  );
}

// ---- 提示与说明 ------------------------------------------------------------------------

function notesSection(ctx: Ctx): string {
  const { e, std, f } = ctx;
  const out: string[] = [`<section class="page" id="notes"><h2>五、提示与说明</h2>`];

  out.push(`<h3>（一）提示</h3>`);
  if (e.warnings.length === 0) out.push(`<p>无。</p>`);
  else {
    out.push(
      `<ol class="warn">${e.warnings
        .map((w) => `<li>${warningPlace(w)}${esc(formatWarning(w, "zh-CN"))}</li>`)
        .join("")}</ol>`,
    );
  }

  out.push(`<h3>（二）两种计价方法对照</h3>`);
  const rows = e.lines.map((l, i) => {
    const coef = l.method === "coefficient" ? l.unitPrice : l.alternativePrice;
    const quick = l.method === "quick" ? l.unitPrice : l.alternativePrice;
    const verdict =
      coef === null || quick === null
        ? "表B.2 为“/”，只能按方法1"
        : coef.eq(quick)
          ? "一致"
          : `不一致，本行按${l.method === "quick" ? "方法2" : "方法1"}计价`;
    return `<tr><td class="c">${i + 1}</td><td class="c">${esc(l.item)}</td><td>${esc(l.name)}</td><td class="c">${l.collaboration}</td><td class="num">${coef ? plain(coef) : "—"}</td><td class="num">${quick ? plain(quick) : "/"}</td><td class="c">${l.method === "quick" ? "方法2" : "方法1"}</td><td>${verdict}</td></tr>`;
  });
  const differing = e.lines.filter((l) => l.alternativePrice !== null && !l.alternativePrice.eq(l.unitPrice));
  out.push(
    `<p>方法1：T×B×F 查表B.1 确定单价；方法2：按服务内容类别和协同级别直接查表B.2。` +
      (differing.length === 0
        ? `本预算各行两种方法的单价${e.lines.length > 0 ? "均一致（或表B.2 为“/”只能按方法1）" : "无可对照的行"}。`
        : `两种方法单价不同的行：${differing.map((l) => esc(l.item)).join("、")}，按各行所选方法计价（见提示）。`) +
      `</p>`,
  );
  if (rows.length > 0) {
    out.push(
      `<table class="crosscheck"><thead><tr><th>序号</th><th>编号</th><th>服务内容类别</th><th>F</th><th class="num">方法1 单价</th><th class="num">方法2 单价（表B.2）</th><th>采用</th><th>结论</th></tr></thead><tbody>${rows.join("")}</tbody></table>`,
    );
  }

  out.push(`<h3>（三）费率方案</h3>`);
  out.push(
    `<p>${e.rateProfile.custom ? `采用自定义费率方案“${esc(e.rateProfile.name)}”（表B.1 注2：各地可参照本地区人社部门发布的工资价位确定基准人月费率）。` : `采用标准表B.1 的基准人月费率（${esc(e.rateProfile.name)}）。`}</p>`,
  );
  out.push(
    `<table class="rates"><thead><tr><th>档位</th><th>运营难度系数区间</th><th>人员级别</th><th class="num">本测算单价（元/人月）</th>${e.rateProfile.custom ? `<th class="num">表B.1 单价（元/人月）</th>` : ""}</tr></thead><tbody>` +
      std.tiers
        .map(
          (t, i) =>
            `<tr><td class="c">${esc(t.name)}</td><td class="c">${esc(t.range)}</td><td>${esc(t.staff)}</td><td class="num">${plain(e.rateProfile.rates[i] as Dec)}</td>${e.rateProfile.custom ? `<td class="num">${plain(std.defaultRates.rates[i] as Dec)}</td>` : ""}</tr>`,
        )
        .join("") +
      `</tbody></table>`,
  );

  out.push(`<h3>（四）舍入规则</h3>`);
  out.push(`<p>${esc(e.roundingPolicy || ROUNDING_POLICY)}</p>`);
  out.push(`<p>${displayRoundingText(f)}</p>`);

  out.push(`<h3>（五）对标准中不明确之处的处理</h3>`);
  out.push(
    `<table class="decisions"><thead><tr><th>条款</th><th>问题</th><th>处理</th></tr></thead><tbody>` +
      DECISIONS.map((d) => `<tr><td>${esc(d.clause)}</td><td>${esc(d.question)}</td><td>${esc(d.decision)}</td></tr>`).join("") +
      `</tbody></table>`,
  );
  out.push(`</section>`);
  return out.join("");
}

/** A warning's place as the editor names it (第 5 行（8.3.d）：); none for the budget as a whole. */
function warningPlace(w: Estimate["warnings"][number]): string {
  const where = placeOfPath(w.path);
  const label = where ? `${where}${w.item ? `（${w.item}）` : ""}` : (w.item ?? "");
  return label ? `<span class="note">${esc(label)}：</span>` : "";
}

function adjustedNote(f: ShownFigures): string {
  return f.adjusted.length > 0 ? "标 ※ 者为使分项之和等于合计而调整尾数的数值，见“五、提示与说明”中的舍入规则。" : "";
}

/** The statement on how shown figures were rounded, naming each adjusted figure. */
export function displayRoundingText(f: ShownFigures): string {
  if (f.unit === "yuan") {
    return "列示金额以元为单位，均为精确值（至分），分项之和与合计完全相等，未调整任何尾数。";
  }
  const grid = f.places === 4 ? "0.0001 万元（1 元）" : "0.01 万元（100 元）";
  const head =
    `列示金额以万元为单位，保留 ${f.places} 位小数（最小单位 ${grid}）。为使列示的分项之和等于列示的合计，采用最大余额法分配尾数：` +
    `各分项先向下取至 ${grid}，与合计（四舍五入）的差额按舍去部分从大到小逐一补足 ${grid}；每个数与其精确值之差小于 ${grid}。`;
  if (f.adjusted.length === 0) return head + "本报告各数值单独四舍五入后分项之和即等于合计，未调整任何尾数。";
  return head + `以下 ${f.adjusted.length} 个数值与其单独四舍五入的结果不同，已在表中以 ※ 标出：${f.adjusted.map(esc).join("；")}。其余数值即单独四舍五入的结果。`;
}

// ---- the document ----------------------------------------------------------------------

/**
 * Render an estimate as one self-contained, printable Chinese HTML report (A4). Pure: the same
 * estimate and options give the same text (pass `generatedAt` for a fixed date).
 * Implements the presentation of 公式(1)–(3) (5.1–5.3), 表A.1–A.4, 表B.1–B.2.
 */
export function renderReportHtml(estimate: Estimate, opts: ReportHtmlOptions = {}): string {
  const unit = opts.unit ?? "yuan";
  if (unit !== "yuan" && unit !== "wan") throw new ReportError("bad_option", `金额单位“${String(unit)}”无效；应为 yuan（元）或 wan（万元）`);
  const wanPlaces = opts.wanPlaces ?? 4;
  if (wanPlaces !== 2 && wanPlaces !== 4) throw new ReportError("bad_option", `万元小数位数“${String(wanPlaces)}”无效；应为 2 或 4`);
  if (opts.locale !== undefined && opts.locale !== "zh-CN") throw new ReportError("bad_option", `报告语言“${String(opts.locale)}”无效；目前仅支持 zh-CN`);
  const std = opts.standard ?? DEFAULT_STANDARD;
  if (estimate.standard.id !== std.id) {
    throw new ReportError("bad_estimate", `测算结果按标准“${estimate.standard.id}”计算，与报告所用标准“${std.id}”不一致`);
  }
  const date = opts.generatedAt ?? new Date();
  const places = unit === "wan" ? wanPlaces : 2;
  const f = computeFigures(estimate, unit, places, {
    category: (id) => categoryName(std, id),
    serviceType: (id) => serviceTypeName(std, id),
  });
  const ctx: Ctx = { e: estimate, std, f, index: indexStandard(std) };
  const title = `${estimate.name} — 系统业务运营服务成本测算报告`;
  return (
    `<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="generator" content="govcost">` +
    `<title>${esc(title)}</title><style>${CSS}</style></head><body>` +
    titleBlock(ctx, chineseDate(date, opts.timeZone)) +
    summarySection(ctx) +
    rationaleSection(ctx) +
    lineTable(ctx) +
    chartsSection(ctx) +
    notesSection(ctx) +
    `<footer>依据 ${esc(std.code)} 测算 · 编制日期 ${chineseDate(date, opts.timeZone)}</footer>` +
    `</body></html>\n`
  );
}
