/** Request bodies of the budget routes that are also checked on a pricing thread (see pricing/jobs.ts). */
import { z } from "zod";
import { budgetDocument } from "../http/validate.js";

export const comment = z.string().max(2000).optional();
export const rateProfileId = z.string().min(1).max(100).nullable().optional().meta({ description: "费率方案 id（standard = 表B.1）；null = 使用预算文件中的 rates" });

/** PUT /api/budgets/:id: a new version of the budget. */
export const saveBody = z.strictObject({ document: budgetDocument, baseVersion: z.number().int().min(1), comment, rateProfileId });
