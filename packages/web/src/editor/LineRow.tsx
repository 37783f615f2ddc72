/**
 * One service line of the editor. Rows are memoised and compare their figures by value
 * (sameRow), so an edit re-renders the edited row and the summary, not the other 999 lines.
 *
 * A budget can have a thousand lines, and opening it costs in proportion to the elements they
 * make: a row is one grid element with its cells, styled by class (no inline styles), its icons
 * drawn by the style sheet (.gc-help, .gc-del), and the standard's description of its item shared
 * by every line of that item (ItemDescriptions, below the table) rather than repeated per line.
 */
import { memo } from "react";
import type { CollaborationLevel, EstimateLine } from "@govcost/core";
import { INDEX, type Issue, type LineDraft } from "../draft.js";
import { money, type Unit } from "../format.js";
import { isBlock, readPastedColumn } from "../paste.js";
import { LineTrace, useFigures } from "./Trace.js";
import { useClause, useT } from "../i18n.js";

export type LinePatch = Partial<Omit<LineDraft, "key">>;

const LEVEL_INDEX: Record<string, number> = { F1: 0, F2: 1, F3: 2 };

const FIELD_LABEL: Record<string, string> = {
  personMonths: "工作量",
  units: "单位数",
  collaboration: "协同难度",
  method: "计价方法",
  note: "备注",
  item: "服务内容",
};

interface Props {
  line: LineDraft;
  index: number;
  /** The line as priced; null where it has an input error and is left out. Compared by value (sameRow). */
  figures: EstimateLine | null;
  /** This line's problems and warnings (compared by value: sameRow). */
  issues: readonly Issue[];
  unit: Unit;
  onChange: (key: string, patch: LinePatch) => void;
  onRemove: (key: string) => void;
  /** Chosen for deleting several lines at once. */
  selected?: boolean;
  onSelect?: (key: string, selected: boolean) => void;
  /** A column of workloads pasted into this line's workload: this line and the ones below. */
  onFillDown?: (key: string, values: string[]) => void;
  /** Show the trail of line `index` next to `anchor` (one shared popover: a popover per row would slow the first render). */
  onTrace: (index: number, anchor: HTMLElement) => void;
  /** Show the standard's description of service item `item` next to `anchor` (the same shared popover). */
  onHelp?: (item: string, anchor: HTMLElement) => void;
  /** The workload was typed into or left: from now on an empty one is an error shown here and counted above. */
  onTouch?: (key: string) => void;
}

function fieldClass(issues: readonly Issue[], field: string): string {
  const mine = issues.filter((i) => i.field === field);
  if (mine.some((i) => i.level === "error")) return " gc-err";
  if (mine.some((i) => i.level === "warning")) return " gc-warn";
  return "";
}

/** Props compared by reference: all but the figures and issues, which are new objects after every edit. */
const BY_REFERENCE = ["line", "index", "unit", "onChange", "onRemove", "selected", "onSelect", "onFillDown", "onTrace", "onHelp", "onTouch"] as const;
// A prop added to Props but to neither list fails to compile here, rather than leave its row stale.
const everyPropCompared: Exclude<keyof Props, (typeof BY_REFERENCE)[number] | "figures" | "issues"> extends never ? true : never = true;
void everyPropCompared;

/**
 * Every edit prices all lines afresh (new objects), but only the edited line's figures and
 * problems change: the other rows are equal when their props are the same and their figures and
 * issues equal in value, and are not rendered again.
 */
function sameRow(a: Props, b: Props): boolean {
  for (const k of BY_REFERENCE) if (a[k] !== b[k]) return false;
  const x = a.figures;
  const y = b.figures;
  if (x !== y && (!x || !y || !(x.unitPrice.eq(y.unitPrice) && x.amount.eq(y.amount) && x.tier.tier === y.tier.tier && x.tier.name === y.tier.name && x.coefficient.eq(y.coefficient) && x.collaboration === y.collaboration))) return false;
  if (a.issues.length !== b.issues.length) return false;
  for (let n = 0; n < a.issues.length; n++) {
    const i = a.issues[n] as Issue;
    const j = b.issues[n] as Issue;
    if (i.level !== j.level || i.field !== j.field || i.message !== j.message) return false;
  }
  return true;
}

export const LineRow = memo(function LineRow(p: Props) {
  const t = useT();
  const clause = useClause();
  const { line, index, figures } = p;
  const level = figures?.collaboration ?? "";
  const item = INDEX.items.get(line.item);
  const formula = item?.kind === "formula" ? item : null;
  // A line just added has an empty workload: the editor leaves that error out of `issues` (and of
  // the count above the table) until the preparer types into the field or leaves it (onTouch).
  const { issues } = p;
  const touch = () => p.onTouch?.(line.key);
  // Left by pressing something else (a button, another field): marked once that click is over, so the
  // message appearing under the line does not move the button from under the pointer before the click lands.
  const touchOnLeave = () => {
    if (document.querySelector(":active")) window.addEventListener("click", touch, { once: true });
    else touch();
  };
  const fixed = formula?.collaborationRule === "none";
  const quickRow = INDEX.quick.get(line.item);
  const levelIdx = LEVEL_INDEX[level || (line.collabMode === "level" && line.collaboration ? line.collaboration : "F1")] ?? 0;
  const quickOk = quickRow !== undefined && quickRow.prices[levelIdx] !== null;
  const change = (patch: LinePatch) => p.onChange(line.key, patch);
  const fixedWhy = formula ? t("{table}（{clause}）规定该项协同难度“不涉及”，固定为 F1", { table: clause(formula.levelSource.table), clause: clause(formula.levelSource.clause) }) : "";
  return (
    <div className="gc-line gc-cells" role="row" data-line={index}>
      <div role="cell" className="gc-muted gc-num">
        {p.onSelect ? (
          <label className="gc-pick">
            <input type="checkbox" className="gc-edit-only" checked={p.selected ?? false} aria-label={t("选择第 {n} 行", { n: index + 1 })} data-select={line.key} onChange={(e) => p.onSelect?.(line.key, e.target.checked)} />
            {index + 1}
          </label>
        ) : (
          index + 1
        )}
      </div>
      <div role="cell" className="gc-nowrap">{line.item}</div>
      <div role="cell">
        <span className="gc-item-name" title={item ? `${item.name}\n${item.descriptionClause}：${item.description}` : t("标准中没有此服务内容")}>
          {item?.name ?? t("（未知服务内容）")}
        </span>
        {item && p.onHelp ? (
          <button
            type="button"
            className="gc-help"
            aria-label={t("第 {n} 行服务说明（{clause}）", { n: index + 1, clause: item.descriptionClause })}
            aria-describedby={descriptionId(item.id)}
            aria-haspopup="dialog"
            data-help={line.key}
            onClick={(e) => p.onHelp?.(item.id, e.currentTarget)}
          />
        ) : null}
        {formula ? (
          <span className="gc-muted gc-small">
            {formula.technical}/{formula.business}
          </span>
        ) : null}
      </div>
      <div role="cell">
        <input
          className={"gc-in gc-in-num" + fieldClass(issues, "personMonths")}
          value={line.personMonths}
          inputMode="decimal"
          placeholder={t("工作量")}
          aria-label={t("第 {n} 行工作量（人月）", { n: index + 1 })}
          data-pm={line.key}
          onChange={(e) => {
            touch();
            change({ personMonths: e.target.value });
          }}
          onBlur={touchOnLeave}
          onPaste={(e) => {
            const text = e.clipboardData.getData("text/plain");
            if (!p.onFillDown || !isBlock(text)) return;
            e.preventDefault();
            touch();
            p.onFillDown(line.key, readPastedColumn(text));
          }}
        />
      </div>
      <div role="cell" className="gc-collab">
        {fixed ? (
          // Not a choice: the item's table fixes F1. Said as text, with the reason on hover.
          <span className="gc-fixed" title={fixedWhy}>
            {t("F1 不涉及")} ⓘ
          </span>
        ) : (
          <>
            <select
              className="gc-in"
              value={line.collabMode}
              aria-label={t("第 {n} 行协同难度填法", { n: index + 1 })}
              onChange={(e) => change({ collabMode: e.target.value as LineDraft["collabMode"] })}
            >
              <option value="units">{t("单位数")}</option>
              <option value="level">{t("级别")}</option>
            </select>
            {line.collabMode === "units" ? (
              <input
                className={"gc-in gc-in-units" + fieldClass(issues, "units")}
                value={line.units}
                inputMode="numeric"
                placeholder={t("未填")}
                title={t("涉及的独立法人单位数（表A.3：1 个 F1，2–5 个 F2，6 个及以上 F3）")}
                aria-label={t("第 {n} 行涉及单位数", { n: index + 1 })}
                data-units={line.key}
                onChange={(e) => change({ units: e.target.value })}
              />
            ) : (
              <select
                className={"gc-in" + fieldClass(issues, "collaboration")}
                value={line.collaboration}
                aria-label={t("第 {n} 行协同难度级别", { n: index + 1 })}
                onChange={(e) => change({ collaboration: e.target.value as CollaborationLevel | "" })}
              >
                <option value="">{t("未填（F1）")}</option>
                <option value="F1">{t("F1 本部门")}</option>
                <option value="F2">{t("F2 跨2–5个单位")}</option>
                {/* Table A.3: F3 is 6 or more units (Table B.2's heading 跨5个部门以上 means the same, said less exactly). */}
                <option value="F3">{t("F3 跨6个及以上单位")}</option>
              </select>
            )}
            {level ? <span className="gc-muted gc-small">→{level}</span> : null}
          </>
        )}
      </div>
      <div role="cell">
        <select
          className={"gc-in" + fieldClass(issues, "method")}
          value={line.method}
          aria-label={t("第 {n} 行计价方法", { n: index + 1 })}
          onChange={(e) => change({ method: e.target.value as LineDraft["method"] })}
          title={quickOk ? undefined : t("表B.2 在该协同级别为“/”，只能用方法1（查系数）")}
        >
          <option value="coefficient">{t("方法1 查系数")}</option>
          <option value="quick" disabled={!quickOk && line.method !== "quick"}>
            {quickOk ? t("方法2 速查表") : t("方法2（表B.2 为“/”）")}
          </option>
        </select>
      </div>
      <div role="cell" className="gc-num">{figures ? money(figures.unitPrice, "yuan") : "—"}</div>
      <div role="cell" className="gc-nowrap" title={figures ? `${t("运营难度系数")} ${figures.coefficient.toString()}` : undefined}>
        {figures ? t(figures.tier.name) : "—"}
      </div>
      <div role="cell" className="gc-num">
        {figures ? (
          <span className="gc-figure" tabIndex={0} role="button" data-amount={line.key} onClick={(e) => p.onTrace(index, e.currentTarget)} onKeyDown={(e) => (e.key === "Enter" || e.key === " ") && p.onTrace(index, e.currentTarget)}>
            {money(figures.amount, p.unit)}
          </span>
        ) : (
          "—"
        )}
      </div>
      <div role="cell">
        <input className={"gc-in gc-in-note" + fieldClass(issues, "note")} value={line.note} placeholder={t("备注")} aria-label={t("第 {n} 行备注", { n: index + 1 })} onChange={(e) => change({ note: e.target.value })} />
      </div>
      <div role="cell" className="gc-del-cell">
        <button type="button" className="gc-in gc-del gc-edit-only" title={t("删除此行")} aria-label={t("删除第 {n} 行", { n: index + 1 })} onClick={() => p.onRemove(line.key)} />
      </div>
      {issues.length ? (
        <div className="gc-issues">
          {issues.map((i, n) => (
            <div key={n} className={`gc-issue ${i.level}`} data-issue-field={i.field || "line"}>
              {i.level === "error" ? "✖ " : i.level === "hint" ? "ⓘ " : "⚠ "}
              {FIELD_LABEL[i.field] ? `${t(FIELD_LABEL[i.field] ?? "")}${t("：")}` : ""}
              {i.message}
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}, sameRow);

/** The id of the hidden text that describes a service item to a screen reader (one per item, not per line). */
export const descriptionId = (item: string) => `gc-desc-${item}`;

/** The standard's description of each item the lines use, once each, for the lines' help buttons to point at. */
export const ItemDescriptions = memo(function ItemDescriptions({ items }: { items: string }) {
  return (
    <div hidden>
      {items
        .split(" ")
        .filter((id) => id !== "")
        .map((id) => {
          const item = INDEX.items.get(id);
          return item ? (
            <span key={id} id={descriptionId(id)}>
              {item.descriptionClause}：{item.description}
            </span>
          ) : null;
        })}
    </div>
  );
});

export function TraceFor({ index }: { index: number }) {
  const t = useT();
  const ctx = useFigures();
  const l = ctx?.lineFor[index];
  return l ? <LineTrace line={l} /> : <span>{t("本行有输入错误，未计价")}</span>;
}
