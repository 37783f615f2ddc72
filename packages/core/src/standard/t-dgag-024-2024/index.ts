/**
 * T/DGAG 024—2024 《政务信息化项目 服务成本度量规范 系统业务运营服务》, 广东省数字政务协会,
 * 2024-04-28 发布, 2024-05-01 实施. Appendix A (Tables A.1–A.4) and Appendix B (Tables B.1, B.2)
 * as data, with the catalogue of sections 6–10 from ./catalog-data.ts.
 */
import { Dec } from "../../decimal/dec.js";
import type {
  BusinessLevel,
  CatalogItem,
  Category,
  CollaborationLevel,
  LevelRow,
  QuickRow,
  ScaleRow,
  ServiceType,
  Standard,
  TechnicalLevel,
  TierRow,
} from "../types.js";
import { QUICK_TABLE, SERVICE_ITEMS, SERVICE_TYPES } from "./catalog-data.js";

const d = (s: string): Dec => Dec.parse(s);

/** Chapter 4's five categories. */
const CATEGORIES: readonly Category[] = [
  { id: "6", name: "基础设施运营服务", clause: "4 a)", section: "6" },
  { id: "7", name: "数据运营服务", clause: "4 b)", section: "7" },
  { id: "8", name: "业务运营服务", clause: "4 c)", section: "8" },
  { id: "9", name: "安全运营服务", clause: "4 d)", section: "9" },
  { id: "10", name: "运营管理与质量评价体系", clause: "4 e)", section: "10" },
];

/** 表A.1 技术难度系数取值表 */
const TECHNICAL: readonly LevelRow<TechnicalLevel>[] = [
  { level: "T1", coefficient: d("1.0"), published: "1.0", note: "一般难度，比较容易开展的重复性、日常性、辅助性技术工作" },
  { level: "T2", coefficient: d("1.2"), published: "1.2", note: "初级难度，需要一定技术水平能力支撑运营相关工作" },
  { level: "T3", coefficient: d("1.5"), published: "1.5", note: "中级难度，需要较高技术水平能力支撑运营相关工作" },
  { level: "T4", coefficient: d("2.0"), published: "2.0", note: "高级难度，需要高级技术水平能力支撑运营相关工作" },
];

/** 表A.2 业务难度系数取值表 */
const BUSINESS: readonly LevelRow<BusinessLevel>[] = [
  { level: "B1", coefficient: d("1.0"), published: "1.0", note: "一般难度，比较容易开展的重复性、日常性、辅助性业务工作" },
  { level: "B2", coefficient: d("1.2"), published: "1.2", note: "初级难度，需要一定业务水平能力支撑运营相关工作" },
  { level: "B3", coefficient: d("1.5"), published: "1.5", note: "中级难度，需要较高业务水平能力支撑运营相关工作" },
  { level: "B4", coefficient: d("2.0"), published: "2.0", note: "高级难度，需要高级业务水平能力支撑运营相关工作" },
];

/** 表A.3 协同难度系数取值表 (注: "单位" = 具有独立法人资格的组织). */
const COLLABORATION: readonly (LevelRow<CollaborationLevel> & { minUnits: number; maxUnits: number | null })[] = [
  { level: "F1", coefficient: d("1.0"), published: "1.0", note: "业务运营未涉及其他单位", minUnits: 1, maxUnits: 1 },
  { level: "F2", coefficient: d("1.2"), published: "1.2", note: "业务运营涉及2~5个单位", minUnits: 2, maxUnits: 5 },
  { level: "F3", coefficient: d("1.5"), published: "1.5", note: "业务运营涉及6个及以上单位", minUnits: 6, maxUnits: null },
];

/**
 * 表A.4 项目规模系数取值表. Bounds in person-years; each upper bound is inclusive
 * ("5人年及以下", "5人年~10人年(含)" …), so 5 person-years exactly is S1.
 */
const SCALE: readonly ScaleRow[] = [
  { level: "S1", above: null, upTo: d("5"), coefficient: d("1.00"), published: "1.00", label: "5人年及以下" },
  { level: "S2", above: d("5"), upTo: d("10"), coefficient: d("0.98"), published: "0.98", label: "5人年~10人年(含)" },
  { level: "S3", above: d("10"), upTo: d("30"), coefficient: d("0.96"), published: "0.96", label: "10人年~30人年(含)" },
  { level: "S4", above: d("30"), upTo: d("50"), coefficient: d("0.93"), published: "0.93", label: "30人年~50人年(含)" },
  { level: "S5", above: d("50"), upTo: null, coefficient: d("0.90"), published: "0.90", label: "50人年以上" },
];

/** 表B.1 系统业务运营服务人员成本单价取值表: tier 1 is exactly 1, the others half-open (a, b]. */
const TIERS: readonly TierRow[] = [
  { tier: 1, name: "第一档", above: null, upTo: d("1"), range: "1", staff: "初级人员" },
  { tier: 2, name: "第二档", above: d("1"), upTo: d("1.5"), range: "(1, 1.5]", staff: "中级人员" },
  { tier: 3, name: "第三档", above: d("1.5"), upTo: d("2.6"), range: "(1.5, 2.6]", staff: "项目管理人员" },
  { tier: 4, name: "第四档", above: d("2.6"), upTo: d("4.1"), range: "(2.6, 4.1]", staff: "高级人员" },
  { tier: 5, name: "第五档", above: d("4.1"), upTo: d("6"), range: "(4.1, 6]", staff: "专家级人员" },
];

const PRICING_6_1 = {
  clause: "6.1.2",
  text: "根据实际情况，本项服务成本度量按各自网络运营服务商和主管部门印发的预算标准执行。",
};

function buildTypes(): ServiceType[] {
  return SERVICE_TYPES.map((t) => ({ ...t, pricedExternally: t.table === null }));
}

function buildItems(types: readonly ServiceType[]): CatalogItem[] {
  return SERVICE_ITEMS.map((raw): CatalogItem => {
    const type = types.find((t) => t.id === raw.serviceType);
    if (!type) throw new Error(`catalogue: no service type ${raw.serviceType}`);
    const letter = raw.id.slice(raw.id.lastIndexOf(".") + 1);
    const base = {
      id: raw.id,
      letter,
      name: raw.name,
      category: type.category,
      serviceType: type.id,
      description: raw.description,
      descriptionClause: `${type.contentClause} ${letter})`,
    };
    if (raw.technical === null || raw.business === null || raw.collaborationRule === null || type.table === null) {
      return { kind: "external", ...base, pricing: PRICING_6_1 };
    }
    return {
      kind: "formula",
      ...base,
      technical: raw.technical,
      business: raw.business,
      collaborationRule: raw.collaborationRule,
      levelSource: { table: type.table, clause: type.levelClause },
    };
  });
}

function buildQuick(): QuickRow[] {
  return QUICK_TABLE.map((r) => ({
    row: r.row,
    item: r.item,
    prices: [r.prices[0] === null ? null : d(r.prices[0]), r.prices[1] === null ? null : d(r.prices[1]), r.prices[2] === null ? null : d(r.prices[2])],
  }));
}

const types = buildTypes();

export const T_DGAG_024_2024: Standard = {
  id: "T/DGAG 024—2024",
  code: "T/DGAG 024—2024",
  title: "政务信息化项目 服务成本度量规范 系统业务运营服务",
  titleEn: "Government information technology project—Service cost measurement specification—System business operation services",
  publisher: "广东省数字政务协会",
  region: "广东省",
  issued: "2024-04-28",
  effective: "2024-05-01",
  categories: CATEGORIES,
  serviceTypes: types,
  items: buildItems(types),
  technical: TECHNICAL,
  business: BUSINESS,
  collaboration: COLLABORATION,
  scale: SCALE,
  tiers: TIERS,
  quick: buildQuick(),
  defaultRates: {
    id: "standard",
    // The one name of the standard's rates: the rate profiles page, the editor's selector, estimates, workbooks and reports.
    name: "表B.1 基准人月费率（2023年广东省）",
    rates: [d("16500"), d("22500"), d("28500"), d("35000"), d("46500")],
    source: "表B.1；注1：参考《2023年广东省人力资源市场工资价位及行业人工成本信息》",
  },
  sources: {
    technical: { table: "表A.1", clause: "A.1" },
    business: { table: "表A.2", clause: "A.2" },
    collaboration: { table: "表A.3", clause: "A.3" },
    scale: { table: "表A.4", clause: "A.4" },
    tiers: { table: "表B.1", clause: "B.1" },
    quick: { table: "表B.2", clause: "B.2" },
    formulas: { clause: "5.1–5.3，公式(1)–(3)" },
  },
};
