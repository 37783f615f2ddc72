// Browser benchmark of the web app in Chromium (playwright-core, as the end-to-end tests use):
//   - bytes transferred on a cold cache: the sign-in page, and the editor of a budget (assets and API answers)
//   - opening a 1,000-line budget to an editable page (the last line's workload input present, the
//     total shown, and that frame drawn): from a click on its name in the budget list (the app already
//     loaded), and from a fresh page load of its address (assets cached), GOVCOST_BENCH_RUNS times each
//     (default 5)
//   - an edit at 1,000 lines: from the input event on the first line's workload to the end of the frame
//     that paints the new total (and, for comparison, to the next frame's callback), on a page that has
//     settled, GOVCOST_BENCH_RUNS times; and the first edit made at once after each fresh load
// Figures are min / median / max over the runs. Build first (npm run build), then: node bench/web-bench.mjs
// The functions given to page.evaluate run in the page, with the browser's globals:
/* global performance, requestAnimationFrame, requestIdleCallback, HTMLInputElement, Event */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = fileURLToPath(new URL("..", import.meta.url));
const server = await import(new URL("../packages/server/dist/index.js", import.meta.url).href);
const runs = Number(process.env.GOVCOST_BENCH_RUNS ?? 5);
const LINES = 1000;
const USER = { username: "bench", password: "bench-pass-123", displayName: "测试编制人", department: "测试部门" };

const dataDir = mkdtempSync(join(tmpdir(), "govcost-web-bench-"));
await server.addUser({ ...USER, role: "preparer", dataDir });
const s = await server.startServer({ dataDir, port: 0, host: "127.0.0.1", webRoot: join(root, "packages/web/dist"), log: () => {} });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });

const stats = (xs) => {
  const a = [...xs].sort((x, y) => x - y);
  const r = (x) => Math.round(x);
  return { min: r(a[0]), median: r(a[Math.floor(a.length / 2)]), max: r(a[a.length - 1]), runs: a.length };
};

/** A page whose network bytes (as transferred, compressed) are counted by kind. */
async function countingPage(context) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: false });
  const urls = new Map();
  const bytes = { assets: 0, api: 0 };
  cdp.on("Network.requestWillBeSent", (e) => urls.set(e.requestId, e.request.url));
  cdp.on("Network.loadingFinished", (e) => {
    const url = urls.get(e.requestId) ?? "";
    bytes[new URL(url).pathname.startsWith("/api/") ? "api" : "assets"] += e.encodedDataLength;
  });
  return { page, bytes };
}

async function signIn(page) {
  await page.goto(`${s.url}/login`);
  await page.fill("#login-username", USER.username);
  await page.fill("#login-password", USER.password);
  await page.click("button[type=submit]");
  await page.waitForSelector("[data-testid=current-user]");
}

/**
 * An edit at 1,000 lines: input event on the first line's workload → the frame that shows the new
 * total. Two ends are taken: "painted", a task queued from that frame's animation callback, which
 * runs once the frame has been drawn (style, layout, paint); and "next frame", the animation callback
 * of the frame after, which adds the wait for the next display refresh (up to 16.7 ms at 60 Hz).
 */
function editOnce(page, value) {
  return page.evaluate(
    (v) =>
      new Promise((resolve, reject) => {
        const input = document.querySelector('[data-line="0"] input[data-pm]');
        const total = document.querySelector("[data-testid=total-c]");
        if (!input || !total) return reject(new Error("editor not ready"));
        const before = total.textContent;
        const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
        let t0 = 0;
        const seen = () => {
          if (total.textContent === before) return requestAnimationFrame(seen);
          // This frame shows the change: a task queued now runs after it is drawn.
          let painted = 0;
          setTimeout(() => {
            painted = performance.now() - t0;
          }, 0);
          requestAnimationFrame(() => resolve([painted || performance.now() - t0, performance.now() - t0]));
        };
        input.focus();
        t0 = performance.now();
        setter.call(input, v);
        input.dispatchEvent(new Event("input", { bubbles: true }));
        requestAnimationFrame(seen);
      }),
    value,
  );
}

try {
  // A 1,000-line budget, created through the API.
  const login = await fetch(`${s.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: USER.username, password: USER.password }) });
  const cookie = login.headers.get("set-cookie")?.split(";")[0] ?? "";
  const { csrfToken } = await login.json();
  const ITEMS = ["7.2.a", "7.2.b", "7.1.a", "8.1.a", "9.1.a", "7.3.a", "8.2.a"];
  const document = {
    name: "千行预算",
    services: Array.from({ length: LINES }, (_, i) => ({ item: ITEMS[i % ITEMS.length], personMonths: `${1 + (i % 12)}.5`, ...(i % 3 === 0 ? { units: 1 + (i % 7) } : {}) })),
    nonLabor: { equipment: [{ name: "设备", amount: "12000.00" }] },
  };
  const created = await fetch(`${s.url}/api/budgets`, { method: "POST", headers: { "content-type": "application/json", cookie, "x-csrf-token": csrfToken }, body: JSON.stringify({ document }) });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${await created.text()}`);
  const { id } = await created.json();

  // Transfer sizes on a cold cache.
  const cold = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" });
  const a = await countingPage(cold);
  await a.page.goto(`${s.url}/login`, { waitUntil: "networkidle" });
  const loginBytes = { ...a.bytes };
  await cold.close();
  const cold2 = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" });
  const signer = await cold2.newPage();
  await signIn(signer);
  await signer.close();
  const cold3 = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN", storageState: await cold2.storageState() });
  await cold2.close();
  const b = await countingPage(cold3);
  await b.page.goto(`${s.url}/budgets/${id}`, { waitUntil: "networkidle" });
  await b.page.waitForSelector(`[data-line="${LINES - 1}"] input[data-pm]`);
  const editorBytes = { ...b.bytes };
  await cold3.close();

  // Opening the budget: fresh page loads in a signed-in context (assets cached, as for a returning user).
  const warm = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" });
  const page = await warm.newPage();
  await signIn(page);
  const fromList = [];
  for (let i = 0; i < runs; i++) {
    await page.goto(`${s.url}/budgets`);
    await page.waitForSelector(".ant-table-tbody a");
    const ms = await page.evaluate(
      (n) =>
        new Promise((resolve, reject) => {
          const link = [...document.querySelectorAll(".ant-table-tbody a")].find((a) => a.textContent?.includes("千行预算"));
          if (!link) return reject(new Error("no link"));
          const t0 = performance.now();
          link.click();
          const check = () => {
            const done = document.querySelector(`[data-line="${n - 1}"] input[data-pm]`) && /\d/.test(document.querySelector("[data-testid=total-c]")?.textContent ?? "");
            // In the frame that will first draw the editor: a task queued now runs once it is drawn.
            if (done) setTimeout(() => resolve(performance.now() - t0), 0);
            else requestAnimationFrame(check);
          };
          requestAnimationFrame(check);
        }),
      LINES,
    );
    fromList.push(ms);
  }
  // Leaving an edited budget asks first (beforeunload): the next fresh load accepts.
  page.on("dialog", (d) => d.accept());
  const open = [];
  const firstEdit = [];
  for (let i = 0; i < runs; i++) {
    await page.goto(`${s.url}/budgets/${id}`);
    const ms = await page.evaluate(
      (n) =>
        new Promise((resolve) => {
          const check = () => {
            const ready = document.querySelector(`[data-line="${n - 1}"] input[data-pm]`) && /\d/.test(document.querySelector("[data-testid=total-c]")?.textContent ?? "");
            if (ready) setTimeout(() => resolve(performance.now()), 0);
            else requestAnimationFrame(check);
          };
          requestAnimationFrame(check);
        }),
      LINES,
    );
    open.push(ms);
    // The first keystroke once the editor is drawn, while what follows the opening (the charts'
    // code, their first drawing) may still be running.
    firstEdit.push((await editOnce(page, String(40 + i)))[0]);
  }

  // Edits on a page that has settled: no request for 500 ms, then an idle moment.
  await page.goto(`${s.url}/budgets/${id}`, { waitUntil: "networkidle" });
  await page.waitForSelector(`[data-line="${LINES - 1}"] input[data-pm]`);
  await page.evaluate(() => new Promise((resolve) => requestIdleCallback(() => resolve(), { timeout: 5000 })));
  const edit = [];
  const editNextFrame = [];
  for (let i = 0; i < runs; i++) {
    const [ms, next] = await editOnce(page, String(20 + i));
    edit.push(ms);
    editNextFrame.push(next);
  }

  await warm.close();

  const kb = (n) => Math.round(n / 1024);
  const result = {
    "sign-in page, cold cache (KB transferred)": { assets: kb(loginBytes.assets), api: kb(loginBytes.api) },
    [`editor of a ${LINES}-line budget, cold cache (KB transferred)`]: { assets: kb(editorBytes.assets), api: kb(editorBytes.api) },
    [`open a ${LINES}-line budget from the budget list to an editable page (ms)`]: stats(fromList),
    [`open a ${LINES}-line budget by a fresh page load (navigation start to editable, ms)`]: stats(open),
    [`first edit right after a fresh load, to the painted total (ms)`]: stats(firstEdit),
    [`edit at ${LINES} lines to the painted total (ms)`]: stats(edit),
    [`edit at ${LINES} lines to the next frame's callback after the total changed (ms)`]: stats(editNextFrame),
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  await browser.close();
  await s.close();
  rmSync(dataDir, { recursive: true, force: true });
}
