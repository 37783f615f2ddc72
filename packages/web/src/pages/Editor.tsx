/**
 * The budget editor: service lines from the catalogue, non-labor items, live figures from
 * core's validateBudget + estimate on every keystroke, trails, save with comment and conflict
 * handling, and a local draft that survives reloads until the budget is saved.
 */
import { lazy, Suspense, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { Alert, App, AutoComplete, Button, Card, Col, Dropdown, Input, Modal, Popover, Row, Segmented, Select, Space, Spin, Tag, Typography } from "antd";
import { BookOutlined, DownloadOutlined, HistoryOutlined, PlusOutlined, SaveOutlined, SendOutlined } from "@ant-design/icons";
import { amountInWords, Dec, formatProblem, formatWarning, type NonLaborPart, type TierPrices } from "@govcost/core";
import { api, ApiError, type BudgetRecord, type ConflictInfo, type ErrorDetail, type RateProfileRecord } from "../api.js";
import {
  clearStoredDraft,
  compute,
  documentToDraft,
  draftToDocument,
  groupIssues,
  INDEX,
  loadStoredDraft,
  newKey,
  newLine,
  PART_LABEL,
  PARTS,
  sameDocument,
  STANDARD,
  storeDraft,
  type CostDraft,
  type Draft,
  type Issue,
} from "../draft.js";
import { dateTime, money, unitLabel, type Unit } from "../format.js";
import { LangContext, useT } from "../i18n.js";
import { navigate, useLocation } from "../router.js";
import { useAuth } from "../auth.js";
import { SubmitDialog } from "../editor/Submit.js";
import { CatalogDrawer, matchesItem } from "../editor/Catalog.js";
import { LineRow, TraceFor, type LinePatch } from "../editor/LineRow.js";
import { figures, TextTrace } from "../editor/Trace.js";
import { Memo } from "../editor/Memo.js";

const Charts = lazy(() => import("../editor/Charts.js"));

export default function EditorPage({ id }: { id: string }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { modal, message } = App.useApp();
  const { query } = useLocation();
  const { user } = useAuth();
  // Reviewers read the budgets submitted to them; they never change them.
  const readOnly = user?.role === "reviewer";
  const [submitOpen, setSubmitOpen] = useState(false);
  const [record, setRecord] = useState<BudgetRecord | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saved, setSaved] = useState<Draft | null>(null);
  const [baseVersion, setBaseVersion] = useState(0);
  const [rateProfileId, setRateProfileId] = useState<string | null>(null);
  const [profiles, setProfiles] = useState<RateProfileRecord[]>([]);
  const [unit, setUnit] = useState<Unit>("yuan");
  const [catalogOpen, setCatalogOpen] = useState(false);
  const [saveOpen, setSaveOpen] = useState(false);
  const [comment, setComment] = useState("");
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<ConflictInfo | null>(null);
  const [serverErrors, setServerErrors] = useState<ErrorDetail[] | null>(null);
  const [pendingFocus, setPendingFocus] = useState<string | null>(null);
  const [adder, setAdder] = useState("");
  const adderRef = useRef<HTMLInputElement | null>(null);

  // Load the budget and offer a kept draft if there is one.
  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const r = await api.get<BudgetRecord>(`/api/budgets/${id}`);
        if (cancelled) return;
        const fromServer = documentToDraft(r.document);
        setRecord(r);
        setSaved(fromServer);
        setDraft(fromServer);
        setBaseVersion(r.version);
        setRateProfileId(r.rateProfileId ?? null);
        const stored = query.get("fresh") ? null : loadStoredDraft(id);
        if (stored && !sameDocument(stored.draft, fromServer)) {
          modal.confirm({
            title: t("发现未保存的草稿"),
            content: t("本机保存有 {at} 的未保存修改（基于版本 v{base}，当前为 v{cur}）。是否恢复？", { at: dateTime(stored.savedAt), base: stored.baseVersion, cur: r.version }),
            okText: t("恢复草稿"),
            cancelText: t("丢弃草稿"),
            onOk: () => {
              setDraft(stored.draft);
              setBaseVersion(stored.baseVersion);
            },
            onCancel: () => clearStoredDraft(id),
          });
        }
      } catch (e) {
        if (!cancelled) setLoadError(e instanceof ApiError ? (e.status === 404 ? t("预算不存在，或不属于您的部门") : e.message) : String(e));
      }
    })();
    api
      .get<{ profiles?: RateProfileRecord[]; rateProfiles?: RateProfileRecord[] } | RateProfileRecord[]>("/api/rate-profiles")
      .then((r) => setProfiles(Array.isArray(r) ? r : (r.profiles ?? r.rateProfiles ?? [])))
      .catch(() => setProfiles([]));
    return () => {
      cancelled = true;
    };
    }, [id]);

  const computed = useMemo(() => (draft ? compute(draft) : null), [draft]);
  useEffect(() => figures.set(computed), [computed]);
  const dirty = draft !== null && saved !== null && draft !== saved;

  // Keep unsaved edits in this browser until they are saved.
  useEffect(() => {
    if (!draft || !saved || !dirty) return;
    const timer = setTimeout(() => {
      // Edits typed back to the saved state leave nothing unsaved.
      if (sameDocument(draft, saved)) {
        setSaved(draft);
        clearStoredDraft(id);
      } else storeDraft(id, draft, baseVersion);
    }, 400);
    return () => clearTimeout(timer);
  }, [draft, saved, dirty, id, baseVersion]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const onLineChange = useCallback((key: string, patch: LinePatch) => {
    setDraft((d) => (d ? { ...d, services: d.services.map((s) => (s.key === key ? { ...s, ...patch } : s)) } : d));
  }, []);
  const [trace, setTrace] = useState<{ index: number; text: { title: string; lines: string[]; help?: boolean } | null; left: number; top: number; width: number; height: number } | null>(null);
  const onTrace = useCallback((index: number, anchor: HTMLElement) => {
    const r = anchor.getBoundingClientRect();
    setTrace({ index, text: null, left: r.left, top: r.top, width: r.width, height: r.height });
  }, []);
  const onShowText = useCallback((title: string, lines: string[], anchor: HTMLElement) => {
    const r = anchor.getBoundingClientRect();
    setTrace({ index: -1, text: { title, lines }, left: r.left, top: r.top, width: r.width, height: r.height });
  }, []);
  const onHelp = useCallback((itemId: string, anchor: HTMLElement) => {
    const item = INDEX.items.get(itemId);
    if (!item) return;
    const r = anchor.getBoundingClientRect();
    setTrace({ index: -1, text: { title: `${item.id} ${item.name}`, lines: [`${item.descriptionClause}：${item.description}`], help: true }, left: r.left, top: r.top, width: r.width, height: r.height });
  }, []);
  useEffect(() => {
    if (!trace) return;
    const close = () => setTrace(null);
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && close();
    window.addEventListener("scroll", close, true);
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("scroll", close, true);
      window.removeEventListener("keydown", onKey);
    };
  }, [trace]);
  const onLineRemove = useCallback((key: string) => {
    setDraft((d) => (d ? { ...d, services: d.services.filter((s) => s.key !== key) } : d));
  }, []);
  // Enter in the add-line box reaches both the key handler and the list's own selection: add once.
  const lastAdd = useRef({ item: "", at: 0 });
  const addItem = useCallback((item: string) => {
    const now = performance.now();
    if (lastAdd.current.item === item && now - lastAdd.current.at < 300) return null;
    lastAdd.current = { item, at: now };
    const line = newLine(item);
    setDraft((d) => (d ? { ...d, services: [...d.services, line] } : d));
    setPendingFocus(line.key);
    return line.key;
  }, []);
  // The catalogue drawer gives focus back to its opener when it closes: focus the new line after that.
  const focusAfterCatalog = useRef<string | null>(null);
  const afterCatalogClose = useCallback(() => {
    const key = focusAfterCatalog.current;
    focusAfterCatalog.current = null;
    // After the drawer's own focus handling has run.
    if (key) setTimeout(() => document.querySelector<HTMLInputElement>(`input[data-pm="${key}"]`)?.focus(), 0);
  }, []);
  useEffect(() => {
    if (!pendingFocus) return;
    const el = document.querySelector<HTMLInputElement>(`input[data-pm="${pendingFocus}"]`);
    if (el) {
      el.focus();
      el.scrollIntoView({ block: "nearest" });
    }
    setPendingFocus(null);
  }, [pendingFocus, draft]);

  const setCost = (part: NonLaborPart, key: string, patch: Partial<CostDraft>) =>
    setDraft((d) => (d ? { ...d, nonLabor: { ...d.nonLabor, [part]: d.nonLabor[part].map((x) => (x.key === key ? { ...x, ...patch } : x)) } } : d));
  const addCost = (part: NonLaborPart) =>
    setDraft((d) => (d ? { ...d, nonLabor: { ...d.nonLabor, [part]: [...d.nonLabor[part], { key: newKey(), name: "", amount: "", note: "" }] } } : d));
  const removeCost = (part: NonLaborPart, key: string) =>
    setDraft((d) => (d ? { ...d, nonLabor: { ...d.nonLabor, [part]: d.nonLabor[part].filter((x) => x.key !== key) } } : d));

  const issues = useMemo(() => {
    if (!computed) return { lines: new Map<string, Issue[]>(), global: [] as Issue[] };
    const loc = lang === "en" ? "en" : "zh-CN";
    return groupIssues([
      ...computed.problems.map((p) => ({ path: p.path, text: emptyField(p.path, draft, t) ?? formatProblem(p, loc), level: "error" as const })),
      ...computed.warnings.map((w) => ({ path: w.path, text: formatWarning(w, loc), level: "warning" as const })),
    ]);
  }, [computed, lang, draft]);
  const errorCount = computed?.problems.length ?? 0;
  const nonLaborIssues = useMemo(() => JSON.stringify(PARTS.map((part) => [...issues.lines.entries()].filter(([k]) => k.startsWith(`${part}.`)))), [issues]);

  const save = useCallback(
    async (text: string) => {
      if (!draft) return;
      if (errorCount > 0) {
        message.error(t("有 {n} 处输入错误，请先按提示修正后再保存", { n: errorCount }));
        return;
      }
      setSaving(true);
      try {
        const r = await api.put<{ version: number }>(`/api/budgets/${id}`, { document: draftToDocument(draft), baseVersion, comment: text || undefined, rateProfileId });
        setBaseVersion(r.version);
        setSaved(draft);
        clearStoredDraft(id);
        setSaveOpen(false);
        setComment("");
        message.success(t("已保存为版本 v{v}", { v: r.version }));
      } catch (e) {
        if (e instanceof ApiError && e.status === 409) {
          setSaveOpen(false);
          setConflict(e.current ?? { version: 0, author: t("其他用户"), savedAt: "", comment: null });
        } else if (e instanceof ApiError && e.status === 401) {
          message.error(t("登录已过期，请在新标签页重新登录后再保存；您的修改已保存在本机草稿中，不会丢失"));
        } else if (e instanceof ApiError && e.details.length) {
          setServerErrors(e.details);
        } else {
          message.error(e instanceof ApiError ? e.message : String(e));
        }
      } finally {
        setSaving(false);
      }
    },
    [draft, errorCount, id, baseVersion, rateProfileId, message],
  );

  const saveAsCopy = async () => {
    if (!draft) return;
    const name = `${draft.name}（副本）`;
    try {
      const r = await api.post<{ id: string | number }>("/api/budgets", { name, document: { ...draftToDocument(draft), name }, comment: `由“${draft.name}”v${baseVersion} 另存（保存冲突）`, rateProfileId });
      clearStoredDraft(id);
      setConflict(null);
      message.success(t("已另存为“{name}”", { name }));
      navigate(`/budgets/${r.id}`);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };

  const readOnlyRef = useRef(readOnly);
  readOnlyRef.current = readOnly;
  // Ctrl+S (⌘S) saves: opens the comment box, Enter there saves.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") {
        e.preventDefault();
        if (!readOnlyRef.current) setSaveOpen(true);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const ratesKey = draft?.rates?.join(",") ?? "";
  const rates = useMemo<TierPrices | undefined>(() => {
    if (!ratesKey) return undefined;
    const parsed = ratesKey.split(",").map((r) => Dec.tryParse(r));
    return parsed.length === 5 && parsed.every((r) => r !== null) ? (parsed as unknown as TierPrices) : undefined;
  }, [ratesKey]);

  const adderOptions = useMemo(() => {
    const q = adder.trim();
    if (!q) return [];
    const hits = STANDARD.items.filter((i) => i.kind === "formula" && matchesItem(i, q));
    hits.sort((a, b) => Number(!a.id.startsWith(q)) - Number(!b.id.startsWith(q)));
    return hits.slice(0, 30).map((i) => ({ value: i.id, label: `${i.id} ${i.name}` }));
  }, [adder]);

  if (loadError) return <Alert type="error" showIcon message={loadError} action={<Button onClick={() => navigate("/budgets")}>{t("返回列表")}</Button>} />;
  if (!draft || !computed || !record) return <Spin style={{ display: "block", margin: 48 }} />;

  const est = computed.estimate;
  // Export links are plain links to the server's export route (GET, the session cookie suffices).
  const exportHref = (format: string) => `/api/budgets/${id}/export?format=${format}&unit=${unit}`;
  const exportItem = (format: string, label: string) => ({
    key: format,
    label: (
      <a href={exportHref(format)} download data-testid={`export-${format}`}>
        {label}
      </a>
    ),
  });

  return (
    <>
      <Card size="small" className="gc-sticky-summary" styles={{ body: { padding: "8px 16px" } }}>
        <Row gutter={[16, 8]} align="middle">
          <Col flex="auto">
            <Memo
              deps={[draft.name, dirty, baseVersion, lang, issues.global.some((i) => i.field === "name")]}
              render={() => (
            <Space wrap>
              <Input value={draft.name} onChange={(e) => {
                const name = e.target.value;
                setDraft((d) => (d ? { ...d, name } : d));
              }} style={{ width: 240, fontWeight: 600 }} aria-label={t("预算名称")} status={issues.global.some((i) => i.field === "name") ? "error" : undefined} />
              <Tag color={dirty ? "orange" : "green"} data-testid="save-state">
                {dirty ? t("有未保存的修改") : `${t("已保存")} v${baseVersion}`}
              </Tag>
            </Space>
              )}
            />
          </Col>
          <Col flex="none">
            <div className="gc-totals">
              <div>
                <div className="gc-totals-label">{t("人力成本 L（{u}）", { u: t(unitLabel(unit)) })}</div>
                <div className="gc-totals-value">{est ? money(est.labor, unit) : "—"}</div>
              </div>
              <div>
                <div className="gc-totals-label">{t("非人力成本 T（{u}）", { u: t(unitLabel(unit)) })}</div>
                <div className="gc-totals-value">{est ? money(est.nonLabor, unit) : "—"}</div>
              </div>
              <div>
                <div className="gc-totals-label">{t("总成本 C（{u}）", { u: t(unitLabel(unit)) })}</div>
                <div className="gc-totals-value gc-totals-c" data-testid="total-c">
                  {est ? money(est.total, unit) : "—"}
                </div>
              </div>
            </div>
          </Col>
          <Col flex="none">
            <Memo
              deps={[unit, dirty, baseVersion, lang, id, readOnly]}
              render={() => (
            <Space>
              <Segmented value={unit} onChange={(v) => setUnit(v as Unit)} options={[{ label: t("元"), value: "yuan" }, { label: t("万元"), value: "wan" }]} />
              <Button icon={<BookOutlined />} onClick={() => setCatalogOpen(true)}>
                {t("服务目录")}
              </Button>
              <Button icon={<HistoryOutlined />} onClick={() => navigate(`/budgets/${id}/history`)}>
                {t("版本历史")}
              </Button>
              <Dropdown
                trigger={["click"]}
                menu={{
                  items: [exportItem("xlsx", t("测算表（Excel .xlsx）")), exportItem("html", t("测算报告（HTML）")), exportItem("pdf", t("测算报告（PDF）")), exportItem("json", t("预算文件（JSON）"))],
                  onClick: () => {
                    if (dirty) message.warning(t("导出的是已保存的版本 v{v}；当前未保存的修改不包含在内", { v: baseVersion }));
                  },
                }}
              >
                <Button icon={<DownloadOutlined />} data-testid="export">
                  {t("导出")}
                </Button>
              </Dropdown>
              {readOnly ? (
                <Tag color="purple">{t("只读（审核）")}</Tag>
              ) : (
                <>
                  <Button icon={<SendOutlined />} onClick={() => setSubmitOpen(true)} disabled={dirty} title={dirty ? t("请先保存") : undefined}>
                    {t("提交审核")}
                  </Button>
                  <Button type="primary" icon={<SaveOutlined />} onClick={() => setSaveOpen(true)} data-testid="save" title="Ctrl+S">
                    {t("保存")}
                  </Button>
                </>
              )}
            </Space>
              )}
            />
          </Col>
        </Row>
      </Card>

      {issues.global.length || computed.excluded ? (
        <Alert
          style={{ marginTop: 12 }}
          type={issues.global.some((i) => i.level === "error") || computed.excluded ? "error" : "warning"}
          showIcon
          message={computed.excluded ? t("有 {n} 行存在输入错误，暂未计入合计；按行下方提示修正", { n: computed.excluded }) : t("提示")}
          description={issues.global.length ? issues.global.map((i, n) => <div key={n}>{i.message}</div>) : undefined}
        />
      ) : null}

      <Card
        size="small"
        style={{ marginTop: 12 }}
        title={`${t("人力成本")} L = Σ(P×Q) × S（公式(2)）· ${draft.services.length} 行`}
        extra={
          <Memo
            deps={[rateProfileId, profiles, draft.rates, draft.ratesName]}
            render={() => (
          <Space>
            <Typography.Text type="secondary">{t("费率方案")}</Typography.Text>
            <Select
              style={{ width: 300 }}
              value={rateProfileId ?? (draft.rates ? "document" : "standard")}
              options={[
                ...(profiles.some((p) => p.builtin || p.id === "standard") ? [] : [{ value: "standard", label: t("表B.1 基准人月费率（2023年广东省）") }]),
                // A budget file may carry its own rates (B.1 注2) without a stored profile.
                ...(rateProfileId === null && draft.rates ? [{ value: "document", label: t("预算文件自带：{name}", { name: draft.ratesName || t("自定义费率") }), disabled: true }] : []),
                ...profiles.map((p) => ({ value: p.id, label: `${p.name}${p.builtin ? t("（标准）") : ""}` })),
              ]}
              onChange={(v: string) => {
                const p = profiles.find((x) => x.id === v);
                setRateProfileId(v);
                setDraft((d) => (d ? { ...d, rates: !p || p.builtin || v === "standard" ? null : [...p.rates], ratesName: p && !p.builtin ? p.name : "" } : d));
              }}
            />
          </Space>
            )}
          />
        }
      >
        <div style={{ overflowX: "auto" }}>
          <div className="gc-grid" role="table" data-testid="lines">
            <div className="gc-cells gc-head" role="row">
                <div role="columnheader">#</div>
                <div role="columnheader">{t("编号")}</div>
                <div role="columnheader">{t("服务内容")}</div>
                <div role="columnheader">{t("工作量")}（人月）</div>
                <div role="columnheader">{t("协同难度")}</div>
                <div role="columnheader">{t("计价方法")}</div>
                <div role="columnheader" className="gc-num">{t("单价")} P（元/人月）</div>
                <div role="columnheader">{t("档位")}</div>
                <div role="columnheader" className="gc-num">
                  P×Q（{unitLabel(unit)}）
                </div>
                <div role="columnheader">{t("备注")}</div>
                <div />
            </div>
              {draft.services.map((s, i) => {
                const l = computed.lineFor[i];
                const iss = issues.lines.get(`services.${i}`);
                return (
                  <LineRow
                    key={s.key}
                    line={s}
                    index={i}
                    unitPrice={l ? l.unitPrice.toString() : ""}
                    amount={l ? l.amount.toFixed(2) : ""}
                    tier={l ? l.tier.name : ""}
                    coefficient={l ? l.coefficient.toString() : ""}
                    level={l ? l.collaboration : ""}
                    issues={iss ? JSON.stringify(iss) : ""}
                    unit={unit}
                    onChange={onLineChange}
                    onRemove={onLineRemove}
                    onTrace={onTrace}
                    onHelp={onHelp}
                  />
                );
              })}
          </div>
        </div>
        <Memo
          deps={[adder, adderOptions, lang]}
          render={() => (
        <Space style={{ marginTop: 8 }}>
          <AutoComplete
            style={{ width: 420 }}
            value={adder}
            options={adderOptions}
            defaultActiveFirstOption
            onChange={(v: string) => setAdder(v)}
            onSelect={(v: string) => {
              if (INDEX.items.get(v)?.kind === "formula") {
                addItem(v);
                setAdder("");
              }
            }}
          >
            <Input
              ref={(el) => {
                adderRef.current = el?.input ?? null;
              }}
              prefix={<PlusOutlined />}
              placeholder={t("输入编号或名称添加服务（回车）")}
              data-testid="add-line"
              onKeyDown={(e) => {
                if (e.key !== "Enter") return;
                const v = adder.trim();
                if (INDEX.items.get(v)?.kind === "formula") {
                  e.preventDefault();
                  addItem(v);
                  setAdder("");
                } else if (v && INDEX.items.get(v)?.kind === "external") {
                  message.warning(t("{id} 属 6.1 政务网络运营服务，不按公式(1)计价", { id: v }));
                }
              }}
            />
          </AutoComplete>
          <Button icon={<BookOutlined />} onClick={() => setCatalogOpen(true)}>
            {t("从目录选择")}
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t("回车添加后光标进入该行工作量；Tab 在行内字段间移动；Ctrl+S 保存")}
          </Typography.Text>
        </Space>
          )}
        />
      </Card>

      <Memo
        deps={[draft.nonLabor, draft.external, unit, lang, est ? PARTS.map((p) => est.nonLaborParts[p].toFixed(2)).join() : "", nonLaborIssues]}
        render={() => (
      <Card size="small" style={{ marginTop: 12 }} title={t("非人力成本 T = D + E + B（公式(3)）")}>
        <Row gutter={16}>
          {PARTS.map((part) => (
            <Col span={8} key={part}>
              <CostList
                part={part}
                items={draft.nonLabor[part]}
                issues={issues.lines}
                unit={unit}
                sum={est ? est.nonLaborParts[part] : null}
                onChange={(key, patch) => setCost(part, key, patch)}
                onAdd={() => addCost(part)}
                onRemove={(key) => removeCost(part, key)}
              />
            </Col>
          ))}
        </Row>
        {draft.external.length ? (
          <div style={{ marginTop: 12 }}>
            <Typography.Text strong>{t("公式(1)之外计价的服务（6.1.2；8.5.2）")}</Typography.Text>
            {draft.external.map((x) => (
              <div key={x.key} className="gc-muted">
                {x.item} {x.name}：{money(x.amount, unit)} {t(unitLabel(unit))}（{x.basis}）
              </div>
            ))}
          </div>
        ) : null}
      </Card>
        )}
      />

      <Summary computed={computed} unit={unit} onShow={onShowText} />

      {trace ? (
        <Popover
          open
          title={trace.text?.help ? t("服务说明") : t("计算依据")}
          content={
            trace.text?.help ? (
              <div className="gc-help-text" role="note" data-testid="line-help">
                <div style={{ fontWeight: 600, marginBottom: 4 }}>{trace.text.title}</div>
                {trace.text.lines.map((l, i) => (
                  <p key={i}>{l}</p>
                ))}
              </div>
            ) : trace.text ? (
              <TextTrace title={trace.text.title} lines={trace.text.lines} />
            ) : (
              <TraceFor index={trace.index} />
            )
          } placement={trace.text ? "top" : "left"} onOpenChange={(o) => (o ? undefined : setTrace(null))} trigger="click">
          <span style={{ position: "fixed", left: trace.left, top: trace.top, width: trace.width, height: trace.height, pointerEvents: "none" }} />
        </Popover>
      ) : null}

      <Memo
        deps={[catalogOpen, rates]}
        render={() => (
          <CatalogDrawer
            open={catalogOpen}
            onClose={() => setCatalogOpen(false)}
            onAdd={(item) => {
              focusAfterCatalog.current = addItem(item);
              setCatalogOpen(false);
            }}
            afterClose={afterCatalogClose}
            rates={rates}
          />
        )}
      />

      {submitOpen ? <SubmitDialog budgetId={id} version={baseVersion} onClose={() => setSubmitOpen(false)} /> : null}

      {saveOpen ? (
      <Modal
        open={saveOpen}
        title={t("保存（当前版本 v{v}）", { v: baseVersion })}
        okText={t("保存")}
        cancelText={t("取消")}
        confirmLoading={saving}
        onOk={() => void save(comment)}
        onCancel={() => setSaveOpen(false)}
        destroyOnHidden
      >
        {errorCount ? <Alert type="error" showIcon message={t("有 {n} 处输入错误，修正后才能保存", { n: errorCount })} style={{ marginBottom: 12 }} /> : null}
        <Input.TextArea
          autoFocus
          rows={3}
          placeholder={t("保存说明（可选），如：按评审意见调减 7.2.b 工作量；Enter 保存，Shift+Enter 换行")}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          data-testid="save-comment"
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey) {
              e.preventDefault();
              void save(comment);
            }
          }}
        />
      </Modal>
      ) : null}

      {conflict ? (
      <Modal
        open={conflict !== null}
        title={t("保存冲突：他人已保存了新版本")}
        closable={false}
        maskClosable={false}
        footer={
          <Space>
            <Button onClick={() => window.open(`/budgets/${id}?fresh=1`, "_blank")}>{t("在新标签页查看对方版本")}</Button>
            <Button onClick={saveAsCopy} data-testid="conflict-copy">
              {t("另存为副本")}
            </Button>
            <Button type="primary" onClick={() => setConflict(null)} data-testid="conflict-keep">
              {t("继续编辑")}
            </Button>
          </Space>
        }
      >
        <div data-testid="conflict">
          <Typography.Paragraph>
            {t("在您编辑期间，{author} 于 {at} 保存了版本 v{v}", { author: conflict?.author ?? "", at: dateTime(conflict?.savedAt), v: conflict?.version ?? 0 })}
            {conflict?.comment ? t("，说明：“{c}”", { c: conflict.comment }) : t("（无说明）")}
            {t("。您的保存基于版本 v{v}，为避免覆盖对方的修改，本次保存未执行。", { v: baseVersion })}
          </Typography.Paragraph>
          <Typography.Paragraph type="success">{t("您的修改仍完整保留在本页面（并已存为本机草稿），没有丢失。")}</Typography.Paragraph>
          <Typography.Paragraph type="secondary">{t("可以在新标签页查看对方的版本后决定；或将您的修改另存为一份新预算。")}</Typography.Paragraph>
        </div>
      </Modal>
      ) : null}

      {serverErrors ? (
      <Modal open={serverErrors !== null} title={t("服务器拒绝保存")} footer={<Button onClick={() => setServerErrors(null)}>{t("关闭")}</Button>} onCancel={() => setServerErrors(null)}>
        {(serverErrors ?? []).map((d, i) => (
          <div key={i} className="gc-issue error">
            {d.path} {d.message}
          </div>
        ))}
      </Modal>
      ) : null}
    </>
  );
}

/** An empty required field reads better as "please fill in" than as "'' is not a number". */
function emptyField(path: readonly (string | number)[], d: Draft | null, t: (zh: string) => string): string | null {
  if (!d) return null;
  const [a, b, c, e] = path;
  if (a === "services" && typeof b === "number" && c === "personMonths" && d.services[b]?.personMonths.trim() === "") return t("请填写工作量（人月）");
  if (a === "nonLabor" && typeof b === "string" && typeof c === "number") {
    const x = d.nonLabor[b as NonLaborPart]?.[c];
    if (e === "amount" && x?.amount.trim() === "") return t("请填写金额（元）");
    if (e === "name" && x?.name.trim() === "") return t("请填写名称");
  }
  if (a === "name" && d.name.trim() === "") return t("请填写预算名称");
  return null;
}

function CostList(props: {
  part: NonLaborPart;
  items: CostDraft[];
  issues: Map<string, Issue[]>;
  unit: Unit;
  sum: Dec | null;
  onChange: (key: string, patch: Partial<CostDraft>) => void;
  onAdd: () => void;
  onRemove: (key: string) => void;
}) {
  const t = useT();
  const label = t(PART_LABEL[props.part]);
  return (
    <div data-testid={`cost-${props.part}`}>
      <div style={{ display: "flex", justifyContent: "space-between", marginBottom: 6 }}>
        <Typography.Text strong>{label}</Typography.Text>
        <span className="gc-num">
          {money(props.sum, props.unit)} {t(unitLabel(props.unit))}
        </span>
      </div>
      {props.items.map((x, i) => {
        const iss = props.issues.get(`${props.part}.${i}`) ?? [];
        const cls = (f: string) => (iss.some((s) => s.field === f) ? " gc-err" : "");
        return (
          <div key={x.key} style={{ marginBottom: 6 }}>
            <div style={{ display: "flex", gap: 4 }}>
              <input className={"gc-in" + cls("name")} style={{ flex: 1, minWidth: 0 }} placeholder={t("名称")} value={x.name} aria-label={t("{part}第 {n} 项名称", { part: label, n: i + 1 })} onChange={(e) => props.onChange(x.key, { name: e.target.value })} />
              <input className={"gc-in gc-in-num" + cls("amount")} style={{ width: 110 }} placeholder={t("金额（元）")} value={x.amount} inputMode="decimal" aria-label={t("{part}第 {n} 项金额（元）", { part: label, n: i + 1 })} onChange={(e) => props.onChange(x.key, { amount: e.target.value })} />
              <button type="button" className="gc-in" style={{ cursor: "pointer" }} aria-label={t("删除")} onClick={() => props.onRemove(x.key)}>
                ×
              </button>
            </div>
            <input className="gc-in gc-in-note" style={{ marginTop: 2 }} placeholder={t("说明/依据")} value={x.note} onChange={(e) => props.onChange(x.key, { note: e.target.value })} />
            {iss.map((s, n) => (
              <div key={n} className={`gc-issue ${s.level}`}>
                {s.field === "amount" ? t("金额：") : s.field === "name" ? t("名称：") : ""}
                {s.message}
              </div>
            ))}
          </div>
        );
      })}
      <Button size="small" type="dashed" block icon={<PlusOutlined />} onClick={props.onAdd} data-testid={`add-${props.part}`}>
        {t("添加{part}", { part: t(PART_LABEL[props.part].replace(/ [DEB]$/, "")) })}
      </Button>
    </div>
  );
}

/**
 * Charts follow the figures a moment after typing stops: redrawing them measures the page
 * layout, which on a 1,000-line budget would cost more than the whole recalculation.
 */
function LazyCharts({ categories, tiers }: { categories: string; tiers: string }) {
  const [shown, setShown] = useState({ categories, tiers });
  useEffect(() => {
    if (shown.categories === categories && shown.tiers === tiers) return;
    const timer = setTimeout(() => setShown({ categories, tiers }), 600);
    return () => clearTimeout(timer);
  }, [categories, tiers, shown]);
  const data = useMemo(() => ({ categories: JSON.parse(shown.categories) as { name: string; value: number }[], tiers: JSON.parse(shown.tiers) as { name: string; value: number }[] }), [shown]);
  return <Charts categories={data.categories} tiers={data.tiers} />;
}

type ShowText = (title: string, lines: string[], anchor: HTMLElement) => void;

function Figure({ value, unit, trace, testId, onShow }: { value: Dec; unit: Unit; trace: { title: string; lines: string[] }; testId?: string; onShow: ShowText }) {
  return (
    <span className="gc-figure" tabIndex={0} role="button" data-testid={testId} onClick={(e) => onShow(trace.title, trace.lines, e.currentTarget)} onKeyDown={(e) => (e.key === "Enter" || e.key === " ") && onShow(trace.title, trace.lines, e.currentTarget)}>
      {money(value, unit)}
    </span>
  );
}

function Summary({ computed, unit, onShow }: { computed: ReturnType<typeof compute>; unit: Unit; onShow: ShowText }) {
  const t = useT();
  const e = computed.estimate;
  if (!e) return null;
  const u = t(unitLabel(unit));
  const byCategory = STANDARD.categories
    .map((c) => {
      let s = Dec.ZERO;
      for (const l of e.lines) if (l.category === c.id) s = s.add(l.amount);
      return { name: `${c.section} ${c.name}`, value: s };
    })
    .filter((x) => !x.value.isZero());
  const rows: [string, React.ReactNode][] = [
    [t("工作量合计"), t("{pm} 人月（{py} 人年）", { pm: e.personMonths.toString(), py: e.personYears.toFixed(2) })],
    [
      t("规模系数 S（表A.4）"),
      <span key="s" className="gc-figure" tabIndex={0} role="button" onClick={(ev) => onShow(t("规模系数"), [e.scale.trace], ev.currentTarget)}>
        {e.scale.level} {e.scale.coefficient.toString()}（{e.scale.label}）
      </span>,
    ],
    [`Σ(P×Q)（${u}）`, money(e.laborSubtotal, unit)],
    [t("人力成本 L（{u}）", { u }), <Figure key="l" value={e.labor} unit={unit} onShow={onShow} trace={{ title: t("人力成本 L（公式(2)）"), lines: [e.laborTrace, e.scale.trace, e.roundingPolicy] }} testId="labor-l" />],
    ...PARTS.map((part): [string, React.ReactNode] => [t("{part}（{u}）", { part: t(PART_LABEL[part]), u }), money(e.nonLaborParts[part], unit)]),
    [t("非人力成本 T（{u}）", { u }), <Figure key="t" value={e.nonLabor} unit={unit} onShow={onShow} trace={{ title: t("非人力成本 T（公式(3)）"), lines: [`T = D ${e.nonLaborParts.dataProducts.toFixed(2)} + E ${e.nonLaborParts.equipment.toFixed(2)} + B ${e.nonLaborParts.business.toFixed(2)} = ${e.nonLabor.toFixed(2)} 元`] }} />],
    [t("总成本 C（{u}）", { u }), <b key="c"><Figure value={e.total} unit={unit} onShow={onShow} trace={{ title: t("总成本 C（公式(1)）"), lines: [`C = L ${e.labor.toFixed(2)} + T ${e.nonLabor.toFixed(2)} = ${e.total.toFixed(2)} 元`] }} testId="summary-total" /></b>],
    [t("大写金额"), <span key="w" data-testid="amount-in-words">{amountInWords(e.total)}</span>],
    ...(e.external.length ? [[t("公式(1)之外（{u}）", { u }), money(e.externalTotal, unit)] as [string, React.ReactNode], [t("合计（{u}）", { u }), money(e.grandTotal, unit)] as [string, React.ReactNode]] : []),
    [t("费率方案"), e.rateProfile.name],
  ];
  return (
    <Card size="small" style={{ marginTop: 12 }} title={t("汇总（公式(1) C = L + T）")} data-testid="summary">
      <Row gutter={16}>
        <Col span={12}>
          {/* Plain markup: this part re-renders on every keystroke. */}
          <table className="gc-desc">
            <tbody>
              {rows.map(([label, v]) => (
                <tr key={label}>
                  <th>{label}</th>
                  <td className="gc-num" style={{ textAlign: "left" }}>
                    {v}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {/* A plain table: antd's Table measures the scrollbar (a forced layout of the whole page) on every render. */}
          <table className="gc-lines" style={{ marginTop: 12, minWidth: 0, tableLayout: "auto" }} data-testid="levels">
            <thead>
              <tr>
                <th>{t("人员级别")}</th>
                <th className="gc-num">{t("单价（元/人月）")}</th>
                <th className="gc-num">{t("人月")}</th>
                <th className="gc-num">P×Q（{u}）</th>
                <th className="gc-num">{t("行数")}</th>
              </tr>
            </thead>
            <tbody>
              {e.tierGroups.map((l) => (
                <tr key={l.tier}>
                  <td title={l.staff}>{l.name}</td>
                  <td className="gc-num">{money(l.unitPrice)}</td>
                  <td className="gc-num">{l.personMonths.toString()}</td>
                  <td className="gc-num">{money(l.amount, unit)}</td>
                  <td className="gc-num">{l.lines}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Col>
        <Col span={12}>
          <Suspense fallback={<Spin />}>
            <LazyCharts
              categories={JSON.stringify(byCategory.map((c) => ({ name: c.name, value: Number(c.value.toFixed(2)) })))}
              tiers={JSON.stringify(e.tierGroups.map((l) => ({ name: l.name, value: Number(l.amount.toFixed(2)) })))}
            />
          </Suspense>
        </Col>
      </Row>
    </Card>
  );
}
