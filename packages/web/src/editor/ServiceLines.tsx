/**
 * The labor part of the editor: the rate-profile choice, the service lines (one memoised row
 * each) and the box that adds a line by id or name.
 */
import { Fragment, memo, useCallback, useMemo, useState } from "react";
import { App, AutoComplete, Button, Card, Checkbox, ConfigProvider, Input, Select, Space, Typography } from "antd";
import { BookOutlined, DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Dec, type EstimateLine } from "@govcost/core";
import type { RateProfileRecord } from "../api.js";
import { INDEX, STANDARD, type Issue, type LineDraft } from "../draft.js";
import { money, unitLabel, type Unit } from "../format.js";
import { useT } from "../i18n.js";
import { matchesItem } from "./Catalog.js";
import { ItemDescriptions, LineRow, type LinePatch } from "./LineRow.js";
import { isBlock, readPastedLines, type PasteResult, type PastedLine } from "../paste.js";

interface RateProfileProps {
  rateProfileId: string | null;
  profiles: RateProfileRecord[];
  /** The budget document's own rates (表B.1 注2) and their name, when no stored profile is chosen. */
  documentRates: boolean;
  documentRatesName: string;
  onChoose: (profileId: string) => void;
}

/** The rate profile the budget is priced with. Its labels follow the language like every other text. */
export const RateProfileSelect = memo(function RateProfileSelect({ rateProfileId, profiles, documentRates, documentRatesName, onChoose }: RateProfileProps) {
  const t = useT();
  const options = useMemo(
    () => [
      ...(profiles.some((p) => p.builtin || p.id === "standard") ? [] : [{ value: "standard", label: t("表B.1 基准人月费率（2023年广东省）") }]),
      // A budget file may carry its own rates (B.1 注2) without a stored profile.
      ...(rateProfileId === null && documentRates ? [{ value: "document", label: t("预算文件自带：{name}", { name: documentRatesName || t("自定义费率") }), disabled: true }] : []),
      // The standard's own profile is named by the app; the others keep the names their administrators gave them.
      ...profiles.map((p) => ({ value: p.id, label: p.builtin ? `${t(p.name)}${t("（标准）")}` : p.name })),
    ],
    [profiles, rateProfileId, documentRates, documentRatesName, t],
  );
  return (
    <Space>
      <Typography.Text type="secondary">{t("费率方案")}</Typography.Text>
      {/* As wide as the chosen profile's name (the standard's is long, longer in English), never narrower than 300 px. */}
      <Select style={{ minWidth: 300 }} popupMatchSelectWidth={false} value={rateProfileId ?? (documentRates ? "document" : "standard")} options={options} onChange={onChoose} data-testid="rate-profile" />
    </Space>
  );
});

/** Type an item id or a part of its name, Enter adds the line. Its text is its own state: typing here does not re-render the page. */
const LineAdder = memo(function LineAdder({ onAdd, onPasteLines, onOpenCatalog }: { onAdd: (item: string) => void; onPasteLines: (lines: PastedLine[]) => void; onOpenCatalog: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [adder, setAdder] = useState("");
  const options = useMemo(() => {
    const q = adder.trim();
    if (!q) return [];
    const hits = STANDARD.items.filter((i) => i.kind === "formula" && matchesItem(i, q));
    hits.sort((a, b) => Number(!a.id.startsWith(q)) - Number(!b.id.startsWith(q)));
    return hits.slice(0, 30).map((i) => ({ value: i.id, label: `${i.id} ${i.name}` }));
  }, [adder]);
  return (
    <Space style={{ marginTop: 8 }} className="gc-no-print gc-edit-only">
      <AutoComplete
        style={{ width: 420 }}
        value={adder}
        options={options}
        defaultActiveFirstOption
        onChange={(v: string) => setAdder(v)}
        onSelect={(v: string) => {
          if (INDEX.items.get(v)?.kind === "formula") {
            onAdd(v);
            setAdder("");
          }
        }}
      >
        <Input
          prefix={<PlusOutlined />}
          placeholder={t("输入编号或名称添加服务（回车）")}
          data-testid="add-line"
          onPaste={(e) => {
            // A block copied from Excel or WPS: one line per row, and a word on each row that was not read.
            const text = e.clipboardData.getData("text/plain");
            if (!isBlock(text)) return;
            e.preventDefault();
            const r = readPastedLines(text);
            if (r.lines.length) onPasteLines(r.lines);
            const why = (x: PasteResult["problems"][number]) =>
              x.kind === "bad_workload"
                ? t("第 {row} 行：工作量“{v}”不是有效数字，请在该行补填", { row: x.row, v: x.value })
                : x.kind === "fixed_collaboration"
                  ? t("第 {row} 行：{item} 的协同难度按其表固定为 F1（不涉及），所填“{v}”未采用", { row: x.row, item: x.item ?? "", v: x.value })
                : x.kind === "external_item"
                  ? t("第 {row} 行：{v} 属 6.1 政务网络运营服务，不按公式(1)计价，未添加", { row: x.row, v: x.value })
                  : t("第 {row} 行：标准中没有服务内容“{v}”，未添加", { row: x.row, v: x.value });
            if (r.problems.length) message.warning({ content: <div data-testid="paste-problems">{[t("已添加 {n} 行。", { n: r.lines.length }), ...r.problems.map(why)].map((x, i) => <div key={i}>{x}</div>)}</div>, duration: 8 });
            else message.success(t("已从粘贴内容添加 {n} 行", { n: r.lines.length }));
          }}
          onKeyDown={(e) => {
            if (e.key !== "Enter") return;
            const v = adder.trim();
            if (INDEX.items.get(v)?.kind === "formula") {
              e.preventDefault();
              onAdd(v);
              setAdder("");
            } else if (v && INDEX.items.get(v)?.kind === "external") {
              message.warning(t("{id} 属 6.1 政务网络运营服务，不按公式(1)计价：请在下方“公式(1)之外计价的服务”中添加", { id: v }));
            } else if (v && options.length === 0) {
              // Nothing matches: say so, rather than leave Enter without an answer.
              message.warning(t("标准中没有编号或名称为“{v}”的服务内容；编号形如 7.2.b，也可点“从目录选择”", { v }));
            }
          }}
        />
      </AutoComplete>
      <Button icon={<BookOutlined />} onClick={onOpenCatalog}>
        {t("从目录选择")}
      </Button>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t("回车添加后光标进入该行工作量；Tab 在行内字段间移动；可从 Excel/WPS 粘贴多行（各列依次为编号或名称、工作量、单位数或 F1–F3、备注）；Ctrl+S 保存")}
      </Typography.Text>
    </Space>
  );
});

const NO_ISSUES: readonly Issue[] = [];

export interface ServiceLinesProps extends RateProfileProps {
  services: LineDraft[];
  lineFor: (EstimateLine | null)[];
  /** Issues by `services.<index>`. */
  issues: Map<string, Issue[]>;
  unit: Unit;
  onLineChange: (key: string, patch: LinePatch) => void;
  onLineRemove: (key: string) => void;
  onLinesRemove: (keys: readonly string[]) => void;
  onTrace: (index: number, anchor: HTMLElement) => void;
  onHelp: (item: string, anchor: HTMLElement) => void;
  onAdd: (item: string) => void;
  onPasteLines: (lines: PastedLine[]) => void;
  onFillDown: (key: string, values: string[]) => void;
  onOpenCatalog: () => void;
  /** A line's workload was typed into or left (LineRow onTouch). */
  onTouch: (key: string) => void;
  /** Nothing here changes the budget (a reviewer's, a submitted one): inputs disabled, edit-only controls hidden. */
  readOnly: boolean;
}

export function ServiceLines(p: ServiceLinesProps) {
  const t = useT();
  const { modal } = App.useApp();
  // Lines chosen for deleting together; keys of lines that no longer exist do not count.
  const [picked, setPicked] = useState<ReadonlySet<string>>(() => new Set());
  const onSelect = useCallback((key: string, on: boolean) => {
    setPicked((s) => {
      const n = new Set(s);
      if (on) n.add(key);
      else n.delete(key);
      return n;
    });
  }, []);
  const chosen = p.services.filter((s) => picked.has(s.key)).map((s) => s.key);
  const { onLinesRemove } = p;

  // A filter by text: the lines whose id, name or note holds it (the others are hidden, not removed;
  // the totals stay those of the whole budget).
  const [filter, setFilter] = useState("");
  const q = filter.trim();
  const shown = useCallback(
    (i: number) => {
      if (q === "") return true;
      const s = p.services[i] as LineDraft;
      return matchesItem({ id: s.item, name: INDEX.items.get(s.item)?.name ?? "" }, q) || s.note.includes(q);
    },
    [q, p.services],
  );
  const shownCount = useMemo(() => (q === "" ? p.services.length : p.services.filter((_, i) => shown(i)).length), [q, p.services, shown]);

  // Grouped by chapter (6–10) with a subtotal each; a chapter can be folded away.
  const [grouped, setGrouped] = useState(false);
  const [folded, setFolded] = useState<ReadonlySet<string>>(() => new Set());
  const toggleGroup = useCallback((id: string) => {
    setFolded((f) => {
      const n = new Set(f);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  }, []);
  const groups = useMemo(() => {
    if (!grouped) return null;
    const byCategory = new Map<string, number[]>();
    p.services.forEach((s, i) => {
      const c = INDEX.items.get(s.item)?.category ?? "?";
      byCategory.set(c, [...(byCategory.get(c) ?? []), i]);
    });
    const known = STANDARD.categories.map((c) => ({ id: String(c.id), title: `${c.section} ${c.name}` }));
    return [...known, { id: "?", title: t("（未知服务内容）") }]
      .filter((c) => byCategory.has(c.id))
      .map((c) => {
        const indices = byCategory.get(c.id) ?? [];
        const subtotal = indices.reduce((acc, i) => {
          const l = p.lineFor[i];
          return l ? acc.add(l.amount) : acc;
        }, Dec.fromUnits(0n, 2));
        // Lines with an input error are not priced: said beside the subtotal, which leaves them out.
        const unpriced = indices.filter((i) => !p.lineFor[i]).length;
        return { ...c, indices, subtotal, unpriced };
      });
  }, [grouped, p.services, p.lineFor, t]);

  const row = (i: number) => {
    const s = p.services[i] as LineDraft;
    const l = p.lineFor[i];
    const iss = p.issues.get(`services.${i}`);
    return (
      <LineRow
        key={s.key}
        line={s}
        index={i}
        figures={l ?? null}
        issues={iss ?? NO_ISSUES}
        unit={p.unit}
        onChange={p.onLineChange}
        onRemove={p.onLineRemove}
        onTrace={p.onTrace}
        onHelp={p.onHelp}
        onFillDown={p.onFillDown}
        onTouch={p.onTouch}
        selected={picked.has(s.key)}
        onSelect={onSelect}
      />
    );
  };
  // Several lines at once: asked first, naming them (one line is removed by its own button, at once).
  const removeChosen = useCallback(() => {
    const names = p.services.filter((s) => picked.has(s.key)).map((s) => `${s.item} ${INDEX.items.get(s.item)?.name ?? ""}`.trim());
    modal.confirm({
      title: t("删除所选 {n} 行？", { n: chosen.length }),
      content: (
        <div data-testid="remove-selected-list">
          {names.slice(0, 10).map((n, i) => (
            <div key={i}>{n}</div>
          ))}
          {names.length > 10 ? <div className="gc-muted">{t("等 {n} 行", { n: names.length })}</div> : null}
        </div>
      ),
      okText: t("删除"),
      okType: "danger",
      cancelText: t("取消"),
      onOk: () => {
        onLinesRemove(chosen);
        setPicked(new Set());
      },
    });
  }, [onLinesRemove, chosen, picked, p.services, modal, t]);
  return (
    <Card
      size="small"
      className="gc-lines-card"
      style={{ marginTop: 12 }}
      title={t("人力成本 L = Σ(P×Q) × S（公式(2)）· {n} 行", { n: p.services.length })}
      extra={
        <Space wrap>
          <Input
            allowClear
            size="small"
            className="gc-no-print"
            style={{ width: 200 }}
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            placeholder={t("筛选：编号、名称或备注")}
            aria-label={t("筛选服务行")}
            data-testid="line-filter"
          />
          {q !== "" ? (
            <Typography.Text type="secondary" data-testid="line-filter-count">
              {t("显示 {m} / {n} 行", { m: shownCount, n: p.services.length })}
            </Typography.Text>
          ) : null}
          <Checkbox checked={grouped} onChange={(e) => setGrouped(e.target.checked)} data-testid="group-by-chapter" className="gc-no-print">
            {t("按章节分组")}
          </Checkbox>
          <ConfigProvider componentDisabled={p.readOnly}>
            <RateProfileSelect rateProfileId={p.rateProfileId} profiles={p.profiles} documentRates={p.documentRates} documentRatesName={p.documentRatesName} onChoose={p.onChoose} />
          </ConfigProvider>
        </Space>
      }
    >
      {/* The lines and the adder: disabled when read-only (native inputs by the fieldset, antd's by the provider). */}
      <fieldset disabled={p.readOnly} className="gc-fieldset">
      <ConfigProvider componentDisabled={p.readOnly}>
      <div className="gc-lines-scroll">
        <div className="gc-grid" role="table" data-testid="lines">
          <div className="gc-cells gc-head" role="row">
            <div role="columnheader">#</div>
            <div role="columnheader">{t("编号")}</div>
            <div role="columnheader">{t("服务内容")}</div>
            <div role="columnheader">
              {t("工作量")}
              <br />
              <span className="gc-head-unit">{t("（人月）")}</span>
            </div>
            <div role="columnheader">{t("协同难度")}</div>
            <div role="columnheader">{t("计价方法")}</div>
            <div role="columnheader" className="gc-num">
              {t("单价")} P
              <br />
              <span className="gc-head-unit" title={t("元/人月")}>{t("（元/人月）")}</span>
            </div>
            <div role="columnheader">{t("档位")}</div>
            <div role="columnheader" className="gc-num">
              {t("P×Q（{u}）", { u: t(unitLabel(p.unit)) })}
            </div>
            <div role="columnheader">{t("备注")}</div>
            <div />
          </div>
          {groups
            ? groups.filter((g) => q === "" || g.indices.some(shown)).map((g) => (
                <Fragment key={g.id}>
                  <div className="gc-group" role="row" data-group={g.id}>
                    <button type="button" className="gc-group-toggle" aria-expanded={!folded.has(g.id)} onClick={() => toggleGroup(g.id)}>
                      {folded.has(g.id) ? "▸" : "▾"} {g.title}
                    </button>
                    <span className="gc-muted">{t("{n} 行", { n: g.indices.length })}</span>
                    <span className="gc-group-sum" data-testid={`subtotal-${g.id}`}>
                      {t("小计")} {g.unpriced === g.indices.length ? "—" : money(g.subtotal, p.unit)}
                      {g.unpriced ? <span className="gc-muted">{t("（{n} 行有输入错误，未计入）", { n: g.unpriced })}</span> : null}
                    </span>
                  </div>
                  {folded.has(g.id) ? null : g.indices.filter(shown).map(row)}
                </Fragment>
              ))
            : p.services.map((_, i) => (shown(i) ? row(i) : null))}
        </div>
        <ItemDescriptions items={[...new Set(p.services.map((s) => s.item))].sort().join(" ")} />
      </div>
      <Space style={{ marginTop: 8 }} wrap>
        <LineAdder onAdd={p.onAdd} onPasteLines={p.onPasteLines} onOpenCatalog={p.onOpenCatalog} />
        {chosen.length ? (
          <Button danger icon={<DeleteOutlined />} onClick={removeChosen} data-testid="remove-selected" className="gc-no-print gc-edit-only">
            {t("删除所选 {n} 行", { n: chosen.length })}
          </Button>
        ) : null}
      </Space>
      </ConfigProvider>
      </fieldset>
    </Card>
  );
}
