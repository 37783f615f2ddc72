/** The command line's text output: the estimate table with its trails, and the catalogue. */
import {
  DEFAULT_STANDARD,
  DECISIONS,
  amountInWords,
  catalog,
  catalogToJson,
  formatMoney,
  formatWarning,
  formatPath,
  type Dec,
  type Estimate,
} from "@govcost/core/light";
import { renderTable } from "./table.js";

const money = (d: Dec) => formatMoney(d);

export function renderEstimateText(e: Estimate): string {
  const out: string[] = [];
  out.push(`项目：${e.name}`);
  out.push(`依据：${DEFAULT_STANDARD.code}《${DEFAULT_STANDARD.title}》`);
  out.push(`费率方案：${e.rateProfile.name}（${e.rateProfile.rates.map((r) => r.toString()).join(" / ")} 元/人月）`);
  out.push("");
  out.push("一、人力成本测算（公式(2) L = Σ(P×Q) × S）");
  out.push(
    renderTable(
      [
        { title: "序号", right: true },
        { title: "编号" },
        { title: "服务内容" },
        { title: "方法" },
        { title: "T" },
        { title: "B" },
        { title: "F" },
        { title: "难度系数", right: true },
        { title: "档位" },
        { title: "单价(元/人月)", right: true },
        { title: "工作量(人月)", right: true },
        { title: "金额(元)", right: true },
      ],
      e.lines.map((l, i) => [
        String(i + 1),
        l.item,
        l.name,
        l.method === "quick" ? "方法2" : "方法1",
        l.technical,
        l.business,
        l.collaboration + (l.units !== null ? `(${l.units}单位)` : ""),
        l.coefficient.toString(),
        l.tier.name,
        money(l.unitPrice),
        l.personMonths.toString(),
        money(l.amount),
      ]),
    ),
  );
  out.push("");
  out.push("计算过程（每行单价与金额的依据）：");
  e.lines.forEach((l, i) => out.push(`  ${i + 1}. ${l.item} ${l.name}：${l.trace}`));
  out.push("");
  out.push("二、按人员级别汇总（公式(2)，m = " + e.tierGroups.length + "）");
  out.push(
    renderTable(
      [{ title: "档位" }, { title: "人员" }, { title: "单价(元/人月)", right: true }, { title: "工作量(人月)", right: true }, { title: "金额(元)", right: true }],
      e.tierGroups.map((g) => [g.name, g.staff, money(g.unitPrice), g.personMonths.toString(), money(g.amount)]),
    ),
  );
  out.push("");
  out.push(`三、项目规模系数：${e.scale.trace}`);
  out.push(`    Σ(P×Q) = ${money(e.laborSubtotal)} 元`);
  out.push(`    人力成本 L = ${money(e.laborSubtotal)} × ${e.scale.coefficient.toFixed(2)} = ${money(e.labor)} 元（四舍五入至分）`);
  out.push("");
  out.push("四、非人力成本（公式(3) T = D + E + B）");
  const parts = [
    ["数据产品费 D", e.nonLaborParts.dataProducts, e.nonLaborItems.dataProducts],
    ["设备材料费 E", e.nonLaborParts.equipment, e.nonLaborItems.equipment],
    ["业务费 B", e.nonLaborParts.business, e.nonLaborItems.business],
  ] as const;
  for (const [label, total, items] of parts) {
    out.push(`    ${label}：${money(total)} 元`);
    for (const it of items) out.push(`      · ${it.name}：${money(it.amount)} 元${it.note ? `（${it.note}）` : ""}`);
  }
  out.push(`    非人力成本 T = ${money(e.nonLabor)} 元`);
  out.push("");
  out.push(`五、总成本 C = L + T = ${money(e.labor)} + ${money(e.nonLabor)} = ${money(e.total)} 元（公式(1)）`);
  out.push(`    大写：${amountInWords(e.total)}`);
  if (e.external.length > 0) {
    out.push("");
    out.push("六、公式(1)之外计价的服务（不乘规模系数；5.1 注、6.1.2、8.5.2）");
    for (const x of e.external) out.push(`    · ${x.item} ${x.name}：${money(x.amount)} 元（依据：${x.basis}）`);
    out.push(`    合计（含公式外）= ${money(e.total)} + ${money(e.externalTotal)} = ${money(e.grandTotal)} 元`);
    out.push(`    大写：${amountInWords(e.grandTotal)}`);
  }
  if (e.warnings.length > 0) {
    out.push("");
    out.push(`提示（${e.warnings.length}）：`);
    for (const w of e.warnings) out.push(`  ! ${formatPath(w.path)}${w.item ? ` (${w.item})` : ""}：${formatWarning(w)}`);
  }
  out.push("");
  out.push(`舍入规则：${e.roundingPolicy}`);
  return out.join("\n") + "\n";
}

export function catalogJson() {
  return catalogToJson(DEFAULT_STANDARD);
}

export function renderCatalogText(): string {
  const entries = catalog(DEFAULT_STANDARD);
  const out: string[] = [`${DEFAULT_STANDARD.code}《${DEFAULT_STANDARD.title}》服务内容目录`, ""];
  const fmt = (p: { toString(): string } | null | undefined) => (p ? p.toString() : "/");
  for (const cat of DEFAULT_STANDARD.categories) {
    out.push(`${cat.section} ${cat.name}`);
    for (const type of DEFAULT_STANDARD.serviceTypes.filter((t) => t.category === cat.id)) {
      const typeLine = type.id === cat.id ? "" : `  ${type.id} ${type.name}${type.table ? `（${type.table}）` : ""}`;
      if (typeLine) out.push(typeLine);
      const rows = entries
        .filter((e) => e.item.serviceType === type.id)
        .map((e) => {
          const it = e.item;
          if (it.kind === "external") return [it.id, it.name, "-", "-", "-", "公式(1)之外：按网络运营服务商和主管部门的预算标准（6.1.2）", "", ""];
          const flag = e.disagreements.length ? "⚠ 两法不一致" : "";
          return [
            it.id,
            it.name,
            it.technical,
            it.business,
            it.collaborationRule === "none" ? "不涉及" : "实际确定",
            e.prices.map((p) => fmt(p?.unitPrice)).join(" / "),
            e.quickPrices.map(fmt).join(" / "),
            flag,
          ];
        });
      const table = renderTable(
        [{ title: "编号" }, { title: "服务内容" }, { title: "T" }, { title: "B" }, { title: "协同" }, { title: "方法1 F1/F2/F3" }, { title: "表B.2 F1/F2/F3" }, { title: "" }],
        rows,
      );
      out.push(...table.split("\n").map((l) => "    " + l));
    }
    out.push("");
  }
  const dis = entries.flatMap((e) => e.disagreements);
  out.push(`表B.2 与方法1 的差异（逐项逐级计算得出，共 ${dis.length} 处）：`);
  for (const d of dis) out.push(`  ⚠ ${d.item} ${d.name} ${d.level}：${d.detail}。处理：${d.resolution}`);
  out.push("");
  out.push("对标准中含糊之处的处理：");
  for (const d of DECISIONS) out.push(`  · [${d.clause}] ${d.decision}`);
  return out.join("\n") + "\n";
}

