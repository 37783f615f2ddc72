/**
 * `govcost review`: the automatic findings on a submitted budget and, with the reviewer's
 * decisions, the approved budget, the reduction table (审减明细) and the 审核意见书.
 */
import path from "node:path";
import { Option, type Command } from "commander";
import {
  DEFAULT_STANDARD,
  EMPTY_REVIEW,
  SEVERITY_LABELS,
  amountInWords,
  describeProblem,
  findingPlace,
  formatDecimal,
  formatFinding,
  formatMoney,
  problemsToJson,
  reviewBudget,
  reviewToJson,
  validateReview,
  type Finding,
  type Problem,
  type Review,
  type ReviewResult,
} from "@govcost/core/light";
import type * as Workbook from "@govcost/workbook";
import type * as Report from "@govcost/report";
import { CliError, loadBudgetFile, optional as loadOptional, parseUnit, readInput, refuseUnwritable, writeHtmlAndPdf, writeOutput, type Io } from "./main.js";
import { terminalSafe } from "./input.js";
import { renderTable } from "./table.js";

const PART_LABELS: Record<string, string> = { dataProducts: "数据产品费 D", equipment: "设备材料费 E", business: "业务费 B", external: "公式(1)之外" };

function reviewProblemsError(problems: readonly Problem[], file: string, asJson: boolean): CliError {
  const head = `${file}: 审核文件有 ${problems.length} 处问题，未审核：`;
  return new CliError([head, ...problems.map((p) => `  - ${describeProblem(p, file)}`)].join("\n"), 2, asJson ? { errors: problemsToJson(problems, file) } : undefined);
}

/** Read and check a review file (YAML or JSON) against the submitted budget. */
export async function loadReviewFile(file: string, budget: Parameters<typeof validateReview>[1], asJson: boolean, io: Io): Promise<Review> {
  const text = readInput(file, io);
  const core = await import("@govcost/core");
  const parsed = core.parseBudgetText(text, file === "-" ? undefined : path.basename(file));
  if (!parsed.ok) throw reviewProblemsError(parsed.problems, file, asJson);
  const v = validateReview(parsed.document, budget, DEFAULT_STANDARD);
  if (!v.ok) throw reviewProblemsError(v.problems, file, asJson);
  return v.review;
}

const money = (d: Parameters<typeof formatMoney>[0]) => formatMoney(d);

export function renderFindingsText(findings: readonly Finding[]): string[] {
  if (findings.length === 0) return ["预审发现：无"];
  const out = [`预审发现（${findings.length}）：`];
  for (const f of findings) {
    const clause = f.clause ? `［${f.clause}］` : "";
    const amount = f.amount ? `（涉及金额 ${money(f.amount)} 元）` : "";
    out.push(`  [${SEVERITY_LABELS[f.severity].zh}] ${findingPlace(f)}${f.item ? ` (${f.item})` : ""}${clause}：${formatFinding(f)}${amount}`);
  }
  return out;
}

const reduceWord = (d: { isNegative(): boolean }) => (d.isNegative() ? "审增" : "审减");

export function renderReviewText(r: ReviewResult, withDecisions: boolean): string {
  const out: string[] = [];
  out.push(`项目：${r.submitted.name}`);
  out.push(`依据：${DEFAULT_STANDARD.code}《${DEFAULT_STANDARD.title}》`);
  if (r.review.reviewer) out.push(`评审人：${r.review.reviewer}`);
  out.push(`送审（申报）金额 C：${money(r.totals.submitted)} 元`);
  if (withDecisions) {
    const reasons = (rs: ReviewResult["lines"][number]["reasons"]) => rs.map((x) => `${x.label}${x.clause ? `（${x.clause}）` : ""}${x.note ? `：${x.note}` : ""}`).join("；");
    out.push("");
    out.push("一、审减明细（人力成本，公式(2)）");
    out.push(
      renderTable(
        [{ title: "行", right: true }, { title: "编号" }, { title: "审定编号" }, { title: "申报金额(元)", right: true }, { title: "审定金额(元)", right: true }, { title: "审减金额(元)", right: true }, { title: "理由" }],
        r.lines.map((l) => [String(l.line), l.item, l.approvedItem ?? "核减", money(l.submittedAmount), money(l.approvedAmount), money(l.reduction), reasons(l.reasons)]),
      ),
    );
    out.push(`  各行审减合计：${money(r.lineReductions)} 元`);
    out.push(`  规模系数影响：${money(r.scaleEffect)} 元（${r.submitted.scale.level} ${r.submitted.scale.coefficient.toFixed(2)} → ${r.approved.scale.level} ${r.approved.scale.coefficient.toFixed(2)}）`);
    if (!r.scaleEffect.isZero()) out.push(`  ${scaleEffectSentence(r)}`);
    out.push(`  人力成本 L：申报 ${money(r.labor.submitted)}，审定 ${money(r.labor.approved)}，${reduceWord(r.labor.reduction)} ${money(r.labor.reduction)} 元`);
    if (r.nonLabor.length > 0) {
      out.push("");
      out.push("二、审减明细（非人力成本，公式(3)）");
      out.push(
        renderTable(
          [{ title: "类别" }, { title: "序号", right: true }, { title: "名称" }, { title: "申报金额(元)", right: true }, { title: "审定金额(元)", right: true }, { title: "审减金额(元)", right: true }, { title: "理由" }],
          r.nonLabor.map((x) => [PART_LABELS[x.part] ?? x.part, String(x.index), x.name, money(x.submittedAmount), money(x.approvedAmount), money(x.reduction), reasons(x.reasons)]),
        ),
      );
      out.push(`  非人力成本 T：申报 ${money(r.nonLaborTotals.submitted)}，审定 ${money(r.nonLaborTotals.approved)}，${reduceWord(r.nonLaborTotals.reduction)} ${money(r.nonLaborTotals.reduction)} 元`);
    }
    if (r.external.length > 0) {
      out.push("");
      out.push("三、公式(1)之外计价的服务");
      out.push(
        renderTable(
          [{ title: "序号", right: true }, { title: "名称" }, { title: "申报金额(元)", right: true }, { title: "审定金额(元)", right: true }, { title: "审减金额(元)", right: true }, { title: "理由" }],
          r.external.map((x) => [String(x.index), x.name, money(x.submittedAmount), money(x.approvedAmount), money(x.reduction), reasons(x.reasons)]),
        ),
      );
    }
    out.push("");
    const t = r.totals;
    out.push(`合计：送审（申报）金额 C ${money(t.submitted)} 元；审定金额 ${money(t.approved)} 元（${amountInWords(t.approved)}）；${reduceWord(t.reduction)}金额 ${money(t.reduction)} 元；审减率 ${t.reductionRate?.toFixed(2) ?? "-"}%`);
    if (r.external.length > 0) {
      const g = r.grandTotals;
      out.push(`含公式外合计：申报 ${money(g.submitted)} 元；审定 ${money(g.approved)} 元（${amountInWords(g.approved)}）；${reduceWord(g.reduction)} ${money(g.reduction)} 元；审减率 ${g.reductionRate?.toFixed(2) ?? "-"}%`);
    }
    if (r.review.opinion) out.push(`审核意见：${r.review.opinion.trimEnd()}`);
  }
  out.push("");
  out.push(...renderFindingsText(r.findings));
  return out.join("\n") + "\n";
}

/** Why the labor reduction differs from the sum of the line reductions. */
export function scaleEffectSentence(r: ReviewResult): string {
  const s = r.submitted.scale;
  const a = r.approved.scale;
  const moved = s.level !== a.level;
  return moved
    ? `审定后总工作量 ${formatDecimal(r.approved.personMonths)} 人月，规模系数由 ${s.level} ${s.coefficient.toFixed(2)} 变为 ${a.level} ${a.coefficient.toFixed(2)}（表A.4），作用于全部人力成本，故人力成本${reduceWord(r.labor.reduction)} ${money(r.labor.reduction)} 元与各行审减合计 ${money(r.lineReductions)} 元相差 ${money(r.scaleEffect)} 元（规模系数影响）。`
    : `人力成本按规模系数 ${s.coefficient.toFixed(2)} 计算并四舍五入至分，故人力成本${reduceWord(r.labor.reduction)} ${money(r.labor.reduction)} 元与各行审减合计 ${money(r.lineReductions)} 元相差 ${money(r.scaleEffect)} 元（规模系数影响）。`;
}

export function registerReview(program: Command, io: Io): void {
  program
    .command("review")
    .description("审核送审预算：预审发现；给出审核决定文件时输出审定金额、审减明细表与审核意见书")
    .argument("<budget>", "送审预算文件（JSON 或 YAML）")
    .option("--decisions <file>", "审核决定文件（YAML 或 JSON，格式见 govcost schema review）")
    .option("--json", "以 JSON 输出（submitted、approved、lines、nonLabor、external、scaleEffect、totals、grandTotals、findings）")
    .option("--xlsx <out>", "另存审核工作簿（送审测算表 + 审减明细表，含公式）")
    .option("--html <out>", "另存审核意见书（HTML）")
    .option("--pdf <out>", "另存审核意见书（PDF）")
    .addOption(new Option("--unit <unit>", "意见书金额单位：yuan（元）或 wan（万元）").default("yuan"))
    .addHelpText(
      "after",
      `
审核决定文件（YAML）示例:
  reviewer: 王审核
  opinion: 核减工作量依据不足部分，其余按申报审定。
  lines:
    - { line: 1, personMonths: 30, reason: workload-unsupported, note: 服务级别协议只支持 30 人月 }
    - { line: 3, remove: true, reason: [duplicate], note: 与第 1 行重复 }
  nonLabor:
    equipment: [ { index: 0, amount: 20000, reason: non-labor-unsupported } ]
  external: [ { index: 0, remove: true, reason: network-outside-formula } ]

line 为 services 中的行号（从 1 起）；index 为条目序号（从 0 起）。理由代码：item-misclassified,
collaboration-unsupported, method, workload-unsupported, duplicate, scope-government-duty,
scope-existing-function, scope-maintenance, hotline-not-eligible, network-outside-formula,
non-labor-unsupported, rate-profile, other（other 须写 note）。

示例:
  govcost review budget.yaml                                   # 预审发现
  govcost review budget.yaml --decisions review.yaml           # 审减明细与审定金额
  govcost review budget.yaml --decisions review.yaml --json > review.json
  govcost review budget.yaml --decisions review.yaml --xlsx 审核.xlsx --pdf 审核意见书.pdf
  govcost schema review > review.schema.json
退出码: 0 成功；2 预算或审核文件有误（列出每一处问题及其字段路径）；1 其他错误。`,
    )
    .action(async (file: string, opts: { decisions?: string; json?: boolean; xlsx?: string; html?: string; pdf?: string; unit: string }) => {
      const unit = parseUnit(opts.unit);
      refuseUnwritable(opts.xlsx, opts.html, opts.pdf);
      const asJson = opts.json === true;
      const budget = await loadBudgetFile(file, asJson, io);
      const review = opts.decisions ? await loadReviewFile(opts.decisions, budget, asJson, io) : EMPTY_REVIEW;
      const r = reviewBudget(budget, review, DEFAULT_STANDARD);
      if (opts.xlsx) {
        const wb = await loadOptional<typeof Workbook>("@govcost/workbook", "导出工作簿");
        writeOutput(opts.xlsx, await wb.writeReviewWorkbook(budget, r));
      }
      if (opts.html || opts.pdf) {
        const rep = await loadOptional<typeof Report>("@govcost/report", "生成审核意见书");
        await writeHtmlAndPdf(rep, rep.renderReviewHtml(r, { unit }), opts);
      }
      io.out(asJson ? JSON.stringify(reviewToJson(r), null, 2) + "\n" : terminalSafe(renderReviewText(r, opts.decisions !== undefined)));
    });
}
