/**
 * The reviewer's screen (审核): the submitted values, read-only, beside the approved values the
 * reviewer types, per service line and per entry; the reasons with their clauses; the live
 * figures (送审（申报）金额, 审定金额, 审减金额, 审减率) from core's reviewBudget on every edit; the
 * findings (a click goes to the line); the opinion; save (review versions, 409 on a conflicting
 * save), 退回修改 and 审核通过; and the exports of the 审核意见书 and the workbook.
 *
 * Only the assigned reviewer of a round in review is offered the inputs and the actions; anyone
 * else who may read the review (the department once it is returned or approved, an
 * administrator) sees the same screen read-only.
 */
import { AdminActions } from "./AdminActions.js";
import { memo, useCallback, useContext, useEffect, useEffectEvent, useMemo, useState } from "react";
import { Alert, App, Button, Card, Col, Dropdown, Empty, Input, Pagination, Row, Select, Space, Spin, Table, Tag, Typography } from "antd";
import { CheckOutlined, DownloadOutlined, RollbackOutlined, SaveOutlined } from "@ant-design/icons";
import {
  Dec,
  estimate,
  findingsOf,
  findingPlace,
  formatFinding,
  formatProblem,
  clauseEn,
  notCarried,
  problemPath,
  REASON_CODES,
  REASONS,
  SEVERITY_LABELS,
  validateBudget,
  validateReview,
  type Budget,
  type EntryReduction,
  type Finding,
  type LineReduction,
  type NotCarried,
  type ReasonCode,
  type ReductionTotals,
  type ServiceLine,
} from "@govcost/core";
import { api, ApiError, type DecisionAnswer, type ReviewAnswer, type ReviewSaveAnswer } from "../api.js";
import { useAuth } from "../auth.js";
import { INDEX, STANDARD } from "../draft.js";
import { dateTime, money, unitLabel, type Unit } from "../format.js";
import { LangContext, useT } from "../i18n.js";
import { navigate, setLeaveGuard } from "../router.js";
import { ComparisonView } from "../pages/History.js";
import {
  computeReview,
  EMPTY_STATE,
  entriesOf,
  entryEditOf,
  entryKey,
  expectationFrom,
  LIST_LABEL,
  lineEditOf,
  lineKey,
  stateOf,
  targetLabel,
  type EntryEdit,
  type EntryList,
  type LineEdit,
  type ReviewIssue,
  type ReviewState,
} from "./model.js";
import { asStatus, reviewRoutes, STATUS_COLOR, STATUS_LABEL } from "./workflow.js";
import { NotCarriedAlert } from "./NotCarriedAlert.js";

const PAGE_SIZE = 50;
const FORMULA_ITEMS = STANDARD.items.filter((i) => i.kind === "formula");
const ENTRY_LISTS: readonly EntryList[] = ["dataProducts", "equipment", "business", "external"];

/** Messages about a decision in the screen's words. */
function problemText(p: ReviewIssue, lang: "zh-CN" | "en", t: (zh: string) => string): string {
  if (p.kind === "reason") return t("请选择核减理由");
  if (p.kind === "note") return t("理由为“其他”时请填写说明");
  // A units box holding no whole number: said as the box's rule, not as the file format's type error.
  if (problemPath(p.problem).at(-1) === "units" && (p.problem.code === "wrong_type" || p.problem.code === "not_integer")) return t("单位数应为正整数（涉及的单位个数，如 3）");
  return formatProblem(p.problem, lang);
}


export default function ReviewPage({ id }: { id: string }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { user } = useAuth();
  const { modal, message } = App.useApp();
  const [answer, setAnswer] = useState<ReviewAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [state, setState] = useState<ReviewState>(EMPTY_STATE);
  const [saved, setSaved] = useState<ReviewState>(EMPTY_STATE);
  const [reviewVersion, setReviewVersion] = useState(0);
  const [busy, setBusy] = useState(false);
  const [unit, setUnit] = useState<Unit>("yuan");
  const [page, setPage] = useState(1);
  const [flash, setFlash] = useState<string | null>(null);

  const budget = useMemo<Budget | null>(() => {
    if (!answer) return null;
    const v = validateBudget(answer.document, STANDARD);
    return v.ok ? v.budget : null;
  }, [answer]);

  const apply = (a: ReviewAnswer) => {
    const v = validateBudget(a.document, STANDARD);
    const s = v.ok ? reviewState(a.review, v.budget) : EMPTY_STATE;
    setAnswer(a);
    setState(s);
    setSaved(s);
    setReviewVersion(a.round.reviewVersion);
  };
  const fail = (e: unknown) => setError(e instanceof ApiError ? (e.status === 404 ? t("审核记录不存在，或您无权查看") : e.message) : String(e));
  const loaded = useEffectEvent(apply);
  const failed = useEffectEvent(fail);

  // Load the review; the assigned reviewer opening a submitted budget starts the review (submitted → in review).
  const userId = user?.id;
  const role = user?.role;
  useEffect(() => {
    let cancelled = false;
    const load = async () => {
      let a = await api.get<ReviewAnswer>(reviewRoutes.review(id));
      if (a.status === "submitted" && role === "reviewer" && userId === a.round.reviewerId) {
        await api.post(reviewRoutes.open(id));
        a = await api.get<ReviewAnswer>(reviewRoutes.review(id));
      }
      return a;
    };
    load().then(
      (a) => {
        if (!cancelled) loaded(a);
      },
      (e: unknown) => {
        if (!cancelled) failed(e);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [id, userId, role]);

  const status = asStatus(answer?.status);
  const editable = answer !== null && budget !== null && user?.role === "reviewer" && user.id === answer.round.reviewerId && status === "in_review";
  const dirty = state !== saved;
  const reviewer = answer?.round.reviewer ?? user?.displayName ?? null;
  const computed = useMemo(() => (budget ? computeReview(state, budget, STANDARD, reviewer) : null), [state, budget, reviewer]);
  // 退回修改 and 审核通过 name both the status and the action in Chinese; in English the buttons are verbs.
  const action = (zh: "退回修改" | "审核通过") => (lang === "en" ? ACTION_EN[zh] : zh);
  const submittedEstimate = useMemo(() => (budget ? estimate(budget, STANDARD) : null), [budget]);
  // 核对 between rounds: the previous round's decisions the department accepted, held against this
  // round's submission (shown with the answers) and against what is about to be approved.
  const expectation = useMemo(() => (answer?.previous[0] ? expectationFrom(answer.previous[0], answer.round.answers, STANDARD) : null), [answer]);
  const notInSubmission = useMemo(() => (expectation && budget && submittedEstimate ? notCarried(expectation, budget, submittedEstimate.lines) : []), [expectation, budget, submittedEstimate]);
  const notInApproved = useMemo(() => (expectation && computed?.result ? notCarried(expectation, computed.result.approvedBudget, computed.result.approved.lines) : []), [expectation, computed]);
  // The findings are about the submitted budget: the same list whatever the decisions.
  const findings = useMemo(() => (budget && submittedEstimate ? findingsOf(budget, submittedEstimate, STANDARD) : []), [budget, submittedEstimate]);

  // Leaving with unsaved decisions asks first.
  useEffect(() => {
    if (!dirty || !editable) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", onBeforeUnload);
    const release = setLeaveGuard((proceed) => {
      modal.confirm({ title: t("审核决定尚未保存"), content: t("离开后未保存的审核决定将丢失。确定离开？"), okText: t("离开"), cancelText: t("留下"), onOk: proceed });
      return true;
    });
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      release();
    };
  }, [dirty, editable, modal, t]);

  const changeLine = useCallback(
    (line: number, patch: Partial<LineEdit>) =>
      setState((s) => {
        if (!budget) return s;
        const sub = budget.services[line - 1] as ServiceLine;
        const lines = new Map(s.lines);
        lines.set(line, { ...(s.lines.get(line) ?? lineEditOf(sub)), ...patch });
        return { ...s, lines };
      }),
    [budget],
  );
  const changeEntry = useCallback(
    (key: string, patch: Partial<EntryEdit>) =>
      setState((s) => {
        if (!budget) return s;
        const [list, idx] = key.split(":") as [EntryList, string];
        const x = entriesOf(budget, list)[Number(idx)];
        if (!x) return s;
        const entries = new Map(s.entries);
        entries.set(key, { ...(s.entries.get(key) ?? entryEditOf(x.amount)), ...patch });
        return { ...s, entries };
      }),
    [budget],
  );

  // A finding's line: its page, then scrolled to and marked for a moment.
  const goTo = useCallback((target: string) => {
    const [kind, n] = target.split(":");
    if (kind === "line") setPage(Math.ceil(Number(n) / PAGE_SIZE));
    setFlash(target);
  }, []);
  useEffect(() => {
    if (!flash) return;
    document.querySelector(`[data-review-target="${flash}"]`)?.scrollIntoView({ block: "center", behavior: "smooth" });
  }, [flash, page]);

  /** Save the decisions as a new review version; the new version's number, or null when not saved. */
  const save = async (baseVersion = reviewVersion): Promise<number | null> => {
    if (!computed) return null;
    if (computed.problemCount > 0) {
      message.error(t("有 {n} 处审核决定不完整，请按各处提示补充后再保存", { n: computed.problemCount }));
      return null;
    }
    setBusy(true);
    try {
      const r = await api.put<ReviewSaveAnswer>(reviewRoutes.review(id), { baseVersion, review: computed.doc });
      setReviewVersion(r.reviewVersion);
      setSaved(state);
      message.success(t("审核决定已保存（第 {v} 版）", { v: r.reviewVersion }));
      return r.reviewVersion;
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && e.current) {
        const current = e.current;
        modal.confirm({
          title: t("审核决定已被他人更新"),
          content: t("{author} 于 {at} 保存了审核决定第 {v} 版。载入该版本将放弃您未保存的修改；也可以用您的修改覆盖（原版本仍保留在历史中）。", { author: current.author, at: dateTime(current.savedAt), v: current.version }),
          okText: t("以我的修改覆盖"),
          cancelText: t("载入该版本"),
          onOk: () => void save(current.version),
          onCancel: () => void reload(),
        });
      } else message.error(e instanceof ApiError ? e.message : String(e));
      return null;
    } finally {
      setBusy(false);
    }
  };
  const reload = async () => {
    try {
      apply(await api.get<ReviewAnswer>(reviewRoutes.review(id)));
    } catch (e) {
      fail(e);
    }
  };

  const decide = (outcome: "return" | "approve") => {
    if (!computed) return;
    if (computed.problemCount > 0) {
      message.error(t("有 {n} 处审核决定不完整，请按各处提示补充后再保存", { n: computed.problemCount }));
      return;
    }
    if (outcome === "return" && state.opinion.trim() === "") {
      message.error(t("退回修改时请填写审核意见"));
      return;
    }
    modal.confirm({
      title: outcome === "return" ? t("退回修改？") : t("审核通过？"),
      content:
        outcome === "return" ? (
          t("预算将连同审核决定和审核意见退回编制单位修改；编制单位修改后重新提交，开始下一轮审核。")
        ) : (
          <>
            {t("审定金额 {a} 元将随本轮审核固定，预算不能再修改（管理员可重新打开）。", { a: computed.result ? money(computed.result.totals.approved) : "—" })}
            {notInApproved.length > 0 ? (
              <NotCarriedAlert
                style={{ marginTop: 12 }}
                testId="approve-not-carried"
                items={notInApproved}
                message={t("编制单位在上一轮接受了以下 {n} 项审核决定，但本轮送审没有照改，本轮的审定结果中也没有：", { n: notInApproved.length })}
              />
            ) : null}
          </>
        ),
      okText: action(outcome === "return" ? "退回修改" : "审核通过"),
      okButtonProps: { danger: outcome === "approve" && notInApproved.length > 0 },
      cancelText: t("取消"),
      onOk: async () => {
        // The decisions on screen are the ones decided on: saved first, then named by their version.
        const baseVersion = dirty ? await save() : reviewVersion;
        if (baseVersion === null) return;
        try {
          await api.post(outcome === "return" ? reviewRoutes.returnIt(id) : reviewRoutes.approve(id), baseVersion > 0 ? { baseVersion } : {});
          message.success(outcome === "return" ? t("已退回修改") : t("已审核通过"));
          setSaved(state);
          await reload();
        } catch (e) {
          message.error(e instanceof ApiError ? e.message : String(e));
        }
      },
    });
  };

  if (error) return <Alert type="error" showIcon message={error} action={<Button onClick={() => navigate("/reviews")}>{t("返回待我审核")}</Button>} />;
  if (!answer) return <Spin style={{ display: "block", margin: 48 }} />;
  if (!budget || !computed) return <Alert type="error" showIcon message={t("送审的预算文件无法读取")} />;
  const result = computed.result;
  const loc = lang === "en" ? "en" : "zh-CN";
  const pageLines = budget.services.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const previous = answer.previous[0] ?? null;

  return (
    <Space direction="vertical" style={{ width: "100%" }} size={12} data-testid="review-page">
      <Card size="small" className="gc-sticky-summary" styles={{ body: { padding: "8px 16px" } }}>
        <Row gutter={[16, 8]} align="middle">
          <Col flex="auto">
            <Space wrap>
              <Typography.Text strong>{answer.budgetName}</Typography.Text>
              <Typography.Text type="secondary">{answer.departmentName}</Typography.Text>
              <Tag color={STATUS_COLOR[status]} data-testid="review-status">
                {t(STATUS_LABEL[status])}
              </Tag>
              <Tag>{t("第 {n} 轮", { n: answer.round.round })}</Tag>
              <Typography.Text type="secondary">
                {t("审核人")}{t("：")}{answer.round.reviewer}
              </Typography.Text>
              {editable ? (
                <Tag color={dirty ? "orange" : "green"} data-testid="review-save-state">
                  {dirty ? t("有未保存的修改") : reviewVersion ? `${t("已保存")} v${reviewVersion}` : t("尚未保存审核决定")}
                </Tag>
              ) : (
                <Tag color="purple">{t("只读")}</Tag>
              )}
            </Space>
          </Col>
          <Col flex="none">
            <ReviewTotals totals={result?.totals ?? null} unit={unit} />
          </Col>
          <Col flex="none">
            <Space wrap className="gc-no-print">
              <Select size="small" value={unit} onChange={setUnit} options={[{ label: t("元"), value: "yuan" }, { label: t("万元"), value: "wan" }]} style={{ width: 80 }} />
              <Dropdown
                trigger={["click"]}
                menu={{
                  items: [
                    { key: "html", label: <a href={reviewRoutes.exportReview(id, "html", unit)} download data-testid="review-export-html">{t("审核意见书（HTML）")}</a> },
                    { key: "pdf", label: <a href={reviewRoutes.exportReview(id, "pdf", unit)} download data-testid="review-export-pdf">{t("审核意见书（PDF）")}</a> },
                    { key: "xlsx", label: <a href={reviewRoutes.exportReview(id, "xlsx", unit)} download data-testid="review-export-xlsx">{t("审减明细表（Excel .xlsx）")}</a> },
                  ],
                  onClick: () => {
                    if (dirty) message.warning(t("导出的是已保存的审核决定；当前未保存的修改不包含在内"));
                  },
                }}
              >
                <Button icon={<DownloadOutlined />} data-testid="review-export">
                  {t("导出")}
                </Button>
              </Dropdown>
              {user?.role === "admin" ? <AdminActions id={id} status={status} onDone={() => void reload()} /> : null}
              {editable ? (
                <>
                  <Button icon={<SaveOutlined />} onClick={() => void save()} loading={busy} data-testid="review-save">
                    {t("保存")}
                  </Button>
                  <Button icon={<RollbackOutlined />} onClick={() => decide("return")} data-testid="review-return">
                    {action("退回修改")}
                  </Button>
                  <Button type="primary" icon={<CheckOutlined />} onClick={() => decide("approve")} data-testid="review-approve">
                    {action("审核通过")}
                  </Button>
                </>
              ) : null}
            </Space>
          </Col>
        </Row>
      </Card>

      {computed.problemCount > 0 ? (
        <Alert type="error" showIcon data-testid="review-problems" message={t("有 {n} 处审核决定不完整，请按各处提示补充后再保存", { n: computed.problemCount })} description={(computed.problems.get("") ?? []).map((p, i) => <div key={i}>{problemText(p, loc, t)}</div>)} />
      ) : null}
      {result === null ? <Alert type="warning" showIcon message={t("审核决定有误，暂时无法计算审定金额")} /> : null}

      <Findings findings={findings} onGo={goTo} />

      {previous ? <PreviousRound answer={answer} notInSubmission={notInSubmission} notInApproved={notInApproved} /> : null}

      <Card size="small" title={t("服务内容（人力成本）")} extra={<Typography.Text type="secondary">{t("左侧为送审（申报）值，只读；右侧填写审定值")}</Typography.Text>}>
        <div className="gc-review-table" role="table" aria-label={t("服务内容审核")}>
          <div className="gc-review-head" role="row">
            <span>{t("行")}</span>
            <span>{t("送审（申报）")}</span>
            <span>{t("审定")}</span>
            <span>{t("金额（{u}）", { u: t(unitLabel(unit)) })}</span>
            <span>{t("核减理由与说明")}</span>
          </div>
          {pageLines.map((sub, i) => {
            const line = (page - 1) * PAGE_SIZE + i + 1;
            return (
              <LineReviewRow
                key={line}
                line={line}
                sub={sub}
                edit={state.lines.get(line) ?? null}
                figures={figuresOf(result?.lines[line - 1])}
                problems={computed.problems.get(lineKey(line)) ?? null}
                excluded={computed.excluded.has(lineKey(line))}
                editable={editable}
                unit={unit}
                flash={flash === lineKey(line)}
                onChange={changeLine}
              />
            );
          })}
        </div>
        {budget.services.length > PAGE_SIZE ? <Pagination style={{ marginTop: 8 }} current={page} pageSize={PAGE_SIZE} total={budget.services.length} onChange={setPage} showSizeChanger={false} /> : null}
        {result ? (
          <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }} data-testid="review-scale-effect">
            {t("规模系数影响")}{t("：")}{money(result.scaleEffect, unit)}
            {!result.scaleEffect.isZero() ? (
              <Typography.Text type="secondary">
                {" "}
                {t(result.submitted.scale.coefficient.eq(result.approved.scale.coefficient) ? "（项目规模系数 S {a} 作用于全部人力成本，人力成本审减 {l} = 各行审减之和 {s} + 规模系数影响）" : "（项目规模系数 S 由 {a} 变为 {b}，人力成本审减 {l} = 各行审减之和 {s} + 规模系数影响）", {
                  a: result.submitted.scale.coefficient.toFixed(2),
                  b: result.approved.scale.coefficient.toFixed(2),
                  l: money(result.labor.reduction, unit),
                  s: money(result.lineReductions, unit),
                })}
              </Typography.Text>
            ) : null}
          </Typography.Paragraph>
        ) : null}
      </Card>

      {ENTRY_LISTS.some((l) => entriesOf(budget, l).length > 0) ? (
        <Card size="small" title={t("非人力成本与公式(1)之外计价的服务")}>
          {ENTRY_LISTS.map((list) =>
            entriesOf(budget, list).map((x, index) => {
              const key = entryKey(list, index);
              const rows = list === "external" ? result?.external : result?.nonLabor.filter((r) => r.part === list);
              return (
                <EntryReviewRow
                  key={key}
                  target={key}
                  list={list}
                  index={index}
                  name={x.name}
                  note={x.note}
                  edit={state.entries.get(key) ?? null}
                  figures={figuresOf(rows?.[index])}
                  problems={computed.problems.get(key) ?? null}
                  editable={editable}
                  unit={unit}
                  flash={flash === key}
                  onChange={changeEntry}
                />
              );
            }),
          )}
        </Card>
      ) : null}

      <Card size="small" title={t("审核意见")}>
        <Input.TextArea
          value={state.opinion}
          readOnly={!editable}
          autoSize={{ minRows: 3, maxRows: 12 }}
          placeholder={editable ? t("填写审核意见（退回修改时必填）") : undefined}
          onChange={(e) => {
            const opinion = e.target.value;
            setState((s) => ({ ...s, opinion }));
          }}
          data-testid="review-opinion"
          aria-label={t("审核意见")}
        />
      </Card>
    </Space>
  );
}

/** The saved review file as the screen's state (a file that no longer fits the budget starts empty). */
function reviewState(doc: unknown, budget: Budget): ReviewState {
  if (doc === null || doc === undefined) return EMPTY_STATE;
  const v = validateReview(doc, budget, STANDARD);
  return v.ok ? stateOf(v.review, budget) : EMPTY_STATE;
}

export function ReviewTotals({ totals, unit }: { totals: ReductionTotals | null; unit: Unit }) {
  const t = useT();
  const u = t(unitLabel(unit));
  const increase = totals?.reduction.isNegative() ?? false;
  return (
    <div className="gc-totals">
      <div>
        <div className="gc-totals-label">{t("送审（申报）金额 C（{u}）", { u })}</div>
        <div className="gc-totals-value" data-testid="review-submitted">
          {totals ? money(totals.submitted, unit) : "—"}
        </div>
      </div>
      <div>
        <div className="gc-totals-label">{t("审定金额（{u}）", { u })}</div>
        <div className="gc-totals-value gc-totals-c" data-testid="review-approved">
          {totals ? money(totals.approved, unit) : "—"}
        </div>
      </div>
      <div>
        <div className="gc-totals-label" data-testid="review-reduction-label">
          {increase ? t("审增金额（{u}）", { u }) : t("审减金额（{u}）", { u })}
        </div>
        <div className="gc-totals-value" data-testid="review-reduction">
          {totals ? money(increase ? totals.reduction.neg() : totals.reduction, unit) : "—"}
        </div>
      </div>
      <div>
        <div className="gc-totals-label">{t("审减率")}</div>
        <div className="gc-totals-value" data-testid="review-rate">
          {totals?.reductionRate ? `${totals.reductionRate.toFixed(2)}%` : "—"}
        </div>
      </div>
    </div>
  );
}

function ReasonPicker({ value, onChange, disabled, label }: { value: readonly ReasonCode[]; onChange: (v: ReasonCode[]) => void; disabled: boolean; label: string }) {
  const { lang } = useContext(LangContext);
  const options = useMemo(
    () =>
      REASON_CODES.map((code) => {
        const r = REASONS[code];
        return { value: code, label: lang === "en" ? r.en : r.zh, clause: lang === "en" ? clauseEn(r.clause) : r.clause };
      }),
    [lang],
  );
  return (
    <Select
      mode="multiple"
      size="small"
      style={{ width: "100%" }}
      value={[...value]}
      disabled={disabled}
      onChange={(v: ReasonCode[]) => onChange(v)}
      options={options}
      // Thirteen reasons: all rendered (no virtual list), searchable by their label.
      virtual={false}
      listHeight={420}
      optionFilterProp="label"
      popupMatchSelectWidth={360}
      optionRender={(o) => (
        <div>
          {o.data.label}
          {o.data.clause ? <div className="gc-muted" style={{ fontSize: 12 }}>{o.data.clause}</div> : null}
        </div>
      )}
      labelRender={(o) => {
        const r = REASONS[o.value as ReasonCode];
        return <span title={r ? (lang === "en" ? clauseEn(r.clause) : r.clause) : undefined}>{o.label}</span>;
      }}
      aria-label={label}
    />
  );
}

/** The chosen reasons with their clauses, for a reader. */
function ReasonList({ reasons }: { reasons: readonly ReasonCode[] }) {
  const { lang } = useContext(LangContext);
  return (
    <>
      {reasons.map((c) => (
        <div key={c} className="gc-review-reason">
          {lang === "en" ? REASONS[c].en : REASONS[c].zh}
          {REASONS[c].clause ? <span className="gc-muted">{lang === "en" ? ` (${clauseEn(REASONS[c].clause)})` : `（${REASONS[c].clause}）`}</span> : null}
        </div>
      ))}
    </>
  );
}

/** A row's figures as text, so that a row whose figures did not change is not rendered again. */
function figuresOf(r: LineReduction | EntryReduction | undefined): string {
  return r ? `${r.submittedAmount.toFixed(2)} ${r.approvedAmount.toFixed(2)} ${r.reduction.toFixed(2)}` : "";
}

function Figures({ figures, unit, target, excluded = false }: { figures: string; unit: Unit; target: string; excluded?: boolean }) {
  const t = useT();
  if (figures === "") return <div className="gc-num">—</div>;
  const [submitted, approved, reduction] = figures.split(" ").map((x) => Dec.parse(x)) as [Dec, Dec, Dec];
  return (
    <div className="gc-num" style={{ textAlign: "right" }}>
      <div title={t("送审（申报）金额")}>{money(submitted, unit)}</div>
      <div title={t("审定金额")} data-review-approved={target}>
        {excluded ? "—" : money(approved, unit)}
      </div>
      {!reduction.isZero() && !excluded ? (
        <div className={reduction.isNegative() ? "gc-increase" : "gc-reduction"} data-review-reduction={target}>
          {reduction.isNegative() ? t("审增") : t("审减")} {money(reduction.isNegative() ? reduction.neg() : reduction, unit)}
        </div>
      ) : null}
    </div>
  );
}

interface LineRowProps {
  line: number;
  sub: ServiceLine;
  edit: LineEdit | null;
  /** "submitted approved reduction" (see figuresOf); "" when not priced. */
  figures: string;
  problems: ReviewIssue[] | null;
  excluded: boolean;
  editable: boolean;
  unit: Unit;
  flash: boolean;
  onChange: (line: number, patch: Partial<LineEdit>) => void;
}

/** The same issues (a row is not rendered again for a new list saying the same). */
function sameIssues(a: readonly ReviewIssue[] | null, b: readonly ReviewIssue[] | null): boolean {
  if (a === b) return true;
  if (a === null || b === null || a.length !== b.length) return false;
  const key = (i: ReviewIssue) => (i.kind === "problem" ? `${i.problem.code} ${JSON.stringify(i.problem.params)}` : i.kind);
  return a.every((x, k) => key(x) === key(b[k] as ReviewIssue));
}

/** Props equal one by one, the issues by what they say. */
function sameRowProps<P extends { problems: ReviewIssue[] | null }>(a: P, b: P): boolean {
  for (const k of Object.keys(a) as (keyof P)[]) if (k !== "problems" && a[k] !== b[k]) return false;
  return sameIssues(a.problems, b.problems);
}

const ACTION_EN = { 退回修改: "Return for changes", 审核通过: "Approve" } as const;

const METHOD_LABEL: Record<string, string> = { coefficient: "方法1 查系数", quick: "方法2 速查表" };
/** An item whose table says collaboration is 不涉及: F1, nothing to choose. */
const fixedF1 = (id: string): boolean => {
  const it = INDEX.items.get(id);
  return it?.kind === "formula" && it.collaborationRule === "none";
};

const LineReviewRow = memo(function LineReviewRow({ line, sub, edit, figures, problems, excluded, editable, unit, flash, onChange }: LineRowProps) {
  const t = useT();
  const e = edit ?? lineEditOf(sub);
  const name = INDEX.items.get(sub.item)?.name ?? "";
  // An item whose table fixes 不涉及 is said as the editor says it, not as a level left empty.
  const level = (item: string, units: string, collaboration: string) => (fixedF1(item) ? t("F1 不涉及") : [units ? t("{n} 个单位", { n: units }) : "", collaboration].filter(Boolean).join(" ") || t("未填（F1）"));
  const set = (patch: Partial<LineEdit>) => onChange(line, patch);
  return (
    <div className={"gc-review-row" + (flash ? " gc-flash" : "") + (e.remove ? " gc-removed" : "")} role="row" data-review-target={lineKey(line)} data-review-line={line}>
      <span className="gc-muted">{line}</span>
      <div>
        <div>
          <b>{sub.item}</b> {name}
        </div>
        <div className="gc-muted" style={{ fontSize: 12 }}>
          {level(sub.item, sub.units === null ? "" : String(sub.units), sub.collaboration ?? "")} · {t(METHOD_LABEL[sub.method] ?? sub.method)} · {t("{pm} 人月", { pm: sub.personMonths.toString() })}
        </div>
      </div>
      <div className="gc-review-approved">
        {editable ? (
          <>
            <select className="gc-in" style={{ width: 200 }} title={`${e.item} ${INDEX.items.get(e.item)?.name ?? ""}`} value={e.item} disabled={e.remove} onChange={(ev) => set({ item: ev.target.value, ...(fixedF1(ev.target.value) ? { units: "", collaboration: "" } : {}) })} aria-label={t("第 {n} 行审定的服务内容", { n: line })}>
              {FORMULA_ITEMS.map((it) => (
                <option key={it.id} value={it.id}>
                  {it.id} {it.name}
                </option>
              ))}
            </select>
            {fixedF1(e.item) ? (
              // The approved item's table fixes F1: no units or level to choose (as in the editor).
              <span className="gc-fixed" title={t("该项表格规定“不涉及”，按 F1")}>
                {t("F1 不涉及")}
              </span>
            ) : (
              <>
                <input className="gc-in gc-in-num" style={{ width: 64 }} value={e.units} disabled={e.remove} placeholder={t("单位数")} onChange={(ev) => set({ units: ev.target.value })} aria-label={t("第 {n} 行审定的单位数", { n: line })} />
                <select className="gc-in" value={e.collaboration} disabled={e.remove} onChange={(ev) => set({ collaboration: ev.target.value })} aria-label={t("第 {n} 行审定的协同难度", { n: line })}>
                  <option value="">{t("按单位数")}</option>
                  <option value="F1">F1</option>
                  <option value="F2">F2</option>
                  <option value="F3">F3</option>
                </select>
              </>
            )}
            <select className="gc-in" value={e.method} disabled={e.remove} onChange={(ev) => set({ method: ev.target.value })} aria-label={t("第 {n} 行审定的计价方法", { n: line })}>
              <option value="coefficient">{t("方法1 查系数")}</option>
              <option value="quick">{t("方法2 速查表")}</option>
            </select>
            <input className="gc-in gc-in-num" value={e.personMonths} disabled={e.remove} inputMode="decimal" onChange={(ev) => set({ personMonths: ev.target.value })} aria-label={t("第 {n} 行审定的工作量（人月）", { n: line })} data-review-pm={line} />
            <label className="gc-review-remove">
              <input type="checkbox" checked={e.remove} onChange={(ev) => set({ remove: ev.target.checked })} data-review-remove={line} aria-label={t("第 {n} 行整行核减", { n: line })} /> {t("整行核减")}
            </label>
          </>
        ) : edit ? (
          e.remove ? (
            <Tag color="red">{t("整行核减")}</Tag>
          ) : (
            <span>
              <b>{e.item}</b> · {level(e.item, e.units, e.collaboration)} · {t(METHOD_LABEL[e.method] ?? e.method)} · {t("{pm} 人月", { pm: e.personMonths })}
            </span>
          )
        ) : (
          <span className="gc-muted">{t("未调整")}</span>
        )}
      </div>
      <Figures figures={figures} unit={unit} target={lineKey(line)} excluded={excluded} />
      <div>
        {editable ? (
          <>
            <ReasonPicker value={e.reasons} onChange={(reasons) => set({ reasons })} disabled={false} label={t("第 {n} 行核减理由", { n: line })} />
            <input className="gc-in gc-in-note" style={{ marginTop: 2 }} value={e.note} placeholder={t("说明")} onChange={(ev) => set({ note: ev.target.value })} aria-label={t("第 {n} 行审核说明", { n: line })} />
          </>
        ) : (
          <>
            <ReasonList reasons={e.reasons} />
            {e.note ? <div className="gc-muted">{e.note}</div> : null}
          </>
        )}
      </div>
      {problems ? <RowProblems problems={problems} /> : null}
    </div>
  );
}, sameRowProps);

interface EntryRowProps {
  target: string;
  list: EntryList;
  index: number;
  name: string;
  note: string | null;
  edit: EntryEdit | null;
  figures: string;
  problems: ReviewIssue[] | null;
  editable: boolean;
  unit: Unit;
  flash: boolean;
  onChange: (key: string, patch: Partial<EntryEdit>) => void;
}

const ENTRY_LETTER = { dataProducts: "D", equipment: "E", business: "B" } as const;

const EntryReviewRow = memo(function EntryReviewRow({ target, list, index, name, note, edit, figures, problems, editable, unit, flash, onChange }: EntryRowProps) {
  const t = useT();
  const set = (patch: Partial<EntryEdit>) => onChange(target, patch);
  const label = `${t(LIST_LABEL[list])} ${t("第 {n} 项", { n: index + 1 })}`;
  const e = edit ?? (figures ? { amount: figures.split(" ")[0] as string, remove: false, reasons: [], note: "" } : null);
  return (
    <div className={"gc-review-row" + (flash ? " gc-flash" : "") + (e?.remove ? " gc-removed" : "")} role="row" data-review-target={target}>
      {/* Numbered within its list, by the list's letter in 公式(3) (D1, E1, B1; 外1 outside formula (1)), so three first entries do not all read "1". */}
      <span className="gc-muted">{list === "external" ? t("外{n}", { n: index + 1 }) : `${ENTRY_LETTER[list]}${index + 1}`}</span>
      <div>
        <div>
          <b>{name}</b>
        </div>
        <div className="gc-muted" style={{ fontSize: 12 }}>
          {t(LIST_LABEL[list])}
          {note ? ` · ${note}` : ` · ${t("无说明/依据")}`}
        </div>
      </div>
      <div className="gc-review-approved">
        {editable && e ? (
          <>
            <input className="gc-in gc-in-num" style={{ width: 120 }} value={e.amount} disabled={e.remove} inputMode="decimal" onChange={(ev) => set({ amount: ev.target.value })} aria-label={t("{what}审定金额（元）", { what: label })} data-review-amount={target} />
            <label className="gc-review-remove">
              <input type="checkbox" checked={e.remove} onChange={(ev) => set({ remove: ev.target.checked })} aria-label={t("{what}整项核减", { what: label })} data-review-remove={target} /> {t("整项核减")}
            </label>
          </>
        ) : edit ? (
          edit.remove ? <Tag color="red">{t("整项核减")}</Tag> : <span className="gc-num">{money(edit.amount, unit)}</span>
        ) : (
          <span className="gc-muted">{t("未调整")}</span>
        )}
      </div>
      <Figures figures={figures} unit={unit} target={target} />
      <div>
        {editable && e ? (
          <>
            <ReasonPicker value={e.reasons} onChange={(reasons) => set({ reasons })} disabled={false} label={t("{what}核减理由", { what: label })} />
            <input className="gc-in gc-in-note" style={{ marginTop: 2 }} value={e.note} placeholder={t("说明")} onChange={(ev) => set({ note: ev.target.value })} aria-label={t("{what}审核说明", { what: label })} />
          </>
        ) : edit ? (
          <>
            <ReasonList reasons={edit.reasons} />
            {edit.note ? <div className="gc-muted">{edit.note}</div> : null}
          </>
        ) : null}
      </div>
      {problems ? <RowProblems problems={problems} /> : null}
    </div>
  );
}, sameRowProps);

/** The problems of one line's or entry's decision, under it. */
function RowProblems({ problems }: { problems: readonly ReviewIssue[] }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  return (
    <div className="gc-review-issues">
      {problems.map((p, i) => (
        <div key={i} className="gc-issue error">
          {problemText(p, lang === "en" ? "en" : "zh-CN", t)}
        </div>
      ))}
    </div>
  );
}

const SEVERITY_COLOR = { error: "red", warning: "orange", confirm: "blue" } as const;

/** The automatic findings (预审发现); a click on one goes to its line or entry. */
const Findings = memo(function Findings({ findings, onGo }: { findings: readonly Finding[]; onGo: (target: string) => void }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const loc = lang === "en" ? "en" : "zh-CN";
  return (
    <Card size="small" title={t("预审发现（{n} 条）", { n: findings.length })} data-testid="review-findings">
      {findings.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("未发现问题")} />
      ) : (
        <div className="gc-findings">
          {findings.map((f, i) => {
            const target = f.at.kind === "line" ? lineKey(f.at.line) : f.at.kind === "entry" ? entryKey(f.at.list, f.at.index) : null;
            const body = (
              <>
                <Tag color={SEVERITY_COLOR[f.severity]}>{lang === "en" ? SEVERITY_LABELS[f.severity].en : SEVERITY_LABELS[f.severity].zh}</Tag>
                <span className="gc-muted">{findingPlace(f, loc)}</span> {formatFinding(f, loc)}
                {f.clause ? <span className="gc-muted">{lang === "en" ? ` (${clauseEn(f.clause)})` : `（${f.clause}）`}</span> : null}
                {f.amount ? <span className="gc-num"> {t("涉及金额 {a} 元", { a: money(f.amount) })}</span> : null}
              </>
            );
            return target ? (
              <button type="button" key={i} className="gc-finding gc-link" onClick={() => onGo(target)} data-finding={target}>
                {body}
              </button>
            ) : (
              <div key={i} className="gc-finding">
                {body}
              </div>
            );
          })}
        </div>
      )}
    </Card>
  );
});

/**
 * What the preparer answered to the previous round's decisions, and what changed since. An accepted
 * decision this round's submission does not carry out is marked, and said above the table.
 */
function PreviousRound({ answer, notInSubmission, notInApproved }: { answer: ReviewAnswer; notInSubmission: readonly NotCarried[]; notInApproved: readonly NotCarried[] }) {
  const t = useT();
  const prev = answer.previous[0];
  if (!prev) return null;
  const decisions = decisionsOf(prev.review);
  const answers = new Map(answer.round.answers.map((a) => [a.target, a]));
  const notCarried = new Set(notInSubmission.map((n) => n.target));
  const stillOpen = new Set(notInApproved.map((n) => n.target));
  return (
    <Card size="small" title={t("上一轮（第 {n} 轮）的审核决定与编制单位的核对", { n: prev.round.round })} data-testid="review-previous">
      {notInSubmission.length > 0 ? (
        <NotCarriedAlert
          style={{ marginBottom: 12 }}
          testId="review-not-carried"
          items={notInSubmission}
          message={t("编制单位接受了 {n} 项审核决定，但本轮送审没有照改：", { n: notInSubmission.length })}
          note={t("按上一轮的审定值逐项比较本轮送审的服务行和条目（不论其位置）。请在本轮再次作出相应的审核决定，或与编制单位核实。")}
        />
      ) : null}
      <Table<{ target: string; reasons: ReasonCode[]; note: string | null; what: string; answer: DecisionAnswer | undefined }>
        size="small"
        pagination={false}
        rowKey="target"
        dataSource={decisions.map((d) => ({ ...d, answer: answers.get(d.target) }))}
        columns={[
          { title: t("位置"), dataIndex: "target", width: 140, render: (v: string) => targetLabel(v, t) },
          { title: t("审核决定"), dataIndex: "what", render: (v: string) => t(v) },
          { title: t("核减理由"), dataIndex: "reasons", render: (r: ReasonCode[], d) => <><ReasonList reasons={r} />{d.note ? <div className="gc-muted">{d.note}</div> : null}</> },
          {
            title: t("编制单位核对"),
            dataIndex: "answer",
            width: 280,
            render: (a: DecisionAnswer | undefined, d) =>
              a === undefined ? (
                <span className="gc-muted">{t("未答复")}</span>
              ) : !a.accept ? (
                <span>
                  <Tag color="orange">{t("异议")}</Tag>
                  {a.note}
                </span>
              ) : notCarried.has(d.target) ? (
                <span data-not-carried={d.target}>
                  <Tag color="red">{t("接受，但本轮送审未照改")}</Tag>
                  <div className={stillOpen.has(d.target) ? "gc-warning-text" : "gc-muted"}>{stillOpen.has(d.target) ? t("本轮审核决定中尚未处理") : t("本轮审核决定已照此处理")}</div>
                </span>
              ) : (
                <Tag color="green">{t("接受")}</Tag>
              ),
          },
        ]}
      />
      {answer.changesSincePrevious ? (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t("本轮送审相对上一轮的变化")}
          </Typography.Title>
          <ComparisonView cmp={answer.changesSincePrevious} />
        </>
      ) : null}
    </Card>
  );
}

/** The decisions of a saved review file, read loosely (a past round's file is shown, not priced). */
export function decisionsOf(doc: unknown): { target: string; reasons: ReasonCode[]; note: string | null; what: string }[] {
  if (typeof doc !== "object" || doc === null) return [];
  const r = doc as { lines?: unknown[]; nonLabor?: Record<string, unknown[]>; external?: unknown[] };
  const reasons = (v: unknown): ReasonCode[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is ReasonCode => typeof x === "string" && x in REASONS);
  const out: { target: string; reasons: ReasonCode[]; note: string | null; what: string }[] = [];
  const describe = (d: Record<string, unknown>) => (d.remove === true ? "核减" : "调整");
  for (const x of r.lines ?? []) {
    const d = x as Record<string, unknown>;
    if (typeof d.line === "number") out.push({ target: lineKey(d.line), reasons: reasons(d.reason), note: typeof d.note === "string" ? d.note : null, what: d.remove === true ? "整行核减" : "调整审定值" });
  }
  for (const list of ENTRY_LISTS) {
    const xs = list === "external" ? r.external : r.nonLabor?.[list];
    for (const x of xs ?? []) {
      const d = x as Record<string, unknown>;
      if (typeof d.index === "number") out.push({ target: entryKey(list, d.index), reasons: reasons(d.reason), note: typeof d.note === "string" ? d.note : null, what: describe(d) === "核减" ? "整项核减" : "调整审定金额" });
    }
  }
  return out;
}
