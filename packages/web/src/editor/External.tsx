/**
 * Services priced outside formula (1) (5.1 注): 6.1's network services by the operators' budget
 * standards (6.1.2) and the hotline kept on its original method (8.5.2). Each entry has its item,
 * a name, an amount and the basis of that amount; they add to C as 合计（含公式外）, outside the
 * workload and the scale coefficient.
 */
import { Button, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { INDEX, type ExternalDraft, type Issue } from "../draft.js";
import { money, unitLabel, type Unit } from "../format.js";
import { useT } from "../i18n.js";

/** The items the standard lets a budget price outside formula (1), in the catalogue's order. */
export const EXTERNAL_ITEMS: readonly { id: string; name: string }[] = [...INDEX.externalItems].map((id) => ({ id, name: INDEX.items.get(id)?.name ?? id }));

const FIELD_LABEL: Record<string, string> = { item: "服务内容：", name: "名称：", amount: "金额：", basis: "计价依据：" };

export type ExternalChange = (key: string, patch: Partial<ExternalDraft>) => void;

export interface ExternalProps {
  items: ExternalDraft[];
  issues: Map<string, Issue[]>;
  unit: Unit;
  /** The sum of the entries as an exact decimal string, "" while the budget has input errors. */
  sum: string;
  onChange: ExternalChange;
  onAdd: () => void;
  onRemove: (key: string) => void;
}

export function ExternalList({ items, issues, unit, sum, onChange, onAdd, onRemove }: ExternalProps) {
  const t = useT();
  const title = t("公式(1)之外计价的服务");
  return (
    <div data-testid="external" style={{ marginTop: 16 }}>
      <div style={{ display: "flex", justifyContent: "space-between", marginBottom: 6 }}>
        <span>
          <Typography.Text strong>{t("公式(1)之外计价的服务（6.1.2；8.5.2）")}</Typography.Text>{" "}
          <Typography.Text type="secondary">{t("政务网络运营服务按主管部门的预算标准、政务热线沿用原有度量方法计价；不计入工作量和规模系数，与总成本 C 相加为合计（含公式外）")}</Typography.Text>
        </span>
        <span className="gc-num" data-testid="external-sum">
          {money(sum || null, unit)} {t(unitLabel(unit))}
        </span>
      </div>
      {items.map((x, i) => {
        const iss = issues.get(`external.${i}`) ?? [];
        const cls = (f: string) => (iss.some((s) => s.field === f) ? " gc-err" : "");
        const known = EXTERNAL_ITEMS.some((e) => e.id === x.item);
        return (
          <div key={x.key} style={{ marginBottom: 8 }} data-testid={`external-${i}`}>
            <div style={{ display: "flex", gap: 4 }}>
              <select
                className={"gc-in" + cls("item")}
                style={{ width: 260 }}
                value={x.item}
                aria-label={t("{part}第 {n} 项服务内容", { part: title, n: i + 1 })}
                onChange={(e) => {
                  const id = e.target.value;
                  const chosen = EXTERNAL_ITEMS.find((c) => c.id === id);
                  // The item's own name is the usual name; one the preparer typed is kept.
                  const keepName = x.name.trim() !== "" && !EXTERNAL_ITEMS.some((c) => c.name === x.name);
                  onChange(x.key, { item: id, ...(chosen && !keepName ? { name: chosen.name } : {}) });
                }}
              >
                <option value="">{t("选择服务内容…")}</option>
                {known || x.item === "" ? null : <option value={x.item}>{x.item}</option>}
                {EXTERNAL_ITEMS.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.id} {c.name}
                  </option>
                ))}
              </select>
              <input className={"gc-in" + cls("name")} style={{ flex: 1, minWidth: 0 }} placeholder={t("名称")} value={x.name} aria-label={t("{part}第 {n} 项名称", { part: title, n: i + 1 })} onChange={(e) => onChange(x.key, { name: e.target.value })} />
              <input className={"gc-in gc-in-num" + cls("amount")} style={{ width: 130 }} placeholder={t("金额（元）")} value={x.amount} inputMode="decimal" aria-label={t("{part}第 {n} 项金额（元）", { part: title, n: i + 1 })} onChange={(e) => onChange(x.key, { amount: e.target.value })} />
              <button type="button" className="gc-in gc-edit-only" style={{ cursor: "pointer" }} aria-label={t("删除")} onClick={() => onRemove(x.key)}>
                ×
              </button>
            </div>
            <input
              className={"gc-in gc-in-note" + cls("basis")}
              style={{ marginTop: 2 }}
              placeholder={t("计价依据（所执行的预算标准或原有度量方法）")}
              value={x.basis}
              aria-label={t("{part}第 {n} 项计价依据", { part: title, n: i + 1 })}
              onChange={(e) => onChange(x.key, { basis: e.target.value })}
            />
            {iss.map((s, n) => (
              <div key={n} className={`gc-issue ${s.level}`}>
                {t(FIELD_LABEL[s.field] ?? "")}
                {s.message}
              </div>
            ))}
          </div>
        );
      })}
      <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={onAdd} data-testid="add-external" className="gc-edit-only">
        {t("添加公式(1)之外计价的服务")}
      </Button>
    </div>
  );
}
