/**
 * The header texts a department's own 测算表 uses for each field, and how a header cell is
 * read: whitespace, full-width brackets and bracketed units are ignored (工作量（人月） = 工作量),
 * a bracketed 万元 says the column's unit.
 */

export type CheckField =
  | "id"
  | "name"
  | "technical"
  | "business"
  | "collaboration"
  | "units"
  | "coefficient"
  | "tier"
  | "price"
  | "workload"
  | "amount"
  | "method"
  /** A 规模系数 column on each line: the line's amount is P × Q × S (S applied line by line). */
  | "scale";

export const CHECK_FIELDS: readonly CheckField[] = ["id", "name", "technical", "business", "collaboration", "units", "coefficient", "tier", "price", "workload", "amount", "method", "scale"];

const HEADERS: Record<CheckField, readonly string[]> = {
  id: ["编号", "服务内容编号", "服务内容类别编号", "条款", "条款号", "标准条款"],
  name: ["服务内容", "服务内容类别", "服务项目", "服务名称", "运营服务内容", "服务内容名称"],
  technical: ["技术难度", "技术难度级别", "技术难度系数"],
  business: ["业务难度", "业务难度级别", "业务难度系数"],
  collaboration: ["协同难度", "协同难度级别", "协同难度系数"],
  units: ["单位数", "涉及单位数", "协同单位数"],
  coefficient: ["运营难度系数", "难度系数", "综合难度系数"],
  tier: ["档位", "人员级别", "单价档位"],
  price: ["单价", "人月单价", "人员成本单价", "人月费率", "基准人月费率"],
  workload: ["工作量", "人月数", "投入人月", "工作量人月"],
  amount: ["金额", "小计", "费用", "合计", "测算金额"],
  method: ["测算方法", "计价方法"],
  scale: ["规模系数", "规模调整系数"],
};

const BY_TEXT = new Map<string, CheckField>();
for (const f of CHECK_FIELDS) for (const h of HEADERS[f]) BY_TEXT.set(h, f);

/** Header text without whitespace, brackets and what they hold, and the unit a bracket names. */
export function readHeaderText(text: string): { key: string; unit: "yuan" | "wan" | null } {
  const t = text.replace(/\s+/g, "").replace(/（/g, "(").replace(/）/g, ")").replace(/【/g, "(").replace(/】/g, ")");
  const unit = /万元/.test(t) ? "wan" : /元/.test(t) ? "yuan" : null;
  const key = t.replace(/\([^)]*\)/g, "").replace(/[:：]/g, "");
  return { key, unit };
}

export function fieldOfHeader(text: string): CheckField | null {
  if (text === "") return null;
  const { key } = readHeaderText(text);
  return key === "" ? null : (BY_TEXT.get(key) ?? null);
}

/**
 * Labels of the rows that sum the table rather than price a service, and of the rows that state a
 * part of the non-labor cost (公式(3): 数据产品费 D, 设备材料费 E, 业务费 B) among or below the lines.
 */
export type SummaryKind = "subtotal" | "labor" | "nonLabor" | "nonLaborPart" | "scale" | "total";

/** A part of 公式(3) named as the label of a row: 数据产品费, 设备材料费（E）, 设备费, 业务费 B. No service item is named so. */
const NON_LABOR_PART = /^(数据产品|设备材料|设备|材料|业务)费?([DEB]|[(（][DEB][)）])?$/i;

export function summaryKind(label: string): SummaryKind | null {
  const t = label.replace(/\s+/g, "");
  if (t === "") return null;
  if (/规模系数/.test(t)) return "scale";
  if (/非人力成本/.test(t)) return "nonLabor";
  if (NON_LABOR_PART.test(t)) return "nonLaborPart";
  if (/小计/.test(t)) return "subtotal";
  if (/人力成本/.test(t)) return "labor";
  if (/(合计|总计|总成本|总费用|总金额)/.test(t)) return "total";
  return null;
}
