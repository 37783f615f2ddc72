/**
 * The audit log as people read it, in Chinese or English: what was done (a table of every action
 * the server writes, with a fallback by prefix for actions added later, such as the review
 * workflow's), to what (by name: 预算“…”, 账户 张三, 费率方案 …, not `budget:4`) and the details
 * as a sentence, not JSON.
 */
import { Dec, formatDecimal, formatMoney } from "@govcost/core";
import type { AuditEntry } from "../api-types.js";
import type { Store } from "../store/store.js";
import type { Lang } from "./errors.js";

type Pair = readonly [zh: string, en: string];

/** Every action the server writes, and the review workflow's. */
export const AUDIT_ACTIONS: Readonly<Record<string, Pair>> = {
  login: ["登录", "Signed in"],
  "login.failed": ["登录失败", "Sign-in failed"],
  "login.throttled": ["登录受限", "Sign-in throttled"],
  logout: ["退出登录", "Signed out"],
  setup: ["初始设置", "First-run setup"],
  "user.create": ["新建账户", "Account created"],
  "user.update": ["修改账户", "Account changed"],
  "user.password": ["修改密码", "Password changed"],
  "department.create": ["新建部门", "Department created"],
  "department.rename": ["重命名部门", "Department renamed"],
  "rate_profile.create": ["新建费率方案", "Rate profile created"],
  "rate_profile.update": ["修改费率方案", "Rate profile changed"],
  "budget.create": ["新建预算", "Budget created"],
  "budget.import": ["导入预算", "Budget imported"],
  "budget.copy": ["复制预算", "Budget copied"],
  "budget.save": ["保存预算", "Budget saved"],
  "budget.restore": ["恢复版本", "Version restored"],
  "budget.rename": ["重命名预算", "Budget renamed"],
  "budget.delete": ["删除预算", "Budget deleted"],
  "budget.export": ["导出预算", "Budget exported"],
  "budget.submit": ["提交审核", "Submitted for review"],
  "budget.withdraw": ["撤回提交", "Submission withdrawn"],
  "budget.year": ["修改预算年度", "Budget year changed"],
  "review.open": ["开始审核", "Review started"],
  "review.save": ["保存审核决定", "Review decisions saved"],
  "review.return": ["退回修改", "Returned for changes"],
  "review.approve": ["审核通过", "Approved"],
  "review.reassign": ["更换审核人", "Reviewer changed"],
  "review.reopen": ["重新打开", "Reopened"],
  "review.export": ["导出审核意见书", "Review exported"],
};

/** Actions not in the table (added later) are named by their group. */
const GROUPS: Readonly<Record<string, Pair>> = {
  login: ["登录", "Sign-in"],
  user: ["账户操作", "Account action"],
  department: ["部门操作", "Department action"],
  rate_profile: ["费率方案操作", "Rate profile action"],
  budget: ["预算操作", "Budget action"],
  review: ["审核操作", "Review action"],
};

const pick = (p: Pair, lang: Lang) => (lang === "en" ? p[1] : p[0]);

export function actionText(action: string, lang: Lang): string {
  const known = AUDIT_ACTIONS[action];
  if (known) return pick(known, lang);
  const group = GROUPS[action.split(".")[0] ?? ""];
  return group ? pick(group, lang) : lang === "en" ? "Other action" : "其他操作";
}

const ROLE: Record<string, Pair> = { admin: ["管理员", "administrator"], preparer: ["编制人", "preparer"], reviewer: ["审核人", "reviewer"] };
const FORMAT: Record<string, Pair> = { xlsx: ["xlsx 测算表", "xlsx workbook"], html: ["HTML 报告", "HTML report"], pdf: ["PDF 报告", "PDF report"], json: ["JSON", "JSON"] };
const LOGIN_REASON: Record<string, Pair> = {
  unknown_user: ["用户名不存在", "no such username"],
  wrong_password: ["密码错误", "wrong password"],
  disabled: ["账户已停用", "account disabled"],
};
const TIERS_ZH = ["第一档", "第二档", "第三档", "第四档", "第五档"];

/** Names of what entries refer to, looked up once per page of entries. */
export interface Names {
  /** "王管（boss）", or "王管 (boss)" in English. */
  user(id: number, en?: boolean): string | undefined;
  department(id: number): string | undefined;
  budget(id: number): string | undefined;
  rateProfile(id: string): string | undefined;
}

export async function namesFor(store: Store, entries: readonly AuditEntry[]): Promise<Names> {
  const budgetIds = new Set<number>();
  for (const e of entries) {
    const [kind, id] = splitTarget(e.target);
    if (kind === "budget" && /^\d+$/.test(id)) budgetIds.add(Number(id));
    const from = (e.detail as { from?: unknown } | null)?.from;
    if (e.action === "budget.copy" && typeof from === "number") budgetIds.add(from);
  }
  const [users, departments, profiles, budgets] = await Promise.all([store.listUsers(), store.listDepartments(), store.listRateProfiles(), store.budgetNames([...budgetIds])]);
  const userById = new Map(users.map((u) => [u.id, u]));
  const userName = (id: number, en = false) => {
    const u = userById.get(id);
    return u === undefined ? undefined : u.displayName === u.username ? u.username : en ? `${u.displayName} (${u.username})` : `${u.displayName}（${u.username}）`;
  };
  const departmentById = new Map(departments.map((d) => [d.id, d.name]));
  const profileById = new Map(profiles.map((p) => [p.id, p.name]));
  return { user: userName, department: (id) => departmentById.get(id), budget: (id) => budgets.get(id), rateProfile: (id) => profileById.get(id) };
}

function splitTarget(target: string | null): [string, string] {
  if (!target) return ["", ""];
  const i = target.indexOf(":");
  return i < 0 ? ["", target] : [target.slice(0, i), target.slice(i + 1)];
}

const quoted = (s: string, lang: Lang) => (lang === "en" ? ` “${s}”` : `“${s}”`);

/** Sign-in failures and throttles name the account by the username typed (`user:<username>`), not by id. */
const BY_USERNAME = new Set(["login.failed", "login.throttled"]);

export function targetText(target: string | null, names: Names, lang: Lang, action = ""): string {
  const [kind, id] = splitTarget(target);
  const en = lang === "en";
  const n = /^\d+$/.test(id) ? Number(id) : NaN;
  switch (kind) {
    case "":
      return id;
    case "user": {
      const name = BY_USERNAME.has(action) ? id : names.user(n, en);
      return name !== undefined ? `${en ? "account" : "账户"} ${name}` : en ? `account no. ${id}` : `账户（编号 ${id}）`;
    }
    case "department": {
      const name = names.department(n);
      return name !== undefined ? `${en ? "department" : "部门"}${quoted(name, lang)}` : en ? `department no. ${id}` : `部门（编号 ${id}）`;
    }
    case "budget": {
      const name = names.budget(n);
      return name !== undefined ? `${en ? "budget" : "预算"}${quoted(name, lang)}` : en ? `budget no. ${id}` : `预算（编号 ${id}）`;
    }
    case "rate_profile": {
      const name = names.rateProfile(id);
      return name !== undefined ? `${en ? "rate profile" : "费率方案"}${quoted(name, lang)}` : en ? "a rate profile" : "费率方案";
    }
    default:
      return en ? "other" : "其他";
  }
}

const money = (v: unknown): string | null => {
  const d = typeof v === "string" ? Dec.tryParse(v) : typeof v === "number" && Number.isInteger(v) ? Dec.parse(String(v)) : null;
  return d ? formatMoney(d) : null;
};
const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : null);

/** The details of an entry as a sentence in the language; unknown fields as “name: value”. */
export function detailText(e: AuditEntry, names: Names, lang: Lang): string {
  const en = lang === "en";
  const d = (typeof e.detail === "object" && e.detail !== null ? e.detail : {}) as Record<string, unknown>;
  const parts: string[] = [];
  const add = (zh: string, english: string) => parts.push(en ? english : zh);
  const version = str(d.version);
  const total = money(d.total);
  const name = str(d.name);
  switch (e.action) {
    case "login.failed": {
      const reason = LOGIN_REASON[String(d.reason)];
      add(`用户名 ${str(d.username) ?? ""}`, `username ${str(d.username) ?? ""}`);
      if (reason) parts.push(pick(reason, lang));
      break;
    }
    case "login.throttled":
      add(`用户名 ${str(d.username) ?? ""}`, `username ${str(d.username) ?? ""}`);
      if (typeof d.attempts === "number") add(`本时段受限 ${d.attempts} 次`, `${d.attempts} throttled attempts in this interval`);
      break;
    case "setup":
      add(`第一个管理员 ${str(d.username) ?? ""}`, `first administrator ${str(d.username) ?? ""}`);
      break;
    case "user.create": {
      const role = ROLE[String(d.role)];
      add(`用户名 ${str(d.username) ?? ""}`, `username ${str(d.username) ?? ""}`);
      if (role) add(`角色 ${role[0]}`, `role ${role[1]}`);
      if (typeof d.departmentId === "number") add(`部门 ${names.department(d.departmentId) ?? d.departmentId}`, `department ${names.department(d.departmentId) ?? d.departmentId}`);
      if (d.via === "cli") add("由命令行创建", "created on the command line");
      break;
    }
    case "user.update": {
      if (typeof d.displayName === "string") add(`显示名改为“${d.displayName}”`, `display name now “${d.displayName}”`);
      const role = ROLE[String(d.role)];
      if (role) add(`角色改为 ${role[0]}`, `role now ${role[1]}`);
      if (d.departmentId === null) add("不再属于任何部门", "no department");
      else if (typeof d.departmentId === "number") add(`部门改为 ${names.department(d.departmentId) ?? d.departmentId}`, `department now ${names.department(d.departmentId) ?? d.departmentId}`);
      if (d.disabled === true) add("停用", "disabled");
      if (d.disabled === false) add("启用", "enabled");
      if (d.passwordReset === true) add("重设密码", "password reset");
      break;
    }
    case "department.create":
      if (name) add(`名称“${name}”`, `name “${name}”`);
      break;
    case "department.rename":
    case "budget.rename": {
      const from = str(d.from);
      const to = str(d.to) ?? name;
      add(`由“${from ?? ""}”改为“${to ?? ""}”`, `from “${from ?? ""}” to “${to ?? ""}”`);
      break;
    }
    case "rate_profile.create":
      if (name) add(`名称“${name}”`, `name “${name}”`);
      if (Array.isArray(d.rates)) parts.push(rates(d.rates, lang));
      break;
    case "rate_profile.update": {
      const before = (d.before ?? {}) as { name?: unknown; rates?: unknown };
      const after = (d.after ?? {}) as { name?: unknown; rates?: unknown };
      if (before.name !== after.name) add(`名称由“${String(before.name)}”改为“${String(after.name)}”`, `name from “${String(before.name)}” to “${String(after.name)}”`);
      if (Array.isArray(before.rates) && Array.isArray(after.rates) && before.rates.join() !== after.rates.join()) add(`费率由 ${rates(before.rates, lang)} 改为 ${rates(after.rates, lang)}`, `rates from ${rates(before.rates, lang)} to ${rates(after.rates, lang)}`);
      break;
    }
    case "budget.create":
    case "budget.import":
    case "budget.save":
    case "budget.restore": {
      if (e.action !== "budget.save" && e.action !== "budget.restore" && name) add(`名称“${name}”`, `name “${name}”`);
      if (version) add(`第 ${version} 版`, `version ${version}`);
      if (str(d.baseVersion)) add(`基于第 ${str(d.baseVersion)} 版`, `based on version ${str(d.baseVersion)}`);
      if (str(d.restoredFrom)) add(`恢复自第 ${str(d.restoredFrom)} 版`, `restored from version ${str(d.restoredFrom)}`);
      if (total) add(`总成本 ${total} 元`, `total ${total} yuan`);
      if (str(d.file)) add(`文件 ${str(d.file)}`, `file ${str(d.file)}`);
      if (str(d.comment)) add(`说明：${str(d.comment)}`, `note: ${str(d.comment)}`);
      break;
    }
    case "budget.copy":
      if (typeof d.from === "number") add(`复制自预算“${names.budget(d.from) ?? d.from}”`, `copied from budget “${names.budget(d.from) ?? d.from}”`);
      if (version) add(`第 ${version} 版`, `version ${version}`);
      break;
    case "budget.delete":
      if (name) add(`名称“${name}”`, `name “${name}”`);
      break;
    case "budget.export": {
      const f = FORMAT[String(d.format)];
      if (version) add(`第 ${version} 版`, `version ${version}`);
      if (f) parts.push(pick(f, lang));
      break;
    }
    case "budget.submit":
      if (str(d.round)) add(`第 ${str(d.round)} 轮`, `round ${str(d.round)}`);
      if (typeof d.disputed === "number" && d.disputed > 0) add(`异议 ${d.disputed} 条`, `${d.disputed} disputed`);
      if (typeof d.reviewerId === "number") add(`审核人 ${names.user(d.reviewerId) ?? d.reviewerId}`, `reviewer ${names.user(d.reviewerId, true) ?? d.reviewerId}`);
      if (version) add(`第 ${version} 版`, `version ${version}`);
      break;
    case "budget.withdraw":
    case "review.open":
      if (str(d.round)) add(`第 ${str(d.round)} 轮`, `round ${str(d.round)}`);
      if (str(d.submittedVersion)) add(`送审第 ${str(d.submittedVersion)} 版`, `submitted version ${str(d.submittedVersion)}`);
      break;
    case "review.save":
    case "review.return":
    case "review.approve": {
      if (str(d.round)) add(`第 ${str(d.round)} 轮`, `round ${str(d.round)}`);
      if (str(d.reviewVersion)) add(`审核决定第 ${str(d.reviewVersion)} 版`, `review version ${str(d.reviewVersion)}`);
      const submitted = money(d.submitted);
      const approved = money(d.approved);
      const reduction = money(d.reduction);
      if (submitted) add(`送审金额 ${submitted} 元`, `submitted ${submitted} yuan`);
      if (approved) add(`审定金额 ${approved} 元`, `approved ${approved} yuan`);
      if (reduction) add(`审减金额 ${reduction} 元`, `reduction ${reduction} yuan`);
      if (str(d.reductionRate)) add(`审减率 ${str(d.reductionRate)}%`, `reduction rate ${str(d.reductionRate)}%`);
      if (str(d.opinion)) add(`审核意见：${str(d.opinion)}`, `opinion: ${str(d.opinion)}`);
      if (str(d.comment)) add(`说明：${str(d.comment)}`, `note: ${str(d.comment)}`);
      break;
    }
    case "review.reassign":
      if (str(d.round)) add(`第 ${str(d.round)} 轮`, `round ${str(d.round)}`);
      if (typeof d.fromReviewerId === "number") add(`原审核人 ${names.user(d.fromReviewerId) ?? d.fromReviewerId}`, `from reviewer ${names.user(d.fromReviewerId) ?? d.fromReviewerId}`);
      if (typeof d.reviewerId === "number") add(`新审核人 ${names.user(d.reviewerId) ?? d.reviewerId}`, `to reviewer ${names.user(d.reviewerId) ?? d.reviewerId}`);
      break;
    case "review.reopen":
      if (str(d.round)) add(`第 ${str(d.round)} 轮`, `round ${str(d.round)}`);
      if (money(d.approvedTotal)) add(`原审定金额 ${money(d.approvedTotal) ?? ""} 元`, `approved ${money(d.approvedTotal) ?? ""} yuan`);
      if (str(d.reason)) add(`原因：${str(d.reason)}`, `reason: ${str(d.reason)}`);
      break;
    case "review.export": {
      const f = FORMAT[String(d.format)];
      if (str(d.round)) add(`第 ${str(d.round)} 轮`, `round ${str(d.round)}`);
      if (f) parts.push(pick(f, lang));
      break;
    }
    default:
      // An action added later: the fields every action shares, in words; the rest stays in the raw entry.
      if (name) add(`名称“${name}”`, `name “${name}”`);
      if (version) add(`第 ${version} 版`, `version ${version}`);
      if (total) add(`总成本 ${total} 元`, `total ${total} yuan`);
      if (str(d.comment)) add(`说明：${str(d.comment)}`, `note: ${str(d.comment)}`);
  }
  return parts.join(en ? "; " : "；");
}

function rates(list: unknown[], lang: Lang): string {
  const shown = (r: unknown) => {
    const d = typeof r === "string" ? Dec.tryParse(r) : null;
    return d ? formatDecimal(d) : String(r);
  };
  return list.map((r, i) => (lang === "en" ? `tier ${i + 1} ${shown(r)}` : `${TIERS_ZH[i] ?? ""} ${shown(r)}`)).join(lang === "en" ? ", " : "、");
}
