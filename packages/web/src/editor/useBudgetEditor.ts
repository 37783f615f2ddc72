/**
 * The editor's state and the work behind it: load the budget and the rate profiles, keep the
 * working copy (draft) and its live figures, keep unsaved edits in this browser, save with the
 * base version and handle a conflicting save (409) without losing anything.
 *
 * Every change function returned here is stable (same identity on every render), so the
 * memoised rows and sections of the page re-render only when their own data changes.
 */
import { useCallback, useEffect, useEffectEvent, useMemo, useRef, useState } from "react";
import { App } from "antd";
import type { NonLaborPart } from "@govcost/core";
import { api, ApiError, type BudgetRecord, type ConflictInfo, type ErrorDetail, type RateProfileRecord, type SaveAnswer } from "../api.js";
import { clearStoredDraft, compute, documentToDraft, draftToDocument, loadStoredDraft, newKey, newLine, sameDocument, storeDraft, type Computed, type CostDraft, type Draft, type ExternalDraft } from "../draft.js";
import { dateTime } from "../format.js";
import { useT } from "../i18n.js";
import { navigate, setLeaveGuard } from "../router.js";
import type { PastedLine } from "../paste.js";
import { mergeDrafts, type Choice, type MergeConflict } from "../merge.js";
import type { LinePatch } from "./LineRow.js";
import { asStatus, locked } from "../review/workflow.js";

/** A merge with the latest version that needs the preparer's choice where both changed the same lines. */
export interface PendingMerge {
  version: number;
  conflicts: MergeConflict[];
}

/** How a save ended: the save dialog closes after "saved" and "conflict", stays open otherwise. */
export type SaveOutcome = "saved" | "conflict" | "failed";

export interface BudgetEditor {
  record: BudgetRecord | null;
  loadError: string | null;
  draft: Draft | null;
  computed: Computed | null;
  /** The draft differs from the last saved version. */
  dirty: boolean;
  baseVersion: number;
  rateProfileId: string | null;
  profiles: RateProfileRecord[];
  saving: boolean;
  conflict: ConflictInfo | null;
  serverErrors: ErrorDetail[] | null;
  setName: (name: string) => void;
  changeLine: (key: string, patch: LinePatch) => void;
  removeLine: (key: string) => void;
  /** Several lines at once (the selected ones). */
  removeLines: (keys: readonly string[]) => void;
  /** Adds a line for `item`; returns its key, or null for the second of two adds of one Enter. */
  addItem: (item: string) => string | null;
  /** Lines pasted from a spreadsheet, added at the end. */
  addLines: (lines: PastedLine[]) => void;
  /** A pasted column of workloads, filled from line `key` downwards. */
  fillWorkloads: (key: string, values: string[]) => void;
  changeCost: (part: NonLaborPart, key: string, patch: Partial<CostDraft>) => void;
  addCost: (part: NonLaborPart) => void;
  removeCost: (part: NonLaborPart, key: string) => void;
  /** Services priced outside formula (1) (6.1.2, 8.5.2). */
  changeExternal: (key: string, patch: Partial<ExternalDraft>) => void;
  addExternal: () => void;
  removeExternal: (key: string) => void;
  chooseRateProfile: (profileId: string) => void;
  save: (comment: string) => Promise<SaveOutcome>;
  saveAsCopy: () => Promise<void>;
  dismissConflict: () => void;
  dismissServerErrors: () => void;
  /** Load the latest version and reapply this preparer's own changes since their base version. */
  mergeLatest: () => Promise<void>;
  merging: boolean;
  pendingMerge: PendingMerge | null;
  /** Settle the pending merge's conflicts (each: mine, theirs or both); null abandons it. */
  finishMerge: (choices: Record<number, Choice> | null) => void;
}

/** Unsaved edits are written to this browser this long after the last keystroke. */
export const DRAFT_DELAY_MS = 400;

/**
 * `reviewer`: the user reads the budget and never changes it. Nor does anyone while it is
 * submitted, in review or approved: no draft is offered then.
 */
export function useBudgetEditor(id: string, fresh: boolean, reviewer = false): BudgetEditor {
  const t = useT();
  const { modal, message } = App.useApp();
  const [record, setRecord] = useState<BudgetRecord | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saved, setSaved] = useState<Draft | null>(null);
  const [baseVersion, setBaseVersion] = useState(0);
  const [rateProfileId, setRateProfileId] = useState<string | null>(null);
  const [profiles, setProfiles] = useState<RateProfileRecord[]>([]);
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<ConflictInfo | null>(null);
  const [serverErrors, setServerErrors] = useState<ErrorDetail[] | null>(null);
  const [merging, setMerging] = useState(false);
  const [pendingMerge, setPendingMerge] = useState<PendingMerge | null>(null);
  const mergeRef = useRef<{ resolve: (c: Record<number, Choice>) => Draft; theirs: Draft; latest: BudgetRecord } | null>(null);

  // Offer a draft kept in this browser. An effect event: the language or the `fresh` flag
  // changing later must not load the budget again over the preparer's edits.
  const offerStoredDraft = useEffectEvent((fromServer: Draft, currentVersion: number, status: string) => {
    if (reviewer || locked(asStatus(status))) return;
    const stored = fresh ? null : loadStoredDraft(id);
    if (!stored || sameDocument(stored.draft, fromServer)) return;
    modal.confirm({
      title: t("发现未保存的草稿"),
      content: t("本机保存有 {at} 的未保存修改（基于版本 v{base}，当前为 v{cur}）。是否恢复？", { at: dateTime(stored.savedAt), base: stored.baseVersion, cur: currentVersion }),
      okText: t("恢复草稿"),
      cancelText: t("丢弃草稿"),
      onOk: () => {
        setDraft(stored.draft);
        setBaseVersion(stored.baseVersion);
      },
      onCancel: () => clearStoredDraft(id),
    });
  });
  const loadFailed = useEffectEvent((e: unknown) => {
    setLoadError(e instanceof ApiError ? (e.status === 404 ? t("预算不存在，或不属于您的部门") : e.message) : String(e));
  });

  // Load the budget and the rate profiles.
  useEffect(() => {
    let cancelled = false;
    api.get<BudgetRecord>(`/api/budgets/${id}`).then(
      (r) => {
        if (cancelled) return;
        const fromServer = documentToDraft(r.document);
        setRecord(r);
        setSaved(fromServer);
        setDraft(fromServer);
        setBaseVersion(r.version);
        setRateProfileId(r.rateProfileId ?? null);
        offerStoredDraft(fromServer, r.version, r.status);
      },
      (e: unknown) => {
        if (!cancelled) loadFailed(e);
      },
    );
    api.get<{ profiles: RateProfileRecord[] }>("/api/rate-profiles").then(
      (r) => {
        if (!cancelled) setProfiles(r.profiles ?? []);
      },
      () => {
        if (!cancelled) setProfiles([]);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [id]);

  const computed = useMemo(() => (draft ? compute(draft) : null), [draft]);
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
    }, DRAFT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft, saved, dirty, id, baseVersion]);

  // Leaving the page with unsaved edits asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  // Leaving through the app's own links (the sidebar, the breadcrumb) asks too; the edits are
  // kept in this browser's draft either way.
  const confirmLeave = useEffectEvent((proceed: () => void) => {
    if (draft) storeDraft(id, draft, baseVersion);
    modal.confirm({
      title: t("有未保存的修改"),
      content: t("离开此页后，修改仍保存在本机草稿中，再次打开此预算时可以恢复；但在保存之前，其他人看不到这些修改。确定离开？"),
      okText: t("离开此页"),
      cancelText: t("留在此页"),
      onOk: proceed,
    });
  });
  useEffect(() => {
    if (!dirty) return;
    return setLeaveGuard((proceed) => {
      confirmLeave(proceed);
      return true;
    });
  }, [dirty]);

  const setName = useCallback((name: string) => setDraft((d) => (d ? { ...d, name } : d)), []);
  const changeLine = useCallback((key: string, patch: LinePatch) => {
    setDraft((d) => (d ? { ...d, services: d.services.map((s) => (s.key === key ? { ...s, ...patch } : s)) } : d));
  }, []);
  const removeLine = useCallback((key: string) => {
    setDraft((d) => (d ? { ...d, services: d.services.filter((s) => s.key !== key) } : d));
  }, []);
  const removeLines = useCallback((keys: readonly string[]) => {
    const gone = new Set(keys);
    setDraft((d) => (d ? { ...d, services: d.services.filter((s) => !gone.has(s.key)) } : d));
  }, []);
  // Enter in the add-line box reaches both the key handler and the list's own selection: add once.
  const lastAdd = useRef({ item: "", at: 0 });
  const addItem = useCallback((item: string) => {
    const now = performance.now();
    if (lastAdd.current.item === item && now - lastAdd.current.at < 300) return null;
    lastAdd.current = { item, at: now };
    const line = newLine(item);
    setDraft((d) => (d ? { ...d, services: [...d.services, line] } : d));
    return line.key;
  }, []);

  const addLines = useCallback((lines: PastedLine[]) => {
    setDraft((d) => (d ? { ...d, services: [...d.services, ...lines.map((l) => ({ ...newLine(l.item), ...l }))] } : d));
  }, []);
  const fillWorkloads = useCallback((key: string, values: string[]) => {
    setDraft((d) => {
      if (!d) return d;
      const from = d.services.findIndex((s) => s.key === key);
      if (from < 0) return d;
      return { ...d, services: d.services.map((s, i) => (i >= from && i - from < values.length ? { ...s, personMonths: values[i - from] ?? s.personMonths } : s)) };
    });
  }, []);

  const changeCost = useCallback((part: NonLaborPart, key: string, patch: Partial<CostDraft>) => {
    setDraft((d) => (d ? { ...d, nonLabor: { ...d.nonLabor, [part]: d.nonLabor[part].map((x) => (x.key === key ? { ...x, ...patch } : x)) } } : d));
  }, []);
  const addCost = useCallback((part: NonLaborPart) => {
    setDraft((d) => (d ? { ...d, nonLabor: { ...d.nonLabor, [part]: [...d.nonLabor[part], { key: newKey(), name: "", amount: "", note: "" }] } } : d));
  }, []);
  const removeCost = useCallback((part: NonLaborPart, key: string) => {
    setDraft((d) => (d ? { ...d, nonLabor: { ...d.nonLabor, [part]: d.nonLabor[part].filter((x) => x.key !== key) } } : d));
  }, []);

  const changeExternal = useCallback((key: string, patch: Partial<ExternalDraft>) => {
    setDraft((d) => (d ? { ...d, external: d.external.map((x) => (x.key === key ? { ...x, ...patch } : x)) } : d));
  }, []);
  const addExternal = useCallback(() => {
    setDraft((d) => (d ? { ...d, external: [...d.external, { key: newKey(), item: "", name: "", amount: "", basis: "" }] } : d));
  }, []);
  const removeExternal = useCallback((key: string) => {
    setDraft((d) => (d ? { ...d, external: d.external.filter((x) => x.key !== key) } : d));
  }, []);

  const chooseRateProfile = useCallback(
    (profileId: string) => {
      const p = profiles.find((x) => x.id === profileId);
      setRateProfileId(profileId);
      setDraft((d) => (d ? { ...d, rates: !p || p.builtin || profileId === "standard" ? null : [...p.rates], ratesName: p && !p.builtin ? p.name : "" } : d));
    },
    [profiles],
  );

  const errorCount = computed?.problems.length ?? 0;
  const save = useCallback(
    async (comment: string): Promise<SaveOutcome> => {
      if (!draft) return "failed";
      if (errorCount > 0) {
        message.error(t("有 {n} 处输入错误，请先按提示修正后再保存", { n: errorCount }));
        return "failed";
      }
      setSaving(true);
      try {
        const r = await api.put<SaveAnswer>(`/api/budgets/${id}`, { document: draftToDocument(draft), baseVersion, comment: comment || undefined, rateProfileId });
        setBaseVersion(r.version);
        setSaved(draft);
        clearStoredDraft(id);
        message.success(t("已保存为版本 v{v}", { v: r.version }));
        return "saved";
      } catch (e) {
        if (e instanceof ApiError && e.status === 409) {
          setConflict(e.current ?? { version: 0, author: t("其他用户"), savedAt: "", comment: "" });
          return "conflict";
        }
        if (e instanceof ApiError && e.status === 401) {
          message.error(t("登录已过期，请在新标签页重新登录后再保存；您的修改已保存在本机草稿中，不会丢失"));
        } else if (e instanceof ApiError && e.details.length) {
          setServerErrors(e.details);
        } else {
          message.error(e instanceof ApiError ? e.message : String(e));
        }
        return "failed";
      } finally {
        setSaving(false);
      }
    },
    [draft, errorCount, id, baseVersion, rateProfileId, message, t],
  );

  const saveAsCopy = useCallback(async () => {
    if (!draft) return;
    const name = `${draft.name}（副本）`;
    try {
      const r = await api.post<BudgetRecord>("/api/budgets", { name, document: { ...draftToDocument(draft), name }, comment: `由“${draft.name}”v${baseVersion} 另存（保存冲突）`, rateProfileId });
      clearStoredDraft(id);
      setConflict(null);
      message.success(t("已另存为“{name}”", { name }));
      navigate(`/budgets/${r.id}`, false, true);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  }, [draft, baseVersion, rateProfileId, id, message, t]);

  const dismissConflict = useCallback(() => setConflict(null), []);

  const applyMerge = useCallback(
    (merged: Draft, theirs: Draft, latest: BudgetRecord) => {
      setRecord(latest);
      setSaved(theirs);
      setDraft(merged);
      setBaseVersion(latest.version);
      if (JSON.stringify([merged.rates, merged.ratesName]) === JSON.stringify([theirs.rates, theirs.ratesName])) setRateProfileId(latest.rateProfileId ?? null);
      storeDraft(id, merged, latest.version);
      setConflict(null);
      setPendingMerge(null);
      mergeRef.current = null;
      message.success(t("已合并到最新版本 v{v}：您的修改已重新应用，请检查后保存", { v: latest.version }));
    },
    [id, message, t],
  );

  const mergeLatest = useCallback(async () => {
    if (!draft) return;
    setMerging(true);
    try {
      const [latest, base] = await Promise.all([api.get<BudgetRecord>(`/api/budgets/${id}`), api.get<{ document: unknown }>(`/api/budgets/${id}/versions/${baseVersion}`)]);
      const theirs = documentToDraft(latest.document);
      const result = mergeDrafts(documentToDraft(base.document), draft, theirs);
      if (result.conflicts.length === 0) applyMerge(result.resolve({}), theirs, latest);
      else {
        mergeRef.current = { resolve: result.resolve, theirs, latest };
        setConflict(null);
        setPendingMerge({ version: latest.version, conflicts: result.conflicts });
      }
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setMerging(false);
    }
  }, [draft, id, baseVersion, applyMerge, message]);

  const finishMerge = useCallback(
    (choices: Record<number, Choice> | null) => {
      const m = mergeRef.current;
      if (!choices || !m) {
        mergeRef.current = null;
        setPendingMerge(null);
        return;
      }
      applyMerge(m.resolve(choices), m.theirs, m.latest);
    },
    [applyMerge],
  );
  const dismissServerErrors = useCallback(() => setServerErrors(null), []);

  return {
    record,
    loadError,
    draft,
    computed,
    dirty,
    baseVersion,
    rateProfileId,
    profiles,
    saving,
    conflict,
    serverErrors,
    setName,
    changeLine,
    removeLine,
    removeLines,
    addItem,
    addLines,
    fillWorkloads,
    changeCost,
    addCost,
    removeCost,
    changeExternal,
    addExternal,
    removeExternal,
    chooseRateProfile,
    save,
    saveAsCopy,
    dismissConflict,
    dismissServerErrors,
    mergeLatest,
    merging,
    pendingMerge,
    finishMerge,
  };
}
