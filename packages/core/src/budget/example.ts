/** The commented example budget: what `govcost init` writes and what the web app offers as 从示例新建. */
export const EXAMPLE_BUDGET_YAML = `# govcost 预算文件（按 T/DGAG 024—2024《政务信息化项目 服务成本度量规范 系统业务运营服务》测算）
# 运行：govcost estimate budget.yaml          （--json 输出 JSON；--xlsx/--html/--pdf 导出）
# 全部服务内容编号：govcost catalog；字段定义：govcost schema
# 数字可写成数字或带引号的十进制文本（如 "6.5"），至多两位小数，不能为负。

name: 某市政务服务数据管理局 2025 年系统业务运营服务项目

# 费率方案（表B.1 注2，可选）：第一档至第五档基准人月费率（元/人月，整数）。
# 缺省时采用表B.1：16500 / 22500 / 28500 / 35000 / 46500。
# rates: [16500, 22500, 28500, 35000, 46500]
# ratesName: 2024年××市人力资源市场工资价位

# 人力成本 L = Σ(P × Q) × S（公式(2)）。每行一个服务内容类别：
#   item           服务内容类别编号，如 7.2.b（第10章为 10.a、10.b）
#   personMonths   工作量 Q（人月）
#   units          涉及的独立法人单位数（表A.3：1 → F1，2–5 → F2，6 及以上 → F3），
#                  仅对协同难度“根据实际情况确定”的项目有效
#   collaboration  也可直接填协同难度级别 F1/F2/F3（与 units 二选一，同时填写须一致）
#   method         coefficient（方法1 查系数，默认）或 quick（方法2 速查表B.2）
#   note           备注
services:
  - item: 7.2.b          # 数据采集与清洗：T2 × B2 × F2 = 1.728 → 第三档
    personMonths: 24
    units: 3
    note: 汇聚 3 个委办局业务数据
  - item: 7.1.b          # 数据标准与规范制定：T2 × B3 = 1.8 → 第三档
    personMonths: 6
  - item: 8.2.d          # 业务流程优化实施：T3 × B4 × F3 = 4.5 → 第五档
    personMonths: "6.5"
    collaboration: F3
  - item: 8.3.e          # 系统应用运营分析：T2 × B2 = 1.44 → 第二档
    personMonths: 12
    method: quick

# 非人力成本 T = D + E + B（公式(3)），金额单位：元
nonLabor:
  dataProducts:          # 数据产品费 D
    - name: 企业工商登记数据集年度订阅
      amount: 50000
  equipment:             # 设备材料费 E
    - name: 数据质量检测工具租赁（12 个月）
      amount: "36000.00"
  business:              # 业务费 B
    - name: 跨部门协调会议
      amount: 8000

# 公式(1)之外计价的服务（可选）：6.1 政务网络运营服务按网络运营服务商和主管部门的预算标准（6.1.2），
# 政务热线可沿用原有度量方法（5.1 注、8.5.2）。不乘规模系数，另计入合计。
# external:
#   - item: 6.1.b
#     name: 政务外网设施效能监管与评估
#     amount: 120000
#     basis: 按××运营商政务外网服务资费标准
`;
