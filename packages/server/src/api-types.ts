/**
 * The answers of the HTTP API (docs/api.md), as the route handlers produce them: the handlers are
 * typed by these, so a changed field is a compile error on both sides. Types only, safe for a
 * browser bundle: `import type { … } from "@govcost/server/api-types"`.
 */
import type { EstimateJson, ProblemDetail } from "@govcost/core";

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
export interface SessionAnswer { user: UserJson; csrfToken: string }
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
  status: string;
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
  status: string;
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
export interface Comparison { added: Line[]; removed: Line[]; changed: LineChange[]; figures: FigureChange[] }

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
export interface HealthAnswer { ok: true; database: "sqlite" | "postgres"; standard: string }
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
  };
}
