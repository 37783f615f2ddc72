/**
 * The answers of the HTTP API (docs/api.md), as the route handlers produce them: the handlers are
 * typed by these, so a changed field is a compile error on both sides. Types only, safe for a
 * browser bundle: `import type { … } from "@govcost/server/api-types"`.
 */
import type { EstimateJson, ProblemDetail } from "@govcost/core";
import type { CheckResultJson } from "@govcost/workbook";

export type Role = "admin" | "preparer" | "reviewer";

export interface UserJson {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  departmentId: number | null;
  departmentName: string | null;
  disabled: boolean;
}

/** Login, setup and GET /api/auth/me. */
export interface SessionAnswer {
  user: UserJson;
  csrfToken: string;
  /** IANA zone the web app shows times in (GOVCOST_TIME_ZONE, default Asia/Shanghai). */
  timeZone: string;
}
export interface Department { id: number; name: string }
export interface Reviewer { id: number; username: string; displayName: string; departmentName: string | null }

/** A rate profile (表B.1 注2), the core's `RateProfile` as JSON; `standard` is the standard's own 表B.1 (builtin). */
export interface RateProfileJson {
  id: string;
  name: string;
  source: string;
  rates: string[];
  builtin: boolean;
}

export interface AuditEntry {
  id: number;
  at: string;
  userId: number | null;
  username: string | null;
  action: string;
  target: string | null;
  detail: unknown;
  ip: string | null;
}

/** GET /api/audit: an entry with what it says in words, in the request's language. */
export interface AuditEntryText extends AuditEntry {
  /** 登录, 保存预算 … (Signed in, Budget saved …) */
  actionText: string;
  /** 预算“…”, 账户 张三（zhangsan） … */
  targetText: string;
  /** The details as a sentence: 第 3 版；基于第 2 版；总成本 1,234.00 元 */
  detailText: string;
}

/** GET /api/budgets: one budget, its latest version's figures. */
export interface BudgetListEntry {
  id: number;
  name: string;
  departmentId: number;
  departmentName: string;
  version: number;
  total: string;
  grandTotal: string;
  updatedAt: string;
  updatedBy: string;
  rateProfileId: string | null;
  status: BudgetStatus;
  /** 预算年度, e.g. 2026; null when not given. */
  year: number | null;
}

/** The rate profile a version was priced with: a stored one, or the document's own (id null). */
export type VersionRateProfile = Pick<RateProfileJson, "name" | "rates"> & { id: string | null };

/** GET /api/budgets/:id/versions: one version, without its texts. */
export interface VersionMetaJson {
  version: number;
  author: string;
  savedAt: string;
  comment: string;
  total: string;
  grandTotal: string;
  labor: string;
  nonLabor: string;
  standardId: string;
  rateProfile: VersionRateProfile;
  restoredFrom: number | null;
}

/** What every answer about one version of a budget says about it. */
export interface BudgetVersionHead {
  id: number;
  name: string;
  departmentId: number;
  departmentName: string;
  status: BudgetStatus;
  latestVersion: number;
  version: number;
  standardId: string;
  rateProfileId: string | null;
  rateProfile: VersionRateProfile;
  updatedAt: string;
  updatedBy: string;
  comment: string;
  restoredFrom: number | null;
}

/** GET /api/budgets/:id, a version, and the 201 of a create or copy: the budget file and the server's estimate. */
export interface BudgetRecord extends BudgetVersionHead { document: unknown; estimate: EstimateJson }

/** The figures a save answers with (the whole estimate is one GET away). */
export type SaveSummary = Pick<EstimateJson, "personMonths" | "scale" | "laborSubtotal" | "labor" | "nonLaborParts" | "nonLabor" | "total" | "externalTotal" | "grandTotal" | "warnings">;

/** PUT /api/budgets/:id and a restore. */
export interface SaveAnswer extends BudgetVersionHead { estimate: SaveSummary }

/** The `current` of a 409: who saved the newer version, and when. */
export interface ConflictInfo { version: number; author: string; savedAt: string; comment: string }
export interface FigureChange { name: string; label: string; from: string; to: string; delta: string }

type Line = EstimateJson["lines"][number];

export interface LineChange { key: string; before: Line; after: Line; fields: { field: string; from: unknown; to: unknown; delta?: string }[] }
/** Where a non-labor entry or a service priced outside formula (1) sits in the budget. */
export type EntryPart = "dataProducts" | "equipment" | "business" | "external";
/**
 * A non-labor entry (D, E, B) or a service priced outside formula (1) added, removed or changed,
 * matched by its list, its name and its occurrence (the second entry named 服务器租赁 with the second).
 * `from`/`to` are its amounts (null on the side where it is absent); `noteChanged` says its 说明/依据 changed.
 */
export interface EntryChange { part: EntryPart; kind: "added" | "removed" | "changed"; name: string; from: string | null; to: string | null; delta: string | null; noteChanged: boolean }
export interface Comparison { added: Line[]; removed: Line[]; changed: LineChange[]; entries: EntryChange[]; figures: FigureChange[] }

/** GET /api/budgets/:id/compare. */
export interface CompareAnswer extends Comparison { from: VersionMetaJson; to: VersionMetaJson }

/** GET /api/budgets/:id/recompute. */
export interface RecomputeAnswer extends Comparison {
  version: number;
  standardId: string;
  currentStandardId: string;
  stored: { rateProfile: VersionRateProfile; total: string; grandTotal: string };
  identical: boolean;
  today: { rateProfile: VersionRateProfile; total: string; grandTotal: string };
}

/** POST /api/estimate: what `govcost estimate --json` prints. */
export type EstimateAnswer = EstimateJson;

export interface OkAnswer { ok: true }
export interface HealthAnswer {
  ok: true;
  database: "sqlite" | "postgres";
  standard: string;
  /** IANA zone the web app shows times in (GOVCOST_TIME_ZONE, default Asia/Shanghai). */
  timeZone: string;
}
export interface SetupStatusAnswer { needed: boolean }

/** A located problem in a 400's `details` (a budget file's, a request's, or a workbook's): the core's. */
export type ErrorDetail = ProblemDetail;

/** Every error answer. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    details?: ErrorDetail[];
    /** 409 conflict on a save. */
    current?: ConflictInfo;
    /** 429: seconds to wait. */
    retryAfter?: number;
    /** 409 budget_locked / wrong_status: the budget's status now. */
    status?: BudgetStatus;
  };
}

/* ───────────────────────── Review workflow (审核) ─────────────────────────
 *
 * A budget's status (budgets.status):
 *   draft      编制中    the department edits it
 *   submitted  已提交    sent to a reviewer who has not opened it yet; the preparer may withdraw (撤回)
 *   in_review  审核中    the reviewer opened it; nobody in the department can change it
 *   returned   退回修改  sent back with the reviewer's decisions and opinion; the department edits and resubmits
 *   approved   审核通过  the approved figures are frozen with the round; read-only until an administrator reopens it
 *
 * Each submission opens a round (1, 2, …) that freezes the submitted version. The reviewer's
 * decisions are the review file of `govcost review --decisions` (core `validateReview`), saved as
 * versions of the round's review with the same 409 on a conflicting save as budgets.
 */
export type BudgetStatus = "draft" | "submitted" | "in_review" | "returned" | "approved";
/** Labels live with the screens (web i18n) and the audit descriptions; the status names above are the API's. */


/**
 * The preparer's answer (核对) to one decision of the previous round, given on resubmission:
 * accepted, or disputed with a note (异议说明). `target` names the decision: `line:3` (1-based
 * service line of the previous round's submitted version), `dataProducts:0`, `equipment:1`,
 * `business:0`, `external:2` (0-based).
 */
export interface DecisionAnswer { target: string; accept: boolean; note: string | null }

/** POST /api/budgets/:id/submit. `answers` only from the second round on. */
export interface SubmitBody { reviewerId: number; answers?: DecisionAnswer[] }

/** The figures of a review: 送审（申报）, 审定, 审减, 审减率 (C and C + external), two-decimal strings. */
export interface ReviewFigures {
  submitted: string;
  approved: string;
  reduction: string;
  /** "12.34"; null when nothing was submitted. */
  reductionRate: string | null;
}

/** One round of review. */
export interface ReviewRoundJson {
  round: number;
  /** The budget version that was submitted (frozen). */
  submittedVersion: number;
  submittedAt: string;
  submittedBy: string;
  reviewerId: number;
  reviewer: string;
  /** When the reviewer opened it (submitted → in_review); null before. */
  openedAt: string | null;
  /** returned / approved; null while open. */
  outcome: "returned" | "approved" | null;
  decidedAt: string | null;
  /** The latest review version of the round (0: no decision saved yet). */
  reviewVersion: number;
  /** The preparer's answers to the previous round's decisions, given with this submission. */
  answers: DecisionAnswer[];
  /** C and C + external of the submitted and approved budgets (frozen when approved). */
  totals: ReviewFigures;
  grandTotals: ReviewFigures;
  /** An approved round an administrator reopened: when and why (the round keeps its figures). */
  reopenedAt: string | null;
  reopenReason: string | null;
}

/**
 * GET /api/budgets/:id/review: the current (latest) round with its latest review, and the
 * earlier rounds. The reviewer sees the round assigned to them; the department's users see a
 * round once it is returned or approved (404 before; other departments always 404).
 */
export interface ReviewAnswer {
  budgetId: number;
  budgetName: string;
  departmentName: string;
  status: BudgetStatus;
  round: ReviewRoundJson;
  /** The review file (core `Review` as the JSON of `govcost review --decisions`). */
  review: unknown;
  /** The submitted budget file of this round (the frozen version's document). */
  document: unknown;
  /** `govcost review --json` of this round's submitted document and review. */
  result: unknown;
  /**
   * Earlier rounds, newest first, each with its review file and its submitted budget file (with this
   * round's answers, what the department accepted can be held against this submission: core
   * expectationOf and notCarried).
   */
  previous: { round: ReviewRoundJson; review: unknown; document: unknown }[];
  /** Lines added/removed/changed since the previous round's submitted version (null in round 1). */
  changesSincePrevious: Comparison | null;
}

/** PUT /api/budgets/:id/review: save the reviewer's decisions as a new review version. */
export interface ReviewSaveBody { baseVersion: number; review: unknown; comment?: string }
export interface ReviewSaveAnswer { round: number; reviewVersion: number; savedAt: string; author: string; totals: ReviewFigures; grandTotals: ReviewFigures }

/** GET /api/budgets/:id/review/versions. */
export interface ReviewVersionMeta { round: number; reviewVersion: number; author: string; savedAt: string; comment: string; totals: ReviewFigures }

/** GET /api/budgets/:id/review/versions/:v (?round=, default the current round): the review file and its result. */
export interface ReviewVersionAnswer extends ReviewVersionMeta { review: unknown; result: unknown }

/**
 * POST …/review/return and …/review/approve. `opinion` (审核意见), when given, is saved with the
 * latest decisions as a new review version first; returning needs an opinion (given here or saved).
 * `baseVersion`, when given, must be the latest review version (else 409, as for a save).
 */
export interface ReviewDecideBody { baseVersion?: number; opinion?: string }

/** POST …/reassign (administrator): the open round's new reviewer. */
export interface ReassignBody { reviewerId: number }
/** POST …/reopen (administrator): an approved budget back to 编制中, with the reason (audited, kept with the round). */
export interface ReopenBody { reason: string }

/** What every workflow transition answers: the budget's new status and its current round (0: none). */
export interface StatusAnswer { ok: true; status: BudgetStatus; round: number }

/** GET /api/reviews: 待我审核 (reviewer: assigned to me; admin: all; preparer: own department's). */
export interface ReviewListEntry {
  budgetId: number;
  name: string;
  departmentName: string;
  status: BudgetStatus;
  round: number;
  reviewer: string;
  submittedAt: string;
  submittedBy: string;
  totals: ReviewFigures;
}

/** POST /api/check: one submitted workbook checked against the standard; `result` is `govcost check --json`'s object (defined once, by the workbook package). */
export type { CheckFindingJson, CheckResultJson } from "@govcost/workbook";
/** The result and, where the file was read, the recomputed budget as a budget document (转为预算). */
export interface CheckAnswer { result: CheckResultJson; document: Record<string, unknown> | null }
