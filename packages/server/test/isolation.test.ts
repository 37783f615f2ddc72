/**
 * Department isolation over every budget route: a user never sees or changes another department's
 * budget — not in lists, not by guessing ids (404, as if it did not exist), not through exports.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { budgetDoc, login, seedUser, sqliteApp, type Client, type TestApp } from "./helpers/app.js";

let t: TestApp;
const clients: Record<string, Client> = {};
let budgetId: number;
let reviewerId: number;
const SECRET_NAME = "甲部门机密预算";

interface BudgetRoute {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: (id: string) => string;
  body?: () => unknown;
  write: boolean;
  /** What some clients get instead of the default (404 for strangers; 200, or 403 for writes, for the assigned reviewer). */
  expected?: Record<string, number>;
}

/** Administrators' workflow routes: any administrator may act (never revealing the budget's contents); others are refused before any lookup. */
const ADMIN_ONLY = { owner: 403, other: 403, revOther: 403, revAssigned: 403 };

/** Every route that takes a budget id. A new budget route must be added here (checked below against the OpenAPI document). */
const ROUTES: BudgetRoute[] = [
  { method: "GET", path: (id) => `/api/budgets/${id}`, write: false },
  { method: "PUT", path: (id) => `/api/budgets/${id}`, body: () => ({ document: budgetDoc("改"), baseVersion: 1 }), write: true },
  { method: "PATCH", path: (id) => `/api/budgets/${id}`, body: () => ({ name: "改名" }), write: true },
  { method: "DELETE", path: (id) => `/api/budgets/${id}`, write: true },
  { method: "POST", path: (id) => `/api/budgets/${id}/copy`, body: () => ({ name: "副本" }), write: true },
  { method: "GET", path: (id) => `/api/budgets/${id}/versions`, write: false },
  { method: "GET", path: (id) => `/api/budgets/${id}/versions/1`, write: false },
  { method: "POST", path: (id) => `/api/budgets/${id}/versions/1/restore`, body: () => ({ baseVersion: 1 }), write: true },
  { method: "GET", path: (id) => `/api/budgets/${id}/compare?from=1&to=1`, write: false },
  { method: "GET", path: (id) => `/api/budgets/${id}/recompute`, write: false },
  { method: "GET", path: (id) => `/api/budgets/${id}/export?format=json`, write: false },
  { method: "GET", path: (id) => `/api/budgets/${id}/export?format=html`, write: false },
  { method: "POST", path: (id) => `/api/budgets/${id}/submit`, body: () => ({ reviewerId }), write: true },
  { method: "POST", path: (id) => `/api/budgets/${id}/withdraw`, write: true },
  { method: "GET", path: (id) => `/api/budgets/${id}/review`, write: false },
  { method: "GET", path: (id) => `/api/budgets/${id}/review/versions`, write: false },
  // No decision saved yet: version 1 does not exist.
  { method: "GET", path: (id) => `/api/budgets/${id}/review/versions/1`, write: false, expected: { revAssigned: 404 } },
  { method: "GET", path: (id) => `/api/budgets/${id}/review/export?format=html`, write: false },
  // The reviewer's routes before the round is opened: refused by status (409), not by role.
  { method: "PUT", path: (id) => `/api/budgets/${id}/review`, body: () => ({ baseVersion: 0, review: {} }), write: true, expected: { revAssigned: 409 } },
  { method: "POST", path: (id) => `/api/budgets/${id}/review/return`, body: () => ({ opinion: "退回" }), write: true, expected: { revAssigned: 409 } },
  { method: "POST", path: (id) => `/api/budgets/${id}/review/approve`, write: true, expected: { revAssigned: 409 } },
  { method: "POST", path: (id) => `/api/budgets/${id}/reassign`, body: () => ({ reviewerId: 999_999 }), write: true, expected: { ...ADMIN_ONLY, adminB: 400, adminNone: 400 } },
  { method: "POST", path: (id) => `/api/budgets/${id}/reopen`, body: () => ({ reason: "试" }), write: true, expected: { ...ADMIN_ONLY, adminB: 409, adminNone: 409 } },
  // Last: the assigned reviewer opens the round (the routes above still see it submitted).
  { method: "POST", path: (id) => `/api/budgets/${id}/review/open`, write: true, expected: { revAssigned: 200 } },
];

beforeAll(async () => {
  t = await sqliteApp();
  const now = new Date().toISOString();
  const a = await t.store.createDepartment("甲部门", now);
  const b = await t.store.createDepartment("乙部门", now);
  await seedUser(t.store, "owner", "preparer", a.id);
  await seedUser(t.store, "other", "preparer", b.id);
  await seedUser(t.store, "adminB", "admin", b.id);
  await seedUser(t.store, "adminNone", "admin", null);
  await seedUser(t.store, "revOther", "reviewer", a.id);
  reviewerId = (await seedUser(t.store, "revAssigned", "reviewer", b.id)).id;
  for (const name of ["owner", "other", "adminB", "adminNone", "revOther", "revAssigned"]) clients[name] = await login(t.app, name);
  const created = await clients.owner!.inject({ method: "POST", url: "/api/budgets", payload: { name: SECRET_NAME, document: budgetDoc(SECRET_NAME) } });
  budgetId = (created.json() as { id: number }).id;
  await clients.owner!.inject({ method: "POST", url: `/api/budgets/${budgetId}/submit`, payload: { reviewerId } });
});
afterAll(async () => t.close());

const send = (c: Client, r: BudgetRoute, id: string) => c.inject({ method: r.method, url: r.path(id), ...(r.body ? { payload: r.body() as Record<string, unknown> } : {}) });

describe("department isolation", () => {
  it("covers every budget route in the OpenAPI document", async () => {
    const doc = (await t.app.inject({ url: "/api/openapi.json" })).json() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths)
      .filter(([p]) => p.startsWith("/api/budgets/{id}"))
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    const tested = new Set(ROUTES.map((r) => `${r.method} ${r.path("{id}").split("?")[0]!.replace("/versions/1", "/versions/{v}")}`));
    for (const d of documented) expect(tested, d).toContain(d);
  });

  for (const who of ["other", "adminB", "adminNone", "revOther"]) {
    it.each(ROUTES.map((r) => [`${r.method} ${r.path(":id")}`, r] as const))(`${who}: %s is refused (404 unless the route says otherwise) and reveals nothing`, async (_label, r) => {
      const res = await send(clients[who]!, r, String(budgetId));
      const expected = r.expected?.[who] ?? 404;
      expect(res.statusCode).toBe(expected);
      expect(res.body).not.toContain(SECRET_NAME);
      if (expected === 404) expect(res.json()).toMatchObject({ error: { code: "not_found" } });
    });

    it(`${who}: the budget is not in their list`, async () => {
      const list = (await clients[who]!.inject({ url: "/api/budgets" })).json() as { budgets: { id: number }[] };
      expect(list.budgets.map((b) => b.id)).not.toContain(budgetId);
    });
  }

  it.each(ROUTES.map((r) => [`${r.method} ${r.path(":id")}`, r] as const))("assigned reviewer: %s reads (200) or is refused changes (403)", async (_label, r) => {
    const res = await send(clients.revAssigned!, r, String(budgetId));
    expect(res.statusCode).toBe(r.expected?.revAssigned ?? (r.write ? 403 : 200));
  });

  it.each(ROUTES.map((r) => [`${r.method} ${r.path(":id")}`, r] as const))("owner: %s with a guessed or malformed id answers 404", async (_label, r) => {
    for (const id of [String(budgetId + 1000), "0", "abc", "-1", "1.5"]) {
      const res = await send(clients.owner!, r, id);
      expect(res.statusCode, `${id}`).toBe(r.expected?.owner ?? 404);
    }
  });

  it("the budget is untouched after all of that", async () => {
    const res = await clients.owner!.inject({ url: `/api/budgets/${budgetId}` });
    expect(res.json()).toMatchObject({ name: SECRET_NAME, version: 1 });
    const versions = (await clients.owner!.inject({ url: `/api/budgets/${budgetId}/versions` })).json() as { versions: unknown[] };
    expect(versions.versions).toHaveLength(1);
  });
});
