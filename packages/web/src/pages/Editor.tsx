/**
 * The budget editor: service lines from the catalogue, non-labor items, live figures from
 * core's validateBudget + estimate on every keystroke, trails, save with comment and conflict
 * handling, and a local draft that survives reloads until the budget is saved.
 *
 * The state and the server work are in useBudgetEditor; each part of the page is its own
 * component under src/editor. Parts that do not show the figures are memoised, and every
 * callback they take is stable, so typing re-renders the edited row, the totals and the summary.
 */
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { Alert, App, Button, ConfigProvider, Spin } from "antd";
import { Dec, formatProblem, formatWarning, notCarried, problemPath, type NonLaborPart, type ReviewJson, type TierPrices } from "@govcost/core";
import { errorPlaces, groupIssues, HINT_CODES, normaliseNumber, PARTS, STANDARD, type Computed, type Draft, type Issue } from "../draft.js";
import type { Unit } from "../format.js";
import { LangContext, useT } from "../i18n.js";
import { navigate, useLocation } from "../router.js";
import { useAuth } from "../auth.js";
import { CatalogDrawer } from "../editor/Catalog.js";
import { ConflictDialog, MergeDialog, SaveDialog, ServerErrorsDialog } from "../editor/Dialogs.js";
import { NonLabor, nonLaborIssues } from "../editor/NonLabor.js";
import { ServiceLines } from "../editor/ServiceLines.js";
import { SubmitDialog } from "../editor/Submit.js";
import { Summary } from "../editor/Summary.js";
import { Toolbar } from "../editor/Toolbar.js";
import { figures } from "../editor/Trace.js";
import { TracePopover, useTracePopover } from "../editor/TracePopover.js";
import { useBudgetEditor } from "../editor/useBudgetEditor.js";
import { api, ApiError, type DecisionAnswer, type StatusAnswer } from "../api.js";
import { decisionRows, ReviewDecisions, useDecidedReview } from "../review/Decisions.js";
import { expectationFrom } from "../review/model.js";
import { asStatus, locked, reviewRoutes, type BudgetStatus } from "../review/workflow.js";

export default function EditorPage({ id }: { id: string }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { query } = useLocation();
  const { user } = useAuth();
  // Reviewers read the budgets submitted to them; they never change them. Nor does anyone while
  // the budget is submitted, in review or approved.
  const reviewer = user?.role === "reviewer";
  const editor = useBudgetEditor(id, Boolean(query.get("fresh")), reviewer);
  const { draft, computed, record, dirty, baseVersion, addItem, save } = editor;
  const { modal, message } = App.useApp();
  // The status as loaded, until this page submits or withdraws the budget.
  const [statusNow, setStatusNow] = useState<BudgetStatus | null>(null);
  const status = statusNow ?? asStatus(record?.status);
  const readOnly = reviewer || locked(status);
  // The preparer's answers to the returned review's decisions (核对), sent with the resubmission.
  const [answers, setAnswers] = useState<Record<string, DecisionAnswer>>({});
  const onAnswer = useCallback((target: string, a: DecisionAnswer | null) => {
    setAnswers((all) => {
      const next = { ...all };
      if (a) next[target] = a;
      else delete next[target];
      return next;
    });
  }, []);
  const onSubmitted = useCallback(() => setStatusNow("submitted"), []);
  const withdraw = useCallback(() => {
    modal.confirm({
      title: t("撤回提交？"),
      content: t("撤回后预算回到编制中，可以修改后再提交。审核人已开始审核的预算不能撤回。"),
      okText: t("撤回"),
      cancelText: t("取消"),
      onOk: async () => {
        try {
          const r = await api.post<StatusAnswer>(reviewRoutes.withdraw(id));
          setStatusNow(r.status);
          message.success(t("已撤回"));
        } catch (e) {
          message.error(e instanceof ApiError ? e.message : String(e));
        }
      },
    });
  }, [id, modal, message, t]);
  const [unit, setUnit] = useState<Unit>("yuan");
  const [catalogOpen, setCatalogOpen] = useState(false);
  const [saveOpen, setSaveOpen] = useState(false);
  const [submitOpen, setSubmitOpen] = useState(false);
  const popover = useTracePopover();

  // Trails opened from a row read the latest figures from this store.
  useEffect(() => figures.set(computed), [computed]);

  // Lines added here whose workload has not been typed into or left yet: their empty workload is not
  // shown as an error, on the line or in the count above, before the preparer had a chance to type it.
  const [untouched, setUntouched] = useState<ReadonlySet<string>>(() => new Set());
  const onTouch = useCallback((key: string) => {
    setUntouched((s) => {
      if (!s.has(key)) return s;
      const n = new Set(s);
      n.delete(key);
      return n;
    });
  }, []);
  const addUntouched = useCallback(
    (item: string) => {
      const key = addItem(item);
      if (key) setUntouched((s) => new Set(s).add(key));
      return key;
    },
    [addItem],
  );
  // A line added from the keyboard takes the focus: its workload is the next thing to type.
  const pendingFocus = useRef<string | null>(null);
  const addAndFocus = useCallback(
    (item: string) => {
      const key = addUntouched(item);
      if (key) pendingFocus.current = key;
      return key;
    },
    [addUntouched],
  );
  useEffect(() => {
    const key = pendingFocus.current;
    if (!key) return;
    pendingFocus.current = null;
    const el = document.querySelector<HTMLInputElement>(`input[data-pm="${key}"]`);
    if (el) {
      el.focus();
      el.scrollIntoView({ block: "nearest" });
    }
  }, [draft]);
  // The catalogue drawer gives focus back to its opener when it closes: focus the new line after that.
  const focusAfterCatalog = useRef<string | null>(null);
  const addFromCatalog = useCallback(
    (item: string) => {
      // Not focused now: the closing drawer would take the focus back at once, and that blur would mark the
      // new line's empty workload as left (red) before the preparer could type it.
      focusAfterCatalog.current = addUntouched(item);
      setCatalogOpen(false);
    },
    [addUntouched],
  );
  const afterCatalogClose = useCallback(() => {
    const key = focusAfterCatalog.current;
    focusAfterCatalog.current = null;
    // After the drawer's own focus handling has run.
    if (key) setTimeout(() => document.querySelector<HTMLInputElement>(`input[data-pm="${key}"]`)?.focus(), 0);
  }, []);
  const openCatalog = useCallback(() => setCatalogOpen(true), []);
  const closeCatalog = useCallback(() => setCatalogOpen(false), []);
  // Saving: nothing to save is said, not made into a version equal to the last; with input errors the
  // dialog says where, and every line's errors are shown (a line not typed into yet included).
  const openSave = useCallback(() => {
    if (!dirty) {
      message.info(t("没有未保存的修改：当前内容就是已保存的 v{v}", { v: baseVersion }));
      return;
    }
    setUntouched((s) => (s.size ? new Set() : s));
    setSaveOpen(true);
  }, [dirty, baseVersion, message, t]);
  const openSubmit = useCallback(() => setSubmitOpen(true), []);

  // The decided review (returned or approved): its decisions shown above the lines; once returned, each accepted
  // one held against the budget as it is now, beside its answer and before submitting.
  const decided = useDecidedReview(id, reviewer ? null : status);
  const decisionCount = decided.review ? decisionRows(decided.review.result as ReviewJson).length : 0;
  const expectation = useMemo(() => (decided.review && status === "returned" ? expectationFrom(decided.review, Object.values(answers), STANDARD) : null), [decided.review, status, answers]);
  const undone = useMemo(() => (expectation && computed?.budget && computed.estimate ? notCarried(expectation, computed.budget, computed.estimate.lines) : null), [expectation, computed]);

  // Ctrl+S (⌘S) saves: opens the comment box, Enter there saves.
  useEffect(() => {
    if (readOnly) return;
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") {
        e.preventDefault();
        openSave();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [readOnly, openSave]);

  const onSave = useCallback(
    async (comment: string) => {
      if ((await save(comment)) !== "failed") setSaveOpen(false);
    },
    [save],
  );

  // The input errors shown: all but the empty workloads of lines not yet typed into (untouched).
  const shownProblems = useMemo(() => {
    if (!computed || !draft || untouched.size === 0) return computed?.problems ?? [];
    return computed.problems.filter((p) => {
      const [a, i, f] = problemPath(p);
      return !(a === "services" && typeof i === "number" && f === "personMonths" && untouched.has(draft.services[i]?.key ?? "") && (draft.services[i]?.personMonths ?? "").trim() === "");
    });
  }, [computed, draft, untouched]);
  const issues = useMemo(() => {
    if (!computed) return { lines: new Map<string, Issue[]>(), global: [] as Issue[] };
    const loc = lang === "en" ? "en" : "zh-CN";
    return groupIssues([
      ...shownProblems.map((p) => ({ path: problemPath(p), text: emptyField(problemPath(p), draft, t) ?? formatProblem(p, loc), level: "error" as const })),
      ...computed.warnings.map((w) => ({ path: w.path, text: formatWarning(w, loc), level: HINT_CODES.has(w.code) ? ("hint" as const) : ("warning" as const) })),
    ]);
  }, [computed, shownProblems, lang, draft, t]);
  const nonLaborIssuesKey = useMemo(() => nonLaborIssues(issues.lines), [issues]);
  // Warnings shown under a line or an entry (not in the banner's list), counted in the banner all the same.
  const placedWarnings = useMemo(() => [...issues.lines.values()].reduce((n, xs) => n + xs.filter((i) => i.level === "warning").length, 0), [issues]);

  // The catalogue prices with the budget's rates; a new array only when the rates change.
  const ratesKey = draft?.rates?.join(",") ?? "";
  const rates = useMemo<TierPrices | undefined>(() => {
    if (!ratesKey) return undefined;
    const parsed = ratesKey.split(",").map((r) => Dec.tryParse(r));
    return parsed.length === 5 && parsed.every((r) => r !== null) ? (parsed as unknown as TierPrices) : undefined;
  }, [ratesKey]);

  if (editor.loadError) return <Alert type="error" showIcon message={editor.loadError} action={<Button onClick={() => navigate("/budgets")}>{t("返回列表")}</Button>} />;
  if (!draft || !computed || !record) return <Spin style={{ display: "block", margin: 48 }} />;

  const est = computed.estimate;
  return (
    <>
      <Toolbar
        name={draft.name}
        nameError={issues.global.some((i) => i.field === "name")}
        dirty={dirty}
        baseVersion={baseVersion}
        onNameChange={editor.setName}
        estimate={est}
        budgetId={id}
        unit={unit}
        readOnly={readOnly}
        status={status}
        reviewer={reviewer}
        onWithdraw={withdraw}
        onUnitChange={setUnit}
        onOpenCatalog={openCatalog}
        onOpenSubmit={openSubmit}
        onOpenSave={openSave}
      />

      <Banners global={issues.global} problems={shownProblems} placedWarnings={placedWarnings} />

      {!reviewer && (status === "returned" || status === "approved") ? (
        <ReviewDecisions budgetId={id} status={status} review={decided.review} error={decided.error} answering={status === "returned"} answers={answers} onAnswer={onAnswer} undone={undone} />
      ) : null}

      {/* Read-only: every input and button of the lines and costs is disabled (native ones by a fieldset);
          the lines' filter and grouping, which only change what is shown, stay usable (ServiceLines). */}
      <div data-testid={readOnly ? "read-only-budget" : undefined}>
      <ServiceLines
        readOnly={readOnly}
        rateProfileId={editor.rateProfileId}
        profiles={editor.profiles}
        documentRates={draft.rates !== null}
        documentRatesName={draft.ratesName}
        onChoose={editor.chooseRateProfile}
        services={draft.services}
        lineFor={computed.lineFor}
        issues={issues.lines}
        unit={unit}
        onLineChange={editor.changeLine}
        onLineRemove={editor.removeLine}
        onLinesRemove={editor.removeLines}
        onTrace={popover.onTrace}
        onHelp={popover.onHelp}
        onAdd={addAndFocus}
        onPasteLines={editor.addLines}
        onFillDown={editor.fillWorkloads}
        onOpenCatalog={openCatalog}
        onTouch={onTouch}
      />

      <fieldset disabled={readOnly} className="gc-fieldset">
      <ConfigProvider componentDisabled={readOnly}>
      <NonLabor
        nonLabor={draft.nonLabor}
        external={draft.external}
        unit={unit}
        sums={est ? PARTS.map((p) => est.nonLaborParts[p].toFixed(2)).join() : ""}
        issues={nonLaborIssuesKey}
        onChange={editor.changeCost}
        onAdd={editor.addCost}
        onRemove={editor.removeCost}
        externalSum={est ? est.externalTotal.toFixed(2) : ""}
        onExternalChange={editor.changeExternal}
        onExternalAdd={editor.addExternal}
        onExternalRemove={editor.removeExternal}
      />
      </ConfigProvider>
      </fieldset>
      </div>

      <Summary computed={computed} unit={unit} onShow={popover.onShowText} />

      <TracePopover trace={popover.trace} onClose={popover.close} />

      <CatalogDrawer open={catalogOpen} onClose={closeCatalog} onAdd={addFromCatalog} afterClose={afterCatalogClose} rates={rates} />

      {submitOpen ? (
        <SubmitDialog budgetId={id} version={baseVersion} answers={status === "returned" ? Object.values(answers) : undefined} decisionCount={status === "returned" ? decisionCount : 0} notCarried={status === "returned" ? (undone ?? []) : []} onClose={() => setSubmitOpen(false)} onSubmitted={onSubmitted} />
      ) : null}
      {saveOpen ? <SaveDialog baseVersion={baseVersion} errorCount={computed.problems.length} errorWhere={errorWhere(computed.problems, t)} saving={editor.saving} onSave={(c) => void onSave(c)} onCancel={() => setSaveOpen(false)} /> : null}
      {editor.conflict ? (
        <ConflictDialog
          budgetId={id}
          conflict={editor.conflict}
          baseVersion={baseVersion}
          self={user !== null && editor.conflict.author === user.displayName}
          merging={editor.merging}
          onMerge={() => void editor.mergeLatest()}
          onSaveAsCopy={() => void editor.saveAsCopy()}
          onKeepEditing={editor.dismissConflict}
        />
      ) : null}
      {editor.pendingMerge ? <MergeDialog version={editor.pendingMerge.version} conflicts={editor.pendingMerge.conflicts} onDone={editor.finishMerge} /> : null}
      {editor.serverErrors ? <ServerErrorsDialog errors={editor.serverErrors} onClose={editor.dismissServerErrors} /> : null}
    </>
  );
}

/** An empty required field reads better as "please fill in" than as "'' is not a number", and units as the box labels them. */
function emptyField(path: readonly (string | number)[], d: Draft | null, t: (zh: string) => string): string | null {
  if (!d) return null;
  const [a, b, c, e] = path;
  if (a === "services" && typeof b === "number" && c === "personMonths" && d.services[b]?.personMonths.trim() === "") return t("请填写工作量（人月）");
  // Units that are not a whole number ("2.5", "x"): said in the box's own words, not the file format's type error.
  if (a === "services" && typeof b === "number" && c === "units" && !/^\d+$/.test(normaliseNumber(d.services[b]?.units ?? ""))) return t("应为整数（涉及的独立法人单位个数，如 3）");
  if (a === "nonLabor" && typeof b === "string" && typeof c === "number") {
    const x = d.nonLabor[b as NonLaborPart]?.[c];
    if (e === "amount" && x?.amount.trim() === "") return t("请填写金额（元）");
    if (e === "name" && x?.name.trim() === "") return t("请填写名称");
  }
  if (a === "external" && typeof b === "number") {
    const x = d.external[b];
    if (c === "item" && x?.item.trim() === "") return t("请选择服务内容（6.1.a–6.1.d 或 8.5.a–8.5.d）");
    if (c === "name" && x?.name.trim() === "") return t("请填写名称");
    if (c === "amount" && x?.amount.trim() === "") return t("请填写金额（元）");
    if (c === "basis" && x?.basis.trim() === "") return t("请填写计价依据");
  }
  if (a === "name" && d.name.trim() === "") return t("请填写预算名称");
  return null;
}

/** Where the input errors are, as the banner and the save dialog say it: "2 行服务内容、1 项非人力成本" ("" if none is placed). */
function errorWhere(problems: Computed["problems"], t: ReturnType<typeof useT>): string {
  const places = errorPlaces(problems);
  return [
    // One or several: English says "1 service line", "2 service lines".
    places.lines ? t(places.lines === 1 ? "1 行服务内容" : "{n} 行服务内容", { n: places.lines }) : "",
    places.costs ? t(places.costs === 1 ? "1 项非人力成本" : "{n} 项非人力成本", { n: places.costs }) : "",
    places.external ? t(places.external === 1 ? "1 项公式(1)之外的服务" : "{n} 项公式(1)之外的服务", { n: places.external }) : "",
  ]
    .filter(Boolean)
    .join(t("、"));
}

/**
 * Errors, warnings and hints each in their own box with their own count: an error in 业务费 is
 * not "a line", and a hint about the scale coefficient is not an error.
 */
function Banners({ global, problems, placedWarnings }: { global: Issue[]; problems: Computed["problems"]; placedWarnings: number }) {
  const t = useT();
  const where = useMemo(() => errorWhere(problems, t), [problems, t]);
  const of = (level: Issue["level"]) => global.filter((i) => i.level === level);
  const errors = of("error");
  const warnings = of("warning");
  const hints = of("hint");
  const list = (xs: Issue[]) => (xs.length ? xs.map((i, n) => <div key={n}>{i.message}</div>) : undefined);
  return (
    <>
      {problems.length ? (
        <Alert
          style={{ marginTop: 12 }}
          type="error"
          showIcon
          data-testid="banner-errors"
          message={
            where
              ? t("有 {n} 处输入错误（{where}），暂未计入合计；按各处下方的提示修正", { n: problems.length, where })
              : t("有 {n} 处输入错误；按提示修正后才能保存", { n: problems.length })
          }
          description={list(errors)}
        />
      ) : null}
      {warnings.length + placedWarnings ? (
        <Alert
          style={{ marginTop: 12 }}
          type="warning"
          showIcon
          data-testid="banner-warnings"
          message={t("{n} 条警告：计算结果有效，但请核对", { n: warnings.length + placedWarnings })}
          description={
            <>
              {list(warnings)}
              {placedWarnings ? <div className="gc-muted">{t("其中 {n} 条见相应的服务行或费用下方", { n: placedWarnings })}</div> : null}
            </>
          }
        />
      ) : null}
      {hints.length ? <Alert style={{ marginTop: 12 }} type="info" showIcon data-testid="banner-hints" message={t("{n} 条提示", { n: hints.length })} description={list(hints)} /> : null}
    </>
  );
}
