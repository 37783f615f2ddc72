/** Administration: departments, users, rate profiles (表B.1 注2), the audit log. */
import { z } from "zod";
import { badRequest, bi, forbidden, HttpError, notFound, requestLang, textIn, type Text } from "./errors.js";
import { hashPassword, passwordRefusal } from "../security/passwords.js";
import { randomToken } from "../security/tokens.js";
import { DuplicateError } from "../store/store.js";
import { STANDARD_PROFILE_ID, standardProfile } from "../budgets/compute.js";
import { positiveInt, userJson, type AppContext } from "./context.js";
import type { AuditEntryText, Department, RateProfileJson, Reviewer, UserJson } from "../api-types.js";
import { AUDIT_ACTIONS, actionText, detailText, namesFor, targetText } from "./audit-text.js";
import { startOfLocalDay } from "@govcost/core";
import { contentDisposition } from "../budgets/routes.js";
import { XLSX_TYPE } from "./context.js";

const roleSchema = z.enum(["admin", "preparer", "reviewer"]);
const username = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._@-]+$/, "用户名只能包含字母、数字和 . _ @ -");
const displayName = z.string().trim().min(1).max(100);
const password = z.string().min(1).max(200);
const rateValue = z.union([z.number().int().min(1).max(100_000_000), z.string().regex(/^[1-9]\d{0,8}$/)]).transform((v) => String(v));
const ratesSchema = z.array(rateValue).length(5).meta({ description: "第一档至第五档基准人月费率（元/人月，整数）" });

const TIER_ZH = ["第一档", "第二档", "第三档", "第四档", "第五档"] as const;

/**
 * Table B.1's tiers rise with the coefficient, and so must a profile's prices: a higher tier that
 * cost less would price harder work lower. Refused with the tier named, as the rates form does.
 */
function refuseFallingRates(rates: readonly string[]): void {
  for (let i = 1; i < rates.length; i++) {
    if (BigInt(rates[i] as string) < BigInt(rates[i - 1] as string)) {
      throw badRequest(
        bi(`${TIER_ZH[i]}（${rates[i]} 元/人月）不能低于${TIER_ZH[i - 1]}（${rates[i - 1]} 元/人月）：档位越高，单价不能越低`, `Tier ${i + 1} (${rates[i]} yuan/person-month) cannot be below tier ${i} (${rates[i - 1]} yuan/person-month): a higher tier cannot cost less`),
      );
    }
  }
}

export async function registerAdminRoutes(ctx: AppContext): Promise<void> {
  const { store, route, audit, iso, log2n } = ctx;

  route({ method: "GET", url: "/api/departments", summary: "部门列表", tag: "管理", access: "admin", handler: async (): Promise<{ departments: Department[] }> => ({ departments: await store.listDepartments() }) });

  route({ method: "POST", url: "/api/departments", summary: "新建部门", tag: "管理", access: "admin",
    body: z.strictObject({ name: z.string().trim().min(1).max(200) }),
    responses: { "201": "已创建", "409": "名称重复" },
    handler: async ({ req, reply, body, user }): Promise<Department> => {
      const d = await dup(() => store.createDepartment(body.name, iso()), bi("部门名称已存在", "A department with this name exists"));
      await audit(req, user, "department.create", `department:${d.id}`, { name: d.name });
      reply.status(201);
      return d;
    },
  });

  route({ method: "PATCH", url: "/api/departments/:id", summary: "重命名部门", tag: "管理", access: "admin",
    body: z.strictObject({ name: z.string().trim().min(1).max(200) }),
    handler: async ({ req, body, user, params }): Promise<Department> => {
      const id = positiveInt(params.id);
      const before = id === null ? undefined : await store.getDepartment(id);
      const d = before === undefined ? undefined : await dup(() => store.renameDepartment(before.id, body.name), bi("部门名称已存在", "A department with this name exists"));
      if (!before || !d) throw notFound("部门");
      await audit(req, user, "department.rename", `department:${d.id}`, { from: before.name, name: d.name });
      return d;
    },
  });

  route({ method: "GET", url: "/api/users", summary: "账户列表", tag: "管理", access: "admin", handler: async (): Promise<{ users: UserJson[] }> => ({ users: (await store.listUsers()).map(userJson) }) });

  const departmentRef = async (id: number | null | undefined) => {
    if (id === null || id === undefined) return id;
    if (!(await store.getDepartment(id))) throw badRequest(bi(`部门 ${id} 不存在`, `Department ${id} does not exist`));
    return id;
  };

  route({ method: "POST", url: "/api/users", summary: "新建账户", tag: "管理", access: "admin",
    body: z.strictObject({ username, displayName, password, role: roleSchema, departmentId: z.number().int().positive().nullable().optional() }),
    responses: { "201": "已创建", "409": "用户名已存在" },
    handler: async ({ req, reply, body, user }): Promise<UserJson> => {
      const problem = passwordRefusal(body.password, body.username);
      if (problem) throw badRequest(problem);
      const departmentId = (await departmentRef(body.departmentId)) ?? null;
      if (body.role === "preparer" && departmentId === null) throw badRequest(bi("编制人必须属于一个部门", "A preparer must belong to a department"));
      const created = await dup(
        async () => store.createUser({ username: body.username, displayName: body.displayName, role: body.role, departmentId, passwordHash: await hashPassword(body.password, log2n) }, iso()),
        bi("用户名已存在", "This username is taken"),
      );
      await audit(req, user, "user.create", `user:${created.id}`, { username: created.username, role: created.role, departmentId });
      reply.status(201);
      return userJson(created);
    },
  });

  route({ method: "PATCH", url: "/api/users/:id", summary: "修改账户（姓名、角色、部门、停用、重设密码）", tag: "管理", access: "admin",
    body: z.strictObject({
      displayName: displayName.optional(),
      role: roleSchema.optional(),
      departmentId: z.number().int().positive().nullable().optional(),
      disabled: z.boolean().optional(),
      password: password.optional(),
    }),
    handler: async ({ req, body, user, params }): Promise<UserJson> => {
      const id = positiveInt(params.id);
      const target = id === null ? undefined : await store.getUser(id);
      if (!target) throw notFound("账户");
      if (target.id === user.id && (body.disabled === true || (body.role !== undefined && body.role !== "admin"))) throw badRequest(bi("不能停用自己或取消自己的管理员角色", "You cannot disable yourself or give up your own administrator role"));
      if (body.password !== undefined) {
        const problem = passwordRefusal(body.password, target.username);
        if (problem) throw badRequest(problem);
      }
      const departmentId = await departmentRef(body.departmentId);
      const updated = await store.updateUser(
        target.id,
        {
          ...(body.displayName !== undefined ? { displayName: body.displayName } : {}),
          ...(body.role !== undefined ? { role: body.role } : {}),
          ...(departmentId !== undefined ? { departmentId } : {}),
          ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
          ...(body.password !== undefined ? { passwordHash: await hashPassword(body.password, log2n) } : {}),
        },
        iso(),
      );
      if (!updated) throw notFound("账户");
      // A disabled account, a new password or a new role ends the account's sessions.
      if (body.disabled === true || body.password !== undefined || body.role !== undefined || departmentId !== undefined) await store.deleteUserSessions(target.id);
      const { password: _pw, ...changed } = body;
      await audit(req, user, "user.update", `user:${target.id}`, { ...changed, ...(body.password !== undefined ? { passwordReset: true } : {}) });
      return userJson(updated);
    },
  });

  route({ method: "GET", url: "/api/reviewers", summary: "可提交审核的审核人", tag: "预算", access: "user",
    handler: async (): Promise<{ reviewers: Reviewer[] }> => ({ reviewers: (await store.listUsers({ role: "reviewer" })).filter((u) => !u.disabled).map((u) => ({ id: u.id, username: u.username, displayName: u.displayName, departmentName: u.departmentName })) }),
  });

  const profileJson = (p: { id: string; name: string; source: string; rates: string[] }, builtin: boolean): RateProfileJson => ({ id: p.id, name: p.name, source: p.source, rates: p.rates, builtin });

  route({ method: "GET", url: "/api/rate-profiles", summary: "费率方案（表B.1 注2）；standard 为标准自带的表B.1，始终存在", tag: "费率方案", access: "user",
    handler: async (): Promise<{ profiles: RateProfileJson[] }> => ({ profiles: [standardProfile(), ...(await store.listRateProfiles()).map((p) => profileJson(p, false))] }),
  });

  const profileBody = { name: z.string().trim().min(1).max(200), source: z.string().trim().max(2000), rates: ratesSchema };

  route({ method: "POST", url: "/api/rate-profiles", summary: "新建费率方案", tag: "费率方案", access: "admin",
    body: z.strictObject(profileBody),
    responses: { "201": "已创建" },
    handler: async ({ req, reply, body, user }) => {
      refuseFallingRates(body.rates);
      const p = await store.createRateProfile({ id: `rp-${randomToken().slice(0, 10).toLowerCase().replace(/[^a-z0-9]/g, "x")}`, name: body.name, source: body.source, rates: body.rates }, iso());
      await audit(req, user, "rate_profile.create", `rate_profile:${p.id}`, { name: p.name, rates: p.rates });
      reply.status(201);
      return profileJson(p, false);
    },
  });

  route({ method: "PATCH", url: "/api/rate-profiles/:id", summary: "修改费率方案（表B.1 不能修改）", tag: "费率方案", access: "admin",
    body: z.strictObject({ name: profileBody.name.optional(), source: profileBody.source.optional(), rates: ratesSchema.optional() }),
    responses: { "200": "已修改", "403": "表B.1 不能修改" },
    handler: async ({ req, body, user, params }) => {
      if (params.id === STANDARD_PROFILE_ID) throw forbidden(bi("表B.1 基准人月费率是标准自带的，不能修改；请新建费率方案", "Table B.1's base rates are the standard's own and cannot be changed; create a rate profile instead"));
      const before = await store.getRateProfile(params.id ?? "");
      if (!before) throw notFound("费率方案");
      if (body.rates) refuseFallingRates(body.rates);
      const p = await store.updateRateProfile(before.id, body, iso());
      if (!p) throw notFound("费率方案");
      await audit(req, user, "rate_profile.update", `rate_profile:${p.id}`, { before: { name: before.name, rates: before.rates }, after: { name: p.name, rates: p.rates } });
      return profileJson(p, false);
    },
  });

  // Filters of the audit log and its export: who (username), what (action), from and to (calendar
  // days in the configured time zone, both included).
  const day = z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .refine((s) => startOfLocalDay(s, ctx.timeZone) !== null)
    .meta({ description: "日期 YYYY-MM-DD（按配置的时区，含当日）" });
  const auditFilters = {
    before: z.coerce.number().int().positive().optional(),
    action: z.string().max(100).optional().meta({ description: "动作，如 login、budget.save" }),
    user: z.string().max(64).optional().meta({ description: "用户名" }),
    from: day.optional(),
    to: day.optional(),
  };
  const auditQuery = async (q: { limit: number; before?: number | undefined; action?: string | undefined; user?: string | undefined; from?: string | undefined; to?: string | undefined }) => {
    const from = q.from === undefined ? undefined : startOfLocalDay(q.from, ctx.timeZone)?.toISOString();
    // up to the beginning of the next day
    const to = q.to === undefined ? undefined : startOfLocalDay(nextDay(q.to), ctx.timeZone)?.toISOString();
    if (from !== undefined && to !== undefined && from >= to) throw badRequest(bi("起始日期晚于截止日期", "The from date is after the to date"));
    return store.listAudit({
      limit: q.limit,
      ...(q.before !== undefined ? { before: q.before } : {}),
      ...(q.action ? { action: q.action } : {}),
      ...(q.user ? { username: q.user } : {}),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
    });
  };
  const withText = async (entries: Awaited<ReturnType<typeof store.listAudit>>, lang: "zh-CN" | "en"): Promise<AuditEntryText[]> => {
    const names = await namesFor(store, entries);
    return entries.map((e) => ({ ...e, actionText: actionText(e.action, lang), targetText: targetText(e.target, names, lang, e.action), detailText: detailText(e, names, lang) }));
  };

  route({ method: "GET", url: "/api/audit", summary: "审计日志（只能追加，最新在前）：按用户、动作、日期筛选；每条附中文（或英文）说明", tag: "管理", access: "admin",
    query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100), ...auditFilters }),
    handler: async ({ req, query }): Promise<{ entries: AuditEntryText[]; actions: { action: string; text: string }[] }> => {
      const lang = requestLang(req);
      return { entries: await withText(await auditQuery(query), lang), actions: Object.entries(AUDIT_ACTIONS).map(([action, p]) => ({ action, text: lang === "en" ? p[1] : p[0] })) };
    },
  });

  const AUDIT_EXPORT_MAX = 10_000;
  route({ method: "GET", url: "/api/audit/export", summary: `审计日志导出为 xlsx（筛选同 GET /api/audit，最新在前，至多 ${AUDIT_EXPORT_MAX} 条）`, tag: "管理", access: "admin",
    query: z.object(auditFilters),
    responses: { "200": "xlsx 工作簿" },
    handler: async ({ req, reply, query }) => {
      const lang = requestLang(req);
      const wb = await import("@govcost/workbook").catch(() => {
        throw new HttpError(501, "not_available", bi("xlsx 导出功能尚未安装（缺少 @govcost/workbook）", "xlsx export is not installed (@govcost/workbook is missing)"));
      });
      const entries = await withText(await auditQuery({ ...query, limit: AUDIT_EXPORT_MAX }), lang);
      const en = lang === "en";
      const H = (zh: string, english: string, width: number) => ({ header: en ? english : zh, width });
      const bytes = await wb.writeTableWorkbook({
        sheet: en ? "Audit log" : "审计日志",
        title: en ? "govcost audit log" : "govcost 审计日志",
        columns: [H(`时间（${ctx.timeZone}）`, `Time (${ctx.timeZone})`, 18), H("用户", "User", 16), H("动作", "Action", 14), H("对象", "Object", 30), H("详情", "Details", 60), H("地址", "Address", 16)],
        rows: entries.map((e) => [ctx.showTime(e.at), e.username ?? (en ? "(system)" : "（系统）"), e.actionText, e.targetText, e.detailText, e.ip ?? ""]),
        now: ctx.now(),
      });
      const stamp = ctx.showTime(ctx.iso()).slice(0, 10);
      void reply.header("content-type", XLSX_TYPE).header("content-disposition", contentDisposition(textIn(bi(`审计日志-${stamp}.xlsx`, `audit-log-${stamp}.xlsx`), lang)));
      return reply.send(bytes);
    },
  });
}

async function dup<T>(f: () => Promise<T>, message: Text): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof DuplicateError) throw new HttpError(409, "duplicate", message);
    throw e;
  }
}


/** "2026-11-30" → "2026-12-01" (calendar arithmetic, no time zone involved). */
function nextDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, (d ?? 1) + 1)).toISOString().slice(0, 10);
}
