import { describe, expect, it } from "vitest";
import { actionText, detailText, type Names } from "../src/http/audit-text.js";
import type { AuditEntry } from "../src/api-types.js";

const names: Names = {
  user: (id) => (id === 7 ? "李审（li）" : id === 8 ? "王审（wang）" : undefined),
  department: () => undefined,
  budget: () => undefined,
  rateProfile: () => undefined,
};
const entry = (action: string, detail: unknown): AuditEntry => ({ id: 1, at: "2026-11-30T02:00:00.000Z", userId: 7, username: "li", action, target: "budget:3", detail, ip: null });

describe("audit texts of the review workflow", () => {
  it("names every transition the server writes, in both languages", () => {
    for (const [action, zh] of [["budget.withdraw", "撤回提交"], ["review.open", "开始审核"], ["review.save", "保存审核决定"], ["review.return", "退回修改"], ["review.approve", "审核通过"], ["review.reassign", "更换审核人"], ["review.reopen", "重新打开"], ["review.export", "导出审核意见书"]] as const) {
      expect(actionText(action, "zh-CN")).toBe(zh);
      expect(actionText(action, "en")).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it("describes a return with its figures grouped, its rate and the opinion", () => {
    // 送审 335,500.50 − 审定 249,000.00 = 审减 86,500.50; 86,500.50 ÷ 335,500.50 × 100 = 25.78 (half-up)
    const e = entry("review.return", { round: 1, reviewVersion: 2, submitted: "335500.50", approved: "249000.00", reduction: "86500.50", reductionRate: "25.78", opinion: "核减 7.3.a 工作量" });
    expect(detailText(e, names, "zh-CN")).toBe("第 1 轮；审核决定第 2 版；送审金额 335,500.50 元；审定金额 249,000.00 元；审减金额 86,500.50 元；审减率 25.78%；审核意见：核减 7.3.a 工作量");
    expect(detailText(e, names, "en")).toBe("round 1; review version 2; submitted 335,500.50 yuan; approved 249,000.00 yuan; reduction 86,500.50 yuan; reduction rate 25.78%; opinion: 核减 7.3.a 工作量");
  });

  it("names the reviewers of a reassignment", () => {
    expect(detailText(entry("review.reassign", { round: 2, fromReviewerId: 7, reviewerId: 8 }), names, "zh-CN")).toBe("第 2 轮；原审核人 李审（li）；新审核人 王审（wang）");
  });
});
