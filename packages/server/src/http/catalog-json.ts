/** The catalogue answer of GET /api/catalog: core's catalogToJson, made once per process. */
import { catalogToJson, DEFAULT_STANDARD } from "@govcost/core";

let cached: unknown;

export function catalogJson(): unknown {
  cached ??= catalogToJson(DEFAULT_STANDARD);
  return cached;
}
