/**
 * Why a reviewer changes a submitted budget (核减理由): each reason code with its Chinese and
 * English label and the clause of T/DGAG 024—2024 it cites, in one table. Wherever a reason is
 * shown (CLI, JSON, workbook, report) its label and clause come from here.
 */
export interface ReasonInfo {
  readonly zh: string;
  readonly en: string;
  /** The clause the reason cites; "" where it cites none. */
  readonly clause: string;
}

export const REASONS = {
  "item-misclassified": { zh: "服务内容类别归类不当", en: "service item misclassified", clause: "表1–17" },
  "collaboration-unsupported": { zh: "协同单位数依据不足", en: "collaboration units not supported", clause: "表A.3" },
  method: { zh: "计价方法", en: "pricing method", clause: "公式(2) 注1/注2" },
  "workload-unsupported": {
    zh: "工作量依据不足",
    en: "workload not supported",
    clause: "5.2 Q：依据服务需求、服务规模和服务级别协议",
  },
  duplicate: { zh: "重复计列", en: "listed twice", clause: "" },
  "scope-government-duty": { zh: "应由政府直接履责或劳务派遣等事项", en: "a duty of the government itself or agency staffing", clause: "3.5 注1" },
  "scope-existing-function": { zh: "系统已具备的功能服务", en: "a function the system already has", clause: "3.5 注2" },
  "scope-maintenance": { zh: "属运行维护服务", en: "operation and maintenance, not operation services", clause: "3.5 注3" },
  "hotline-not-eligible": { zh: "不属于可编报热线服务的范围", en: "not eligible to budget hotline services", clause: "8.5.2" },
  "network-outside-formula": { zh: "政务网络运营服务按原有方法", en: "network operation priced by its original method", clause: "5.1 注、6.1.2" },
  "non-labor-unsupported": { zh: "非人力成本依据不足或不属于该类", en: "non-labor cost not supported or in the wrong part", clause: "5.3" },
  "rate-profile": { zh: "费率方案依据不足", en: "rate profile not supported", clause: "表B.1 注2" },
  other: { zh: "其他", en: "other", clause: "" },
} as const satisfies Record<string, ReasonInfo>;

export type ReasonCode = keyof typeof REASONS;
export const REASON_CODES = Object.keys(REASONS) as ReasonCode[];

export function isReasonCode(v: unknown): v is ReasonCode {
  return typeof v === "string" && Object.prototype.hasOwnProperty.call(REASONS, v);
}

/** 服务内容类别归类不当（表1–17）: the label with its clause, as shown beside a decision. */
export function reasonText(code: ReasonCode, locale: "zh-CN" | "en" = "zh-CN"): string {
  const r: ReasonInfo = REASONS[code];
  const label = locale === "en" ? r.en : r.zh;
  return r.clause === "" ? label : locale === "en" ? `${label} (${r.clause})` : `${label}（${r.clause}）`;
}
