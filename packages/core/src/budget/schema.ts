/**
 * The budget file format, defined once with zod: the same definition validates budgets
 * (validate.ts) and generates the JSON Schema that `govcost schema` prints and the API serves.
 *
 * Numbers (`personMonths`, `amount`, `rates`) may be JSON numbers or decimal strings.
 *
 * At run time budgets are checked by validate.ts, which reports every problem with its path and
 * the standard's reasons (and reads numbers from their decimal text, which zod cannot). This
 * definition is the format's single description: the JSON Schema comes from it, and
 * validate-schema-agreement.test.ts proves on generated documents that the two accept exactly the
 * same budgets. (Running zod as well on every budget would triple the time to validate a
 * 100,000-line budget for no gain in safety.)
 */
import { z } from "zod";

import { MAX_NAME, MAX_NONLABOR_ITEMS, MAX_SERVICE_LINES, MAX_TEXT } from "./limits.js";

export { MAX_NAME, MAX_NONLABOR_ITEMS, MAX_SERVICE_LINES, MAX_TEXT };

// Optional fields accept null as "absent": an empty YAML key (`nonLabor:`) reads as null.

/** A non-negative amount with at most two decimals, as a number or a decimal string. */
const decimalInput = (description: string) =>
  z
    .union([
      z.number().min(0).meta({ multipleOf: 0.01 }),
      z.string().regex(/^\d+(\.\d{1,2})?$/),
    ])
    .meta({ description });

const text = (max: number, description: string) => z.string().max(max).meta({ description });

export const collaborationLevelSchema = z.enum(["F1", "F2", "F3"]);
export const methodSchema = z.enum(["coefficient", "quick"]);

export const serviceLineSchema = z
  .strictObject({
    item: z
      .string()
      .regex(/^\d+(\.\d+)?\.[a-z]$/)
      .meta({ description: "服务内容类别编号, 如 7.2.b（第10章为 10.a、10.b）" }),
    personMonths: decimalInput("工作量 Q（人月），≥ 0，至多两位小数"),
    units: z
      .number()
      .int()
      .min(1)
      .nullish()
      .meta({ description: "涉及的独立法人单位数（表A.3：1 → F1，2–5 → F2，6 及以上 → F3）" }),
    collaboration: collaborationLevelSchema.nullish().meta({ description: "协同难度级别 F1–F3（表A.3）" }),
    method: methodSchema
      .nullish()
      .meta({ description: "计价方法：coefficient（方法1 查系数，默认）或 quick（方法2 速查表B.2）" }),
    note: text(MAX_TEXT, "备注").nullish(),
  })
  .meta({ title: "服务行", description: "一条人力成本测算行（公式(2)中的一项 P × Q）" });

export const nonLaborItemSchema = z
  .strictObject({
    name: text(MAX_NAME, "名称"),
    amount: decimalInput("金额（元），≥ 0，至多两位小数"),
    note: text(MAX_TEXT, "说明/依据").nullish(),
  })
  .meta({ title: "非人力成本项" });

export const externalItemSchema = z
  .strictObject({
    item: z
      .string()
      .meta({ description: "6.1.a–6.1.d（政务网络运营服务，6.1.2）或 8.5.a–8.5.d（政务热线沿用原有度量方法，5.1 注、8.5.2）" }),
    name: text(MAX_NAME, "名称"),
    amount: decimalInput("金额（元），≥ 0，至多两位小数"),
    basis: text(MAX_TEXT, "计价依据（所执行的预算标准或原有度量方法）"),
  })
  .meta({ title: "公式(1)之外计价的服务" });

export const budgetSchema = z
  .strictObject({
    $schema: z.string().nullish().meta({ description: "JSON Schema 地址（编辑器用，忽略）" }),
    name: text(MAX_NAME, "项目名称"),
    rates: z
      .array(
        z
          .union([z.number().int().min(1), z.string().regex(/^[1-9]\d*$/)])
          .meta({ description: "基准人月费率（元/人月，整数）" }),
      )
      .length(5)
      .nullish()
      .meta({ description: "费率方案（表B.1 注2）：第一档至第五档的基准人月费率，元/人月；缺省为表B.1" }),
    ratesName: text(MAX_NAME, "费率方案名称及来源，如“2024年××市人社局工资价位”").nullish(),
    services: z.array(serviceLineSchema).max(MAX_SERVICE_LINES).meta({ description: "人力成本测算行" }),
    nonLabor: z
      .strictObject({
        dataProducts: z.array(nonLaborItemSchema).max(MAX_NONLABOR_ITEMS).nullish().meta({ description: "数据产品费 D" }),
        equipment: z.array(nonLaborItemSchema).max(MAX_NONLABOR_ITEMS).nullish().meta({ description: "设备材料费 E" }),
        business: z.array(nonLaborItemSchema).max(MAX_NONLABOR_ITEMS).nullish().meta({ description: "业务费 B" }),
      })
      .nullish()
      .meta({ description: "非人力成本 T = D + E + B（公式(3)）" }),
    external: z.array(externalItemSchema).max(MAX_NONLABOR_ITEMS).nullish().meta({
      description: "公式(1)之外计价的服务：不乘规模系数，计入 grandTotal",
    }),
  })
  .meta({
    title: "govcost 预算文件",
    description: "按 T/DGAG 024—2024 测算系统业务运营服务成本的预算文件",
  });

export type DecimalInput = number | string;
export type BudgetInput = z.infer<typeof budgetSchema>;
export type ServiceLineInput = z.infer<typeof serviceLineSchema>;
export type NonLaborItemInput = z.infer<typeof nonLaborItemSchema>;
export type ExternalItemInput = z.infer<typeof externalItemSchema>;

/** JSON Schema (draft 2020-12) of the budget file, from the definition above. */
export function budgetJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(budgetSchema, { target: "draft-2020-12" }) as Record<string, unknown>;
  return { $id: "https://govcost.local/schema/budget.json", ...schema };
}
