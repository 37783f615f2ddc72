/**
 * Budget routes: versions, conflicts, compare, recompute, export, import; the review workflow is in
 * review-routes.ts. Access: preparers and administrators of the budget's department read and write
 * it (not while it is submitted, in review or approved: 409 budget_locked); a reviewer reads
 * budgets submitted to them; everyone else gets 404, as if it did not exist.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { DEFAULT_STANDARD, Dec, findStandard, type EstimateJson } from "@govcost/core";
import { bi, forbidden, HttpError, notFound, requestLang, textIn } from "../http/errors.js";
import { budgetDocument } from "../http/routes.js";
import { isLocked, type BudgetMeta, type StoredVersion, type User, type UserWithSecret, type VersionMeta } from "../store/store.js";
import { compareEstimates, computeBudget, profileChoice, saveSummary, STANDARD_PROFILE_ID, versionFrom, type Computed, type ProfileChoice } from "./compute.js";
import { runJob, type Job, type JobAnswer } from "./export-worker.js";
import { CHECK_TYPES, CHECK_URL, checkLineLimit, invalidBudget, positiveInt, XLSX_TYPE, type AppContext } from "../http/context.js";
import type { CheckAnswer, BudgetListEntry, BudgetRecord, BudgetVersionHead, CompareAnswer, ConflictInfo, OkAnswer, RecomputeAnswer, SaveAnswer, VersionMetaJson } from "../api-types.js";
import { budgetLocked } from "./workflow.js";
import { registerReviewRoutes } from "./review-routes.js";

const comment = z.string().max(2000).optional();
/** 预算年度: a calendar year; null clears it. */
const year = z.number().int().min(2000).max(2100).nullable().optional();
const rateProfileId = z.string().min(1).max(100).nullable().optional().meta({ description: "费率方案 id（standard = 表B.1）；null = 使用预算文件中的 rates" });

/** The download's file name: control and bidi-override characters (NUL → %00) removed first. */
export function contentDisposition(name: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const fileName = name.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "");
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** The workbook and report packages load on first use (the report's PDF needs Chromium); 501 if missing. */
async function optionalImport<T>(load: () => Promise<T>, name: string, what: string, whatEn: string): Promise<T> {
  try {
    return await load();
  } catch {
    throw new HttpError(501, "not_available", bi(`${what}功能尚未安装（缺少 ${name}）`, `${whatEn} is not installed (${name} is missing)`));
  }
}

/** A worker's refusal as the API's answer: a missing module 501, an unreadable workbook 400. */
function jobFailed(a: Extract<JobAnswer, { ok: false }>): Error {
  if (a.code === "not_available") return new HttpError(501, "not_available", a.message);
  if (a.code === "invalid_workbook") return new HttpError(400, "invalid_workbook", a.message);
  // A stored version that no longer prices is a bug (500, logged), not the client's doing.
  return new Error(`stored version no longer prices: ${textIn(a.message, "en")}`);
}

type Priced = Extract<Computed, { ok: true }>;

export async function registerBudgetRoutes(ctx: AppContext): Promise<void> {
  const { store, route, audit, iso, workerLimits } = ctx;

  /** An export made in a worker thread (export-worker.ts): the xlsx bytes or the report's HTML. */
  async function exported(job: Job, kind: "xlsx"): Promise<Uint8Array>;
  async function exported(job: Job, kind: "html"): Promise<string>;
  async function exported(job: Job, kind: "xlsx" | "html"): Promise<Uint8Array | string> {
    const answer = await runJob(job, workerLimits);
    if (!answer.ok) throw jobFailed(answer);
    if (answer.kind === "xlsx" && kind === "xlsx") return answer.bytes;
    if (answer.kind === "html" && kind === "html") return answer.html;
    throw new Error(`export job answered ${answer.kind}, expected ${kind}`);
  }

  const budgetFor = async (user: User, idParam: string | undefined, mode: "read" | "write"): Promise<BudgetMeta> => {
    const id = positiveInt(idParam);
    const b = id === null ? undefined : await store.getBudget(id);
    if (!b) throw notFound("预算");
    const own = user.role !== "reviewer" && user.departmentId !== null && user.departmentId === b.departmentId;
    if (own) return b;
    if (await store.isReviewerOf(b.id, user.id)) {
      if (mode === "read") return b;
      throw forbidden(bi("审核人只能查看预算，不能修改", "A reviewer can read a budget but not change it"));
    }
    throw notFound("预算");
  };

  /** A budget the department may change now: not while submitted, in review or approved. */
  const unlocked = (b: BudgetMeta): BudgetMeta => {
    if (isLocked(b.status)) throw budgetLocked(b.status);
    return b;
  };

  /** Why a guarded rename or delete changed nothing: the budget is locked now, or gone. */
  const lockedOrGone = async (id: number) => {
    const now = await store.getBudget(id);
    return now && isLocked(now.status) ? budgetLocked(now.status) : notFound("预算");
  };

  const chooseProfile = async (id: string | null | undefined): Promise<ProfileChoice | null> => {
    if (id === null || id === undefined) return null;
    if (id === STANDARD_PROFILE_ID) return profileChoice("standard");
    const p = await store.getRateProfile(id);
    if (!p) throw new HttpError(400, "unknown_rate_profile", bi(`费率方案 ${id} 不存在`, `Rate profile ${id} does not exist`));
    return profileChoice(p);
  };

  /** The version's own profile, with the rates it was saved with (for restore). */
  const storedChoice = (v: StoredVersion): ProfileChoice | null => {
    if (v.rateProfile.id === null) return null;
    if (v.rateProfile.id === STANDARD_PROFILE_ID) return profileChoice("standard");
    return { id: v.rateProfile.id, name: v.rateProfile.name, source: "", rates: v.rateProfile.rates.map((r) => Dec.parse(r)) as unknown as ProfileChoice["rates"] };
  };

  const compute = (document: unknown, profile: ProfileChoice | null, standard = DEFAULT_STANDARD): Priced => {
    const c = computeBudget(document, profile, standard);
    if (!c.ok) throw invalidBudget(c.problems);
    return c;
  };

  /** What every answer about one version of a budget says about it. */
  const head = (b: BudgetMeta, v: Omit<BudgetVersionHead, "id" | "name" | "departmentId" | "departmentName" | "status" | "latestVersion">, latestVersion = b.version): BudgetVersionHead => ({
    id: b.id,
    name: b.name,
    departmentId: b.departmentId,
    departmentName: b.departmentName,
    status: b.status,
    latestVersion,
    ...v,
  });

  /** A stored version with its budget file and estimate (stored as JSON text). */
  const budgetJson = (b: BudgetMeta, v: StoredVersion): BudgetRecord => ({
    document: JSON.parse(v.document) as unknown,
    estimate: JSON.parse(v.estimate) as EstimateJson,
    ...head(b, { version: v.version, standardId: v.standardId, rateProfileId: v.rateProfile.id, rateProfile: v.rateProfile, updatedAt: v.savedAt, updatedBy: v.author, comment: v.comment, restoredFrom: v.restoredFrom }),
  });

  const latest = async (b: BudgetMeta) => {
    const v = await store.getVersion(b.id, b.version);
    if (!v) throw new Error(`budget ${b.id} lacks its latest version ${b.version}`);
    return v;
  };

  const conflict = (current: ConflictInfo) =>
    new HttpError(409, "conflict", bi(
      `此预算已由 ${current.author} 于 ${ctx.showTime(current.savedAt)} 保存为第 ${current.version} 版；您的修改基于较早的版本，未保存。请查看最新版本后再保存。`,
      `${current.author} saved this budget as version ${current.version} at ${ctx.showTime(current.savedAt)}; your changes are based on an earlier version and were not saved. Look at the latest version, then save again.`,
    ), {
      current: { version: current.version, author: current.author, savedAt: current.savedAt, comment: current.comment },
    });

  /**
   * Save a priced document on top of baseVersion, or answer 409 with who saved what. The answer
   * confirms what was stored: the new version and its figures. The full document and estimate (tens
   * of kilobytes for a large budget) are one GET away; leaving them out keeps saves cheap for a
   * department saving all day.
   */
  const save = async (req: FastifyRequest, user: UserWithSecret, b: BudgetMeta, c: Priced, profile: ProfileChoice | null, baseVersion: number, commentText: string, restoredFrom: number | null): Promise<SaveAnswer> => {
    const at = iso();
    const version = versionFrom(c, profile?.id ?? null, { id: user.id, name: user.displayName }, commentText, restoredFrom, at);
    const r = await store.saveVersion(b.id, baseVersion, version, profile?.id ?? null, (saved) => ({
      at,
      userId: user.id,
      username: user.username,
      action: restoredFrom === null ? "budget.save" : "budget.restore",
      target: `budget:${b.id}`,
      detail: { version: saved, baseVersion, comment: commentText, total: version.total, ...(restoredFrom !== null ? { restoredFrom } : {}) },
      ip: req.ip,
    }));
    if (!r) throw notFound("预算");
    if (!r.ok) throw "locked" in r ? budgetLocked(r.locked) : conflict(r.current);
    const rateProfile = { id: version.rateProfileId, name: version.rateProfileName, rates: version.rates };
    const meta = { version: r.version, standardId: version.standardId, rateProfileId: version.rateProfileId, rateProfile, updatedAt: version.savedAt, updatedBy: version.authorName, comment: version.comment, restoredFrom: version.restoredFrom };
    return { ...head(b, meta, r.version), estimate: saveSummary(c.json) };
  };

  /** A new budget (create or copy) at version 1, audited, answered 201 with its stored figures. */
  const createBudget = async (
    req: FastifyRequest,
    reply: FastifyReply,
    user: UserWithSecret,
    d: { departmentId: number; name: string; profile: ProfileChoice | null; c: Priced; comment: string; year: number | null },
    auditOf: (id: number, total: string) => [string, string, unknown],
  ): Promise<BudgetRecord> => {
    const version = versionFrom(d.c, d.profile?.id ?? null, { id: user.id, name: user.displayName }, d.comment, null, iso());
    const id = await store.createBudget({ departmentId: d.departmentId, name: d.name, rateProfileId: d.profile?.id ?? null, createdBy: user.id, year: d.year }, version);
    const [action, target, detail] = auditOf(id, version.total);
    await audit(req, user, action, target, detail);
    const created = await store.getBudget(id);
    if (!created) throw new Error(`created budget ${id} not found`);
    reply.status(201);
    return budgetJson(created, await latest(created));
  };

  const listEntry = ({ createdBy: _c, ...b }: BudgetMeta): BudgetListEntry => b;
  const versionMeta = ({ authorId: _a, document: _d, estimate: _e, ...v }: VersionMeta & { document?: string; estimate?: string }): VersionMetaJson => v;

  route({ method: "GET", url: "/api/budgets", summary: "本部门的预算（审核人：提交给自己的预算）", tag: "预算", access: "user",
    handler: async ({ user }): Promise<{ budgets: BudgetListEntry[] }> => {
      const list = user.role === "reviewer" ? await store.listBudgets({ reviewerId: user.id }) : user.departmentId === null ? [] : await store.listBudgets({ departmentId: user.departmentId });
      return { budgets: list.map(listEntry) };
    },
  });

  route({ method: "POST", url: "/api/budgets", summary: "新建预算（第 1 版）；测算结果由服务器计算。source = import：由导入的文件新建（审计为 budget.import）", tag: "预算", access: "user",
    body: z.strictObject({
      name: z.string().trim().min(1).max(200).optional(),
      document: budgetDocument,
      comment,
      rateProfileId,
      year,
      source: z.enum(["import"]).optional().meta({ description: "import = 由导入的测算表或预算文件新建" }),
      file: z.string().trim().min(1).max(255).optional().meta({ description: "导入的文件名（source = import 时记入审计日志）" }),
    }),
    responses: { "201": "已创建", "400": "预算文件有误（定位到字段）" },
    handler: async ({ req, reply, body, user }) => {
      if (user.role === "reviewer" || user.departmentId === null) throw forbidden(bi("只有属于某个部门的编制人或管理员可以新建预算", "Only a preparer or administrator of a department can create budgets"));
      const profile = await chooseProfile(body.rateProfileId);
      checkLineLimit(body.document);
      const c = compute(body.document, profile);
      const name = body.name ?? c.budget.name;
      const departmentId = user.departmentId;
      const imported = body.source === "import";
      const comment = body.comment ?? (imported && body.file ? `导入 ${body.file}` : "");
      return createBudget(req, reply, user, { departmentId, name, profile, c, comment, year: body.year ?? null }, (id, total) =>
        imported ? ["budget.import", `budget:${id}`, { name, version: 1, total, ...(body.file ? { file: body.file } : {}) }] : ["budget.create", `budget:${id}`, { name, version: 1, total }],
      );
    },
  });

  route({ method: "GET", url: "/api/budgets/:id", summary: "预算最新版本（文件与服务器测算结果）", tag: "预算", access: "user",
    handler: async ({ user, params }) => {
      const b = await budgetFor(user, params.id, "read");
      return budgetJson(b, await latest(b));
    },
  });

  // Checks in order: signed in and CSRF (401, 403), the body (400), the budget (404), the rate
  // profile and the budget file (400), the base version (409).
  route({ method: "PUT", url: "/api/budgets/:id", summary: "保存新版本（baseVersion = 编辑所基于的版本；若已有更新的版本则 409）", tag: "预算", access: "user",
    body: z.strictObject({ document: budgetDocument, baseVersion: z.number().int().min(1), comment, rateProfileId }),
    responses: { "200": "已保存为新版本", "409": "冲突：他人已保存更新的版本（current 说明是谁、何时、第几版）" },
    handler: async ({ req, body, user, params }) => {
      const b = unlocked(await budgetFor(user, params.id, "write"));
      // Priced under the budget's own profile unless the body names one.
      const profile = body.rateProfileId === undefined ? await chooseProfile(b.rateProfileId).catch(() => null) : await chooseProfile(body.rateProfileId);
      checkLineLimit(body.document);
      return save(req, user, b, compute(body.document, profile), profile, body.baseVersion, body.comment ?? "", null);
    },
  });

  route({ method: "PATCH", url: "/api/budgets/:id", summary: "重命名预算，或设置预算年度（year 为 null 则清除）", tag: "预算", access: "user",
    body: z.strictObject({ name: z.string().trim().min(1).max(200).optional(), year }),
    handler: async ({ req, body, user, params }): Promise<BudgetListEntry> => {
      const b = await budgetFor(user, params.id, "write");
      const name = body.name ?? b.name;
      const y = body.year === undefined ? b.year : body.year;
      if (!(await store.updateBudget(b.id, { name, year: y }))) throw await lockedOrGone(b.id);
      if (name !== b.name) await audit(req, user, "budget.rename", `budget:${b.id}`, { from: b.name, to: name });
      if (y !== b.year) await audit(req, user, "budget.year", `budget:${b.id}`, { name, from: b.year, to: y });
      return { ...listEntry(b), name, year: y };
    },
  });

  route({ method: "DELETE", url: "/api/budgets/:id", summary: "删除预算（隐藏；已保存的版本保留）", tag: "预算", access: "user",
    handler: async ({ req, user, params }): Promise<OkAnswer> => {
      const b = await budgetFor(user, params.id, "write");
      if (!(await store.deleteBudget(b.id, iso()))) throw await lockedOrGone(b.id);
      await audit(req, user, "budget.delete", `budget:${b.id}`, { name: b.name });
      return { ok: true };
    },
  });

  route({ method: "POST", url: "/api/budgets/:id/copy", summary: "复制预算（最新版本）为本部门的新预算（以此为模板）；预算年度缺省同原预算", tag: "预算", access: "user",
    body: z.strictObject({ name: z.string().trim().min(1).max(200), year }),
    responses: { "201": "已复制" },
    handler: async ({ req, reply, body, user, params }) => {
      const b = await budgetFor(user, params.id, "write");
      const v = await latest(b);
      const profile = storedChoice(v);
      const c = compute(JSON.parse(v.document), profile);
      const comment = `复制自“${b.name}”第 ${v.version} 版`;
      const y = body.year === undefined ? b.year : body.year;
      return createBudget(req, reply, user, { departmentId: b.departmentId, name: body.name, profile, c, comment, year: y }, (id) => ["budget.copy", `budget:${id}`, { from: b.id, version: v.version }]);
    },
  });

  route({ method: "GET", url: "/api/budgets/:id/versions", summary: "版本列表（最新在前）", tag: "版本", access: "user",
    handler: async ({ user, params }): Promise<{ versions: VersionMetaJson[] }> => {
      const b = await budgetFor(user, params.id, "read");
      return { versions: (await store.listVersions(b.id)).map(versionMeta) };
    },
  });

  const versionOf = async (b: BudgetMeta, v: string | undefined) => {
    const n = positiveInt(v);
    const stored = n === null ? undefined : await store.getVersion(b.id, n);
    if (!stored) throw notFound(`第 ${v ?? ""} 版`, `Version ${v ?? ""}`);
    return stored;
  };

  route({ method: "GET", url: "/api/budgets/:id/versions/:v", summary: "读取某一版本", tag: "版本", access: "user",
    handler: async ({ user, params }) => {
      const b = await budgetFor(user, params.id, "read");
      return budgetJson(b, await versionOf(b, params.v));
    },
  });

  route({ method: "POST", url: "/api/budgets/:id/versions/:v/restore", summary: "恢复某一版本（另存为新版本，按该版本的费率方案重新测算）", tag: "版本", access: "user",
    body: z.strictObject({ baseVersion: z.number().int().min(1), comment }),
    responses: { "200": "已恢复为新版本", "409": "冲突" },
    handler: async ({ req, body, user, params }) => {
      const b = unlocked(await budgetFor(user, params.id, "write"));
      const v = await versionOf(b, params.v);
      const profile = storedChoice(v);
      return save(req, user, b, compute(JSON.parse(v.document), profile), profile, body.baseVersion, body.comment ?? `恢复第 ${v.version} 版`, v.version);
    },
  });

  route({ method: "GET", url: "/api/budgets/:id/compare", summary: "比较两个版本：增加、删除、修改的服务行，以及 L、T、C 等各项数字的变化", tag: "版本", access: "user",
    query: z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) }),
    handler: async ({ user, params, query }): Promise<CompareAnswer> => {
      const b = await budgetFor(user, params.id, "read");
      const a = await versionOf(b, String(query.from));
      const c = await versionOf(b, String(query.to));
      return {
        from: versionMeta(a),
        to: versionMeta(c),
        ...compareEstimates(JSON.parse(a.estimate) as EstimateJson, JSON.parse(c.estimate) as EstimateJson),
      };
    },
  });

  route({ method: "GET", url: "/api/budgets/:id/recompute", summary: "重新测算某一版本：按保存时的标准和费率复核，并按今天的费率方案重新测算，列出差异", tag: "版本", access: "user",
    query: z.object({ version: z.coerce.number().int().min(1).optional(), rateProfileId: z.string().min(1).max(100).optional() }),
    handler: async ({ user, params, query }): Promise<RecomputeAnswer> => {
      const b = await budgetFor(user, params.id, "read");
      const v = await versionOf(b, String(query.version ?? b.version));
      const doc = JSON.parse(v.document) as unknown;
      // The standard and rates it was saved with reproduce it exactly, unless that standard is gone.
      const savedStandard = findStandard(v.standardId);
      const identical = savedStandard !== undefined && JSON.stringify(compute(doc, storedChoice(v), savedStandard).json) === v.estimate;
      // Today's rates: the same profile as it stands now (or another one asked for).
      const todayId = query.rateProfileId ?? v.rateProfile.id;
      let today: ProfileChoice | null;
      try {
        today = await chooseProfile(todayId);
      } catch (e) {
        if (query.rateProfileId !== undefined) throw e;
        today = profileChoice("standard");
      }
      const now = compute(doc, today);
      const stored = JSON.parse(v.estimate) as EstimateJson;
      return {
        version: v.version,
        standardId: v.standardId,
        currentStandardId: DEFAULT_STANDARD.id,
        stored: { rateProfile: v.rateProfile, total: stored.total, grandTotal: stored.grandTotal },
        identical,
        today: { rateProfile: { id: today?.id ?? null, name: now.estimate.rateProfile.name, rates: now.estimate.rateProfile.rates.map((r) => r.toString()) }, total: now.json.total, grandTotal: now.json.grandTotal },
        ...compareEstimates(stored, now.json),
      };
    },
  });

  route({ method: "GET", url: "/api/budgets/:id/export", summary: "导出（xlsx 工作簿、HTML/PDF 报告、JSON）", tag: "预算", access: "user",
    query: z.object({ format: z.enum(["xlsx", "html", "pdf", "json"]).default("json"), version: z.coerce.number().int().min(1).optional(), unit: z.enum(["yuan", "wan"]).default("yuan") }),
    responses: { "200": "文件", "501": "导出模块未安装" },
    handler: async ({ req, reply, user, params, query }) => {
      const b = await budgetFor(user, params.id, "read");
      const v = await versionOf(b, String(query.version ?? b.version));
      const base = `${b.name}-第${v.version}版`;
      let bytes: Buffer | string;
      let type: string;
      if (query.format === "json") {
        bytes = JSON.stringify({ budget: { id: b.id, name: b.name, departmentName: b.departmentName }, version: v.version, savedAt: v.savedAt, author: v.author, document: JSON.parse(v.document), estimate: JSON.parse(v.estimate) }, null, 2);
        type = "application/json; charset=utf-8";
      } else if (query.format === "xlsx") {
        bytes = Buffer.from(await exported({ kind: "xlsx", document: v.document, timeZone: ctx.timeZone }, "xlsx"));
        type = XLSX_TYPE;
      } else {
        const html = await exported({ kind: "html", document: v.document, unit: query.unit, timeZone: ctx.timeZone }, "html");
        if (query.format === "html") {
          bytes = html;
          type = "text/html; charset=utf-8";
        } else {
          const rep = await optionalImport(() => import("@govcost/report"), "@govcost/report", "报告导出", "Report export");
          bytes = Buffer.from(await rep.renderReportPdf(html));
          type = "application/pdf";
        }
      }
      await audit(req, user, "budget.export", `budget:${b.id}`, { version: v.version, format: query.format });
      void reply.header("content-type", type).header("content-disposition", contentDisposition(`${base}.${query.format}`));
      // An exported HTML report must not run anything if opened from this origin.
      if (query.format === "html") void reply.header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'");
      return bytes;
    },
  });

  route({ method: "POST", url: CHECK_URL, summary: "核查一份送审测算表（govcost 表或各部门自制表；.xlsx/.xlsm，或经 LibreOffice 转换的 .xls/.et/.ods）：按标准重算，逐格列出发现；审核人与管理员", tag: "核查", access: "user",
    rawBody: { contentType: CHECK_TYPES, schema: { type: "string", format: "binary" } },
    query: z.strictObject({
      name: z.string().trim().min(1).max(255).meta({ description: "文件名（显示在结果中）" }).optional(),
      lang: z.enum(["zh-CN", "en"]).meta({ description: "发现说明的语言（默认按 Accept-Language，否则中文）" }).optional(),
    }),
    responses: { "200": "核查结果；文件读不了时（包括服务器未安装 LibreOffice 而文件是 .xls/.et/.ods）result.error 写明原因", "403": "仅审核人与管理员" },
    handler: async ({ req, query, user }): Promise<CheckAnswer> => {
      if (user.role !== "reviewer" && user.role !== "admin") throw forbidden("只有审核人和管理员可以核查送审测算表");
      // No body, or one of no bytes: nothing to check, and the API's empty body (400), not a result that the file is unreadable.
      if (req.body === undefined || (Buffer.isBuffer(req.body) && req.body.length === 0)) {
        throw new HttpError(400, "empty_body", bi("请求体为空：需要一个工作簿文件的内容（.xlsx、.xlsm，或 .xls、.et、.ods）", "The request body is empty: a workbook file's bytes are needed (.xlsx, .xlsm, or .xls, .et, .ods)"));
      }
      if (!Buffer.isBuffer(req.body)) throw new HttpError(415, "unsupported_media_type", bi(`请以 ${CHECK_TYPES.join("、")} 之一上传工作簿`, `Upload the workbook as one of ${CHECK_TYPES.join(", ")}`));
      // What the file is (xlsx/xlsm, .xls/.et, .ods) is decided in the job from its bytes, whatever its type or name says.
      const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
      const unnamed = type === "application/vnd.ms-excel" ? "工作簿.xls" : type === "application/vnd.oasis.opendocument.spreadsheet" ? "工作簿.ods" : "工作簿.xlsx";
      const job = { kind: "check", bytes: new Uint8Array(req.body), fileName: query.name ?? unnamed, locale: query.lang ?? requestLang(req), convertTimeoutMs: workerLimits.convertTimeoutMs } as const;
      const answer = await runJob(job, workerLimits);
      if (!answer.ok) throw jobFailed(answer);
      if (answer.kind !== "check") throw new Error(`check job answered ${answer.kind}`);
      return answer.answer;
    },
  });

  route({ method: "POST", url: "/api/import/xlsx", summary: "读取 xlsx 工作簿为预算文件（不保存）；错误定位到工作表和单元格", tag: "预算", access: "user",
    rawBody: { contentType: XLSX_TYPE, schema: { type: "string", format: "binary" } },
    handler: async ({ req }): Promise<{ document: unknown }> => {
      if (req.body === undefined || (Buffer.isBuffer(req.body) && req.body.length === 0)) {
        throw new HttpError(400, "empty_body", bi("请求体为空：需要一个 xlsx 工作簿文件的内容", "The request body is empty: an xlsx workbook's bytes are needed"));
      }
      if (!Buffer.isBuffer(req.body)) throw new HttpError(415, "unsupported_media_type", bi(`请以 ${XLSX_TYPE} 上传 xlsx 文件`, `Upload the xlsx file as ${XLSX_TYPE}`));
      const answer = await runJob({ kind: "import", bytes: new Uint8Array(req.body) }, workerLimits);
      if (!answer.ok) throw jobFailed(answer);
      if (answer.kind !== "import") throw new Error(`import job answered ${answer.kind}`);
      const r = answer.result;
      if (!r.ok) throw new HttpError(400, "invalid_workbook", bi("工作簿有误", "The workbook has problems"), { details: r.problems });
      return { document: r.document };
    },
  });

  await registerReviewRoutes(ctx, { budgetFor, exported, optionalImport, contentDisposition });
}
