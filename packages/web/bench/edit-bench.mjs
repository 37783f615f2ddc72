/* global performance, MutationObserver, requestAnimationFrame, HTMLInputElement, Event -- the measuring code runs in the page */
/**
 * Editor latency with a large budget: a real server (temp SQLite), a 1,000-line budget, the
 * built web app in Chromium. Edits one line's workload and measures the time from the input
 * event until the total C on screen shows the new figure (MutationObserver), then until the
 * next animation frame (the frame that paints it).
 *
 *   npm run build -w @govcost/web && node packages/web/bench/edit-bench.mjs [lines=1000] [edits=30]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { addUser, startServer } from "@govcost/server";
import { DEFAULT_STANDARD } from "@govcost/core";

const LINES = Number(process.argv[2] ?? 1000);
const EDITS = Number(process.argv[3] ?? 30);
const webRoot = resolve(import.meta.dirname, "..", "dist");
const dataDir = mkdtempSync(join(tmpdir(), "govcost-edit-bench-"));
const user = { username: "bench", password: "bench-pass-1" };
await addUser({ ...user, role: "preparer", displayName: "性能测试", department: "测试部门", dataDir });
const server = await startServer({ dataDir, port: 0, webRoot, log: () => {} });

const items = DEFAULT_STANDARD.items.filter((i) => i.kind === "formula");
const services = Array.from({ length: LINES }, (_, n) => {
  const item = items[n % items.length];
  const line = { item: item.id, personMonths: String((n % 17) + 1), method: "coefficient" };
  if (item.collaborationRule === "variable") line.units = (n % 7) + 1;
  return line;
});
const document = { name: `${LINES} 行性能测试预算`, services, nonLabor: { business: [{ name: "会议", amount: "1000" }] } };

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.fill("#login-username", user.username);
  await page.fill("#login-password", user.password);
  await page.click("button[type=submit]");
  await page.waitForSelector("text=新建预算");
  const id = await page.evaluate(async (doc) => {
    const me = await (await fetch("/api/auth/me")).json();
    const r = await fetch("/api/budgets", { method: "POST", headers: { "content-type": "application/json", "x-csrf-token": me.csrfToken }, body: JSON.stringify({ name: doc.name, document: doc }) });
    return (await r.json()).id;
  }, document);

  const t0 = Date.now();
  await page.goto(`${server.url}/budgets/${id}`);
  await page.waitForSelector(`[data-line="${LINES - 1}"]`);
  const openMs = Date.now() - t0;

  const samples = [];
  for (let k = 0; k < EDITS; k++) {
    const row = Math.floor(LINES / 2) + (k % 5);
    const ms = await page.evaluate(
      ({ row, value }) =>
        new Promise((done) => {
          const input = document.querySelector(`[data-line="${row}"] input[data-pm]`);
          const total = document.querySelector("[data-testid=total-c]");
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
      { row, value: String(20 + k) },
    );
    samples.push(ms);
  }
  const stat = (key) => {
    const v = samples.map((s) => s[key]).sort((a, b) => a - b);
    const at = (q) => v[Math.min(v.length - 1, Math.floor(q * v.length))];
    return { median: at(0.5).toFixed(1), p95: at(0.95).toFixed(1), max: v[v.length - 1].toFixed(1) };
  };
  console.log(`lines: ${LINES}, edits: ${EDITS}`);
  console.log(`open editor (load + first render of all lines): ${openMs} ms`);
  console.log(`edit → total C updated (ms):`, stat("updated"));
  console.log(`edit → next frame (ms):`, stat("frame"));
} finally {
  await browser.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
