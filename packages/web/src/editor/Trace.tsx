/** The trail of a figure: coefficients, tier, table and clause (the engine's own trace strings). */
import { formatDecimal } from "@govcost/core";
import { useClause, useT } from "../i18n.js";
import { useSyncExternalStore } from "react";
import { Descriptions } from "antd";
import type { EstimateLine } from "@govcost/core";
import type { Computed } from "../draft.js";
import { money } from "../format.js";

/**
 * The latest figures, for trails opened from a row. A small store rather than a React context:
 * a context change would make React walk all 1,000 rows on every keystroke to find its readers;
 * here only the trails that are open subscribe.
 */
export class FiguresStore {
  private value: Computed | null = null;
  private readonly listeners = new Set<() => void>();
  set(v: Computed | null): void {
    this.value = v;
    for (const l of this.listeners) l();
  }
  get = (): Computed | null => this.value;
  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
}

export const figures = new FiguresStore();

export function useFigures(): Computed | null {
  return useSyncExternalStore(figures.subscribe, figures.get);
}

const BASIS: Record<string, string> = {
  "not-applicable": "该项表格规定“不涉及”，按 F1",
  units: "按涉及单位数（表A.3）",
  stated: "按所填级别",
  default: "未填单位数或级别，按 F1",
};

export function LineTrace({ line }: { line: EstimateLine }) {
  const t = useT();
  const clause = useClause();
  return (
    <div className="gc-trace" data-testid="line-trace">
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t("服务内容")}>
          {line.item} {line.name}
        </Descriptions.Item>
        <Descriptions.Item label={t("运营难度系数")}>
          {line.technical} {line.technicalCoefficient.toString()} × {line.business} {line.businessCoefficient.toString()} × {line.collaboration} {line.collaborationCoefficient.toString()} = {line.coefficient.toString()}
          <div className="gc-muted">{t("表A.1、表A.2、表A.3；协同：")}{t(BASIS[line.collaborationBasis] ?? "")}</div>
        </Descriptions.Item>
        <Descriptions.Item label={t("人员级别")}>
          {t(line.tier.name)}{t("（系数区间 {range}，{staff}）", { range: line.tier.range, staff: t(line.tier.staff) })}
        </Descriptions.Item>
        <Descriptions.Item label={t("单价 P")}>
          {money(line.unitPrice)} {t("元/人月")}{t("（")}{line.method === "quick" ? t("方法2 速查表B.2") : t("方法1 查系数，表B.1")}{t("）")}
          {line.alternativePrice && !line.alternativePrice.eq(line.unitPrice) ? <div className="gc-muted">{t("另一方法单价：")}{money(line.alternativePrice)} {t("元/人月")}</div> : null}
        </Descriptions.Item>
        <Descriptions.Item label={t("金额 P×Q")}>
          {money(line.unitPrice)} × {formatDecimal(line.personMonths)} {t("人月")} = {money(line.amount)} {t("元")}
        </Descriptions.Item>
        <Descriptions.Item label={t("依据")}>
          {t("级别：")}{clause(line.source.levels)}{t("；服务说明：")}{clause(line.source.description)}
        </Descriptions.Item>
        <Descriptions.Item label={t("计算过程")}>
          <pre>{line.trace}</pre>
        </Descriptions.Item>
      </Descriptions>
    </div>
  );
}

export function TextTrace({ title, lines }: { title: string; lines: string[] }) {
  return (
    <div className="gc-trace" data-testid="figure-trace">
      <div style={{ fontWeight: 600, marginBottom: 4 }}>{title}</div>
      {lines.map((l, i) => (
        <pre key={i}>{l}</pre>
      ))}
    </div>
  );
}
