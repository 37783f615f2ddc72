/**
 * End-to-end harness: a real server (@govcost/server, SQLite in a temp directory) serving the
 * built web app, and Debian's Chromium driven by playwright-core.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { expect } from "vitest";
import type * as ServerModuleNs from "@govcost/server";

type ServerModule = typeof ServerModuleNs;

export const WEB_ROOT = resolve(import.meta.dirname, "..", "dist");

export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

export interface Harness {
  url: string;
  dataDir: string;
  browser: Browser;
  close(): Promise<void>;
}

export interface Account {
  username: string;
  password: string;
  displayName: string;
  department: string;
  role?: "admin" | "preparer" | "reviewer";
}

/** Build the web app if needed, start a server on a free port with fresh accounts, launch Chromium. */
export async function startHarness(accounts: Account[], log: (line: string) => void = () => {}): Promise<Harness> {
  if (!existsSync(join(WEB_ROOT, "index.html"))) {
    execFileSync("npm", ["run", "build"], { cwd: resolve(import.meta.dirname, ".."), stdio: "ignore" });
  }
  // Imported when the tests start, so that collecting this file does not need the server built.
  const server: ServerModule = await import("@govcost/server");
  const dataDir = mkdtempSync(join(tmpdir(), "govcost-web-e2e-"));
  for (const a of accounts) {
    await server.addUser({ username: a.username, password: a.password, role: a.role ?? "preparer", displayName: a.displayName, department: a.department, dataDir });
  }
  const s = await server.startServer({ dataDir, port: 0, host: "127.0.0.1", webRoot: WEB_ROOT, log });
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  return {
    url: s.url,
    dataDir,
    browser,
    close: async () => {
      await browser.close();
      await s.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function signIn(browser: Browser, url: string, a: Pick<Account, "username" | "password">): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true, locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto(`${url}/login`);
  await page.fill("#login-username", a.username);
  await page.fill("#login-password", a.password);
  await page.click("button[type=submit]");
  await page.waitForSelector("[data-testid=current-user]");
  await page.waitForSelector(".ant-table");
  return { context, page };
}

/** Add a service line through the keyboard: type the id in the add-line box, Enter, type the workload. */
export async function addLine(page: Page, item: string, personMonths: string): Promise<void> {
  const before = await page.locator("[data-line]").count();
  await page.fill("[data-testid=add-line]", item);
  await page.keyboard.press("Enter");
  await page.locator(`[data-line="${before}"]`).waitFor();
  // Focus moves to the new line's workload.
  await page.waitForFunction(() => document.activeElement?.hasAttribute("data-pm"));
  await page.keyboard.type(personMonths);
}

// Web-first checks on top of vitest's expect.poll (playwright's own expect is not part of playwright-core).

const WAIT = { timeout: 10_000, interval: 50 };
export const text = (l: Locator) => expect.poll(async () => (await l.first().textContent()) ?? "", WAIT);
export const count = (l: Locator) => expect.poll(() => l.count(), WAIT);
export const value = (l: Locator) => expect.poll(() => l.inputValue(), WAIT);
export const allText = (l: Locator) => expect.poll(async () => (await l.allTextContents()).join("\n"), WAIT);

/**
 * Click a button of the open dialog (a Modal or a Modal.confirm) once its zoom-in has finished. While
 * it runs, the dialog first sits unscaled at its place for a frame (to be measured) and is then
 * scaled from the mouse: a loaded machine can see it still there twice, click, and hit nothing.
 */
export async function clickInModal(page: Page, button: string): Promise<void> {
  await page.waitForFunction(
    () => {
      const open = [...document.querySelectorAll<HTMLElement>(".ant-modal")].filter((el) => el.offsetParent !== null);
      return open.length > 0 && open.every((el) => !/-(enter|appear|leave)\b/.test(el.className));
    },
    undefined,
    { timeout: 15_000 },
  );
  await page.click(`.ant-modal:visible ${button}`);
}

/**
 * Wait until an antd popup (a dropdown menu, or a select's option list) is open and has finished
 * its opening motion: on a loaded machine a click during the motion can land on nothing.
 */
export async function popupSettled(page: Page, kind: "dropdown" | "select-dropdown"): Promise<void> {
  await page.waitForFunction(
    (k) => {
      const open = [...document.querySelectorAll(`.ant-${k}`)].find((el) => !el.classList.contains(`ant-${k}-hidden`));
      return open !== undefined && !/-(enter|appear|leave)\b/.test(open.className);
    },
    kind,
    { timeout: 15_000 },
  );
}
