/**
 * The preparer's view of a review that came back (退回修改) or was approved (审核通过): the
 * opinion, the figures, and each decision beside the line or entry it is about (reasons with
 * their clauses, the note, the approved value). When the budget was returned the preparer checks
 * each decision (核对): accepts it, or answers it with a note (异议说明), sent with the
 * resubmission.
 */
import { memo, useContext, useEffect, useState } from "react";
import { Alert, Card, Descriptions, Input, Radio, Table, Tag, Typography } from "antd";
import { clauseEn, Dec, REASONS, type NotCarried, type ReasonCode, type ReviewJson } from "@govcost/core";
import { api, ApiError, type DecisionAnswer, type ReviewAnswer } from "../api.js";
import { INDEX } from "../draft.js";
import { money } from "../format.js";
import { LangContext, useT } from "../i18n.js";
import { navigate } from "../router.js";
import { entryKey, lineKey, targetLabel } from "./model.js";
import { reviewRoutes, type BudgetStatus } from "./workflow.js";

export type Answers = Readonly<Record<string, DecisionAnswer>>;

interface DecisionRow {
  target: string;
  what: string;
  submittedAmount: string;
  approvedAmount: string;
  reduction: string;
  removed: boolean;
  reasons: { code: string; label: string; clause: string; note: string | null }[];
}

/** "7.2.b 数据分析与挖掘": a service item by its id and the standard's name for it. */
const named = (id: string): string => {
  const name = INDEX.items.get(id)?.name;
  return name ? `${id} ${name}` : id;
};

/** The decisions of a review's JSON (`govcost review --json`): every line or entry the reviewer changed. */
export function decisionRows(result: ReviewJson): DecisionRow[] {
  const changed = (x: { reasons: unknown[]; reduction: string }) => x.reasons.length > 0 || !(Dec.tryParse(x.reduction)?.isZero() ?? true);
  return [
    ...result.lines.filter(changed).map((l) => ({
      target: lineKey(l.line),
      what: l.approvedItem === null || l.approvedItem === l.item ? named(l.item) : `${named(l.item)} → ${named(l.approvedItem)}`,
      submittedAmount: l.submittedAmount,
      approvedAmount: l.approvedAmount,
      reduction: l.reduction,
      removed: l.approvedItem === null,
      reasons: l.reasons,
    })),
    ...[...result.nonLabor, ...result.external].filter(changed).map((x) => ({
      target: entryKey(x.part as "equipment", x.index),
      what: x.name,
      submittedAmount: x.submittedAmount,
      approvedAmount: x.approvedAmount,
      reduction: x.reduction,
      removed: false,
      reasons: x.reasons,
    })),
  ];
}

/** "12,345.00" or 审增 "1,000.00" for a negative reduction. */
function Reduction({ value }: { value: string }) {
  const t = useT();
  const d = Dec.tryParse(value);
  if (!d || d.isZero()) return <span className="gc-num">{money(value)}</span>;
  return d.isNegative() ? <span className="gc-num gc-increase">{t("审增")} {money(d.neg())}</span> : <span className="gc-num gc-reduction">{money(d)}</span>;
}

/** A budget's latest decided review (returned or approved), loaded when `status` is one of those; else nothing. */
export function useDecidedReview(budgetId: string, status: BudgetStatus | null): { review: ReviewAnswer | null; error: string | null } {
  const [loaded, setLoaded] = useState<{ review: ReviewAnswer | null; error: string | null }>({ review: null, error: null });
  useEffect(() => {
    if (status !== "returned" && status !== "approved") return;
    let cancelled = false;
    api.get<ReviewAnswer>(reviewRoutes.review(budgetId)).then(
      (r) => {
        if (!cancelled) setLoaded({ review: r, error: null });
      },
      (e: unknown) => {
        if (!cancelled) setLoaded({ review: null, error: e instanceof ApiError ? e.message : String(e) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [budgetId, status]);
  return loaded;
}

interface Props {
  budgetId: string;
  status: BudgetStatus;
  review: ReviewAnswer | null;
  error: string | null;
  /** The preparer may answer (the budget was returned and they may change it). */
  answering: boolean;
  answers: Answers;
  onAnswer: (target: string, answer: DecisionAnswer | null) => void;
  /** The accepted decisions the budget as it is now does not carry out; null where that cannot be said (input errors). */
  undone: readonly NotCarried[] | null;
}

export const ReviewDecisions = memo(function ReviewDecisions({ budgetId, status, review, error, answering, answers, onAnswer, undone }: Props) {
  const t = useT();
  const { lang } = useContext(LangContext);
  if (error) return <Alert style={{ marginTop: 12 }} type="warning" showIcon message={t("无法读取审核意见：{e}", { e: error })} />;
  if (!review) return null;
  const result = review.result as ReviewJson;
  const rows = decisionRows(result);
  const opinion = (review.review as { opinion?: unknown } | null)?.opinion;
  const totals = review.round.totals;
  const reduction = Dec.tryParse(totals.reduction);
  return (
    <Card
      size="small"
      style={{ marginTop: 12 }}
      data-testid="review-decisions"
      title={
        <span>
          {t("审核意见（第 {n} 轮）", { n: review.round.round })} <Tag color={status === "approved" ? "green" : "orange"}>{status === "approved" ? t("审核通过") : t("退回修改")}</Tag>
          <Typography.Text type="secondary" style={{ fontWeight: "normal" }}>
            {t("审核人")}{t("：")}{review.round.reviewer}
          </Typography.Text>
        </span>
      }
      extra={
        <a
          href={`/reviews/${budgetId}`}
          onClick={(e) => {
            e.preventDefault();
            navigate(`/reviews/${budgetId}`);
          }}
        >
          {t("查看审核详情")}
        </a>
      }
    >
      <Descriptions size="small" column={4} bordered>
        <Descriptions.Item label={t("送审（申报）金额（元）")}>
          <span className="gc-num" data-testid="decisions-submitted">{money(totals.submitted)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t("审定金额（元）")}>
          <span className="gc-num" data-testid="decisions-approved">{money(totals.approved)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={reduction?.isNegative() ? t("审增金额（元）") : t("审减金额（元）")}>
          <span className="gc-num" data-testid="decisions-reduction">{reduction?.isNegative() ? money(reduction.neg()) : money(totals.reduction)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t("审减率")}>{totals.reductionRate === null ? "—" : `${totals.reductionRate}%`}</Descriptions.Item>
      </Descriptions>
      {typeof opinion === "string" && opinion !== "" ? (
        <Typography.Paragraph style={{ marginTop: 8, whiteSpace: "pre-wrap" }} data-testid="decisions-opinion">
          <b>{t("审核意见")}{t("：")}</b>
          {opinion}
        </Typography.Paragraph>
      ) : null}
      {answering && rows.length > 0 ? <Typography.Paragraph type="secondary">{t("请逐项核对审核决定：接受，或填写异议说明；重新提交时一并发送给审核人。")}</Typography.Paragraph> : null}
      <Table<DecisionRow>
        size="small"
        rowKey="target"
        pagination={rows.length > 20 ? { pageSize: 20 } : false}
        dataSource={rows}
        locale={{ emptyText: t("审核人未调整任何一项") }}
        columns={[
          { title: t("位置"), dataIndex: "target", width: 130, render: (v: string) => targetLabel(v, t) },
          { title: t("服务内容/名称"), dataIndex: "what", minWidth: 150, render: (v: string, r) => <>{v}{r.removed ? <Tag color="red" style={{ marginLeft: 6 }}>{t("整行核减")}</Tag> : null}</> },
          { title: t("送审（申报）金额（元）"), dataIndex: "submittedAmount", align: "right", width: 140, render: (v: string) => <span className="gc-num">{money(v)}</span> },
          { title: t("审定金额（元）"), dataIndex: "approvedAmount", align: "right", width: 140, render: (v: string) => <span className="gc-num">{money(v)}</span> },
          { title: t("审减金额（元）"), dataIndex: "reduction", align: "right", width: 140, render: (v: string) => <Reduction value={v} /> },
          {
            title: t("核减理由（条款）与说明"),
            dataIndex: "reasons",
            render: (rs: DecisionRow["reasons"]) => (
              <>
                {rs.map((r) => (
                  <div key={r.code}>
                    {lang === "en" && r.code in REASONS ? REASONS[r.code as ReasonCode].en : r.label}
                    {r.clause ? <span className="gc-muted">{lang === "en" ? ` (${clauseEn(r.clause)})` : `（${r.clause}）`}</span> : null}
                  </div>
                ))}
                {rs[0]?.note ? <div className="gc-muted">{rs[0].note}</div> : null}
              </>
            ),
          },
          ...(answering
            ? [
                {
                  title: t("核对"),
                  key: "answer",
                  width: 260,
                  render: (_: unknown, r: DecisionRow) => {
                    const a = answers[r.target];
                    return (
                      <div data-answer={r.target}>
                        <Radio.Group
                          size="small"
                          value={a === undefined ? undefined : a.accept ? "accept" : "dispute"}
                          onChange={(e) => onAnswer(r.target, { target: r.target, accept: e.target.value === "accept", note: e.target.value === "accept" ? null : (a?.note ?? "") })}
                          options={[
                            { label: t("接受"), value: "accept" },
                            { label: t("异议"), value: "dispute" },
                          ]}
                        />
                        {a?.accept && undone ? (
                          undone.some((n) => n.target === r.target) ? (
                            <div className="gc-warning-text" data-not-carried={r.target}>
                              {t("预算中尚未照此修改")}
                            </div>
                          ) : (
                            <div className="gc-muted">{t("预算已照此修改")}</div>
                          )
                        ) : null}
                        {a && !a.accept ? (
                          <Input.TextArea
                            size="small"
                            autoSize={{ minRows: 1, maxRows: 4 }}
                            style={{ marginTop: 4 }}
                            value={a.note ?? ""}
                            placeholder={t("异议说明")}
                            status={(a.note ?? "").trim() === "" ? "error" : undefined}
                            aria-label={t("{what}的异议说明", { what: targetLabel(r.target, t) })}
                            onChange={(e) => onAnswer(r.target, { ...a, note: e.target.value })}
                          />
                        ) : null}
                      </div>
                    );
                  },
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
});

/** How many decisions of the review still lack an answer, and how many disputes lack their note. */
export function answerGaps(answers: Answers): { disputesWithoutNote: number } {
  return { disputesWithoutNote: Object.values(answers).filter((a) => !a.accept && (a.note ?? "").trim() === "").length };
}
