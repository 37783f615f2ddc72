/**
 * Three-way merge of budget drafts, for a save refused because someone saved first (409):
 * start from the latest version ("theirs") and reapply what this preparer changed since the
 * version their edits were based on ("base" → "mine"): lines added, removed and changed.
 *
 * Each list (service lines, each part of the non-labor costs, the items outside formula (1))
 * is compared with the base version on each side (entries matched by content, and a changed
 * entry recognised by its item id or name), then merged entry by entry: what neither side
 * changed stays; what one side changed or removed takes that side's edit; entries either side
 * added are kept; an entry both changed differently (or one changed and the other removed) is a
 * conflict, which the preparer settles by choosing mine, theirs or both. The name and the rates are merged as single values the same way.
 *
 * Pure: no React, no storage, no server.
 */
import { PARTS, type CostDraft, type Draft, type ExternalDraft, type LineDraft } from "./draft.js";
import type { NonLaborPart } from "@govcost/core";

export type Choice = "mine" | "theirs" | "both";

/** Where a conflict is: a list of the draft, or one of its single values. */
export type MergeWhere = "services" | NonLaborPart | "external" | "name" | "rates";

export interface MergeConflict {
  id: number;
  where: MergeWhere;
  /** What the base version had there, and what each side has now (entries of the list, or the one value). */
  base: string[];
  mine: string[];
  theirs: string[];
}

export interface MergeResult {
  conflicts: MergeConflict[];
  /** The merged draft; a conflict without a choice takes "mine" (the preparer's own edits). */
  resolve: (choices: Readonly<Record<number, Choice>>) => Draft;
}

type Seg<T> = { kind: "ok"; items: T[] } | { kind: "conflict"; id: number; mine: T[]; theirs: T[] };

/** Longest common subsequence of a and b as a map: index in a → index in b. */
export function lcsMatch(a: readonly string[], b: readonly string[]): (number | undefined)[] {
  const match: (number | undefined)[] = new Array<number | undefined>(a.length).fill(undefined);
  // Common head and tail first: a merge usually touches a few lines of a long list.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) {
    match[start] = start;
    start += 1;
  }
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
    match[endA] = endB;
  }
  const n = endA - start;
  const m = endB - start;
  if (n === 0 || m === 0) return match;
  // Dynamic programming over the middle (lengths from the end).
  const w = m + 1;
  const len = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      len[i * w + j] = a[start + i] === b[start + j] ? (len[(i + 1) * w + j + 1] ?? 0) + 1 : Math.max(len[(i + 1) * w + j] ?? 0, len[i * w + j + 1] ?? 0);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[start + i] === b[start + j]) {
      match[start + i] = start + j;
      i += 1;
      j += 1;
    } else if ((len[(i + 1) * w + j] ?? 0) >= (len[i * w + j + 1] ?? 0)) i += 1;
    else j += 1;
  }
  return match;
}

/** What one side did to each base entry, and what it inserted after each (index -1: before the first). */
interface SideEdits<T> {
  op: ({ kind: "keep"; x: T } | { kind: "delete" } | { kind: "change"; x: T })[];
  inserted: Map<number, T[]>;
}

/**
 * base → side as edits per base entry. Entries matched by content are kept; between two kept
 * runs, an entry of the side with the same identity (item id, or name) as a base entry is that
 * entry changed, the others are deletions and insertions.
 */
function sideEdits<T>(base: readonly T[], side: readonly T[], sig: (x: T) => string, ident: (x: T) => string): SideEdits<T> {
  const B = base.map(sig);
  const S = side.map(sig);
  const m = lcsMatch(B, S);
  const op: SideEdits<T>["op"] = base.map(() => ({ kind: "delete" }));
  const inserted = new Map<number, T[]>();
  const insert = (after: number, x: T) => inserted.set(after, [...(inserted.get(after) ?? []), x]);
  let iB = 0;
  let iS = 0;
  while (iB <= base.length) {
    // The next kept base entry (or the end).
    let l = iB;
    while (l < base.length && m[l] === undefined) l += 1;
    const endS = l < base.length ? (m[l] as number) : side.length;
    // Pair the unmatched run base[iB, l) with side[iS, endS) by identity, in order.
    let after = iB - 1;
    let next = iB;
    for (let j = iS; j < endS; j += 1) {
      const x = side[j] as T;
      let k = next;
      while (k < l && ident(base[k] as T) !== ident(x)) k += 1;
      if (k < l) {
        op[k] = { kind: "change", x };
        after = k;
        next = k + 1;
      } else insert(after, x);
    }
    if (l >= base.length) break;
    op[l] = { kind: "keep", x: side[endS] as T };
    iB = l + 1;
    iS = endS + 1;
  }
  return { op, inserted };
}

/** Merge one list: each base entry by what the two sides did to it, then each side's insertions. */
function mergeList<T>(base: readonly T[], mine: readonly T[], theirs: readonly T[], sig: (x: T) => string, ident: (x: T) => string, where: MergeWhere, conflicts: MergeConflict[], show: (x: T) => string): Seg<T>[] {
  const a = sideEdits(base, mine, sig, ident);
  const o = sideEdits(base, theirs, sig, ident);
  const segs: Seg<T>[] = [];
  const ok = (items: T[]) => {
    if (items.length) segs.push({ kind: "ok", items });
  };
  const inserts = (i: number) => {
    const ia = a.inserted.get(i) ?? [];
    const io = o.inserted.get(i) ?? [];
    // The same entries inserted by both: once.
    if (ia.length === io.length && ia.every((x, n) => sig(x) === sig(io[n] as T))) ok(ia);
    else ok([...ia, ...io]);
  };
  inserts(-1);
  base.forEach((b, i) => {
    const x = a.op[i] as SideEdits<T>["op"][number];
    const y = o.op[i] as SideEdits<T>["op"][number];
    const has = (e: typeof x): T[] => (e.kind === "delete" ? [] : [e.x]);
    if (x.kind === "keep") ok(has(y));
    else if (y.kind === "keep") ok(has(x));
    else if (x.kind === "delete" && y.kind === "delete") ok([]);
    else if (x.kind === "change" && y.kind === "change" && sig(x.x) === sig(y.x)) ok([x.x]);
    else {
      const id = conflicts.length;
      conflicts.push({ id, where, base: [show(b)], mine: has(x).map(show), theirs: has(y).map(show) });
      segs.push({ kind: "conflict", id, mine: has(x), theirs: has(y) });
    }
    inserts(i);
  });
  return segs;
}

function pick<T>(segs: readonly Seg<T>[], choices: Readonly<Record<number, Choice>>): T[] {
  return segs.flatMap((s) => {
    if (s.kind === "ok") return s.items;
    const c = choices[s.id] ?? "mine";
    return c === "mine" ? s.mine : c === "theirs" ? s.theirs : [...s.mine, ...s.theirs];
  });
}

function mergeValue<T>(base: T, mine: T, theirs: T, key: (x: T) => string, where: MergeWhere, conflicts: MergeConflict[], show: (x: T) => string): (c: Readonly<Record<number, Choice>>) => T {
  const b = key(base);
  const a = key(mine);
  const o = key(theirs);
  if (a === b || a === o) return () => theirs;
  if (o === b) return () => mine;
  const id = conflicts.length;
  conflicts.push({ id, where, base: [show(base)], mine: [show(mine)], theirs: [show(theirs)] });
  // "Both" has no meaning for a single value: it keeps the preparer's.
  return (c) => ((c[id] ?? "mine") === "theirs" ? theirs : mine);
}

const lineSig = (s: LineDraft) => JSON.stringify([s.item, s.personMonths.trim(), s.collabMode, s.collabMode === "level" ? s.collaboration : s.units.trim(), s.method, s.note.trim()]);
const costSig = (x: CostDraft) => JSON.stringify([x.name.trim(), x.amount.trim(), x.note.trim()]);
const extSig = (x: ExternalDraft) => JSON.stringify([x.item, x.name.trim(), x.amount.trim(), x.basis.trim()]);

/** A line as the merge dialog shows it: "7.2.b 24 人月 3 个单位". */
export function describeLine(s: LineDraft): string {
  const collab = s.collabMode === "level" ? (s.collaboration ? ` ${s.collaboration}` : "") : s.units.trim() ? ` ${s.units.trim()} 个单位` : "";
  return `${s.item} ${s.personMonths.trim() || "—"} 人月${collab}${s.method === "quick" ? " 方法2" : ""}${s.note.trim() ? `（${s.note.trim()}）` : ""}`;
}
const describeCost = (x: CostDraft) => `${x.name.trim() || "—"} ${x.amount.trim() || "—"} 元${x.note.trim() ? `（${x.note.trim()}）` : ""}`;
const describeExt = (x: ExternalDraft) => `${x.item} ${x.name.trim()} ${x.amount.trim() || "—"} 元`;

export function mergeDrafts(base: Draft, mine: Draft, theirs: Draft): MergeResult {
  const conflicts: MergeConflict[] = [];
  const name = mergeValue(base.name, mine.name, theirs.name, (x) => x.trim(), "name", conflicts, (x) => x);
  const rates = mergeValue(
    { rates: base.rates, ratesName: base.ratesName },
    { rates: mine.rates, ratesName: mine.ratesName },
    { rates: theirs.rates, ratesName: theirs.ratesName },
    (x) => JSON.stringify([x.rates?.map((r) => r.trim()) ?? null, x.ratesName.trim()]),
    "rates",
    conflicts,
    (x) => (x.rates ? `${x.ratesName || "自定义费率"}：${x.rates.join(" / ")}` : "标准基准费率（表B.1）"),
  );
  const services = mergeList(base.services, mine.services, theirs.services, lineSig, (x) => x.item, "services", conflicts, describeLine);
  const costs = PARTS.map((part) => [part, mergeList(base.nonLabor[part], mine.nonLabor[part], theirs.nonLabor[part], costSig, (x) => x.name.trim(), part, conflicts, describeCost)] as const);
  const external = mergeList(base.external, mine.external, theirs.external, extSig, (x) => x.item, "external", conflicts, describeExt);
  return {
    conflicts,
    resolve: (choices) => {
      const r = rates(choices);
      const nonLabor = Object.fromEntries(costs.map(([part, segs]) => [part, pick(segs, choices)])) as Record<NonLaborPart, CostDraft[]>;
      return { name: name(choices), rates: r.rates, ratesName: r.ratesName, services: pick(services, choices), nonLabor, external: pick(external, choices) };
    },
  };
}
