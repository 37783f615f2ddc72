/** .xls/.et/.ods: what a file is from its bytes, the conversion with LibreOffice, and the reasons when it cannot be done. */
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkResultToJson, checkWorkbook, prepareWorkbook, sniffWorkbook } from "./index.js";
import * as fx from "../test/fixtures/foreign.js";
import { saveAs, SOFFICE } from "../test/libreoffice.js";

const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** Conversions leave nothing behind: they make their temporary directories here. */
const tmp = mkdtempSync(path.join(tmpdir(), "govcost-convert-test-"));
const savedTmp = process.env.TMPDIR;
beforeAll(() => {
  process.env.TMPDIR = tmp;
});
afterAll(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  rmSync(tmp, { recursive: true, force: true });
});

/** A directory whose only program is a stand-in `soffice` running the given shell script. */
function fakeSoffice(script: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "fake-soffice-"));
  writeFileSync(path.join(dir, "soffice"), `#!/bin/sh\n${script}\n`);
  chmodSync(path.join(dir, "soffice"), 0o755);
  return dir;
}

describe("sniffWorkbook", () => {
  it("tells xlsx, OLE2 (.xls/.et), .ods and anything else apart by the bytes", async () => {
    expect(sniffWorkbook(await fx.errors())).toBe("xlsx");
    expect(sniffWorkbook(Buffer.concat([OLE2, Buffer.alloc(504)]))).toBe("ole2");
    const ods = new JSZip();
    ods.file("mimetype", "application/vnd.oasis.opendocument.spreadsheet", { compression: "STORE" });
    ods.file("content.xml", "<office:document-content/>");
    expect(sniffWorkbook(await ods.generateAsync({ type: "nodebuffer" }))).toBe("ods");
    const odt = new JSZip();
    odt.file("mimetype", "application/vnd.oasis.opendocument.text", { compression: "STORE" });
    expect(sniffWorkbook(await odt.generateAsync({ type: "nodebuffer" }))).toBe("unknown");
    const docx = new JSZip();
    docx.file("[Content_Types].xml", "<Types/>");
    docx.file("word/document.xml", "<w:document/>");
    expect(sniffWorkbook(await docx.generateAsync({ type: "nodebuffer" }))).toBe("unknown");
    expect(sniffWorkbook(Buffer.from("%PDF-1.7 not a workbook"))).toBe("unknown");
    expect(sniffWorkbook(OLE2.subarray(0, 4))).toBe("unknown");
    expect(sniffWorkbook(new Uint8Array(0))).toBe("unknown");
  });
});

describe("prepareWorkbook", () => {
  it("passes an xlsx through unchanged, and bytes that are no workbook under an xlsx name (the reader says why)", async () => {
    const x = await fx.errors();
    const r = await prepareWorkbook(x, { name: "某局.xls" });
    expect(r).toMatchObject({ ok: true, format: "xlsx", converted: false });
    expect(r.ok && r.data.equals(x)).toBe(true);
    expect(await prepareWorkbook(Buffer.from("PK not really"), { name: "a.xlsx" })).toMatchObject({ ok: true, format: "unknown", converted: false });
  });

  it("refuses bytes that are no workbook under an .xls/.et/.ods name, saying what they are not, without starting LibreOffice", async () => {
    const bin = fakeSoffice("exit 99");
    expect(await prepareWorkbook(Buffer.from("random bytes"), { name: "送审/某局.xls", pathEnv: bin })).toEqual({
      ok: false,
      reason: "该 .xls 文件不是有效的工作簿：既不是 Excel 97–2003/WPS 表格，也不是 OpenDocument（.ods）或 xlsx 工作簿",
    });
    expect(await prepareWorkbook(Buffer.from("random bytes"), { name: "a.ET", locale: "en", pathEnv: bin })).toEqual({
      ok: false,
      reason: "This .et file is not a workbook: it is neither an Excel 97–2003/WPS spreadsheet nor an OpenDocument (.ods) or xlsx workbook",
    });
  });

  it("without LibreOffice on PATH: the clear refusal, on this computer or on the server", async () => {
    const xls = Buffer.concat([OLE2, Buffer.alloc(504)]);
    expect(await prepareWorkbook(xls, { name: "old.xls", pathEnv: "/nonexistent" })).toEqual({
      ok: false,
      reason: ".xls 文件需要 LibreOffice 转换，但本机未安装 LibreOffice（soffice）；请安装 LibreOffice，或用 WPS/Excel 另存为 .xlsx 后再核查",
    });
    // Named by its bytes when its name says nothing.
    expect(await prepareWorkbook(xls, { name: "upload.bin", pathEnv: "/nonexistent", onServer: true })).toEqual({
      ok: false,
      reason: ".xls 文件需要 LibreOffice 转换，但服务器未安装 LibreOffice（soffice）；请管理员安装 LibreOffice，或用 WPS/Excel 另存为 .xlsx 后再核查",
    });
    expect(await prepareWorkbook(xls, { name: "old.et", pathEnv: "/nonexistent", onServer: true, locale: "en" })).toEqual({
      ok: false,
      reason: ".et files are converted with LibreOffice, which is not installed on the server; ask the administrator to install LibreOffice, or save the file as .xlsx in WPS/Excel and check it again",
    });
  });

  it("a conversion that fails says the file may be damaged or encrypted; one that hangs is killed at its time limit; no temporary files stay", async () => {
    const xls = Buffer.concat([OLE2, Buffer.alloc(504)]);
    expect(await prepareWorkbook(xls, { name: "坏.xls", pathEnv: fakeSoffice("exit 1") })).toEqual({
      ok: false,
      reason: "LibreOffice 未能将该 .xls 文件转换为 .xlsx（文件可能已损坏或加密）",
    });
    // Like soffice → oosplash → soffice.bin: the program started starts another; both are ended.
    const pidFile = path.join(tmp, "child.pid");
    const hang = fakeSoffice(`sleep 600 & echo $! > "${pidFile}"; wait`);
    expect(await prepareWorkbook(xls, { name: "慢.xls", pathEnv: hang, timeoutMs: 2000 })).toEqual({
      ok: false,
      reason: "LibreOffice 转换该 .xls 文件超过 2 秒仍未完成，已中止",
    });
    const child = Number(readFileSync(pidFile, "utf8"));
    rmSync(pidFile);
    // Killed: gone, or a zombie until whoever inherited it reaps it.
    const state = () => (existsSync(`/proc/${child}/stat`) ? readFileSync(`/proc/${child}/stat`, "latin1").split(") ")[1]?.[0] : "gone");
    await expect.poll(state).toMatch(/^(gone|Z)$/);
    expect(readdirSync(tmp).filter((n) => n.startsWith("govcost-convert-"))).toEqual([]);
  });

  it("an .ods whose directory declares more than the reader's limits is refused before LibreOffice sees it", async () => {
    const ods = new JSZip();
    ods.file("mimetype", "application/vnd.oasis.opendocument.spreadsheet", { compression: "STORE" });
    ods.file("content.xml", "<office:document-content/>", { compression: "DEFLATE" });
    const buf = await ods.generateAsync({ type: "nodebuffer" });
    // content.xml's central directory record: declare 300 MB inflated (the limit is 200 MB in all).
    // Its name's last occurrence is in its directory record, whose fixed part (46 bytes) comes just before.
    const at = buf.lastIndexOf("content.xml") - 46;
    expect(buf.readUInt32LE(at)).toBe(0x02014b50);
    buf.writeUInt32LE(300 * 1024 * 1024, at + 24);
    expect(sniffWorkbook(buf)).toBe("ods");
    const bin = fakeSoffice("exit 99");
    expect(await prepareWorkbook(buf, { name: "炸弹.ods", pathEnv: bin })).toEqual({ ok: false, reason: "工作簿解压后过大（超过 200.0 MB），疑似压缩炸弹，已拒绝" });
    expect(await prepareWorkbook(buf, { name: "bomb.ods", pathEnv: bin, locale: "en" })).toEqual({ ok: false, reason: "the workbook inflates beyond 200.0 MB: refused as a zip bomb" });
  });

  it.skipIf(!SOFFICE)(
    "an .ods and an .xls made from the xlsx by LibreOffice check the same as the xlsx (skipped where LibreOffice is not installed)",
    async () => {
      const xlsx = await fx.errors();
      const want = checkResultToJson(await checkWorkbook(xlsx, { fileName: "某局" }));
      // (342000 + 684000 + 22500 × 24 + 350000) × 0.98 = 1877680; 2015000 − 1877680 = 137320
      expect([want.declared, want.recomputed, want.difference]).toEqual(["2015000.00", "1877680.00", "137320.00"]);
      for (const format of ["ods", "xls"] as const) {
        const other = saveAs(xlsx, format);
        expect(sniffWorkbook(other)).toBe(format === "ods" ? "ods" : "ole2");
        const p = await prepareWorkbook(other, { name: `某局.${format}` });
        if (!p.ok) throw new Error(p.reason);
        expect(p.converted).toBe(true);
        expect(checkResultToJson(await checkWorkbook(p.data, { fileName: "某局" }))).toEqual(want);
      }
      expect(readdirSync(tmp).filter((n) => n.startsWith("govcost-convert-"))).toEqual([]);
    },
    240_000,
  );
});
