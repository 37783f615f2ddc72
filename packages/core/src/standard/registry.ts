import { T_DGAG_024_2024 } from "./t-dgag-024-2024/index.js";
import type { Standard } from "./types.js";

/**
 * The standards govcost knows. A later revision, or another region's standard, is added here
 * beside this one; stored estimates name the standard they were computed with.
 */
export const STANDARDS: readonly Standard[] = [T_DGAG_024_2024];
export const DEFAULT_STANDARD: Standard = T_DGAG_024_2024;

export function findStandard(id: string): Standard | undefined {
  return STANDARDS.find((s) => s.id === id || s.code === id);
}
