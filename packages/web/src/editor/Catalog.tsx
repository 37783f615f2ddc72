/**
 * The catalogue of the standard: category → service type → item, searchable by id or by any
 * part of the Chinese name, with each item's levels, unit prices and its own description.
 */
import { memo, useMemo, useState } from "react";
import { Button, Descriptions, Drawer, Empty, Input, Table, Tag, Tree, Typography } from "antd";
import { catalog, type CatalogEntry, type Dec, type TierPrices } from "@govcost/core";
import { STANDARD } from "../draft.js";
import { money } from "../format.js";
import { useClause, useT } from "../i18n.js";

export function matchesItem(e: { id: string; name: string }, q: string): boolean {
  const s = q.trim().toLowerCase();
  return s === "" || e.id.toLowerCase().includes(s) || e.name.includes(q.trim());
}

export function useCatalog(rates: TierPrices | undefined): CatalogEntry[] {
  return useMemo(() => catalog(STANDARD, rates), [rates]);
}

/** Memoised: it stays mounted (closed) beside the editor, which re-renders on every keystroke. */
export const CatalogDrawer = memo(function CatalogDrawer(props: { open: boolean; onClose: () => void; onAdd: (item: string) => void; rates: TierPrices | undefined; afterClose?: () => void }) {
  const t = useT();
  const entries = useCatalog(props.rates);
  const [q, setQ] = useState("");
  const [selected, setSelected] = useState<string | null>(null);
  const byId = useMemo(() => new Map(entries.map((e) => [e.item.id, e])), [entries]);

  const treeData = useMemo(() => {
    return STANDARD.categories
      .map((c) => ({
        key: `c${c.id}`,
        title: `${c.section} ${c.name}`,
        selectable: false,
        children: STANDARD.serviceTypes
          .filter((t) => t.category === c.id)
          .map((t) => ({
            key: `t${t.id}`,
            title: `${t.id} ${t.name}`,
            selectable: false,
            children: entries
              .filter((e) => e.item.serviceType === t.id && (matchesItem(e.item, q) || matchesItem({ id: t.id, name: t.name }, q)))
              .map((e) => ({ key: e.item.id, title: `${e.item.id} ${e.item.name}`, isLeaf: true })),
          }))
          .filter((t) => t.children.length > 0),
      }))
      .filter((c) => c.children.length > 0);
  }, [entries, q]);
  // The preparer opens and closes branches (arrow, double-click, ←/→); a search opens the
  // branches holding its matches, and clearing it gives back the preparer's own choice.
  const [opened, setOpened] = useState<string[]>([]);
  const [searchOpened, setSearchOpened] = useState<{ q: string; keys: string[] } | null>(null);
  const matchKeys = useMemo(() => treeData.flatMap((c) => [c.key, ...c.children.map((t) => t.key)]), [treeData]);
  const expandedKeys = q.trim() ? (searchOpened?.q === q ? searchOpened.keys : matchKeys) : opened;
  const setExpanded = (keys: string[]) => (q.trim() ? setSearchOpened({ q, keys }) : setOpened(keys));
  const entry = selected ? byId.get(selected) : undefined;

  return (
    <Drawer title={t("服务目录（{code}）", { code: STANDARD.code })} width={880} open={props.open} onClose={props.onClose} destroyOnHidden={false} afterOpenChange={(open) => (open ? undefined : props.afterClose?.())}>
      <div style={{ display: "flex", gap: 16, height: "100%" }}>
        <div style={{ width: 360, flex: "none", display: "flex", flexDirection: "column" }}>
          <Input.Search allowClear placeholder={t("按编号（如 7.2.b）或名称任意部分搜索")} value={q} onChange={(e) => setQ(e.target.value)} data-testid="catalog-search" />
          <div style={{ overflow: "auto", marginTop: 8, flex: 1 }}>
            {treeData.length ? (
              <Tree
                blockNode
                data-testid="catalog-tree"
                treeData={treeData}
                expandedKeys={expandedKeys}
                onExpand={(keys) => setExpanded(keys.map(String))}
                selectedKeys={selected ? [selected] : []}
                onSelect={(keys) => setSelected((keys[0] as string) ?? null)}
                onClick={(_, node) => {
                  // A click on a branch's name opens it (a second click of a double-click leaves it open); the arrow toggles.
                  const key = String(node.key);
                  if (/^[ct]/.test(key) && !expandedKeys.includes(key)) setExpanded([...expandedKeys, key]);
                }}
              />
            ) : (
              <Empty description={t("没有匹配的服务内容")} />
            )}
          </div>
        </div>
        <div style={{ flex: 1, overflow: "auto" }}>{entry ? <ItemDetail entry={entry} onAdd={props.onAdd} /> : <Empty description={t("在左侧选择一项服务内容，查看级别、单价和标准中的说明")} />}</div>
      </div>
    </Drawer>
  );
});

const p = (d: Dec | null | undefined) => (d ? money(d) : "/");

export function ItemDetail({ entry, onAdd }: { entry: CatalogEntry; onAdd?: (item: string) => void }) {
  const t = useT();
  const clause = useClause();
  const item = entry.item;
  const type = STANDARD.serviceTypes.find((s) => s.id === item.serviceType);
  return (
    <div>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {item.id} {item.name}
      </Typography.Title>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t("服务类型")}>
          {type?.id} {type?.name}
        </Descriptions.Item>
        {item.kind === "formula" ? (
          <>
            <Descriptions.Item label={t("难度级别")}>
              <Tag>{item.technical}</Tag>
              <Tag>{item.business}</Tag>
              <Tag color={item.collaborationRule === "none" ? "default" : "blue"}>{t("协同：")}{item.collaborationRule === "none" ? t("不涉及（固定 F1）") : t("根据实际情况确定（F1–F3）")}</Tag>
              <div className="gc-muted">
                {t("依据")} {clause(`${item.levelSource.table}（${item.levelSource.clause}）`)}
              </div>
            </Descriptions.Item>
          </>
        ) : (
          <Descriptions.Item label={t("计价")}>
            {item.pricing.text}（{item.pricing.clause}）
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t("服务说明（{clause}）", { clause: item.descriptionClause })}>
          <div className="gc-catalog-desc">{item.description}</div>
        </Descriptions.Item>
      </Descriptions>
      {item.kind === "formula" ? (
        <Table
          style={{ marginTop: 12 }}
          size="small"
          pagination={false}
          rowKey="level"
          dataSource={(["F1", "F2", "F3"] as const).map((level, i) => ({
            level,
            coefficient: entry.prices[i] ? `${entry.prices[i]?.coefficient.toString()} → ${t(entry.prices[i]?.tier.name ?? "")}` : t("不适用"),
            price: p(entry.prices[i]?.unitPrice),
            quick: p(entry.quickPrices[i]),
          }))}
          columns={[
            { title: t("协同级别"), dataIndex: "level" },
            { title: t("难度系数 → 档位"), dataIndex: "coefficient" },
            { title: t("方法1 单价（元/人月）"), dataIndex: "price", align: "right" },
            { title: `${t("方法2 表B.2")}${entry.quickRow ? t(" 第{n}行", { n: entry.quickRow }) : ""}`, dataIndex: "quick", align: "right" },
          ]}
        />
      ) : null}
      {entry.disagreements.length ? (
        <div style={{ marginTop: 8 }}>
          {entry.disagreements.map((d, i) => (
            <Typography.Paragraph key={i} type="warning" style={{ fontSize: 12, marginBottom: 4 }}>
              ⚠ {d.detail}；{d.resolution}
            </Typography.Paragraph>
          ))}
        </div>
      ) : null}
      {onAdd && item.kind === "formula" ? (
        <Button type="primary" style={{ marginTop: 12 }} onClick={() => onAdd(item.id)} data-testid="catalog-add">
          {t("添加到预算")}
        </Button>
      ) : null}
    </div>
  );
}
