/** POST /api/estimate (public), request limits, and the promise that no input produces a 500. */
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_STANDARD, estimate, estimateToJson, problemsToJson, validateBudget } from "@govcost/core";
import { budgetDoc, login, seedUser, sqliteApp, type Client, type TestApp } from "./helpers/app.js";

let t: TestApp;
let admin: Client;
let alice: Client;
let budgetId: number;

beforeAll(async () => {
  t = await sqliteApp();
  const d = await t.store.createDepartment("财政局", new Date().toISOString());
  await seedUser(t.store, "root", "admin", d.id);
  await seedUser(t.store, "alice", "preparer", d.id);
  admin = await login(t.app, "root");
  alice = await login(t.app, "alice");
  budgetId = ((await alice.inject({ method: "POST", url: "/api/budgets", payload: { document: budgetDoc() } })).json() as { id: number }).id;
});
afterAll(async () => t.close());

/**
 * Worked by hand from the standard:
 *  line 1: 7.2.b T2 B2, 1 unit → F1: 1.2 × 1.2 × 1.0 = 1.44 ∈ (1, 1.5] → 第二档 22500 元/人月; × 24 = 540000.00
 *  line 2: 7.2.b T2 B2, 3 units → F2: 1.2 × 1.2 × 1.2 = 1.728 ∈ (1.5, 2.6] → 第三档 28500; × 48 = 1368000.00
 *  Q = 72 person-months = 6 person-years ∈ (5, 10] → S2, S = 0.98 (表A.4)
 *  Σ P×Q = 1908000.00; L = 1908000.00 × 0.98 = 1869840.00
 *  T = D 10000.50 + E 2000.00 + B 3000.25 = 15000.75; C = L + T = 1884840.75
 *  outside formula (1): 6.1.a 50000.00 → grand total 1934840.75
 */
const HAND_WORKED = {
  name: "手算预算",
  services: [
    { item: "7.2.b", personMonths: 24, units: 1 },
    { item: "7.2.b", personMonths: "48", units: 3 },
  ],
  nonLabor: {
    dataProducts: [{ name: "地图数据", amount: "10000.50" }],
    equipment: [{ name: "备件", amount: 2000 }],
    business: [{ name: "差旅", amount: "3000.25" }],
  },
  external: [{ item: "6.1.a", name: "电子政务外网", amount: "50000", basis: "按运营商预算标准" }],
};

describe("POST /api/estimate", () => {
  it("answers exactly what `govcost estimate --json` prints, with the hand-worked figures", async () => {
    const res = await t.app.inject({ method: "POST", url: "/api/estimate", payload: HAND_WORKED });
    expect(res.statusCode).toBe(200);
    const body = res.json() as ReturnType<typeof estimateToJson>;
    const v = validateBudget(HAND_WORKED, DEFAULT_STANDARD);
    if (!v.ok) throw new Error("hand-worked budget must be valid");
    expect(body).toEqual(JSON.parse(JSON.stringify(estimateToJson(estimate(v.budget, DEFAULT_STANDARD)))));
    expect(body.lines.map((l) => [l.coefficient, l.tier, l.unitPrice, l.amount])).toEqual([
      ["1.44", 2, "22500.00", "540000.00"],
      ["1.728", 3, "28500.00", "1368000.00"],
    ]);
    expect(body.personMonths).toBe("72");
    expect(body.scale).toMatchObject({ level: "S2", coefficient: "0.98" });
    expect(body.laborSubtotal).toBe("1908000.00");
    expect(body.labor).toBe("1869840.00");
    expect(body.nonLabor).toBe("15000.75");
    expect(body.total).toBe("1884840.75");
    expect(body.grandTotal).toBe("1934840.75");
    // Asked again: byte for byte the same answer.
    const again = await t.app.inject({ method: "POST", url: "/api/estimate", payload: HAND_WORKED });
    expect(again.body).toBe(res.body);
    expect(again.headers["content-type"]).toBe("application/json; charset=utf-8");
  });

  it("gzips the answer for clients that accept it, and the bytes unpack to the same JSON", async () => {
    const plain = await t.app.inject({ method: "POST", url: "/api/estimate", payload: HAND_WORKED });
    for (let round = 0; round < 2; round++) {
      const res = await t.app.inject({ method: "POST", url: "/api/estimate", payload: HAND_WORKED, headers: { "accept-encoding": "gzip, deflate, br" } });
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-encoding"]).toBe("gzip");
      expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length);
      expect(gunzipSync(res.rawPayload).toString("utf8")).toBe(plain.body);
    }
    // An invalid budget is answered uncompressed, with the located errors.
    const bad = await t.app.inject({ method: "POST", url: "/api/estimate", payload: { name: "x", services: [{ item: "7.2.z", personMonths: 1 }] }, headers: { "accept-encoding": "gzip" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers["content-encoding"]).toBeUndefined();
    expect((bad.json() as { error: { details: { path: string }[] } }).error.details[0]?.path).toBe("services[0].item");
  });

  it("gzips a large saved budget for clients that accept it", async () => {
    const lines = Array.from({ length: 40 }, (_, i) => ({ item: "7.2.d", personMonths: i + 1 }));
    const created = await alice.inject({ method: "POST", url: "/api/budgets", payload: { document: { name: "大预算", services: lines } } });
    const id = (created.json() as { id: number }).id;
    const res = await alice.inject({ method: "GET", url: `/api/budgets/${id}`, headers: { "accept-encoding": "gzip" } });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-encoding"]).toBe("gzip");
    const body = JSON.parse(gunzipSync(res.rawPayload).toString("utf8")) as { estimate: { laborSubtotal: string } };
    // 7.2.d: T2 1.2 × B1 1.0 = 1.2 → 第二档 22500; Σ Q = 1 + … + 40 = 820; 22500 × 820 = 18450000.00
    expect(body.estimate.laborSubtotal).toBe("18450000.00");
  });

  it("needs no account and no CSRF token", async () => {
    const res = await t.app.inject({ method: "POST", url: "/api/estimate", payload: { name: "空", services: [] }, headers: { cookie: "govcost_session=nonsense" } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total: "0.00" });
  });

  it("answers an invalid budget with 400 and the CLI's located error list", async () => {
    const bad = { name: "错", services: [{ item: "7.2.b", personMonths: "-3" }, { item: "99.9.z", personMonths: 1 }], extra: true };
    const res = await t.app.inject({ method: "POST", url: "/api/estimate", payload: bad });
    expect(res.statusCode).toBe(400);
    const v = validateBudget(bad, DEFAULT_STANDARD);
    if (v.ok) throw new Error("must be invalid");
    const body = res.json() as { error: { code: string; message: string; details: { path: string; message: string }[] } };
    expect(body.error.code).toBe("invalid_budget");
    expect(body.error.details).toEqual(JSON.parse(JSON.stringify(problemsToJson(v.problems))));
    expect(body.error.details.map((d) => d.path)).toEqual(expect.arrayContaining(["services[0].personMonths"]));
    expect(body.error.message).toMatch(/预算文件有 \d+ 处错误/);
  });

  it("answers a body over 2 MB with 413 on every route, saving nothing", async () => {
    const big = JSON.stringify({ name: "x", services: [], note: "x".repeat(2 * 1024 * 1024) });
    const tooLarge = { error: { code: "body_too_large", message: "请求体过大：上限 2 MB" } };
    const res = await t.app.inject({ method: "POST", url: "/api/estimate", payload: big, headers: { "content-type": "application/json" } });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject(tooLarge);
    const save = await alice.inject({ method: "PUT", url: `/api/budgets/${budgetId}`, payload: JSON.stringify({ document: JSON.parse(big), baseVersion: 1 }), headers: { "content-type": "application/json" } });
    expect(save.statusCode).toBe(413);
    expect(save.json()).toMatchObject(tooLarge);
    const login = await t.app.inject({ method: "POST", url: "/api/auth/login", payload: JSON.stringify({ username: "x", password: "y".repeat(2 * 1024 * 1024) }), headers: { "content-type": "application/json" } });
    expect(login.statusCode).toBe(413);
    expect((await alice.inject({ url: `/api/budgets/${budgetId}/versions` })).json()).toMatchObject({ versions: [{ version: 1 }] });
  });

  it("refuses a budget over 5,000 service lines with 400 located at services (estimate, create, save); 5,000 pass", async () => {
    const lines = (n: number) => ({ name: "大", services: Array.from({ length: n }, () => ({ item: "7.2.d", personMonths: "1" })) });
    const message = "预算有 5001 行服务内容，超过服务器的上限 5000 行：请拆分为几个预算，或用命令行工具测算";
    const tooMany = { error: { code: "too_many_lines", message, details: [{ code: "too_many_lines", path: "services", item: null, message, params: { count: 5001, max: 5000 } }] } };
    const estimateRes = await t.app.inject({ method: "POST", url: "/api/estimate", payload: lines(5001) });
    expect(estimateRes.statusCode).toBe(400);
    expect(estimateRes.json()).toEqual(tooMany);
    const create = await alice.inject({ method: "POST", url: "/api/budgets", payload: { document: lines(5001) } });
    expect(create.statusCode).toBe(400);
    expect(create.json()).toEqual(tooMany);
    const save = await alice.inject({ method: "PUT", url: `/api/budgets/${budgetId}`, payload: { document: lines(5001), baseVersion: 1 } });
    expect(save.statusCode).toBe(400);
    expect(save.json()).toEqual(tooMany);
    expect((await alice.inject({ url: `/api/budgets/${budgetId}/versions` })).json()).toMatchObject({ versions: [{ version: 1 }] });
    // At the limit: 7.2.d is T2 × B1 = 1.2 → 第二档 22500; Σ P×Q = 5000 × 22500 = 112500000.00
    const atLimit = await t.app.inject({ method: "POST", url: "/api/estimate", payload: lines(5000) });
    expect(atLimit.statusCode).toBe(200);
    expect(atLimit.json()).toMatchObject({ laborSubtotal: "112500000.00" });
  });

  it("answers malformed JSON with 400 in Chinese", async () => {
    const res = await t.app.inject({ method: "POST", url: "/api/estimate", payload: '{"name": "x", services: [', headers: { "content-type": "application/json" } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: "malformed_json", message: "请求体不是有效的 JSON" } });
    // No body at all (no content type either), or an empty one of another type: an empty body, 400.
    for (const headers of [{}, { "content-type": "text/plain" }]) {
      const none = await t.app.inject({ method: "POST", url: "/api/estimate", headers });
      expect(none.statusCode).toBe(400);
      expect(none.json()).toMatchObject({ error: { code: "empty_body", message: "请求体为空：需要 JSON" } });
    }
  });
});

describe("no user input produces a 500", () => {
  const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
  // type null: no content-type header at all; payload undefined: no body at all.
  const bodies: { payload?: string; type?: string | null }[] = [
    { type: null },
    { payload: "", type: "text/plain" },
    { payload: "" },
    { payload: "null" },
    { payload: "42" },
    { payload: '"text"' },
    { payload: "[]" },
    { payload: "{}" },
    { payload: "{" },
    { payload: '{"__proto__": {"admin": true}}' },
    { payload: '{"constructor": {"prototype": {"x": 1}}}' },
    { payload: deep(5000) },
    { payload: `{"name": ${deep(3000)}, "services": []}` },
    { payload: '{"name": "x", "services": [{"item": "7.2.b", "personMonths": 1e308}]}' },
    { payload: '{"name": "x", "services": [{"item": "7.2.b", "personMonths": "99999999999999999999999.99"}]}' },
    { payload: '{"name": "x", "services": [{"item": "7.2.b", "personMonths": "NaN"}]}' },
    { payload: '{"name": "x", "services": [{"item": "7.2.b", "personMonths": 1, "units": 1e9}]}' },
    { payload: '{"name": "\\ud800", "services": "all"}' },
    { payload: '{"document": null, "baseVersion": "1"}' },
    { payload: '{"document": {"name": "x", "services": []}, "baseVersion": 1e20}' },
    { payload: '{"document": {"name": "x", "services": []}, "baseVersion": -1, "rateProfileId": {"$ne": 1}}' },
    { payload: '{"username": ["a"], "password": {"x": 1}}' },
    { payload: '{"rates": [1, 2, 3, 4, 1e400], "name": "p", "source": ""}' },
    { payload: "name: yaml\nservices: []", type: "application/yaml" },
    { payload: "\u0000\u0001\u0002", type: "application/octet-stream" },
    { payload: "not a spreadsheet", type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
    { payload: "a=1&b=2", type: "application/x-www-form-urlencoded" },
  ];
  const ids = (id: number) => [String(id), "0", "-1", "abc", "1e3", "99999999999999999999", "%00", "..%2F..%2Fetc"];

  it("over every route, every garbage body, every odd id, logged in or not", async () => {
    const doc = (await t.app.inject({ url: "/api/openapi.json" })).json() as { paths: Record<string, Record<string, unknown>> };
    const seen: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      // Logging out or deleting the real budget would leave the rest of the loop testing only 401/404.
      if (path === "/api/auth/logout") continue;
      for (const method of Object.keys(ops).map((m) => m.toUpperCase())) {
        const urls = path.includes("{")
          ? ids(budgetId)
              .filter((id) => method !== "DELETE" || id !== String(budgetId))
              .map((id) => path.replace("{id}", id).replace("{v}", id === String(budgetId) ? "1" : id))
          : [path];
        for (const url of urls) {
          for (const query of ["", "?from=x&to=&version=-1&limit=1e9&format=exe&unit=%FF&before=abc", "?from=1&to=1"]) {
            const bodiesHere = method === "GET" ? [undefined] : bodies;
            for (const b of bodiesHere) {
              for (const client of [admin, alice, null]) {
                const headers: Record<string, string> = b && b.type !== null ? { "content-type": b.type ?? "application/json" } : {};
                const payload = b?.payload !== undefined ? { payload: b.payload } : {};
                const res = client
                  ? await client.inject({ method: method as "GET", url: url + query, ...payload, headers })
                  : await t.app.inject({ method: method as "GET", url: url + query, ...payload, headers });
                if (res.statusCode >= 500 && !(res.statusCode === 501 && url.includes("export"))) {
                  throw new Error(`${method} ${url + query} ${b?.payload?.slice(0, 60) ?? "(no body)"} ${b?.type ?? ""} → ${res.statusCode} ${res.body.slice(0, 200)}`);
                }
                if (res.statusCode >= 400) expect(res.json()).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
                seen.push(`${method} ${path}`);
              }
            }
          }
        }
      }
    }
    expect(new Set(seen).size).toBeGreaterThan(30);
    // Still logged in and the budget still there: the loop really exercised the routes.
    expect((await admin.inject({ url: "/api/auth/me" })).statusCode).toBe(200);
    expect((await alice.inject({ url: `/api/budgets/${budgetId}` })).statusCode).toBe(200);
  }, 120_000);
});
