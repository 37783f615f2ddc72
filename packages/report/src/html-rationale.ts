/** 测算说明: the report's rationale, one sentence per service line, then L, T and C with their formulas. */
import { NON_LABOR_PARTS, QUICK_COLUMNS, amountInWords, formatDecimal, tierForStandardPrice, Dec, type EstimateLine, type FormulaItem } from "@govcost/core";
import { NON_LABOR_LABELS, type Figure } from "./figures.js";
import { esc, plain, yuan } from "./format.js";
import { levelRow, formulaItem, money, categoryName, serviceTypeName, type Ctx } from "./html-context.js";

// ---- 测算说明: one sentence per line -------------------------------------------------

function collaborationText(ctx: Ctx, line: EstimateLine, item: FormulaItem): string {
  const src = `${item.levelSource.table} ${item.levelSource.clause}`;
  const f = levelRow(ctx.std.collaboration, line.collaboration);
  const head = `协同难度 ${line.collaboration}（系数${f.published}，`;
  switch (line.collaborationBasis) {
    case "not-applicable":
      return (
        head +
        `${src} 规定该项“不涉及”协同，按 F1 计，表A.3）` +
        (line.units !== null && line.units > 1 ? `；预算填有 ${line.units} 个单位，按该表仍取 F1` : "")
      );
    case "units":
      return head + `${src} 规定“根据实际情况确定”；涉及 ${line.units ?? "?"} 个独立法人单位，按表A.3“${esc(f.note)}”取 ${line.collaboration}）`;
    case "stated":
      return head + `${src} 规定“根据实际情况确定”；预算填报为 ${line.collaboration}，表A.3“${esc(f.note)}”）`;
    case "default":
      return head + `${src} 规定“根据实际情况确定”，预算未填单位数或级别，默认取 F1“${esc(f.note)}”，表A.3；请编制人确认）`;
  }
}

function tierText(line: EstimateLine): string {
  const t = line.tier;
  const range = t.above === null ? `，即表B.1 第一档的取值 ${t.range}` : ` ∈ ${t.range}`;
  return `${range}，按表B.1 属${t.name}（${t.staff}）`;
}

function lineSentence(ctx: Ctx, line: EstimateLine, n: number, shown: Figure): string {
  const { std, e } = ctx;
  const item = formulaItem(ctx, line.item);
  const src = `${item.levelSource.table} ${item.levelSource.clause}`;
  const t = levelRow(std.technical, line.technical);
  const b = levelRow(std.business, line.business);
  const f = levelRow(std.collaboration, line.collaboration);
  const parts: string[] = [];
  parts.push(
    `<b>（${n}）${esc(line.item)} ${esc(line.name)}</b>：属服务类型 ${esc(line.serviceType)} ${esc(serviceTypeName(std, line.serviceType))}` +
      `（${esc(categoryName(std, line.category))}），服务内容见 ${esc(item.descriptionClause)}。`,
  );
  parts.push(
    `难度级别按${esc(item.levelSource.table)}（${esc(item.levelSource.clause)}）取值：技术难度 ${line.technical}（系数${t.published}，${esc(src)}，表A.1），` +
      `业务难度 ${line.business}（系数${b.published}，${esc(src)}，表A.2），${collaborationText(ctx, line, item)}。`,
  );
  const coefText =
    `运营难度系数 T×B×F = ${t.published} × ${b.published} × ${f.published} = ${line.coefficient.toString()}${tierText(line)}`;
  const profile = e.rateProfile.custom ? `，费率方案“${esc(e.rateProfile.name)}”` : "";
  if (line.method === "coefficient") {
    parts.push(`${coefText}，人员成本单价 P = ${plain(line.unitPrice)} 元/人月（方法1，表B.1${profile}）。`);
  } else {
    const row = ctx.index.quick.get(line.item);
    const col = line.collaboration === "F1" ? 0 : line.collaboration === "F2" ? 1 : 2;
    const published = row?.prices[col] ?? null;
    let quick = `本行按方法2（速查表）计价：表B.2 第${row?.row ?? "?"}行“${esc(line.name)}”${QUICK_COLUMNS[line.collaboration]}（${line.collaboration}）列为 `;
    if (published !== null) {
      const pubTier = tierForStandardPrice(std, published);
      quick += `${plain(published)} 元/人月（${pubTier.name}）`;
      quick += e.rateProfile.custom ? `，按${profile.slice(1)}取该档 P = ${plain(line.unitPrice)} 元/人月（表B.1 注2）` : `，P = ${plain(line.unitPrice)} 元/人月`;
    } else {
      quick += `“/”，P = ${plain(line.unitPrice)} 元/人月`;
    }
    const alt = line.alternativePrice === null ? "" : `，单价 ${plain(line.alternativePrice)} 元/人月`;
    parts.push(`${quick}。方法1 对照：${coefText}${alt}。`);
  }
  const wan = ctx.f.unit === "wan" ? `（列示为 ${money(ctx, shown)} 万元）` : "";
  parts.push(
    `工作量 Q = ${esc(formatDecimal(line.personMonths))} 人月，金额 P × Q = ${plain(line.unitPrice)} × ${esc(formatDecimal(line.personMonths))} = ${yuan(line.amount)} 元${wan}。`,
  );
  if (line.note) parts.push(`<span class="note">备注：${esc(line.note)}</span>`);
  return `<li data-item="${esc(line.item)}">${parts.join("")}</li>`;
}

export function rationaleSection(ctx: Ctx): string {
  const { e, f } = ctx;
  const out: string[] = [];
  out.push(`<section class="page" id="rationale"><h2>二、测算说明</h2>`);
  out.push(
    `<p class="note">计算过程以元为单位、按精确十进制列示${f.unit === "wan" ? "；括号内为汇总表和测算表中以万元列示的数值" : ""}。各级别和系数的出处依次为：服务类型的难度级别参照表（表1–表17）、表A.1 技术难度系数、表A.2 业务难度系数、表A.3 协同难度系数、表B.1 人员成本单价、表B.2 速查表、表A.4 项目规模系数。</p>`,
  );
  out.push(`<h3>（一）人力成本各服务行</h3>`);
  if (e.lines.length === 0) out.push(`<p>本预算未列人力成本测算行。</p>`);
  else out.push(`<ol class="lines">${e.lines.map((l, i) => lineSentence(ctx, l, i + 1, f.lines[i] as Figure)).join("")}</ol>`);

  // 公式(2)
  out.push(`<h3>（二）人力成本 L（公式(2)）</h3>`);
  out.push(`<div class="formula">L = Σ<sub>i=1..m</sub>(P<sub>i</sub> × Q<sub>i</sub>) × S&emsp;（公式(2)，5.2）</div>`);
  out.push(`<p>按人员级别（表B.1 档位）归并各服务行，共 m = ${e.tierGroups.length} 级：</p>`);
  out.push(
    `<table class="levels"><thead><tr><th>档位</th><th>人员级别</th><th class="num">单价 P<sub>i</sub>（元/人月）</th><th class="num">工作量 Q<sub>i</sub>（人月）</th><th class="num">P<sub>i</sub> × Q<sub>i</sub>（元）</th><th class="num">行数</th></tr></thead><tbody>` +
      e.tierGroups
        .map(
          (g) =>
            `<tr><td class="c">${esc(g.name)}</td><td>${esc(g.staff)}</td><td class="num">${plain(g.unitPrice)}</td><td class="num">${esc(formatDecimal(g.personMonths))}</td><td class="num">${yuan(g.amount)}</td><td class="num">${g.lines}</td></tr>`,
        )
        .join("") +
      `<tr class="sum"><td colspan="3">合计 Σ(P × Q)</td><td class="num">${esc(formatDecimal(e.personMonths))}</td><td class="num">${yuan(e.laborSubtotal)}</td><td class="num">${e.lines.length}</td></tr></tbody></table>`,
  );
  const py = e.personYears;
  const exactYears = py.mul(Dec.fromInt(12)).eq(e.personMonths);
  const scaleRow = ctx.std.scale.find((s) => s.level === e.scale.level);
  out.push(
    `<p>项目规模：Σ工作量 ${esc(formatDecimal(e.personMonths))} 人月 ÷ 12 ${exactYears ? "=" : "≈"} ${formatDecimal(py, 2)} 人年，属表A.4 ${e.scale.level}（${esc(e.scale.label)}），规模系数 S = ${esc(scaleRow?.published ?? e.scale.coefficient.toString())}（分档按精确人月数比较，人年数仅为显示）。</p>`,
  );
  const product = e.laborSubtotal.mul(e.scale.coefficient);
  const rounded = !product.eq(e.labor);
  out.push(
    `<p>L = ${yuan(e.laborSubtotal)} × ${esc(scaleRow?.published ?? e.scale.coefficient.toString())} = ${esc(formatDecimal(product))}` +
      (rounded ? ` → 四舍五入至分（唯一的一次舍入）` : `（已精确到分，无需舍入）`) +
      ` = <b>${yuan(e.labor)} 元</b>${f.unit === "wan" ? `（列示为 ${money(ctx, f.labor)} 万元）` : ""}。</p>`,
  );

  // 公式(3)
  out.push(`<h3>（三）非人力成本 T（公式(3)）</h3>`);
  out.push(`<div class="formula">T = D + E + B&emsp;（公式(3)，5.3）</div>`);
  for (const p of NON_LABOR_PARTS) {
    const label = NON_LABOR_LABELS[p];
    const items = e.nonLaborItems[p];
    out.push(`<p><b>${label.name} ${label.symbol}</b>：`);
    if (items.length === 0) out.push(`未列支，${label.symbol} = 0.00 元。</p>`);
    else {
      out.push(
        items
          .map((x) => `${esc(x.name)} ${yuan(x.amount)} 元（依据/说明：${x.note ? esc(x.note) : "未填写"}）`)
          .join("；") + `；合计 ${label.symbol} = ${yuan(e.nonLaborParts[p])} 元。</p>`,
      );
    }
  }
  out.push(
    `<p>T = D + E + B = ${yuan(e.nonLaborParts.dataProducts)} + ${yuan(e.nonLaborParts.equipment)} + ${yuan(e.nonLaborParts.business)} = <b>${yuan(e.nonLabor)} 元</b>。</p>`,
  );

  // 公式(1)
  out.push(`<h3>（四）总成本 C（公式(1)）</h3>`);
  out.push(`<div class="formula">C = L + T&emsp;（公式(1)，5.1）</div>`);
  out.push(`<p>C = ${yuan(e.labor)} + ${yuan(e.nonLabor)} = <b>${yuan(e.total)} 元</b>，大写${esc(amountInWords(e.total))}。</p>`);
  if (e.external.length > 0) {
    out.push(`<h3>（五）公式(1)之外计价的服务（5.1 注、6.1.2、8.5.2）</h3>`);
    out.push(
      `<p>${e.external
        .map((x) => `${esc(x.item)} ${esc(x.name)} ${yuan(x.amount)} 元（计价依据：${esc(x.basis)}）`)
        .join("；")}。以上不计入工作量和规模系数，合计 ${yuan(e.externalTotal)} 元；合计（含公式外）= C + ${yuan(e.externalTotal)} = <b>${yuan(e.grandTotal)} 元</b>，大写${esc(amountInWords(e.grandTotal))}。</p>`,
    );
  }
  out.push(`</section>`);
  return out.join("");
}


// ---- 标题 and 测算汇总 -----------------------------------------------------------------
