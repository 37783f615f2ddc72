/**
 * The editor's summary: the figures of formula (1) with their trails, the staff tiers and the
 * charts. It shows the figures, so it re-renders with every edit: plain markup, no antd table.
 */
import { lazy, Suspense, useEffect, useMemo, useState } from "react";
import { Card, Spin } from "antd";
import { amountInWords, Dec, formatDecimal } from "@govcost/core";
import { PART_LABEL, PARTS, STANDARD, type Computed } from "../draft.js";
import { money, unitLabel, type Unit } from "../format.js";
import { useT } from "../i18n.js";
import type { ShowText } from "./TracePopover.js";

const Charts = lazy(() => import("./Charts.js"));

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

function Figure({ value, unit, trace, testId, onShow }: { value: Dec; unit: Unit; trace: { title: string; lines: string[] }; testId?: string; onShow: ShowText }) {
  return (
    <span className="gc-figure" tabIndex={0} role="button" data-testid={testId} onClick={(e) => onShow(trace.title, trace.lines, e.currentTarget)} onKeyDown={(e) => (e.key === "Enter" || e.key === " ") && onShow(trace.title, trace.lines, e.currentTarget)}>
      {money(value, unit)}
    </span>
  );
}

export function Summary({ computed, unit, onShow }: { computed: Computed; unit: Unit; onShow: ShowText }) {
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
    [t("工作量合计"), t("{pm} 人月（{py} 人年）", { pm: formatDecimal(e.personMonths), py: formatDecimal(e.personYears, 2) })],
    [
      t("规模系数 S（表A.4）"),
      <span key="s" className="gc-figure" tabIndex={0} role="button" onClick={(ev) => onShow(t("规模系数"), [e.scale.trace], ev.currentTarget)}>
        {e.scale.level} {formatDecimal(e.scale.coefficient, 2)}
        {t("（")}
        {t(e.scale.label)}
        {t("）")}
      </span>,
    ],
    [`Σ(P×Q)${t("（")}${u}${t("）")}`, money(e.laborSubtotal, unit)],
    [t("人力成本 L（{u}）", { u }), <Figure key="l" value={e.labor} unit={unit} onShow={onShow} trace={{ title: t("人力成本 L（公式(2)）"), lines: [e.laborTrace, e.scale.trace, e.roundingPolicy] }} testId="labor-l" />],
    ...PARTS.map((part): [string, React.ReactNode] => [t("{part}（{u}）", { part: t(PART_LABEL[part]), u }), money(e.nonLaborParts[part], unit)]),
    [t("非人力成本 T（{u}）", { u }), <Figure key="t" value={e.nonLabor} unit={unit} onShow={onShow} trace={{ title: t("非人力成本 T（公式(3)）"), lines: [`T = D ${money(e.nonLaborParts.dataProducts)} + E ${money(e.nonLaborParts.equipment)} + B ${money(e.nonLaborParts.business)} = ${money(e.nonLabor)} 元`] }} />],
    [t("总成本 C（{u}）", { u }), <b key="c"><Figure value={e.total} unit={unit} onShow={onShow} trace={{ title: t("总成本 C（公式(1)）"), lines: [`C = L ${money(e.labor)} + T ${money(e.nonLabor)} = ${money(e.total)} 元`] }} testId="summary-total" /></b>],
    [t("大写金额"), <span key="w" data-testid="amount-in-words">{amountInWords(e.total)}</span>],
    // Services priced outside formula (1) add to C without entering the workload or S (5.1 注, 6.1.2, 8.5.2).
    ...(e.external.length
      ? [
          [t("公式(1)之外计价的服务（{u}）", { u }), <span key="x" data-testid="summary-external">{money(e.externalTotal, unit)}</span>] as [string, React.ReactNode],
          [
            t("合计（含公式外）（{u}）", { u }),
            <b key="g">
              <Figure value={e.grandTotal} unit={unit} onShow={onShow} trace={{ title: t("合计（含公式外）"), lines: [t("合计（含公式外）= 总成本 C {c} + 公式(1)之外计价的服务 {x} = {g} 元", { c: money(e.total), x: money(e.externalTotal), g: money(e.grandTotal) })] }} testId="summary-grand-total" />
            </b>,
          ] as [string, React.ReactNode],
          [t("合计大写"), <span key="gw" data-testid="grand-total-in-words">{amountInWords(e.grandTotal)}</span>] as [string, React.ReactNode],
        ]
      : []),
    // The standard's own profile has an English name; the names administrators give are shown as given.
    [t("所用费率方案"), t(e.rateProfile.name)],
  ];
  return (
    <Card size="small" style={{ marginTop: 12 }} title={t("汇总（公式(1) C = L + T）")} data-testid="summary">
      {/* Plain markup (a CSS grid, not antd's Row and Col): this part re-renders on every keystroke. */}
      <div className="gc-summary-grid">
        <div>
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
                <th className="gc-num">{t("P×Q（{u}）", { u })}</th>
                <th className="gc-num">{t("行数")}</th>
              </tr>
            </thead>
            <tbody>
              {e.tierGroups.map((l) => (
                <tr key={l.tier}>
                  <td title={t(l.staff)}>{t(l.name)}</td>
                  <td className="gc-num">{money(l.unitPrice)}</td>
                  <td className="gc-num">{formatDecimal(l.personMonths)}</td>
                  <td className="gc-num">{money(l.amount, unit)}</td>
                  <td className="gc-num">{l.lines}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <Suspense fallback={<Spin />}>
            <LazyCharts
              categories={JSON.stringify(byCategory.map((c) => ({ name: c.name, value: Number(c.value.toFixed(2)) })))}
              tiers={JSON.stringify(e.tierGroups.map((l) => ({ name: l.name, value: Number(l.amount.toFixed(2)) })))}
            />
          </Suspense>
        </div>
      </div>
    </Card>
  );
}
