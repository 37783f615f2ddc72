/**
 * The review workflow as the screens see it: a budget's status and its label, what each user may
 * do in each status, and the server routes of the transitions (docs/api.md).
 */
import type { BudgetStatus } from "@govcost/server/api-types";
import type { User } from "../api.js";

export type { BudgetStatus };

/** Each status with its label (glossary: 编制中 → 已提交 → 审核中 → 退回修改 / 审核通过). */
export const STATUS_LABEL: Record<BudgetStatus, string> = {
  draft: "编制中",
  submitted: "已提交",
  in_review: "审核中",
  returned: "退回修改",
  approved: "审核通过",
};

export const STATUS_COLOR: Record<BudgetStatus, string> = {
  draft: "default",
  submitted: "purple",
  in_review: "blue",
  returned: "orange",
  approved: "green",
};

export function asStatus(s: string | null | undefined): BudgetStatus {
  return s === "submitted" || s === "in_review" || s === "returned" || s === "approved" ? s : "draft";
}

/** While submitted, in review or approved nobody in the department changes the budget. */
export function locked(status: BudgetStatus): boolean {
  return status === "submitted" || status === "in_review" || status === "approved";
}

/** May this user change the budget now? Reviewers never do. */
export function canEditBudget(user: User | null, status: BudgetStatus): boolean {
  return user !== null && user.role !== "reviewer" && !locked(status);
}

/** The routes of the workflow. */
export const reviewRoutes = {
  review: (id: string | number) => `/api/budgets/${id}/review`,
  open: (id: string | number) => `/api/budgets/${id}/review/open`,
  returnIt: (id: string | number) => `/api/budgets/${id}/review/return`,
  approve: (id: string | number) => `/api/budgets/${id}/review/approve`,
  withdraw: (id: string | number) => `/api/budgets/${id}/withdraw`,
  submit: (id: string | number) => `/api/budgets/${id}/submit`,
  list: () => "/api/reviews",
  /** Administrators: another reviewer for the open round; an approved budget back to 编制中. */
  reassign: (id: string | number) => `/api/budgets/${id}/reassign`,
  reopen: (id: string | number) => `/api/budgets/${id}/reopen`,
  /** The 审核意见书 (html, pdf) and the workbook with the 审减明细表 (xlsx). */
  exportReview: (id: string | number, format: "html" | "pdf" | "xlsx", unit: string) => `/api/budgets/${id}/review/export?format=${format}&unit=${unit}`,
};
