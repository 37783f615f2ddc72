import { describe, expect, it } from "vitest";
import { DEFAULT_STANDARD, estimate, loadBudget, type Estimate } from "@govcost/core";
import { REPORT_CSP, ReportError, renderReportHtml } from "./index.js";

/**
 * A hand-worked budget (standard rates, 表B.1 2023 广东省):
 *  1. 7.2.b 数据采集与清洗, 表4: T2 B2, 协同“根据实际情况确定”, 3 units → F2 (表A.3, 2–5):
 *     1.2 × 1.2 × 1.2 = 1.728 ∈ (1.5, 2.6] → 第三档 28500 × 24 = 684000.00
 *  2. 8.1.a 业务优化与改进, 表8: T3 B3, 不涉及 → F1: 1.5 × 1.5 × 1.0 = 2.25 ∈ (1.5, 2.6] → 第三档 28500 × 24 = 684000.00
 *  3. 9.4.f 代码安全审计, 表16: T4 B3, stated F3: 2.0 × 1.5 × 1.5 = 4.5 ∈ (4.1, 6] → 第五档 46500 × 6 = 279000.00
 *  4. 7.1.e 培训和能力建设, 表3: T1 B1, 不涉及: 1.0 × 1.0 × 1.0 = 1 → 第一档 16500 × 6.5 = 107250.00
 *  5. 8.3.d 多点部署服务, 表10: T2 B1, variable, nothing stated → F1 by default:
 *     1.2 × 1.0 × 1.0 = 1.2 ∈ (1, 1.5] → 第二档 22500 × 10 = 225000.00
 *  6. 9.2.b 安全策略和防护措施实施, 表14: T3 B2, 4 units → F2, quick method:
 *     表B.2 第73行 跨2到5个部门 28500 (第三档); method 1: 1.5 × 1.2 × 1.2 = 2.16 → 第三档 28500; 28500 × 4 = 114000.00
 * Σ Q = 24 + 24 + 6 + 6.5 + 10 + 4 = 74.5 人月 = 6.2083… 人年 → S2 (5–10 人年), S = 0.98
 * Σ(P×Q) = 684000 + 684000 + 279000 + 107250 + 225000 + 114000 = 2093250.00
 * L = 2093250.00 × 0.98 = 2051385.00 (exact, no rounding needed)
 * D = 50000.00; E = 12345.67; B = 30000.50 + 8000.00 = 38000.50; T = 100346.17
 * C = 2051385.00 + 100346.17 = 2151731.17 → 人民币贰佰壹拾伍万壹仟柒佰叁拾壹元壹角柒分
 * external 6.1.a 120000.00 → 合计 2271731.17 → 人民币贰佰贰拾柒万壹仟柒佰叁拾壹元壹角柒分
 */
const BUDGET = `
name: 某市政务数据运营服务项目（2025年度）
services:
  - { item: 7.2.b, personMonths: 24, units: 3, note: 汇聚市直 3 个单位的业务数据 }
  - { item: 8.1.a, personMonths: 24 }
  - { item: 9.4.f, personMonths: 6, collaboration: F3 }
  - { item: 7.1.e, personMonths: "6.5" }
  - { item: 8.3.d, personMonths: 10 }
  - { item: 9.2.b, personMonths: 4, units: 4, method: quick }
nonLabor:
  dataProducts: [{ name: 企业登记数据集订阅, amount: 50000, note: 按供应商2024年报价 }]
  equipment: [{ name: 数据清洗工具年度租赁, amount: "12345.67", note: 按需租赁软件工具 }]
  business:
    - { name: 差旅费, amount: "30000.50", note: 赴各区现场调研 20 人次 }
    - { name: 会议费, amount: 8000 }
external:
  - { item: 6.1.a, name: 政务外网业务咨询与受理, amount: 120000, basis: 按市政务外网运营服务预算标准 }
`;

function estimateOf(text: string): Estimate {
  const loaded = loadBudget(text, DEFAULT_STANDARD, "budget.yaml");
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return estimate(loaded.budget, DEFAULT_STANDARD);
}

const GENERATED = new Date("2025-03-01T02:00:00Z");
const est = estimateOf(BUDGET);
const html = renderReportHtml(est, { generatedAt: GENERATED });

/** The rationale sentence of one line (its <li data-item=…>). */
function sentence(doc: string, item: string): string {
  const m = new RegExp(`<li data-item="${item.replace(/\./g, "\\.")}">(.*?)</li>`).exec(doc);
  if (!m) throw new Error(`no sentence for ${item}`);
  return (m[1] as string).replace(/<[^>]+>/g, "");
}

function svg(doc: string, id: string): string {
  const m = new RegExp(`<svg [^>]*id="${id}"[^>]*>(.*?)</svg>`).exec(doc);
  if (!m) throw new Error(`no chart ${id}`);
  return m[1] as string;
}

/** Text content of the report without tags (entities left as they are). */
const text = (doc: string): string => doc.replace(/<[^>]+>/g, "");

describe("renderReportHtml: the hand-worked budget", () => {
  it("has the title block: project, standard, date", () => {
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain("某市政务数据运营服务项目（2025年度）");
    expect(html).toContain("《政务信息化项目 服务成本度量规范 系统业务运营服务》T/DGAG 024—2024");
    // 2025-03-01T02:00Z is 10:00 on 1 March in Beijing.
    expect(html).toContain("编制日期</dt><dd>2025年3月1日");
  });

  it("states each line's levels, tables, coefficient, tier, unit price and amount", () => {
    const s1 = sentence(html, "7.2.b");
    expect(s1).toContain("7.2.b 数据采集与清洗");
    expect(s1).toContain("7.2 数据处理服务（数据运营服务）");
    expect(s1).toContain("技术难度 T2（系数1.2，表4 7.2.2，表A.1）");
    expect(s1).toContain("业务难度 B2（系数1.2，表4 7.2.2，表A.2）");
    expect(s1).toContain("涉及 3 个独立法人单位，按表A.3“业务运营涉及2~5个单位”取 F2");
    expect(s1).toContain("T×B×F = 1.2 × 1.2 × 1.2 = 1.728 ∈ (1.5, 2.6]，按表B.1 属第三档（项目管理人员）");
    expect(s1).toContain("P = 28,500 元/人月（方法1");
    expect(s1).toContain("28,500 × 24 = 684,000.00 元");
    expect(s1).toContain("备注：汇聚市直 3 个单位的业务数据");

    const s2 = sentence(html, "8.1.a");
    expect(s2).toContain("技术难度 T3（系数1.5，表8 8.1.2，表A.1）");
    expect(s2).toContain("协同难度 F1（系数1.0，表8 8.1.2 规定该项“不涉及”协同");
    expect(s2).toContain("1.5 × 1.5 × 1.0 = 2.25 ∈ (1.5, 2.6]，按表B.1 属第三档");
    expect(s2).toContain("28,500 × 24 = 684,000.00 元");

    const s3 = sentence(html, "9.4.f");
    expect(s3).toContain("表16 9.4.2");
    expect(s3).toContain("预算填报为 F3");
    expect(s3).toContain("2.0 × 1.5 × 1.5 = 4.5 ∈ (4.1, 6]，按表B.1 属第五档（专家级人员）");
    expect(s3).toContain("46,500 × 6 = 279,000.00 元");

    const s4 = sentence(html, "7.1.e");
    expect(s4).toContain("1.0 × 1.0 × 1.0 = 1，即表B.1 第一档的取值 1");
    expect(s4).toContain("16,500 × 6.5 = 107,250.00 元");

    const s5 = sentence(html, "8.3.d");
    expect(s5).toContain("预算未填单位数或级别，默认取 F1");
    expect(s5).toContain("1.2 × 1.0 × 1.0 = 1.2 ∈ (1, 1.5]，按表B.1 属第二档（中级人员）");
    expect(s5).toContain("22,500 × 10 = 225,000.00 元");

    const s6 = sentence(html, "9.2.b");
    expect(s6).toContain("方法1 对照：运营难度系数 T×B×F = 1.5 × 1.2 × 1.2 = 2.16 ∈ (1.5, 2.6]，按表B.1 属第三档（项目管理人员），单价 28,500 元/人月");
    expect(s6).toContain("本行按方法2（速查表）计价：表B.2 第73行“安全策略和防护措施实施”跨2到5个部门（F2）列为 28,500 元/人月（第三档）");
    expect(s6).toContain("28,500 × 4 = 114,000.00 元");
  });

  it("works formula (2) by tier, the scale coefficient and L", () => {
    const t = text(html);
    // 第一档 6.5 人月 107250; 第二档 10 人月 225000; 第三档 24+24+4 = 52 人月 684000+684000+114000 = 1482000; 第五档 6 人月 279000.
    expect(html).toContain("共 m = 4 级");
    expect(t).toContain("第三档项目管理人员28,500521,482,000.003");
    expect(t).toContain("第五档专家级人员46,5006279,000.001");
    expect(t).toContain("Σ工作量 74.5 人月 ÷ 12 ≈ 6.21 人年，属表A.4 S2（5人年~10人年(含)），规模系数 S = 0.98");
    expect(t).toContain("L = 2,093,250.00 × 0.98 = 2,051,385（已精确到分，无需舍入） = 2,051,385.00 元");
    expect(t).toContain("T = D + E + B = 50,000.00 + 12,345.67 + 38,000.50 = 100,346.17 元");
    expect(t).toContain("C = 2,051,385.00 + 100,346.17 = 2,151,731.17 元，大写人民币贰佰壹拾伍万壹仟柒佰叁拾壹元壹角柒分");
    expect(t).toContain("合计（含公式外）= C + 120,000.00 = 2,271,731.17 元");
  });

  it("summarises C, L, T, external and the grand total in words", () => {
    const summary = /<section id="summary">(.*?)<\/section>/.exec(html)?.[1] ?? "";
    const t = text(summary);
    expect(t).toContain("人力成本 L");
    expect(t).toContain("2,051,385.00");
    expect(t).toContain("非人力成本 T公式(3) T = D + E + B100,346.17");
    expect(t).toContain("其中：业务费 B2 项38,000.50");
    expect(t).toContain("总成本 C公式(1) C = L + T2,151,731.17");
    expect(t).toContain("120,000.00");
    expect(t).toContain("合计（含公式外）C + 公式(1)之外计价的服务2,271,731.17");
    expect(t).toContain("大写：人民币贰佰贰拾柒万壹仟柒佰叁拾壹元壹角柒分");
  });

  it("has the line table with the same figures", () => {
    const table = /<table class="lines">(.*?)<\/table>/.exec(html)?.[1] ?? "";
    expect(table.match(/<tbody>.*?<\/tbody>/)?.[0].match(/<tr>/g)).toHaveLength(6);
    expect(text(table)).toContain("17.2.b数据采集与清洗T2B2F21.728第三档28,50024方法1684,000.00");
    expect(text(table)).toContain("69.2.b安全策略和防护措施实施T3B2F22.16第三档28,5004方法2114,000.00");
    expect(text(table)).toContain("小计 Σ(P×Q)（74.5 人月）2,093,250.00");
    expect(text(table)).toContain("总成本 C = L + T（公式(1)）2,151,731.17");
  });

  it("draws SVG charts by category, service type, tier and composition with values and shares", () => {
    // By category (Σ P×Q): 7 = 684000 + 107250 = 791250; 8 = 684000 + 225000 = 909000;
    // 9 = 279000 + 114000 = 393000; 6 and 10 = 0. Shares of 2093250:
    // 37.8000…% → 37.8, 43.4253…% → 43.4, 18.7746…% → 18.8 (the largest remainder gets the last 0.1); sum 100.0.
    const cat = svg(html, "chart-category");
    expect(cat).toContain("基础设施运营服务");
    expect(cat).toContain("0.00 元 · 0.0%");
    expect(cat).toContain("数据运营服务");
    expect(cat).toContain("791,250.00 元 · 37.8%");
    expect(cat).toContain("909,000.00 元 · 43.4%");
    expect(cat).toContain("393,000.00 元 · 18.8%");
    expect(cat).toContain("运营管理与质量评价体系");
    // Bars: the longest (909000) is the full 280 px; 791250 / 909000 × 280 = 243.73… → 244.
    expect(cat).toContain('width="280"');
    expect(cat).toContain('width="244"');

    const types = svg(html, "chart-service-type");
    expect(types).toContain("7.1 数据治理规范服务");
    expect(types).toContain("107,250.00 元");
    expect(types).toContain("9.4 专项安全检查服务");

    const tiers = svg(html, "chart-tier");
    // 第三档 1482000 / 2093250 = 70.798…% → 70.8
    expect(tiers).toContain("第三档（项目管理人员）：1,482,000.00 元 · 70.8%");
    expect(tiers).toMatch(/<path d="M /);

    const comp = svg(html, "chart-composition");
    // L 2051385 / C 2151731.17 = 95.336…% → 95.3
    expect(comp).toContain("人力成本 L：2,051,385.00 元 · 95.3%");
  });

  it("lists warnings, the method cross-check, rate profile, rounding policy and decisions", () => {
    const notes = text(/<section class="page" id="notes">(.*?)<\/section>/.exec(html)?.[1] ?? "");
    expect(notes).toContain("第 5 行（8.3.d）");
    expect(notes).toContain("表10规定该项协同难度“根据实际情况确定”，未填单位数或协同难度级别，按 F1");
    expect(notes).toContain("69.2.b安全策略和防护措施实施F228,50028,500方法2一致");
    expect(notes).toContain("表B.1 基准人月费率（2023年广东省）");
    expect(notes).toContain("第五档(4.1, 6]专家级人员46,500");
    expect(notes).toContain("人力成本 L = Σ(P×Q)×S 仅在最后四舍五入一次至 0.01 元");
    expect(notes).toContain("未调整任何尾数");
    expect(notes).toContain("以方法1为准");
    expect(notes).toContain("5 人年 = 60 人月");
  });

  it("is self-contained: CSP, no scripts, no external resources, print CSS", () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`);
    expect(REPORT_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link/i);
    expect(html).not.toMatch(/\b(?:src|href|xlink:href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).toContain("@page { size: A4;");
    expect(html).toContain("thead { display: table-header-group; }");
    expect(html).toContain("section.page { break-before: page; }");
    expect(html).toContain(`font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif`);
  });

  it("is a pure function of its inputs", () => {
    expect(renderReportHtml(est, { generatedAt: GENERATED })).toBe(html);
  });
});

describe("renderReportHtml: 万元", () => {
  const wan = renderReportHtml(est, { generatedAt: GENERATED, unit: "wan" });

  it("shows figures in 万元 with 4 decimals, parts adding up to the totals", () => {
    const summary = text(/<section id="summary">(.*?)<\/section>/.exec(wan)?.[1] ?? "");
    expect(summary).toContain("金额（万元）");
    // L = 205.1385; T = 10.034617 → 10.0346; C = 215.173117 → 215.1731 = 205.1385 + 10.0346.
    expect(summary).toContain("205.1385");
    expect(summary).toContain("10.0346");
    expect(summary).toContain("215.1731");
    // D = 5.0000, E = 1.234567, B = 3.80005. Rounded down: 5.0000 + 1.2345 + 3.8000 = 10.0345, one 0.0001 short of
    // T's 10.0346; the largest remainder is E's (0.000067 > B's 0.00005), so E = 1.2346 and B stays 3.8000,
    // although B alone would round half-up to 3.8001: B is the adjusted figure (※).
    expect(summary).toContain("其中：设备材料费 E1 项1.2346");
    expect(summary).toContain("其中：业务费 B2 项3.8000※");
    // Grand total 227.173117 → 227.1731 = 215.1731 + 12.0000.
    expect(summary).toContain("227.1731");
    expect(summary).toContain("12.0000");
    // The amount in words stays exact, in yuan.
    expect(summary).toContain("人民币贰佰贰拾柒万壹仟柒佰叁拾壹元壹角柒分");
  });

  it("says which figures were adjusted", () => {
    const notes = text(/<section class="page" id="notes">(.*?)<\/section>/.exec(wan)?.[1] ?? "");
    expect(notes).toContain("保留 4 位小数");
    expect(notes).toContain("最大余额法");
    // B (3.80005 → 3.8000) and, inside B, 差旅费 (3.00005 → 3.0000, with 会议费 0.8000 they make B's 3.8000).
    expect(notes).toContain("以下 2 个数值与其单独四舍五入的结果不同");
    expect(notes).toContain("业务费 B；业务费第1项“差旅费”");
  });

  it("keeps the line table and the rationale consistent", () => {
    const table = text(/<table class="lines">(.*?)<\/table>/.exec(wan)?.[1] ?? "");
    expect(table).toContain("金额（万元）");
    expect(table).toContain("68.4000");
    expect(table).toContain("小计 Σ(P×Q)（74.5 人月）209.3250");
    expect(sentence(wan, "7.2.b")).toContain("684,000.00 元（列示为 68.4000 万元）");
  });

  it("with 2 decimals rounds to 0.01 万元", () => {
    const two = renderReportHtml(est, { generatedAt: GENERATED, unit: "wan", wanPlaces: 2 });
    // C 215.173117 → 215.17; L 205.1385 → 205.14 and T 10.034617 → 10.03 add up to 215.17 without adjustment.
    const summary = text(/<section id="summary">(.*?)<\/section>/.exec(two)?.[1] ?? "");
    expect(summary).toContain("205.14");
    expect(summary).toContain("10.03");
    expect(summary).toContain("215.17");
  });
});

describe("renderReportHtml: a custom rate profile (表B.1 注2) and the one rounding of L", () => {
  /**
   * Rates 17000 / 23001 / 29000 / 36000 / 48000 (“2024年某市人社局工资价位”):
   *  8.3.d, 61.01 人月, default F1: 1.2 × 1.0 × 1.0 = 1.2 → 第二档 23001 × 61.01 = 1403061 + 230.01 = 1403291.01
   *  7.2.b, quick, 3 units → F2: 表B.2 第20行 跨2到5个部门 28500 = 第三档 → profile 29000 × 2.5 = 72500.00
   * Σ Q = 63.51 人月 = 5.2925 人年 → S2, 0.98; Σ(P×Q) = 1475791.01
   * L = 1475791.01 × 0.98 = 1475791.01 − 29515.8202 = 1446275.1898 → 1446275.19 (half-up to the fen)
   */
  const custom = estimateOf(`
name: 费率方案测试
rates: [17000, 23001, 29000, 36000, 48000]
ratesName: 2024年某市人社局工资价位
services:
  - { item: 8.3.d, personMonths: "61.01" }
  - { item: 7.2.b, personMonths: "2.5", units: 3, method: quick }
`);
  const doc = renderReportHtml(custom, { generatedAt: GENERATED });

  it("prices by the profile and says so in each sentence", () => {
    expect(sentence(doc, "8.3.d")).toContain("P = 23,001 元/人月（方法1，表B.1，费率方案“2024年某市人社局工资价位”）");
    expect(sentence(doc, "8.3.d")).toContain("23,001 × 61.01 = 1,403,291.01 元");
    expect(sentence(doc, "7.2.b")).toContain(
      "表B.2 第20行“数据采集与清洗”跨2到5个部门（F2）列为 28,500 元/人月（第三档），按费率方案“2024年某市人社局工资价位”取该档 P = 29,000 元/人月（表B.1 注2）",
    );
    expect(sentence(doc, "7.2.b")).toContain("29,000 × 2.5 = 72,500.00 元");
  });

  it("rounds L once, half-up to the fen, and shows the exact product", () => {
    expect(text(doc)).toContain("L = 1,475,791.01 × 0.98 = 1,446,275.1898 → 四舍五入至分（唯一的一次舍入） = 1,446,275.19 元");
    expect(text(doc)).toContain("大写人民币壹佰肆拾肆万陆仟贰佰柒拾伍元壹角玖分");
  });

  it("shows the profile beside Table B.1 and the profile warnings", () => {
    const notes = text(/<section class="page" id="notes">(.*?)<\/section>/.exec(doc)?.[1] ?? "");
    expect(notes).toContain("采用自定义费率方案“2024年某市人社局工资价位”");
    expect(notes).toContain("第二档(1, 1.5]中级人员23,00122,500");
    expect(notes).toContain("已按表B.1 注2 替换基准人月费率（2024年某市人社局工资价位）：17000 / 23001 / 29000 / 36000 / 48000 元/人月");
    expect(notes).toContain("方法2 在自定义费率方案下：表B.2 所列 28500 元/人月 对应第三档，按费率方案取 29000 元/人月");
  });
});

describe("renderReportHtml: an empty budget", () => {
  it("renders zeros and empty charts without failing", () => {
    const doc = renderReportHtml(estimateOf("name: 空预算\nservices: []\n"), { generatedAt: GENERATED });
    expect(doc).toContain("本预算未列人力成本测算行。");
    expect(text(doc)).toContain("总成本 C公式(1) C = L + T0.00");
    expect(text(doc)).toContain("总成本大写：人民币零元整");
    expect(svg(doc, "chart-service-type")).toContain("无数据");
  });
});

describe("renderReportHtml: hostile text and bad options", () => {
  const hostile = estimateOf(`
name: "<script>alert(1)</script>"
services:
  - { item: 7.2.b, personMonths: 1, note: "</li><img src=x onerror=alert(2)>" }
nonLabor:
  equipment: [{ name: "\\"><img src=x onerror=alert(1)>", amount: 1, note: "<iframe src=https://evil.example>" }]
external:
  - { item: 6.1.a, name: "<svg onload=alert(3)>", amount: 1, basis: "' onmouseover='alert(4)" }
`);
  const doc = renderReportHtml(hostile, { generatedAt: GENERATED });

  it("renders budget text as text", () => {
    expect(doc).not.toMatch(/<script/i);
    expect(doc).not.toMatch(/<img/i);
    expect(doc).not.toMatch(/<iframe/i);
    expect(doc).not.toMatch(/<svg onload/i);
    expect(doc).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(doc).toContain("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect(doc).toContain("&lt;/li&gt;&lt;img src=x onerror=alert(2)&gt;");
    expect(doc).toContain("&#39; onmouseover=&#39;alert(4)");
    expect(doc).toContain("<title>&lt;script&gt;alert(1)&lt;/script&gt; — 系统业务运营服务成本测算报告</title>");
    // No tag of the page carries an event handler: the hostile texts never open a tag or an attribute.
    expect(doc).not.toMatch(/<[^>]*\son\w+\s*=/i);
  });

  it("refuses unknown options with a Chinese message", () => {
    expect(() => renderReportHtml(est, { unit: "dollar" as unknown as "yuan" })).toThrow(ReportError);
    expect(() => renderReportHtml(est, { unit: "dollar" as unknown as "yuan" })).toThrow(/金额单位“dollar”无效；应为 yuan（元）或 wan（万元）/);
  });
});

describe("wording and signature", () => {
  it("names a warning's place as the editor does, not by its field path", () => {
    // Line 5 (8.3.d) states no collaboration: F1 by default, with a warning.
    expect(html).toContain(`<span class="note">第 5 行（8.3.d）：</span>`);
    expect(html).not.toMatch(/services\[\d/);
  });

  it("says no field name of the budget file anywhere a reader sees", () => {
    const seen = html.replace(/<style>[\s\S]*?<\/style>/, "").replace(/<[^>]+>/g, " ");
    for (const name of ["services", "nonLabor", "external", "grandTotal", "personMonths", "collaboration", "units", "rateProfile"]) expect(seen).not.toContain(name);
    expect(seen).toContain("列为“公式(1)之外计价的服务”，须写明计价依据；不计入工作量和规模系数，与总成本 C 相加为“合计（含公式外）”。");
  });

  it("ends the summary with 编制单位（盖章）、编制人、审核人、日期 to be filled in by hand", () => {
    const summary = /<section id="summary">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? "";
    const block = /<table class="signature"[^>]*>([\s\S]*?)<\/table>/.exec(summary)?.[1] ?? "";
    const labels = [...block.matchAll(/<td>([^<]+)：<\/td>/g)].map((m) => m[1]);
    expect(labels).toEqual(["编制单位（盖章）", "日期", "编制人", "审核人"]);
    expect(block).toContain(`<td class="blank date">年\u3000\u3000月\u3000\u3000日</td>`);
  });
});

describe("workloads of a thousand person-months and more", () => {
  // 7.2.b with 3 units → F2: 1.728 → 第三档 28,500 × 1,259 = 35,881,500.00; 1,259 人月 = 104.9… 人年 → S5 0.90,
  // L = 35,881,500.00 × 0.90 = 32,293,350.00.
  const big = renderReportHtml(estimateOf(`name: 大项目\nservices:\n  - { item: 7.2.b, personMonths: 1259, units: 3 }\n`), { generatedAt: GENERATED });
  it("groups them by thousands like every amount", () => {
    const seen = big.replace(/<style>[\s\S]*?<\/style>/, "").replace(/<[^>]+>/g, " ");
    expect(seen).toContain("1,259 人月");
    expect(seen).toContain("工作量 Q = 1,259 人月，金额 P × Q = 28,500 × 1,259 = 35,881,500.00 元");
    expect(seen).toContain("32,293,350.00");
    expect(seen).not.toMatch(/[^,\d]1259[^\d]/);
  });
});
