/**
 * The non-labor part T = D + E + B (formula (3)): three lists of named amounts, and the
 * services priced outside formula (1) (./External.tsx). Memoised: an edit in a service line does not re-render it.
 */
import { memo, useMemo } from "react";
import { Button, Card, Col, Row, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import type { NonLaborPart } from "@govcost/core";
import { PART_LABEL, PARTS, type CostDraft, type Draft, type Issue } from "../draft.js";
import { money, unitLabel, type Unit } from "../format.js";
import { useT } from "../i18n.js";
import { ExternalList, type ExternalChange } from "./External.js";

type CostChange = (part: NonLaborPart, key: string, patch: Partial<CostDraft>) => void;

interface CostListProps {
  part: NonLaborPart;
  items: CostDraft[];
  issues: Map<string, Issue[]>;
  unit: Unit;
  /** The part's sum as an exact decimal string, or "" while the budget has input errors. */
  sum: string;
  onChange: CostChange;
  onAdd: (part: NonLaborPart) => void;
  onRemove: (part: NonLaborPart, key: string) => void;
}

function CostList({ part, items, issues, unit, sum, onChange, onAdd, onRemove }: CostListProps) {
  const t = useT();
  const label = t(PART_LABEL[part]);
  return (
    <div data-testid={`cost-${part}`}>
      <div style={{ display: "flex", justifyContent: "space-between", marginBottom: 6 }}>
        <Typography.Text strong>{label}</Typography.Text>
        <span className="gc-num">
          {money(sum || null, unit)} {t(unitLabel(unit))}
        </span>
      </div>
      {items.map((x, i) => {
        const iss = issues.get(`${part}.${i}`) ?? [];
        const cls = (f: string) => (iss.some((s) => s.field === f) ? " gc-err" : "");
        return (
          <div key={x.key} style={{ marginBottom: 6 }}>
            <div style={{ display: "flex", gap: 4 }}>
              <input className={"gc-in" + cls("name")} style={{ flex: 1, minWidth: 0 }} placeholder={t("名称")} value={x.name} aria-label={t("{part}第 {n} 项名称", { part: label, n: i + 1 })} onChange={(e) => onChange(part, x.key, { name: e.target.value })} />
              <input className={"gc-in gc-in-num" + cls("amount")} style={{ width: 110 }} placeholder={t("金额（元）")} value={x.amount} inputMode="decimal" aria-label={t("{part}第 {n} 项金额（元）", { part: label, n: i + 1 })} onChange={(e) => onChange(part, x.key, { amount: e.target.value })} />
              <button type="button" className="gc-in gc-edit-only" style={{ cursor: "pointer" }} aria-label={t("删除")} onClick={() => onRemove(part, x.key)}>
                ×
              </button>
            </div>
            <input className="gc-in gc-in-note" style={{ marginTop: 2 }} placeholder={t("说明/依据")} value={x.note} onChange={(e) => onChange(part, x.key, { note: e.target.value })} />
            {iss.map((s, n) => (
              <div key={n} className={`gc-issue ${s.level}`}>
                {s.field === "amount" ? t("金额：") : s.field === "name" ? t("名称：") : ""}
                {s.message}
              </div>
            ))}
          </div>
        );
      })}
      <Button size="small" type="dashed" block icon={<PlusOutlined />} onClick={() => onAdd(part)} data-testid={`add-${part}`} className="gc-edit-only">
        {t("添加{part}", { part: t(PART_LABEL[part].replace(/ [DEB]$/, "")) })}
      </Button>
    </div>
  );
}

export interface NonLaborProps {
  nonLabor: Draft["nonLabor"];
  external: Draft["external"];
  unit: Unit;
  /** The sums of D, E and B as exact decimal strings joined by commas, "" while the budget has input errors. */
  sums: string;
  /** JSON of the issues of the non-labor items, `[key, Issue[]][]`: a string, so that memo compares it cheaply. */
  issues: string;
  onChange: CostChange;
  onAdd: (part: NonLaborPart) => void;
  onRemove: (part: NonLaborPart, key: string) => void;
  /** The sum of the services priced outside formula (1), "" while the budget has input errors. */
  externalSum: string;
  onExternalChange: ExternalChange;
  onExternalAdd: () => void;
  onExternalRemove: (key: string) => void;
}

export const NonLabor = memo(function NonLabor({ nonLabor, external, unit, sums, issues, onChange, onAdd, onRemove, externalSum, onExternalChange, onExternalAdd, onExternalRemove }: NonLaborProps) {
  const t = useT();
  const byItem = useMemo(() => new Map(JSON.parse(issues) as [string, Issue[]][]), [issues]);
  const sum = sums ? sums.split(",") : [];
  return (
    <Card size="small" style={{ marginTop: 12 }} title={t("非人力成本 T = D + E + B（公式(3)）")}>
      <Row gutter={16}>
        {PARTS.map((part, i) => (
          <Col span={8} key={part}>
            <CostList part={part} items={nonLabor[part]} issues={byItem} unit={unit} sum={sum[i] ?? ""} onChange={onChange} onAdd={onAdd} onRemove={onRemove} />
          </Col>
        ))}
      </Row>
      <ExternalList items={external} issues={byItem} unit={unit} sum={externalSum} onChange={onExternalChange} onAdd={onExternalAdd} onRemove={onExternalRemove} />
    </Card>
  );
});

/** The issues of the non-labor items and the services outside formula (1) as the string `NonLabor` takes. */
export function nonLaborIssues(lines: Map<string, Issue[]>): string {
  return JSON.stringify([...lines.entries()].filter(([k]) => k.startsWith("external.") || PARTS.some((part) => k.startsWith(`${part}.`))));
}
