/**
 * What both halves of the store share: the records it hands out, row conversions, and the errors it
 * recognises. Two databases sit behind the one kysely query path: an embedded SQLite file
 * (better-sqlite3, the default) and PostgreSQL (pg), chosen at start-up by openStore(). They differ
 * only in connection, DDL column types, row locking and the migration lock.
 */
import type { Kysely, Transaction } from "kysely";
import type { AuditEntry, BudgetListEntry, BudgetStatus, Department, RateProfileJson, UserJson, VersionMetaJson } from "../api-types.js";
import type { Database, Dialect, Role } from "./schema.js";

export type { AuditEntry, Department };
export type User = UserJson;

export interface UserWithSecret extends User {
  passwordHash: string;
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  departmentId: number | null;
  passwordHash: string;
}

/** A rate profile as stored: the API's shape with its five prices as decimal text, and when it changed. */
export type StoredRateProfile = Omit<RateProfileJson, "builtin" | "rates"> & { rates: [string, string, string, string, string]; createdAt: string; updatedAt: string };

export interface BudgetMeta extends BudgetListEntry {
  createdBy: number;
}

/** What a saved version stores: enough to recompute it identically later. */
export interface NewVersion {
  /** The budget file and the estimate, as JSON text. */
  document: string;
  estimate: string;
  standardId: string;
  rateProfileId: string | null;
  rateProfileName: string;
  rates: string[];
  labor: string;
  nonLabor: string;
  total: string;
  grandTotal: string;
  authorId: number;
  authorName: string;
  savedAt: string;
  comment: string;
  restoredFrom: number | null;
}

export interface VersionMeta extends VersionMetaJson {
  authorId: number;
}

export interface StoredVersion extends VersionMeta {
  document: string;
  estimate: string;
}

export interface AuditInput {
  at: string;
  userId: number | null;
  username: string | null;
  action: string;
  target?: string | null;
  detail?: unknown;
  ip?: string | null;
}

export type SaveResult = { ok: true; version: number } | { ok: false; current: VersionMeta } | { ok: false; locked: BudgetStatus };

export class DuplicateError extends Error {}

/** A unique-constraint violation, in either database's words. */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

/** SQLite could not get its write lock in time (another process is writing). */
export function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
}

export type Db = Kysely<Database> | Transaction<Database>;

export const userColumns = ["users.id", "users.username", "users.display_name", "users.role", "users.department_id", "users.disabled", "users.password_hash", "departments.name as department_name"] as const;

type UserRow = Pick<Database["users"], "username" | "display_name" | "role" | "department_id" | "disabled" | "password_hash"> & { id: number; department_name: string | null };

export function toUser(r: UserRow): UserWithSecret {
  const user = { id: r.id, username: r.username, displayName: r.display_name, role: r.role, departmentId: r.department_id, departmentName: r.department_name, disabled: r.disabled !== 0 };
  return { ...user, passwordHash: r.password_hash };
}

export function publicUser(u: UserWithSecret | User): User {
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, departmentId: u.departmentId, departmentName: u.departmentName, disabled: u.disabled };
}

/** pg gives NUMERIC(18,2) as "123.40"; SQLite TEXT holds what we wrote ("123.40"). Normalise anyway. */
export const money = (v: unknown): string => String(v);

export function toVersionMeta(r: Omit<Database["budget_versions"], "document" | "estimate">): VersionMeta {
  return {
    version: r.version,
    author: r.author_name,
    authorId: r.author_id,
    savedAt: r.saved_at,
    comment: r.comment,
    total: money(r.total),
    grandTotal: money(r.grand_total),
    labor: money(r.labor),
    nonLabor: money(r.non_labor),
    standardId: r.standard_id,
    rateProfile: { id: r.rate_profile_id, name: r.rate_profile_name, rates: JSON.parse(r.rates) as string[] },
    restoredFrom: r.restored_from,
  };
}

export function auditRow(e: AuditInput) {
  return { at: e.at, user_id: e.userId, username: e.username, action: e.action, target: e.target ?? null, detail: JSON.stringify(e.detail ?? {}), ip: e.ip ?? null };
}

/** The connection and dialect every part of the store works on. */
export abstract class StoreBase {
  constructor(
    readonly dialect: Dialect,
    readonly db: Kysely<Database>,
  ) {}
}
