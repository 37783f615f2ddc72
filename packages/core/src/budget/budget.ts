import type { Dec } from "../decimal/dec.js";
import type { CollaborationLevel, PricingMethod, TierPrices } from "../standard/types.js";

/** A service line after validation: exact numbers, defaults applied. */
export interface ServiceLine {
  item: string;
  personMonths: Dec;
  units: number | null;
  collaboration: CollaborationLevel | null;
  method: PricingMethod;
  note: string | null;
}

export interface NonLaborItem {
  name: string;
  amount: Dec;
  note: string | null;
}

export interface ExternalItem {
  item: string;
  name: string;
  amount: Dec;
  basis: string;
}

export type NonLaborPart = "dataProducts" | "equipment" | "business";
export const NON_LABOR_PARTS: readonly NonLaborPart[] = ["dataProducts", "equipment", "business"];

/** A validated budget: what the engine prices. */
export interface Budget {
  name: string;
  /** Tier prices replacing Table B.1 (B.1 注2), whole yuan; null for the standard's own. */
  rates: TierPrices | null;
  ratesName: string | null;
  services: readonly ServiceLine[];
  nonLabor: Readonly<Record<NonLaborPart, readonly NonLaborItem[]>>;
  external: readonly ExternalItem[];
}
