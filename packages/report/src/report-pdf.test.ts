import { execFileSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_STANDARD, estimate, loadBudget } from "@govcost/core";
import { ReportError, chromiumPathFrom, hasCjkFont, renderReportHtml, renderReportPdf } from "./index.js";

/**
 * One real Chromium print per file. The budget:
 *  7.2.b, 3 units → F2: 1.2 × 1.2 × 1.2 = 1.728 → 第三档 28500 × 24 = 684000.00
 *  8.1.a (不涉及 → F1): 1.5 × 1.5 × 1.0 = 2.25 → 第三档 28500 × 12 = 342000.00
 *  Σ Q = 36 人月 = 3 人年 → S1, S = 1.00; L = 1026000.00
 *  T = 业务费 6000.00; C = 1026000.00 + 6000.00 = 1032000.00 (shown 1,032,000.00)
 */
const BUDGET = `
name: 粤东某市数据共享运营项目
services:
  - { item: 7.2.b, personMonths: 24, units: 3 }
  - { item: 8.1.a, personMonths: 12 }
nonLabor:
  business: [{ name: 会议费, amount: 6000 }]
`;

let dir = "";
let pdfPath = "";
/** A local server that counts every request the printing browser makes to it. */
let server: Server | null = null;
let hits = 0;

beforeAll(async () => {
  server = createServer((_req, res) => {
    hits++;
    res.end("x");
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const loaded = loadBudget(BUDGET, DEFAULT_STANDARD);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const html = renderReportHtml(estimate(loaded.budget, DEFAULT_STANDARD), { generatedAt: new Date("2025-03-01T00:00:00Z") });
  // Markup that would fetch if anything let it (the report itself never has such markup).
  const probe = `<img src="http://127.0.0.1:${port}/img.png"><link rel="stylesheet" href="http://127.0.0.1:${port}/a.css">`;
  dir = mkdtempSync(join(tmpdir(), "govcost-report-"));
  pdfPath = join(dir, "report.pdf");
  const pdf = await renderReportPdf(html.replace("</body>", `${probe}</body>`));
  writeFileSync(pdfPath, pdf);
});

afterAll(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

describe("renderReportPdf with the system's Chromium", () => {
  it("fetches nothing while printing", () => {
    expect(hits).toBe(0);
  });

  it("prints A4 pages", () => {
    const info = execFileSync("pdfinfo", [pdfPath]).toString();
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(1);
    // A4 = 210 × 297 mm = 595.28 × 841.89 pt; Chromium rounds to whole CSS pixels (595.92 × 842.88).
    expect(info).toMatch(/Page size:\s+595\.\d+ x 84[12]\.\d+ pts \(A4\)/);
  });

  it("has the Chinese text as real text (no boxes): project name, 总成本 and the total", () => {
    const text = execFileSync("pdftotext", ["-layout", pdfPath, "-"]).toString();
    expect(text).toContain("粤东某市数据共享运营项目");
    expect(text).toContain("总成本");
    expect(text).toContain("1,032,000.00");
    expect(text).toContain("人民币壹佰零叁万贰仟元整");
    expect(text).toContain("测算说明");
    // Page numbers from the footer template.
    expect(text).toMatch(/第\s*1\s*页\s*\/\s*共\s*\d+\s*页/);
  });

  it("embeds every font it uses, with a Unicode map (text can be copied and searched)", () => {
    // pdffonts columns: name type encoding emb sub uni object-id generation. Chromium's Skia embeds the
    // CJK OpenType fonts as Type 3 glyph programs, with ToUnicode maps.
    const rows = execFileSync("pdffonts", [pdfPath]).toString().trim().split("\n").slice(2);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/\s+yes\s+(?:yes|no)\s+yes\s+\d+\s+\d+$/);
  });
});

describe("renderReportPdf without Chromium", () => {
  it("says in Chinese what to install", async () => {
    const err = await renderReportPdf("<p>x</p>", { chromiumPath: join(tmpdir(), "no-such-chromium") }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReportError);
    expect((err as ReportError).code).toBe("chromium_missing");
    expect((err as ReportError).message).toContain("apt-get install chromium fonts-wqy-microhei");
    expect((err as ReportError).message).toContain("GOVCOST_CHROMIUM");
  });

  it("finds a Chinese font through fontconfig on this machine", () => {
    expect(hasCjkFont()).toBe(true);
  });

  it("takes the path from the option, then GOVCOST_CHROMIUM, then /usr/bin/chromium", () => {
    expect(chromiumPathFrom({ chromiumPath: "/opt/c" }, { GOVCOST_CHROMIUM: "/x" })).toBe("/opt/c");
    expect(chromiumPathFrom({}, { GOVCOST_CHROMIUM: "/x" })).toBe("/x");
    expect(chromiumPathFrom({}, {})).toBe("/usr/bin/chromium");
  });
});
