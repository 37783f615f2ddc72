/**
 * The review workflow's words on the server: the statuses as people read them (audit descriptions
 * and error messages; the screens have their own in the web app's i18n), the actions, and the
 * refusals, in Chinese and English (the request's language picks one).
 */
import type { BudgetStatus } from "../api-types.js";
import { bi, HttpError } from "../http/errors.js";

export const STATUS_LABELS: Record<BudgetStatus, string> = {
  draft: "编制中",
  submitted: "已提交",
  in_review: "审核中",
  returned: "退回修改",
  approved: "审核通过",
};

const STATUS_EN: Record<BudgetStatus, string> = {
  draft: "drafting",
  submitted: "submitted",
  in_review: "in review",
  returned: "returned",
  approved: "approved",
};

/** The transitions, as a refusal names them. */
export type WorkflowAction = "submit" | "withdraw" | "open" | "save" | "return" | "approve" | "reassign" | "reopen";
export const ACTIONS: Record<WorkflowAction, { zh: string; en: string }> = {
  submit: { zh: "提交", en: "submit it" },
  withdraw: { zh: "撤回", en: "withdraw it" },
  open: { zh: "开始审核", en: "start the review" },
  save: { zh: "保存审核决定", en: "save review decisions" },
  return: { zh: "退回修改", en: "return it for changes" },
  approve: { zh: "审核通过", en: "approve it" },
  reassign: { zh: "更换审核人", en: "change its reviewer" },
  reopen: { zh: "重新打开", en: "reopen it" },
};

/** Why a locked budget cannot change, and what the department can do about it. */
const LOCK_HINTS: Partial<Record<BudgetStatus, { zh: string; en: string }>> = {
  submitted: { zh: "审核人打开前可以撤回后再修改", en: "it can be withdrawn and changed until the reviewer opens it" },
  in_review: { zh: "请等待审核人退回修改或审核通过", en: "wait until the reviewer returns or approves it" },
  approved: { zh: "如需调整，请管理员重新打开", en: "ask an administrator to reopen it" },
};

/** 409 budget_locked: a save, restore, rename or delete while submitted, in review or approved. */
export function budgetLocked(status: BudgetStatus): HttpError {
  const hint = LOCK_HINTS[status];
  return new HttpError(
    409,
    "budget_locked",
    bi(`此预算当前状态为“${STATUS_LABELS[status]}”，不能修改${hint ? `；${hint.zh}` : ""}`, `This budget is ${STATUS_EN[status]} and cannot be changed${hint ? `; ${hint.en}` : ""}`),
    { status },
  );
}

/** 409 wrong_status: a transition the budget's status does not allow. */
export function wrongStatus(status: BudgetStatus, action: WorkflowAction, allowed: readonly BudgetStatus[]): HttpError {
  const a = ACTIONS[action];
  const from = allowed.map((s) => `“${STATUS_LABELS[s]}”`).join("或");
  const fromEn = allowed.map((s) => STATUS_EN[s]).join(" or ");
  return new HttpError(
    409,
    "wrong_status",
    bi(`此预算当前状态为“${STATUS_LABELS[status]}”，不能${a.zh}（只有${from}的预算可以${a.zh}）`, `This budget is ${STATUS_EN[status]}: you cannot ${a.en} (only a budget that is ${fromEn} can be)`),
    { status },
  );
}

/** 403: a reviewer's action by someone who is not this round's reviewer. */
export const onlyTheReviewer = (action: WorkflowAction): HttpError =>
  new HttpError(403, "forbidden", bi(`只有本轮的审核人可以${ACTIONS[action].zh}`, `Only this round's reviewer can ${ACTIONS[action].en}`));
