/**
 * Where T/DGAG 024—2024 is ambiguous or contradicts itself, what govcost decided. Shown by
 * `govcost catalog`, in the README, the workbook's notes sheet and the report, so that a user
 * sees every decision that shapes a figure. Each entry names the code that applies it.
 */
export interface Decision {
  id: string;
  clause: string;
  question: string;
  decision: string;
}

export const DECISIONS: readonly Decision[] = [
  {
    id: "method-precedence",
    clause: "公式(2) 注1、注2；表B.2",
    question: "表B.2（方法2）在若干处与方法1（表1–17 × 表A.1–A.3 → 表B.1）结果不同，以何为准？",
    decision:
      "以方法1为准，默认按方法1计价：表B.2 是由方法1派生的速查表，而各服务类型的难度级别表（表1–17）是规范性条款。用户可逐行选用方法2，此时按表B.2原值计价，并在结果中提示两种方法的差异。",
  },
  {
    id: "quick-not-applicable",
    clause: "表11、表14、表B.2",
    question: "表B.2 对协同难度“不涉及”的项目（如 8.4.a、8.4.c）列出了跨部门价格，对“根据实际情况确定”的项目（如 9.2.a）却为“/”。",
    decision:
      "以各服务类型的难度级别表为准：“不涉及”的项目只取 F1，两种方法都不接受 F2/F3；表B.2 为“/”的级别只能按方法1计价，选方法2时报错。",
  },
  {
    id: "quick-columns",
    clause: "表A.3、表B.2",
    question: "表B.2 的列名“本部门 / 跨2到5个部门 / 跨5个部门以上”与表A.3 的“单位”（独立法人）表述不同。",
    decision: "三列依次对应 F1、F2、F3；由单位数确定级别时按表A.3：1 个单位 F1，2–5 个 F2，6 个及以上 F3。",
  },
  {
    id: "quick-under-rate-profile",
    clause: "表B.1 注2、表B.2",
    question: "采用地方费率方案时，方法2 的表B.2 价格（2023 年广东省数字）如何对应？",
    decision: "表B.2 所列价格视为其所在档位（如 28500 为第三档），按费率方案中该档的价格计价，使两种方法遵循同一费率方案。",
  },
  {
    id: "scale-thresholds",
    clause: "表A.4",
    question: "规模系数的分界（5、10、30、50 人年）是否含端点；人年数除不尽时如何比较？",
    decision:
      "上限含端点（5 人年及以下为 S1，5 人年以上至 10 人年（含）为 S2……）。分档按精确的人月数比较（5 人年 = 60 人月），人年数仅为显示，保留两位小数。",
  },
  {
    id: "scale-cliff",
    clause: "公式(2)、表A.4",
    question:
      "规模系数作用于全部人力成本，工作量刚超过分界（如 60 → 60.5 人月）时总额反而下降（22500 元/人月：60 人月 1350000.00 元，60.5 人月 1334025.00 元）。",
    decision:
      "严格按公式(2)计算，不做平滑处理（评审按标准审核，偏离标准的金额会被审减）；但当总工作量落在分界之后的“倒挂区间”（t < Q ≤ t × S上一档 / S本档）时给出提示，请编制人和评审人核实工作量。",
  },
  {
    id: "rounding",
    clause: "公式(1)–(3)",
    question: "标准未规定舍入规则。",
    decision: "每行金额 P×Q 精确不舍入（单价为整数元、工作量至多两位小数）；人力成本 L 在乘规模系数后四舍五入一次至分；T、C 为精确求和。",
  },
  {
    id: "collaboration-default",
    clause: "表1–17、表A.3",
    question: "协同难度为“根据实际情况确定”的项目，预算未填单位数或级别时如何计？",
    decision: "按 F1（未涉及其他单位）计，并在结果中提示，由编制人确认。",
  },
  {
    id: "units-on-not-applicable",
    clause: "表1–17",
    question: "协同难度“不涉及”的项目填写了多于 1 个单位。",
    decision: "不视为错误：按表取 F1，并在结果中提示；明确填写 F2/F3 则报错。",
  },
  {
    id: "outside-formula",
    clause: "5.1 注、6.1.2、8.5.2",
    question: "政务网络运营服务（6.1）、政务热线沿用原有度量方法的部分如何计入？",
    decision:
      "列为“公式(1)之外计价的服务”，须写明计价依据；不计入工作量和规模系数，与总成本 C 相加为“合计（含公式外）”。6.1 的服务不能按公式(1)计价。",
  },
  {
    id: "rate-profile-whole-yuan",
    clause: "表B.1 注2",
    question: "地方费率方案的精度。",
    decision: "各档基准人月费率取整数元（与表B.1 一致），以保证每行金额精确到分。",
  },
];
