/** LibreOffice Calc for the workbook tests: recalculate an xlsx on load and save it again. */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type ExcelJS from "exceljs";

export const SOFFICE = ["/usr/bin/soffice", "/usr/bin/libreoffice"].find((p) => existsSync(p));

/** Open in LibreOffice with recalculation on load forced, save as xlsx. */
export function throughLibreOffice(input: Buffer): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), "govcost-lo-"));
  try {
    const profile = path.join(dir, "profile");
    mkdirSync(path.join(profile, "user"), { recursive: true });
    writeFileSync(
      path.join(profile, "user", "registrymodifications.xcu"),
      `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>`,
    );
    writeFileSync(path.join(dir, "book.xlsx"), input);
    execFileSync(
      SOFFICE as string,
      [`-env:UserInstallation=file://${profile}`, "--headless", "--norestore", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", path.join(dir, "out"), path.join(dir, "book.xlsx")],
      { timeout: 120_000, stdio: "ignore" },
    );
    return readFileSync(path.join(dir, "out", "book.xlsx"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const cached = (ws: ExcelJS.Worksheet, address: string): unknown => {
  const v = ws.getCell(address).value as unknown;
  return v && typeof v === "object" && "result" in v ? (v as { result: unknown }).result : v;
};

export const formula = (ws: ExcelJS.Worksheet, address: string): string | undefined => {
  const v = ws.getCell(address).value as unknown;
  return v && typeof v === "object" && "formula" in v ? (v as { formula: string }).formula : undefined;
};

/** Save an xlsx as another spreadsheet format with LibreOffice (a test's .ods or .xls, made from an xlsx fixture). */
export function saveAs(input: Buffer, format: "ods" | "xls"): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), "govcost-lo-"));
  try {
    writeFileSync(path.join(dir, "book.xlsx"), input);
    const filter = format === "xls" ? "xls:MS Excel 97" : "ods";
    execFileSync(SOFFICE as string, [`-env:UserInstallation=file://${dir}/profile`, "--headless", "--norestore", "--convert-to", filter, "--outdir", path.join(dir, "out"), path.join(dir, "book.xlsx")], { timeout: 120_000, stdio: "ignore" });
    return readFileSync(path.join(dir, "out", `book.${format}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
