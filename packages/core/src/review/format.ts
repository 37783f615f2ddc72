/**
 * The review file (审核决定), defined once like the budget format (../budget/format.ts): the
 * definition below is read by validateReview, which checks it against the submitted budget and
 * reports every problem with its field path, and by reviewJsonSchema (`govcost schema review`).
 *
 * Lines are named by their 1-based position in the submitted budget's `services`; non-labor and
 * external entries by their 0-based index. Every change carries at least one reason code; `other`
 * needs a note.
 */
import type { Dec } from "../decimal/dec.js";
import type { Budget, NonLaborPart } from "../budget/budget.js";
import { array, at, decimal, isRecord, object, oneOf, optional, required, text, typeName, type Kind } from "../budget/fields.js";
import { validateBudget } from "../budget/format.js";
import { MAX_NAME, MAX_NONLABOR_ITEMS, MAX_SERVICE_LINES, MAX_TEXT } from "../budget/limits.js";
import { ProblemList, formatPath, problemPath, type FieldPath, type Problem } from "../problems/problems.js";
import { indexStandard } from "../standard/lookup.js";
import { DEFAULT_STANDARD } from "../standard/registry.js";
import type { CollaborationLevel, PricingMethod, Standard } from "../standard/types.js";
import { REASON_CODES, isReasonCode, type ReasonCode } from "./reasons.js";

/** The reviewer's decision on one service line. Absent fields keep the submitted values. */
export interface LineDecision {
  /** 1-based position in the submitted budget's `services`. */
  line: number;
  item: string | null;
  units: number | null;
  collaboration: CollaborationLevel | null;
  method: PricingMethod | null;
  personMonths: Dec | null;
  remove: boolean;
  reasons: readonly ReasonCode[];
  note: string | null;
}

/** The reviewer's decision on one non-labor or external entry. */
export interface EntryDecision {
  /** 0-based index in its list. */
  index: number;
  amount: Dec | null;
  remove: boolean;
  reasons: readonly ReasonCode[];
  note: string | null;
}

export interface Review {
  reviewer: string | null;
  opinion: string | null;
  lines: readonly LineDecision[];
  nonLabor: Readonly<Record<NonLaborPart, readonly EntryDecision[]>>;
  external: readonly EntryDecision[];
}

/** A review without any decision: it approves the submitted budget as it is. */
export const EMPTY_REVIEW: Review = { reviewer: null, opinion: null, lines: [], nonLabor: { dataProducts: [], equipment: [], business: [] }, external: [] };

export type ReviewValidation = { ok: true; review: Review } | { ok: false; problems: Problem[] };

/** A whole number from `min`. */
function integer(min: number, max: number): Kind<number> {
  return {
    read(v, parent, key, ctx) {
      if (typeof v !== "number") return ctx.problems.add("wrong_type", at(parent, key), { expected: "integer", actual: typeName(v) }), null;
      if (!Number.isInteger(v) || v < min) return ctx.problems.add("not_integer", at(parent, key), { value: String(v), min }), null;
      if (v > max) return ctx.problems.add("too_large", at(parent, key), { value: v, max }), null;
      return v;
    },
    schema: () => ({ type: "integer", minimum: min, maximum: max }),
  };
}

const bool: Kind<boolean> = {
  read(v, parent, key, ctx) {
    if (typeof v !== "boolean") return ctx.problems.add("wrong_type", at(parent, key), { expected: "boolean", actual: typeName(v) }), null;
    return v;
  },
  schema: () => ({ type: "boolean" }),
};

/** One reason code or a list of them. */
const reasons: Kind<ReasonCode[]> = {
  read(v, parent, key, ctx) {
    const path = at(parent, key);
    const list = Array.isArray(v) ? v : [v];
    if (list.length > REASON_CODES.length) return ctx.problems.add("too_many", path, { max: REASON_CODES.length }), null;
    const out: ReasonCode[] = [];
    let ok = true;
    list.forEach((x, i) => {
      const p = Array.isArray(v) ? [...path, i] : path;
      if (typeof x !== "string") {
        ctx.problems.add("wrong_type", p, { expected: "string", actual: typeName(x) });
        ok = false;
      } else if (!isReasonCode(x)) {
        ctx.problems.add("unknown_reason", p, { value: x, allowed: REASON_CODES.join(", ") });
        ok = false;
      } else if (!out.includes(x)) out.push(x);
    });
    return ok ? out : null;
  },
  schema: () => {
    const one = { type: "string", enum: [...REASON_CODES] };
    return { anyOf: [one, { type: "array", items: one, maxItems: REASON_CODES.length }] };
  },
};

/** An item id of formula (1): checked against the standard with the rest of the approved line. */
const itemId: Kind<string> = {
  read: (v, parent, key, ctx) => text(20).read(v, parent, key, ctx),
  schema: (index) => ({ type: "string", enum: [...index.items.values()].filter((i) => i.kind !== "external").map((i) => i.id) }),
};

const REASON_DOC = "核减理由代码（可多个）：" + REASON_CODES.join(", ");
const LINE_CHANGES = ["item", "units", "collaboration", "method", "personMonths"] as const;

/** What a decision needs whatever it is about: a reason, and a note for `other`. */
function checkReasons(
  values: { remove: boolean | null; reason: ReasonCode[] | null; note: string | null },
  changed: readonly string[],
  fields: string,
  path: FieldPath,
  problems: ProblemList,
): void {
  // A field that could not be read is reported already; it still counts as given.
  const bad = fieldsWithProblems(problems, path);
  const given = [...changed, ...fields.split(", ").filter((f) => bad.has(f) && !changed.includes(f))];
  if (values.remove === true) for (const f of changed) problems.add("remove_conflict", [...path, f], { field: f });
  if (values.remove !== true && given.length === 0 && !bad.has("remove")) problems.add("no_change", path, { fields });
  if (!bad.has("reason") && (values.reason === null || values.reason.length === 0)) problems.add("no_reason", [...path, "reason"], {});
  if (values.reason?.includes("other") && (values.note === null || values.note.trim() === "")) problems.add("other_needs_note", [...path, "note"], {});
}

/**
 * The format, bound to the submitted budget (null only to describe the schema): ranges and the
 * approved line's levels are checked against it while reading, so that every problem is found at once.
 */
function reviewFormat(budget: Budget | null, standard: Standard) {
  const entryDecision = (list: string, n: number | undefined, seen = firstDecisions()) =>
    object(
      {
        index: required(integer(0, MAX_NONLABOR_ITEMS - 1), "条目序号（从 0 起）"),
        amount: optional(decimal(), "审定金额（元），≥ 0，至多两位小数"),
        remove: optional(bool, "true：整项核减"),
        reason: optional(reasons, REASON_DOC),
        note: optional(text(MAX_TEXT), "审核说明（理由为 other 时必填）"),
      },
      {
        title: "条目审核决定",
        check(v, path, ctx) {
          if (v.index !== null && n !== undefined && v.index >= n) ctx.problems.add("review_out_of_range", [...path, "index"], { what: "index", value: v.index, count: n, list });
          if (v.index !== null) seen(v.index, path, "index", ctx.problems);
          checkReasons(v, v.amount === null ? [] : ["amount"], "amount", path, ctx.problems);
        },
        build: (v): EntryDecision => ({ index: v.index, amount: v.amount, remove: v.remove ?? false, reasons: v.reason ?? [], note: v.note }),
      },
    );
  const seenLine = firstDecisions();
  const lineDecision = object(
    {
      line: required(integer(1, MAX_SERVICE_LINES), "服务行序号（services 中的位置，从 1 起）"),
      item: optional(itemId, "审定的服务内容类别编号"),
      units: optional(integer(1, 1_000_000), "审定的单位数（表A.3）"),
      collaboration: optional(oneOf(["F1", "F2", "F3"], "bad_level"), "审定的协同难度级别 F1–F3（表A.3）"),
      method: optional(oneOf(["coefficient", "quick"], "bad_method"), "审定的计价方法：coefficient 或 quick"),
      personMonths: optional(decimal(), "审定的工作量（人月），≥ 0，至多两位小数"),
      remove: optional(bool, "true：整行核减"),
      reason: optional(reasons, REASON_DOC),
      note: optional(text(MAX_TEXT), "审核说明（理由为 other 时必填）"),
    },
    {
      title: "服务行审核决定",
      check(v, path, ctx) {
        const n = budget?.services.length;
        const inRange = v.line !== null && (n === undefined || v.line <= n);
        if (v.line !== null && !inRange) ctx.problems.add("review_out_of_range", [...path, "line"], { what: "line", value: v.line, count: n ?? 0, list: "services" });
        if (v.line !== null) seenLine(v.line, path, "line", ctx.problems);
        const changed = LINE_CHANGES.filter((f) => v[f] !== null);
        checkReasons(v, changed, LINE_CHANGES.join(", "), path, ctx.problems);
        if (budget !== null && inRange && v.remove !== true && changed.length > 0) {
          const submitted = budget.services[(v.line as number) - 1];
          if (submitted) checkApprovedLine(approvedLineDocument(submitted, v, standard), budget, standard, path, ctx.problems);
        }
      },
      build: (v): LineDecision => ({
        line: v.line,
        item: v.item,
        units: v.units,
        collaboration: v.collaboration,
        method: v.method,
        personMonths: v.personMonths,
        remove: v.remove ?? false,
        reasons: v.reason ?? [],
        note: v.note,
      }),
    },
  );
  const entries = (list: string, n: number | undefined) => array(entryDecision(list, n), { max: MAX_NONLABOR_ITEMS });
  const nonLabor = object(
    {
      dataProducts: optional(entries("nonLabor.dataProducts", budget?.nonLabor.dataProducts.length), "数据产品费 D 的审核决定"),
      equipment: optional(entries("nonLabor.equipment", budget?.nonLabor.equipment.length), "设备材料费 E 的审核决定"),
      business: optional(entries("nonLabor.business", budget?.nonLabor.business.length), "业务费 B 的审核决定"),
    } satisfies Record<NonLaborPart, unknown>,
    { build: (x): Record<NonLaborPart, EntryDecision[]> => ({ dataProducts: x.dataProducts ?? [], equipment: x.equipment ?? [], business: x.business ?? [] }) },
  );
  return object(
    {
      $schema: optional(text(MAX_TEXT), "JSON Schema 地址（编辑器用，忽略）"),
      reviewer: optional(text(MAX_NAME), "评审人"),
      opinion: optional(text(MAX_TEXT * 5), "审核意见"),
      lines: optional(array(lineDecision, { max: MAX_SERVICE_LINES }), "服务行的审核决定"),
      nonLabor: optional(nonLabor, "非人力成本条目的审核决定"),
      external: optional(entries("external", budget?.external.length), "公式(1)之外计价服务的审核决定"),
    },
    {
      title: "govcost 审核文件",
      description: "评审人对送审预算的逐项审核决定（T/DGAG 024—2024）",
      build: (v): Review => ({
        reviewer: v.reviewer,
        opinion: v.opinion,
        lines: v.lines ?? [],
        nonLabor: v.nonLabor ?? { dataProducts: [], equipment: [], business: [] },
        external: v.external ?? [],
      }),
    },
  );
}

/** Remembers the first decision on each line or entry of one list; reports a second one. */
function firstDecisions(): (key: number, path: FieldPath, field: string, problems: ProblemList) => void {
  const first = new Map<number, FieldPath>();
  return (key, path, field, problems) => {
    const f = first.get(key);
    if (f === undefined) first.set(key, path);
    else problems.add("review_duplicate_decision", [...path, field], { value: key, first: formatPath(f) });
  };
}

/** The fields of the object at `path` that already have a problem (its problems are the last ones added). */
function fieldsWithProblems(problems: ProblemList, path: FieldPath): Set<string> {
  const out = new Set<string>();
  const list = problems.problems;
  for (let i = list.length - 1; i >= 0; i--) {
    const p = problemPath(list[i] as Problem);
    if (p.length <= path.length || !path.every((seg, k) => p[k] === seg)) break;
    out.add(String(p[path.length]));
  }
  return out;
}

type ApprovedFields = Pick<LineDecision, "item" | "units" | "collaboration" | "method" | "personMonths">;

/**
 * The approved line as a budget document: the decision's fields over the submitted ones. A
 * decision that states units or collaboration replaces both (the submitted pair could conflict
 * with the new one); a new item whose table excludes collaboration drops a stated level above F1.
 */
export function approvedLineDocument(submitted: Budget["services"][number], d: ApprovedFields, standard: Standard): Record<string, unknown> {
  const levelGiven = d.units !== null || d.collaboration !== null;
  const units = levelGiven ? d.units : submitted.units;
  let collaboration = levelGiven ? d.collaboration : submitted.collaboration;
  const item = d.item ?? submitted.item;
  if (d.item !== null && !levelGiven && d.item !== submitted.item) {
    const it = indexStandard(standard).items.get(item);
    if (it && it.kind === "formula" && it.collaborationRule === "none") collaboration = null;
  }
  const doc: Record<string, unknown> = {
    item,
    personMonths: (d.personMonths ?? submitted.personMonths).toString(),
    method: d.method ?? submitted.method,
  };
  if (units !== null) doc.units = units;
  if (collaboration !== null) doc.collaboration = collaboration;
  if (submitted.note !== null) doc.note = submitted.note;
  return doc;
}

/** The approved line must be a line the budget format accepts (its item, levels and method by the item's table). */
function checkApprovedLine(doc: Record<string, unknown>, budget: Budget, standard: Standard, path: FieldPath, problems: ProblemList): void {
  const v = validateBudget({ name: budget.name, services: [doc] }, standard);
  if (v.ok) return;
  for (const p of v.problems) {
    // services[0].collaboration → lines[k].collaboration
    const field = problemPath(p).slice(2);
    problems.addAt(p.code, { kind: "field", path: [...path, ...field] }, p.params as never, p.item);
  }
}

/**
 * Validate a parsed review document against the submitted budget. Never throws; every problem is
 * returned with its field path.
 */
export function validateReview(doc: unknown, budget: Budget, standard: Standard): ReviewValidation {
  const problems = new ProblemList();
  if (!isRecord(doc)) {
    problems.add("review_not_object", [], { actual: typeName(doc) });
    return { ok: false, problems: problems.problems };
  }
  const review = reviewFormat(budget, standard).read(doc, [], undefined, { problems, index: indexStandard(standard), item: undefined });
  return review === null ? { ok: false, problems: problems.problems } : { ok: true, review };
}

/** JSON Schema (draft 2020-12) of the review file, from the definition above. */
export function reviewJsonSchema(standard: Standard = DEFAULT_STANDARD): Record<string, unknown> {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://govcost.local/schema/review.json",
    ...reviewFormat(null, standard).schema(indexStandard(standard)),
  };
}
