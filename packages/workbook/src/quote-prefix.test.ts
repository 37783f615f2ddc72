/**
 * Text cells that start with =, + , - or @ carry Excel's quote prefix (their style's xf has
 * quotePrefix="1"), so editing them in a spreadsheet application keeps them text; LibreOffice still
 * reads the text unchanged.
 */
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { DEFAULT_STANDARD, estimate, validateBudget } from "@govcost/core";
import { writeEstimateWorkbook } from "./write.js";

const SOFFICE = ["/usr/bin/soffice", "/usr/bin/libreoffice"].find((p) => existsSync(p));
const TEXTS = ['=HYPERLINK("http://x","点")', "-1+2", "+86 20 1234", "@SUM(A1)"];

async function exported(): Promise<Buffer> {
  const v = validateBudget({ name: TEXTS[0], services: TEXTS.slice(1).map((note) => ({ item: "7.2.b", personMonths: "6", note })) }, DEFAULT_STANDARD);
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return writeEstimateWorkbook(v.budget, estimate(v.budget, DEFAULT_STANDARD));
}

describe("quote prefix on formula-like text", () => {
  it("every cell holding such a text uses an xf with quotePrefix=\"1\"; other text cells do not", async () => {
    const zip = await JSZip.loadAsync(await exported());
    const strings = [...(await zip.file("xl/sharedStrings.xml")!.async("string")).matchAll(/<si><t[^>]*>([\s\S]*?)<\/t><\/si>/g)].map((m) => m[1]!.replace(/&quot;/g, '"').replace(/&amp;/g, "&"));
    const styles = await zip.file("xl/styles.xml")!.async("string");
    const xfs = [.../<cellXfs count="\d+">([\s\S]*?)<\/cellXfs>/.exec(styles)![1]!.matchAll(/<xf\b[^>]*?(?:\/>|>[\s\S]*?<\/xf>)/g)].map((m) => m[0]);
    const seen = new Set<string>();
    let plain = 0;
    for (const name of Object.keys(zip.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))) {
      const xml = await zip.file(name)!.async("string");
      for (const m of xml.matchAll(/<c r="[A-Z]+\d+"(?: s="(\d+)")? t="s"><v>(\d+)<\/v><\/c>/g)) {
        const text = strings[Number(m[2])]!;
        const xf = xfs[Number(m[1] ?? 0)]!;
        if (TEXTS.includes(text)) {
          seen.add(text);
          expect(xf, text).toContain('quotePrefix="1"');
        } else if (!/^[=+\-@]/.test(text)) {
          plain++;
          expect(xf, text).not.toContain("quotePrefix");
        }
      }
    }
    expect([...seen].sort()).toEqual([...TEXTS].sort());
    expect(plain).toBeGreaterThan(50);
  });

  it.skipIf(!SOFFICE)("LibreOffice reads the texts unchanged (skipped only without LibreOffice)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "govcost-qp-"));
    try {
      writeFileSync(path.join(dir, "q.xlsx"), await exported());
      execFileSync(SOFFICE as string, [`-env:UserInstallation=file://${path.join(dir, "profile")}`, "--headless", "--norestore", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", path.join(dir, "out"), path.join(dir, "q.xlsx")], { timeout: 120_000, stdio: "ignore" });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(readFileSync(path.join(dir, "out", "q.xlsx")) as unknown as ArrayBuffer);
      const found: string[] = [];
      wb.eachSheet((ws) =>
        ws.eachRow((row) =>
          row.eachCell((cell) => {
            const v = cell.value as unknown;
            const text = typeof v === "string" ? v : v && typeof v === "object" && "richText" in v ? (v as { richText: { text: string }[] }).richText.map((r) => r.text).join("") : null;
            if (text !== null && TEXTS.includes(text)) found.push(text);
          }),
        ),
      );
      for (const t of TEXTS) expect(found, t).toContain(t);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
