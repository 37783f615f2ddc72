/** Version history of a budget: who saved what and when; compare two versions; restore one. */
import { useCallback, useEffect, useState } from "react";
import { Alert, App, Button, Card, Descriptions, Empty, Modal, Select, Space, Spin, Table, Tag, Typography } from "antd";
import { Dec, formatDecimal } from "@govcost/core";
import { api, ApiError, type BudgetRecord, type CompareAnswer, type EntryChange, type RecomputeAnswer, type SaveAnswer, type VersionInfo } from "../api.js";
import { dateTime, money } from "../format.js";
import { navigate } from "../router.js";
import { useT } from "../i18n.js";
import { useAuth } from "../auth.js";
import { asStatus, canEditBudget } from "../review/workflow.js";
import { LIST_LABEL } from "../review/model.js";

const FIELD: Record<string, string> = {
  personMonths: "工作量",
  units: "单位数",
  collaboration: "协同难度",
  method: "计价方法",
  note: "备注",
  technical: "技术难度",
  business: "业务难度",
  coefficient: "难度系数",
  tier: "档位",
  unitPrice: "单价",
  amount: "金额",
};

const showField = (field: string, v: unknown): string => (typeof v === "string" || typeof v === "number" ? (FIGURE_FIELDS.has(field) ? fig(field, String(v)) : String(v)) : show(v));
const FIGURE_FIELDS = new Set(["personMonths", "amount", "unitPrice", "coefficient"]);
const show = (v: unknown): string => (v === null || v === undefined ? "—" : typeof v === "object" ? ((v as { name?: string }).name ?? JSON.stringify(v)) : String(v));

export default function HistoryPage({ id }: { id: string }) {
  const t = useT();
  const { modal, message } = App.useApp();
  const [versions, setVersions] = useState<VersionInfo[] | null>(null);
  const [name, setName] = useState("");
  const [latest, setLatest] = useState(0);
  // Restoring saves a new version: only for whoever may change the budget now (never a reviewer, never while it is under review).
  const [status, setStatus] = useState<string | null>(null);
  const { user } = useAuth();
  const canRestore = status !== null && canEditBudget(user, asStatus(status));
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const [cmp, setCmp] = useState<CompareAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [recompute, setRecompute] = useState<{ version: number; result: RecomputeAnswer | null } | null>(null);

  const openRecompute = async (version: number) => {
    setRecompute({ version, result: null });
    try {
      const r = await api.get<RecomputeAnswer>(`/api/budgets/${id}/recompute?version=${version}`);
      setRecompute((c) => (c && c.version === version ? { version, result: r } : c));
    } catch (e) {
      setRecompute(null);
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };

  // The state is set when the answers arrive (in the promise's callbacks), never during the effect that loads.
  const load = useCallback(
    () =>
      Promise.all([api.get<BudgetRecord>(`/api/budgets/${id}`), api.get<{ versions: VersionInfo[] }>(`/api/budgets/${id}/versions`)]).then(
        ([b, v]) => {
          setName(b.name);
          setLatest(b.version);
          setStatus(b.status);
          const list = [...v.versions].sort((a, c) => c.version - a.version);
          setVersions(list);
          if (list.length >= 2) {
            setTo((t) => t ?? (list[0] as VersionInfo).version);
            setFrom((f) => f ?? (list[1] as VersionInfo).version);
          }
        },
        (e: unknown) => setError(e instanceof ApiError ? e.message : String(e)),
      ),
    [id],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const compare = async () => {
    if (from === null || to === null) return;
    try {
      setCmp(await api.get<CompareAnswer>(`/api/budgets/${id}/compare?from=${from}&to=${to}`));
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };

  const restore = (v: VersionInfo) =>
    modal.confirm({
      title: t("恢复第 {v} 版？", { v: v.version }),
      content: t("将以第 {v} 版的内容另存为新版本（v{next}），现有版本全部保留，可随时再恢复。", { v: v.version, next: latest + 1 }),
      okText: t("恢复"),
      cancelText: t("取消"),
      onOk: async () => {
        try {
          const r = await api.post<SaveAnswer>(`/api/budgets/${id}/versions/${v.version}/restore`, { baseVersion: latest, comment: `恢复第 ${v.version} 版` });
          message.success(t("已恢复为第 {v} 版", { v: r.version }));
          await load();
        } catch (e) {
          if (e instanceof ApiError && e.status === 409 && e.current) message.error(t("{author} 于 {at} 保存了第 {v} 版，请刷新后再恢复", { author: e.current.author, at: dateTime(e.current.savedAt), v: e.current.version }));
          else message.error(e instanceof ApiError ? e.message : String(e));
        }
      },
    });

  if (error) return <Alert type="error" showIcon message={error} />;
  const options = (versions ?? []).map((v) => ({ value: v.version, label: `v${v.version} · ${dateTime(v.savedAt)} · ${v.author}` }));

  return (
    <Space direction="vertical" style={{ width: "100%" }} size={12}>
      <Card
        title={`${t("版本历史")}${t("：")}${name}`}
        extra={
          <Button type="primary" onClick={() => navigate(`/budgets/${id}`)}>
            {canRestore ? t("返回编辑") : t("返回预算")}
          </Button>
        }
      >
        <Table<VersionInfo>
          rowKey="version"
          size="small"
          loading={versions === null}
          dataSource={versions ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t("版本"), dataIndex: "version", width: 80, render: (v: number) => (v === latest ? <Tag color="blue">v{v} {t("最新")}</Tag> : `v${v}`) },
            { title: t("保存时间"), dataIndex: "savedAt", width: 150, render: (v: string) => dateTime(v) },
            { title: t("保存人"), dataIndex: "author", width: 110 },
            { title: t("说明"), dataIndex: "comment", render: (c: string, v) => <>{c || <span className="gc-muted">{t("（无）")}</span>}{v.restoredFrom ? <Tag style={{ marginLeft: 6 }}>{t("恢复自 v{v}", { v: v.restoredFrom })}</Tag> : null}</> },
            { title: t("总成本 C（{u}）", { u: t("元") }), dataIndex: "total", align: "right", width: 150, render: (v: string) => <span className="gc-num">{money(v)}</span> },
            { title: t("所用费率方案"), dataIndex: "rateProfile", width: 220, render: (p: VersionInfo["rateProfile"]) => t(show(p)) },
            {
              title: t("操作"),
              key: "op",
              width: 280,
              render: (_, v) => (
                <Space size={4}>
                  <Button size="small" type="link" href={`/api/budgets/${id}/export?format=xlsx&version=${v.version}`}>
                    {t("导出")}
                  </Button>
                  <Button size="small" type="link" onClick={() => void openRecompute(v.version)} data-testid={`recompute-${v.version}`}>
                    {t("按今日费率重算")}
                  </Button>
                  {canRestore ? (
                    <Button size="small" type="link" disabled={v.version === latest} onClick={() => restore(v)}>
                      {t("恢复")}
                    </Button>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {recompute ? (
        <Modal open title={t("第 {v} 版按今日费率重算", { v: recompute.version })} footer={<Button onClick={() => setRecompute(null)}>{t("关闭")}</Button>} onCancel={() => setRecompute(null)}>
          {recompute.result ? <RecomputeView r={recompute.result} /> : <Spin />}
        </Modal>
      ) : null}

      <Card title={t("版本对比")}>
        <Space wrap>
          <span>{t("从")}</span>
          <Select style={{ width: 300 }} value={from ?? undefined} onChange={setFrom} options={options} placeholder={t("较早的版本")} data-testid="compare-from" />
          <span>{t("到")}</span>
          <Select style={{ width: 300 }} value={to ?? undefined} onChange={setTo} options={options} placeholder={t("较新的版本")} data-testid="compare-to" />
          <Button type="primary" disabled={from === null || to === null || from === to} onClick={() => void compare()} data-testid="compare">
            {t("对比")}
          </Button>
        </Space>
        {cmp ? <ComparisonView cmp={cmp} /> : <Empty style={{ marginTop: 16 }} description={t("选择两个版本后点“对比”")} />}
      </Card>
    </Space>
  );
}

/** Every figure grouped: money at two decimals, workloads and coefficients as they are (grouped), the scale coefficient at two decimals. */
const fig = (name: string, v: string): string => {
  const d = Dec.tryParse(v);
  if (!d) return v;
  if (name === "personMonths" || name === "coefficient") return formatDecimal(d);
  if (name === "scale") return formatDecimal(d, 2);
  return money(d);
};
/** A change with its sign: "+1,200.00", "-64,125.00". */
const signed = (name: string, delta: string): string => `${delta.startsWith("-") ? "" : "+"}${fig(name, delta)}`;

function RecomputeView({ r }: { r: RecomputeAnswer }) {
  const t = useT();
  const stored = Dec.tryParse(r.stored.total);
  const today = Dec.tryParse(r.today.total);
  const diff = stored && today ? today.sub(stored) : null;
  const name = (p: RecomputeAnswer["stored"]["rateProfile"]) => p.name;
  return (
    <div data-testid="recompute">
      <Descriptions size="small" bordered column={1}>
        <Descriptions.Item label={t("保存时总成本 C（元）")}>
          <span className="gc-num" data-testid="recompute-stored">{money(r.stored.total)}</span>
          <div className="gc-muted">{name(r.stored.rateProfile)}</div>
        </Descriptions.Item>
        <Descriptions.Item label={t("按今日费率总成本 C（元）")}>
          <span className="gc-num" data-testid="recompute-today">{money(r.today.total)}</span>
          <div className="gc-muted">{name(r.today.rateProfile)}</div>
        </Descriptions.Item>
        <Descriptions.Item label={t("差额（元）")}>
          <span className="gc-num" data-testid="recompute-diff">
            {diff ? (diff.isZero() ? "0.00" : `${diff.isNegative() ? "" : "+"}${money(diff)}`) : "—"}
          </span>
          {diff?.isZero() ? <span className="gc-muted"> {t("（无变化）")}</span> : null}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type={r.identical ? "success" : "warning"} style={{ marginTop: 12, marginBottom: 0 }}>
        {r.identical ? t("按保存时的标准和费率复核：结果与保存的数字一致。") : t("按保存时的标准和费率复核：无法重现保存的数字（标准或费率已不可用）。")}
      </Typography.Paragraph>
    </div>
  );
}

// "已删除", not "删除": in English that is the button's verb (Delete), here it is what happened (Deleted).
const ENTRY_KIND = { added: "新增", removed: "已删除", changed: "修改" } as const;

export function ComparisonView({ cmp }: { cmp: Pick<CompareAnswer, "added" | "removed" | "changed" | "entries" | "figures"> }) {
  const t = useT();
  // What an entry's row says: its amount, or how its amount moved, and whether its 说明/依据 changed.
  const entryText = (e: EntryChange): string => {
    if (e.kind !== "changed") return t("金额 {a} 元", { a: money(e.from ?? e.to ?? "") });
    const amount = e.from === e.to ? t("金额 {a} 元（未变）", { a: money(e.to ?? "") }) : `${t("金额 {a} → {b} 元", { a: money(e.from ?? ""), b: money(e.to ?? "") })}${t("（")}${signed("amount", e.delta ?? "0")}${t("）")}`;
    return e.noteChanged ? `${amount}${t("；")}${t("说明已修改")}` : amount;
  };
  return (
    <div style={{ marginTop: 16 }} data-testid="comparison">
      <Descriptions size="small" bordered column={1} title={t("各项数字")}>
        {cmp.figures.map((f) => (
          <Descriptions.Item key={f.name} label={t(f.label ?? f.name)}>
            {fig(f.name, f.from)} → {fig(f.name, f.to)}{" "}
            {f.delta !== "0" && !/^0(\.0+)?$/.test(f.delta) ? <Typography.Text type={f.delta.startsWith("-") ? "success" : "danger"}>{t("（")}{signed(f.name, f.delta)}{t("）")}</Typography.Text> : <span className="gc-muted">{t("（无变化）")}</span>}
          </Descriptions.Item>
        ))}
      </Descriptions>
      {cmp.added.length + cmp.removed.length + cmp.changed.length === 0 ? (
        <Typography.Title level={5} style={{ marginTop: 16 }} data-testid="comparison-lines-none">
          {t("服务行无变化")}
        </Typography.Title>
      ) : (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t("服务行变化：新增 {a}，删除 {r}，修改 {c}", { a: cmp.added.length, r: cmp.removed.length, c: cmp.changed.length })}
          </Typography.Title>
          <Table
            size="small"
            pagination={false}
            rowKey={(r) => r.key}
            dataSource={[
              ...cmp.added.map((l, i) => ({ key: `a${i}`, kind: "新增", item: `${l.item} ${l.name}`, what: t("工作量 {pm} 人月，金额 {a} 元", { pm: fig("personMonths", String(l.personMonths)), a: money(l.amount) }) })),
              ...cmp.removed.map((l, i) => ({ key: `r${i}`, kind: "删除", item: `${l.item} ${l.name}`, what: t("工作量 {pm} 人月，金额 {a} 元", { pm: fig("personMonths", String(l.personMonths)), a: money(l.amount) }) })),
              ...cmp.changed.map((c, i) => ({ key: `c${i}`, kind: "修改", item: `${c.after.item} ${c.after.name}`, what: c.fields.map((f) => `${t(FIELD[f.field] ?? f.field)}${t("：")}${showField(f.field, f.from)} → ${showField(f.field, f.to)}${f.delta ? `${t("（")}${signed(f.field, f.delta)}${t("）")}` : ""}`).join(t("；")) })),
            ]}
            columns={[
              { title: t("变化"), dataIndex: "kind", width: 70, render: (k: string) => <Tag color={k === "新增" ? "green" : k === "删除" ? "red" : "orange"}>{t(k === "删除" ? "已删除" : k)}</Tag> },
              { title: t("服务内容"), dataIndex: "item", width: 300 },
              { title: t("内容"), dataIndex: "what" },
            ]}
          />
        </>
      )}
      {cmp.entries.length ? (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t("非人力成本与公式(1)之外计价的条目变化：新增 {a}，删除 {r}，修改 {c}", {
              a: cmp.entries.filter((e) => e.kind === "added").length,
              r: cmp.entries.filter((e) => e.kind === "removed").length,
              c: cmp.entries.filter((e) => e.kind === "changed").length,
            })}
          </Typography.Title>
          <Table<EntryChange>
            size="small"
            pagination={false}
            data-testid="comparison-entries"
            rowKey={(e) => `${e.part}:${e.kind}:${e.name}:${e.from ?? ""}:${e.to ?? ""}`}
            dataSource={cmp.entries}
            columns={[
              { title: t("变化"), dataIndex: "kind", width: 70, render: (k: EntryChange["kind"]) => <Tag color={k === "added" ? "green" : k === "removed" ? "red" : "orange"}>{t(ENTRY_KIND[k])}</Tag> },
              { title: t("类别"), dataIndex: "part", width: 200, render: (p: EntryChange["part"]) => t(LIST_LABEL[p]) },
              { title: t("名称"), dataIndex: "name", width: 200 },
              { title: t("内容"), key: "what", render: (_: unknown, e) => entryText(e) },
            ]}
          />
        </>
      ) : null}
    </div>
  );
}
