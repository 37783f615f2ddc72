/**
 * Exports and imports of the largest budget the server takes (5,000 lines) run in a worker thread:
 * other requests are answered meanwhile, and a worker over its limits answers 503.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_SERVER_LINES } from "../src/app.js";
import { budgetDoc, login, seedUser, sqliteApp, type Client, type TestApp } from "./helpers/app.js";

let t: TestApp;
let c: Client;
let id: number;

beforeAll(async () => {
  t = await sqliteApp();
  const d = await t.store.createDepartment("大预算部门", new Date().toISOString());
  await seedUser(t.store, "big", "preparer", d.id);
  c = await login(t.app, "big");
  const created = await c.inject({ method: "POST", url: "/api/budgets", payload: { document: budgetDoc("五千行", MAX_SERVER_LINES) } });
  expect(created.statusCode).toBe(201);
  id = (created.json() as { id: number }).id;
});
afterAll(async () => t.close());

/**
 * Probe /api/health one request after another for as long as `work` runs; the slowest answer and
 * the event loop's longest stall (monitorEventLoopDelay) while it ran.
 */
async function whileRunning<T>(work: Promise<T>): Promise<{ result: T; slowestHealthMs: number; probes: number; maxLoopDelayMs: number }> {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  let done = false;
  const finished = work.finally(() => {
    done = true;
  });
  let slowest = 0;
  let probes = 0;
  while (!done) {
    const start = performance.now();
    const r = await t.app.inject({ url: "/api/health" });
    expect(r.statusCode).toBe(200);
    slowest = Math.max(slowest, performance.now() - start);
    probes++;
    // inject on SQLite can finish without a turn of the event loop: give the worker's answer its turn
    await new Promise((resolve) => setImmediate(resolve));
  }
  const result = await finished;
  h.disable();
  return { result, slowestHealthMs: slowest, probes, maxLoopDelayMs: h.max / 1e6 };
}

describe("exports and imports of a 5,000-line budget in a worker", () => {
  let xlsx: Buffer;

  it("xlsx export: /api/health answers within 1 s while it runs", async () => {
    const { result, slowestHealthMs, probes, maxLoopDelayMs } = await whileRunning(c.inject({ url: `/api/budgets/${id}/export?format=xlsx` }));
    expect(result.statusCode).toBe(200);
    xlsx = result.rawPayload;
    expect(xlsx.subarray(0, 2).toString()).toBe("PK");
    process.stdout.write(`xlsx export: ${probes} health probes, slowest ${slowestHealthMs.toFixed(0)} ms, event loop max delay ${maxLoopDelayMs.toFixed(0)} ms\n`);
    expect(probes).toBeGreaterThan(1);
    expect(slowestHealthMs).toBeLessThan(1000);
  });

  it("HTML export: /api/health answers within 1 s while it runs", async () => {
    const { result, slowestHealthMs, probes, maxLoopDelayMs } = await whileRunning(c.inject({ url: `/api/budgets/${id}/export?format=html` }));
    expect(result.statusCode).toBe(200);
    expect(result.body).toContain("五千行");
    process.stdout.write(`html export: ${probes} health probes, slowest ${slowestHealthMs.toFixed(0)} ms, event loop max delay ${maxLoopDelayMs.toFixed(0)} ms\n`);
    expect(slowestHealthMs).toBeLessThan(1000);
  });

  it("xlsx import: /api/health answers within 1 s while it runs, and the 5,000 lines come back", async () => {
    const { result, slowestHealthMs, probes, maxLoopDelayMs } = await whileRunning(
      c.inject({ method: "POST", url: "/api/import/xlsx", payload: xlsx, headers: { "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" } }),
    );
    expect(result.statusCode).toBe(200);
    const doc = (result.json() as { document: { services: { item: string; personMonths: unknown }[] } }).document;
    expect(doc.services).toHaveLength(MAX_SERVER_LINES);
    // budgetDoc: line i is item i mod 5 with 6 + i person-months; line 4999 = 8.1.a, 5005
    expect([doc.services[4999]!.item, String(doc.services[4999]!.personMonths)]).toEqual(["8.1.a", "5005"]);
    process.stdout.write(`xlsx import: ${probes} health probes, slowest ${slowestHealthMs.toFixed(0)} ms, event loop max delay ${maxLoopDelayMs.toFixed(0)} ms\n`);
    expect(slowestHealthMs).toBeLessThan(1000);
  });

  it("a worker over its time or memory limit answers 503 in Chinese and the server keeps serving", async () => {
    const slow = await sqliteApp({ workerLimits: { timeoutMs: 50 } });
    const small = await sqliteApp({ workerLimits: { maxOldGenerationSizeMb: 4 } });
    try {
      for (const [app, code, words] of [
        [slow, "too_slow", "秒仍未完成"],
        [small, "too_large", "所需内存超过上限"],
      ] as const) {
        const d = await app.store.createDepartment("限额", new Date().toISOString());
        await seedUser(app.store, "lim", "preparer", d.id);
        const u = await login(app.app, "lim");
        const b = await u.inject({ method: "POST", url: "/api/budgets", payload: { document: budgetDoc("限额", 1000) } });
        const r = await u.inject({ url: `/api/budgets/${(b.json() as { id: number }).id}/export?format=xlsx` });
        expect(r.statusCode).toBe(503);
        expect(r.json()).toMatchObject({ error: { code } });
        expect((r.json() as { error: { message: string } }).error.message).toContain(words);
        expect(r.headers["retry-after"]).toBe("60");
        expect((await app.app.inject({ url: "/api/health" })).statusCode).toBe(200);
      }
    } finally {
      await slow.close();
      await small.close();
    }
  });
});
