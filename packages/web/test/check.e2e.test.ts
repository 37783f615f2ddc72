/**
 * 批量核查 in Chromium against a real server: a reviewer drops workbooks and a zip, the table fills
 * in, a file's findings open; a reviewer downloads the recomputed budget, an administrator with a
 * department turns it into a budget; an .ods and an .xls (in a zip) are converted by the server and
 * checked like their xlsx.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { allText, signIn, startHarness, type Harness } from "./harness.js";
import * as fx from "../../workbook/test/fixtures/foreign.js";
import { saveAs, SOFFICE } from "../../workbook/test/libreoffice.js";

const WANG = { username: "wang", password: "wang-pass-12", displayName: "王审核", department: "市财政局", role: "reviewer" as const };
const LI = { username: "li", password: "li-pass-1234", displayName: "李管理", department: "市数据局", role: "admin" as const };

let h: Harness;
const dir = mkdtempSync(join(tmpdir(), "govcost-check-e2e-"));

beforeAll(async () => {
  h = await startHarness([WANG, LI]);
  writeFileSync(join(dir, "errors.xlsx"), await fx.errors());
  writeFileSync(join(dir, "clean.xlsx"), await fx.cleanYuan());
  const zip = new JSZip();
  zip.file("二组/names.xlsx", await fx.names());
  zip.file("二组/stale.xlsx", await fx.stale());
  zip.file("说明.txt", "不是工作簿");
  // A zip bomb in small: 3 MB of zeros, deflated to a few KB; past the 2 MB limit once inflated.
  zip.file("二组/炸弹.xlsx", Buffer.alloc(3 * 1024 * 1024), { compression: "DEFLATE" });
  writeFileSync(join(dir, "送审.zip"), await zip.generateAsync({ type: "nodebuffer" }));
});

afterAll(async () => {
  await h?.close();
});

describe("批量核查", { timeout: 300_000 }, () => {
  it("a reviewer drops workbooks and a zip; the table fills in; findings open; the recomputed budget downloads", async () => {
    const { context, page } = await signIn(h.browser, h.url, WANG);
    await page.click(".ant-menu >> text=批量核查");
    await page.locator("[data-testid=check-drop] input[type=file]").setInputFiles([join(dir, "errors.xlsx"), join(dir, "clean.xlsx"), join(dir, "送审.zip")]);
    // Each file is checked in a fresh worker thread on the server: on a busy machine that takes a while.
    await expect.poll(async () => page.locator("[data-testid=check-progress]").textContent(), { timeout: 150_000 }).toBe("5 / 5");
    const body = page.locator(".ant-table-tbody");
    // Inflated only up to the limit in the browser, and not sent.
    await allText(page.locator(".ant-table-tbody tr", { hasText: "炸弹.xlsx" })).toContain("解压后超过 2 MB 的上限，未核查");
    // errors: 2015000 − 1877680 = 137320; names: 459000 − 358500 = 100500
    await allText(body).toContain("137,320.00");
    await allText(body).toContain("100,500.00");
    await allText(body).toContain("送审.zip/二组/stale.xlsx");
    await allText(body).toContain("错误 4");
    const row = page.locator(".ant-table-tbody tr", { hasText: "errors.xlsx" });
    await row.locator("text=查看发现").click();
    const drawer = page.locator(".ant-drawer");
    await allText(drawer).toContain("测算明细!H5");
    await allText(drawer).toContain("144,000.00"); // (28500 − 22500) × 24
    await allText(drawer).toContain("按标准应为 22,500 元/人月");
    await page.keyboard.press("Escape");
    const [download] = await Promise.all([page.waitForEvent("download"), row.locator("text=下载核定预算").click()]);
    expect(download.suggestedFilename()).toBe("errors-核定预算.json");
    await context.close();
  });

  it.skipIf(!SOFFICE)("an .ods and an .xls inside a zip are converted by the server and fill their rows like the xlsx (skipped where LibreOffice is not installed)", async () => {
    const xlsx = await fx.errors();
    writeFileSync(join(dir, "errors.ods"), saveAs(xlsx, "ods"));
    const zip = new JSZip();
    zip.file("旧格式/errors.xls", saveAs(xlsx, "xls"));
    writeFileSync(join(dir, "旧格式.zip"), await zip.generateAsync({ type: "nodebuffer" }));
    const { context, page } = await signIn(h.browser, h.url, WANG);
    await page.click(".ant-menu >> text=批量核查");
    await page.locator("[data-testid=check-drop] input[type=file]").setInputFiles([join(dir, "errors.ods"), join(dir, "旧格式.zip")]);
    await expect.poll(async () => page.locator("[data-testid=check-progress]").textContent(), { timeout: 200_000 }).toBe("2 / 2");
    // As for errors.xlsx: declared 2015000, recomputed (342000 + 684000 + 22500 × 24 + 350000) × 0.98 = 1877680, difference 137320
    for (const name of ["errors.ods", "旧格式.zip/旧格式/errors.xls"]) {
      const row = page.locator(".ant-table-tbody tr", { hasText: name });
      await allText(row).toContain("2,015,000.00");
      await allText(row).toContain("1,877,680.00");
      await allText(row).toContain("137,320.00");
      await allText(row).toContain("错误 4");
    }
    await context.close();
  });

  it("an empty file is said to be empty; leaving the page with its table asks first, and staying keeps the table", async () => {
    writeFileSync(join(dir, "空.xlsx"), Buffer.alloc(0));
    const { context, page } = await signIn(h.browser, h.url, WANG);
    await page.click(".ant-menu >> text=批量核查");
    await page.locator("[data-testid=check-drop] input[type=file]").setInputFiles([join(dir, "空.xlsx")]);
    await expect.poll(async () => page.locator("[data-testid=check-progress]").textContent(), { timeout: 60_000 }).toBe("1 / 1");
    await allText(page.locator(".ant-table-tbody")).toContain("文件为空（0 字节），不是工作簿");
    await page.click(".ant-menu >> text=待我审核");
    const ask = page.locator(".ant-modal-confirm", { hasText: "离开批量核查？" });
    await ask.locator("button", { hasText: "留在此页" }).click();
    await allText(page.locator(".ant-table-tbody")).toContain("空.xlsx");
    expect(new URL(page.url()).pathname).toBe("/check");
    await page.click(".ant-menu >> text=待我审核");
    await ask.locator("button", { hasText: "离开此页" }).click();
    await page.waitForURL(/\/reviews$/);
    await context.close();
  });

  it("an administrator with a department turns a checked file into a budget", async () => {
    const { context, page } = await signIn(h.browser, h.url, LI);
    await page.click(".ant-menu >> text=批量核查");
    await page.locator("[data-testid=check-drop] input[type=file]").setInputFiles([join(dir, "errors.xlsx")]);
    await expect.poll(async () => page.locator("[data-testid=check-progress]").textContent(), { timeout: 150_000 }).toBe("1 / 1");
    await page.locator(".ant-table-tbody tr", { hasText: "errors.xlsx" }).locator("text=转为预算").click();
    // Opening the new budget leaves the page, whose table would be cleared: it asks first.
    const ask = page.locator(".ant-modal-confirm", { hasText: "离开批量核查？" });
    await allText(ask).toContain("离开此页将清除结果表");
    await ask.locator("button", { hasText: "离开此页" }).click();
    await page.waitForURL(/\/budgets\/\d+$/);
    // The budget recomputed by the standard: 1916000 × 0.98 = 1877680.00
    await allText(page.locator("body")).toContain("1,877,680.00");
    await context.close();
  });
});
