/**
 * Request validation as a pure function of plain data, with no server around it: the route layer
 * (routes.ts) and the pricing threads (pricing/jobs.ts) check bodies with the same schemas and give
 * the same located, Chinese messages.
 */
import { z } from "zod";
import { formatPath } from "@govcost/core";

/** A budget document inside a request: shown as the budget file schema, validated by validateBudget. */
export const budgetDocument = z.unknown().meta({ description: "预算文件（与 govcost 预算文件格式相同）" });

export interface RequestProblem {
  path: string;
  code: string;
  message: string;
}

const zhCN = z.locales.zhCN();

export function validateRequest<T extends z.ZodType>(schema: T, data: unknown): { ok: true; data: z.output<T> } | { ok: false; details: RequestProblem[] } {
  const r = schema.safeParse(data, { error: zhCN.localeError });
  if (r.success) return { ok: true, data: r.data };
  return { ok: false, details: r.error.issues.map((i) => ({ path: formatPath(i.path as (string | number)[]), code: i.code, message: i.message })) };
}
