/**
 * The review workflow's words on the server: the statuses as people read them (audit descriptions
 * and error messages; the screens have their own in the web app's i18n) and the refusals.
 */
import type { BudgetStatus } from "../api-types.js";
import { HttpError } from "../http/errors.js";

export const STATUS_LABELS: Record<BudgetStatus, string> = {
  draft: "编制中",
  submitted: "已提交",
  in_review: "审核中",
  returned: "退回修改",
  approved: "审核通过",
};

/** Why a locked budget cannot change, and what the department can do about it. */
const LOCK_HINTS: Partial<Record<BudgetStatus, string>> = {
  submitted: "审核人打开前可以撤回后再修改",
  in_review: "请等待审核人退回修改或审核通过",
  approved: "如需调整，请管理员重新打开",
};

/** 409 budget_locked: a save, restore, rename or delete while submitted, in review or approved. */
export function budgetLocked(status: BudgetStatus): HttpError {
  const hint = LOCK_HINTS[status];
  return new HttpError(409, "budget_locked", `此预算当前状态为“${STATUS_LABELS[status]}”，不能修改${hint ? `；${hint}` : ""}`, { status });
}

/** 409 wrong_status: a transition the budget's status does not allow. */
export function wrongStatus(status: BudgetStatus, action: string, allowed: readonly BudgetStatus[]): HttpError {
  const from = allowed.map((s) => `“${STATUS_LABELS[s]}”`).join("或");
  return new HttpError(409, "wrong_status", `此预算当前状态为“${STATUS_LABELS[status]}”，不能${action}（只有${from}的预算可以${action}）`, { status });
}
