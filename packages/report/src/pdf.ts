/**
 * Print the HTML report to PDF with the system's Chromium (Debian's chromium package) through
 * playwright-core. Never downloads a browser. The fonts are the system CJK fonts, embedded by
 * Chromium in the PDF.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
import { ReportError } from "./errors.js";

export interface ReportPdfOptions {
  /** Path of the Chromium executable (default: $GOVCOST_CHROMIUM, then /usr/bin/chromium). */
  chromiumPath?: string;
}

export const CHROMIUM_ARGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

const INSTALL_HINT = "请安装 Chromium 和中文字体（Debian/Ubuntu：apt-get install chromium fonts-wqy-microhei），或用环境变量 GOVCOST_CHROMIUM 指定 Chromium 的路径。";

const FOOTER =
  `<div style="width:100%;font-size:8px;color:#555;text-align:center;font-family:'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif;">` +
  `第 <span class="pageNumber"></span> 页 / 共 <span class="totalPages"></span> 页</div>`;
const HEADER =
  `<div style="width:100%;font-size:7px;color:#777;padding:0 15mm;text-align:right;font-family:'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif;">` +
  `<span class="title"></span></div>`;

/**
 * Whether fontconfig knows a font covering Chinese: true/false, or null where fc-list is not
 * available (then nothing is claimed). Without such a font Chromium prints Chinese as boxes.
 */
export function hasCjkFont(): boolean | null {
  try {
    const out = execFileSync("fc-list", [":lang=zh", "family"], { timeout: 10_000, stdio: ["ignore", "pipe", "ignore"] });
    return out.toString().trim().length > 0;
  } catch {
    return null;
  }
}

/** The Chromium that renderReportPdf would use. */
export function chromiumPathFrom(opts: ReportPdfOptions = {}, env: Readonly<Record<string, string | undefined>> = process.env): string {
  return opts.chromiumPath ?? (env.GOVCOST_CHROMIUM || "/usr/bin/chromium");
}

/**
 * Print a report (from renderReportHtml) to an A4 PDF with page numbers. Throws ReportError,
 * with a Chinese message saying what to install, when Chromium is missing or fails.
 */
export async function renderReportPdf(html: string, opts: ReportPdfOptions = {}): Promise<Buffer> {
  const executablePath = chromiumPathFrom(opts);
  if (!existsSync(executablePath)) {
    throw new ReportError("chromium_missing", `生成 PDF 需要 Chromium 浏览器，但未找到：${executablePath}。${INSTALL_HINT}`);
  }
  if (hasCjkFont() === false) {
    throw new ReportError("cjk_font_missing", "系统中没有中文字体，PDF 中的中文会显示为方框。请安装中文字体（Debian/Ubuntu：apt-get install fonts-wqy-microhei 或 fonts-noto-cjk）。");
  }
  let browser;
  try {
    browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS], timeout: 60_000 });
  } catch (err) {
    throw new ReportError("chromium_failed", `无法启动 Chromium（${executablePath}）：${firstLine(err)}。${INSTALL_HINT}`, { cause: err });
  }
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    // Nothing may be fetched while printing: the report is self-contained, and a stray URL must not leak.
    await context.route("**/*", (route) => route.abort());
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: "load", timeout: 60_000 });
    const pdf = await page.pdf({
      format: "A4",
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: HEADER,
      footerTemplate: FOOTER,
      margin: { top: "16mm", right: "15mm", bottom: "18mm", left: "15mm" },
    });
    return Buffer.from(pdf);
  } catch (err) {
    throw new ReportError("chromium_failed", `Chromium 打印 PDF 失败：${firstLine(err)}`, { cause: err });
  } finally {
    await browser.close().catch(() => undefined);
  }
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return (text.split("\n")[0] ?? "").slice(0, 300);
}
