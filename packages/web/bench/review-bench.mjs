/* global performance, PerformanceObserver, MutationObserver, requestAnimationFrame, HTMLInputElement, Event -- the measuring code runs in the page */
/**
 * The reviewer's screen with a large review: a real server (temp SQLite), a 1,000-line budget
 * submitted to a reviewer who has saved 300 decisions, the built web app in Chromium. Edits one
 * line's approved workload and measures the time from the input event until the 审定金额 on
 * screen shows the new figure (the review validated and recomputed by core's reviewBudget, and
 * rendered), then until the next animation frame.
 *
 *   npm run build && node packages/web/bench/review-bench.mjs [lines=1000] [decisions=300] [edits=30]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { addUser, startServer } from "@govcost/server";
import { DEFAULT_STANDARD } from "@govcost/core";

const LINES = Number(process.argv[2] ?? 1000);
const DECISIONS = Number(process.argv[3] ?? 300);
const EDITS = Number(process.argv[4] ?? 30);
const webRoot = resolve(import.meta.dirname, "..", "dist");
const dataDir = mkdtempSync(join(tmpdir(), "govcost-review-bench-"));
const preparer = { username: "prep", password: "prep-pass-1" };
const reviewer = { username: "rev", password: "rev-pass-12" };
await addUser({ ...preparer, role: "preparer", displayName: "编制人", department: "测试部门", dataDir });
await addUser({ ...reviewer, role: "reviewer", displayName: "审核人", department: "财政局", dataDir });
const server = await startServer({ dataDir, port: 0, webRoot, log: () => {} });

// The budget of bench/review-bench.mjs: formula items other than 8.5 (hotline), 1 to 4 person-months.
const items = DEFAULT_STANDARD.items.filter((i) => i.kind === "formula" && i.serviceType !== "8.5");
const services = Array.from({ length: LINES }, (_, n) => {
  const item = items[n % items.length];
  return { item: item.id, personMonths: String(1 + (n % 7) * 0.5), ...(item.collaborationRule === "variable" ? { units: 1 + (n % 8) } : {}) };
});
const document = { name: `${LINES} 行审核性能测试`, services, nonLabor: { equipment: [{ name: "设备", amount: "1000", note: "报价" }] } };
// Every third line cut to 0.5 person-months, from line 1.
const review = { lines: Array.from({ length: DECISIONS }, (_, k) => ({ line: 1 + k * 3, personMonths: "0.5", reason: "workload-unsupported" })) };

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
async function signIn(user) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.fill("#login-username", user.username);
  await page.fill("#login-password", user.password);
  await page.click("button[type=submit]");
  await page.waitForSelector("[data-testid=current-user]");
  return { context, page };
}
/** A JSON request from the page, with the session's CSRF token. */
const call = (page, method, url, body) =>
  page.evaluate(
    async ({ method, url, body }) => {
      const me = await (await fetch("/api/auth/me")).json();
      const r = await fetch(url, { method, headers: { "content-type": "application/json", "x-csrf-token": me.csrfToken }, body: method === "GET" ? undefined : JSON.stringify(body ?? {}) });
      if (!r.ok) throw new Error(`${method} ${url}: ${r.status} ${await r.text()}`);
      return r.json();
    },
    { method, url, body },
  );

try {
  const p = await signIn(preparer);
  const { id } = await call(p.page, "POST", "/api/budgets", { name: document.name, document });
  const { reviewers } = await call(p.page, "GET", "/api/reviewers");
  await call(p.page, "POST", `/api/budgets/${id}/submit`, { reviewerId: reviewers[0].id });
  await p.context.close();

  const { page } = await signIn(reviewer);
  await call(page, "POST", `/api/budgets/${id}/review/open`);
  await call(page, "PUT", `/api/budgets/${id}/review`, { baseVersion: 0, review });

  const t0 = Date.now();
  await page.goto(`${server.url}/reviews/${id}`);
  await page.waitForSelector("[data-review-pm='2']");
  const openMs = Date.now() - t0;

  // The page keeps only its latest recompute measure: an observer collects each one.
  await page.evaluate(() => {
    window.recomputes = [];
    new PerformanceObserver((list) => window.recomputes.push(...list.getEntries().map((e) => e.duration))).observe({ entryTypes: ["measure"] });
  });
  const samples = [];
  for (let k = 0; k < EDITS; k++) {
    // Lines 2, 3, 5, 6 … carry no decision: each edit adds one (the 301st), with its reason.
    const line = [2, 3, 5, 6, 8][k % 5];
    const ms = await page.evaluate(
      ({ line, value }) =>
        new Promise((done) => {
          const input = document.querySelector(`[data-review-pm="${line}"]`);
          const total = document.querySelector("[data-testid=review-approved]");
          const before = total.textContent;
          const start = performance.now();
          const obs = new MutationObserver(() => {
            if (total.textContent === before) return;
            obs.disconnect();
            const updated = performance.now() - start;
            requestAnimationFrame(() => done({ updated, frame: performance.now() - start }));
          });
          obs.observe(total, { characterData: true, childList: true, subtree: true });
          const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
          setter.call(input, value);
          input.dispatchEvent(new Event("input", { bubbles: true }));
        }),
      { line, value: String(20 + k) },
    );
    samples.push(ms);
  }
  // The recompute alone (validate the review file, price both budgets, the reduction table), as the page measures it.
  const recompute = await page.evaluate(() => window.recomputes);
  recompute.forEach((ms, k) => samples[k] && (samples[k].recompute = ms));
  const stat = (key) => {
    const v = samples.map((s) => s[key]).sort((a, b) => a - b);
    const at = (q) => v[Math.min(v.length - 1, Math.floor(q * v.length))];
    return { median: at(0.5).toFixed(1), p95: at(0.95).toFixed(1), max: v[v.length - 1].toFixed(1) };
  };
  console.log(`lines: ${LINES}, saved decisions: ${DECISIONS}, edits: ${EDITS}`);
  console.log(`open the reviewer's screen (load, validate, price both budgets, first page of lines): ${openMs} ms`);
  console.log(`recompute per edit (validateReview + reviewBudget, ms):`, stat("recompute"));
  console.log(`edit → 审定金额 updated (ms):`, stat("updated"));
  console.log(`edit → next frame (ms):`, stat("frame"));
} finally {
  await browser.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
