import type { Dec } from "../decimal/dec.js";

export type TechnicalLevel = "T1" | "T2" | "T3" | "T4";
export type BusinessLevel = "B1" | "B2" | "B3" | "B4";
export type CollaborationLevel = "F1" | "F2" | "F3";
export type ScaleLevel = "S1" | "S2" | "S3" | "S4" | "S5";
/** 人员级别 / 档: the five price bands of Table B.1 (第一档 … 第五档). */
export type Tier = 1 | 2 | 3 | 4 | 5;
/**
 * How an item's level table treats collaboration (not to be confused with the collaboration
 * level F1–F3 of a line): `none` = 不涉及 (F1 only); `variable` = 根据实际情况确定 (the budget
 * states F1, F2 or F3).
 */
export type CollaborationRule = "none" | "variable";
export type CategoryId = "6" | "7" | "8" | "9" | "10";
export type PricingMethod = "coefficient" | "quick";

export const TECHNICAL_LEVELS: readonly TechnicalLevel[] = ["T1", "T2", "T3", "T4"];
export const BUSINESS_LEVELS: readonly BusinessLevel[] = ["B1", "B2", "B3", "B4"];
export const COLLABORATION_LEVELS: readonly CollaborationLevel[] = ["F1", "F2", "F3"];

/** Where a datum comes from in the standard. */
export interface Source {
  /** e.g. "表A.1", "表4"; absent where a clause alone fixes it. */
  table?: string;
  /** e.g. "A.1", "7.2.2", "5.2". */
  clause: string;
}

// ---- Raw data shapes (catalog-data.ts) --------------------------------------------------

export interface ServiceTypeData {
  id: string;
  category: CategoryId;
  name: string;
  contentClause: string;
  levelClause: string;
  /** The table of levels (表1–表17); null for 6.1, which has none. */
  table: string | null;
  description: string;
}

export interface ServiceItemData {
  id: string;
  serviceType: string;
  name: string;
  technical: TechnicalLevel | null;
  business: BusinessLevel | null;
  collaborationRule: CollaborationRule | null;
  description: string;
}

export interface QuickRowData {
  /** 序号 in Table B.2. */
  row: number;
  item: string;
  /** 本部门, 跨2到5个部门, 跨5个部门以上; null for "/". */
  prices: readonly [string | null, string | null, string | null];
}

// ---- The standard as the engine uses it --------------------------------------------------

export interface Category {
  id: CategoryId;
  name: string;
  /** The clause of chapter 4 that defines it ("4 a)"). */
  clause: string;
  /** Section of the standard (6–10). */
  section: string;
}

export interface ServiceType {
  id: string;
  category: CategoryId;
  name: string;
  contentClause: string;
  levelClause: string;
  table: string | null;
  description: string;
  /** 6.1: priced externally, by the network operators' own budget standards (6.1.2), not by formula (1). */
  pricedExternally: boolean;
}

export interface FormulaItem {
  kind: "formula";
  id: string;
  letter: string;
  name: string;
  category: CategoryId;
  serviceType: string;
  technical: TechnicalLevel;
  business: BusinessLevel;
  collaborationRule: CollaborationRule;
  description: string;
  /** The clause and table that fix its levels, e.g. { table: "表4", clause: "7.2.2" }. */
  levelSource: Required<Source>;
  /** The clause that describes it, e.g. "7.2.1 b)". */
  descriptionClause: string;
}

/** An item priced externally (a budget's `external`), not by formula (1): 6.1's network services. */
export interface ExternalPricedItem {
  kind: "external";
  id: string;
  letter: string;
  name: string;
  category: CategoryId;
  serviceType: string;
  description: string;
  descriptionClause: string;
  /** Why and how it is priced externally. */
  pricing: { clause: string; text: string };
}

export type CatalogItem = FormulaItem | ExternalPricedItem;

export interface LevelRow<L extends string> {
  level: L;
  coefficient: Dec;
  /** The coefficient exactly as printed in the table ("1.0"). */
  published: string;
  note: string;
}

export interface ScaleRow {
  level: ScaleLevel;
  /** Exclusive lower bound in person-years (null for S1). */
  above: Dec | null;
  /** Inclusive upper bound in person-years (null for S5). */
  upTo: Dec | null;
  coefficient: Dec;
  published: string;
  label: string;
}

/** One row of Table B.1: a tier, its range of difficulty coefficients and its staff. */
export interface TierRow {
  tier: Tier;
  name: string;
  /** Exclusive lower bound of the difficulty coefficient; null for tier 1 (exactly 1). */
  above: Dec | null;
  /** Inclusive upper bound. For tier 1 the only value, 1. */
  upTo: Dec;
  /** Range as printed: "1", "(1, 1.5]". */
  range: string;
  staff: string;
}

export interface QuickRow {
  row: number;
  item: string;
  /** F1, F2, F3 columns; null for "/". */
  prices: readonly [Dec | null, Dec | null, Dec | null];
}

/** Five tier prices (第一档 first), whole yuan per person-month. */
export type TierPrices = readonly [Dec, Dec, Dec, Dec, Dec];

/**
 * 费率方案 (表B.1 注2): a named set of five tier prices. The one shape of a rate profile: the
 * standard's own (`Standard.defaultRates`), a budget's, a stored one, the one an estimate used.
 */
export interface RateProfile {
  id: string;
  name: string;
  rates: TierPrices;
  /** Where the prices come from (a wage survey, the standard's table). */
  source: string;
}

export interface Standard {
  /** Stable identifier used in stored estimates: "T/DGAG 024—2024". */
  id: string;
  code: string;
  title: string;
  titleEn: string;
  publisher: string;
  region: string;
  issued: string;
  effective: string;
  categories: readonly Category[];
  serviceTypes: readonly ServiceType[];
  items: readonly CatalogItem[];
  technical: readonly LevelRow<TechnicalLevel>[];
  business: readonly LevelRow<BusinessLevel>[];
  collaboration: readonly (LevelRow<CollaborationLevel> & { minUnits: number; maxUnits: number | null })[];
  scale: readonly ScaleRow[];
  tiers: readonly TierRow[];
  quick: readonly QuickRow[];
  /** The standard's own Table B.1 prices (2023 Guangdong figures). */
  defaultRates: RateProfile;
  /** Where each table above comes from in the standard. */
  sources: Readonly<Record<"technical" | "business" | "collaboration" | "scale" | "tiers" | "quick" | "formulas", Source>>;
}
