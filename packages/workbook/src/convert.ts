/**
 * Old binary workbooks (.xls, WPS .et) and OpenDocument ones (.ods) are read by converting them to
 * xlsx with LibreOffice headless, when it is installed; otherwise they are refused with a clear
 * reason. One conversion for `govcost check` and the server's POST /api/check.
 *
 * What a file is comes from its bytes, not its name: an xlsx/xlsm is a zip holding xl/workbook.xml,
 * an .xls/.et an OLE2 compound file, an .ods a zip whose `mimetype` entry says so. Node only.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inflateRawSync } from "node:zlib";
import { FILE, formatProblem, type Locale, type Problem, type ProblemCode, type ProblemParams } from "@govcost/core";
import { DEFAULT_LIMITS } from "./read.js";
import { readCentralDirectory } from "./zip-guard.js";

/** Extensions LibreOffice converts (WPS .et/.ett, Excel 97–2003 .xls/.xlt, OpenDocument .ods). */
export const CONVERTED_EXTENSIONS: ReadonlySet<string> = new Set([".xls", ".et", ".ods", ".ett", ".xlt"]);

/** What a workbook's bytes are: xlsx/xlsm, an OLE2 compound file (.xls/.et), an OpenDocument spreadsheet, or none of these. */
export type WorkbookFormat = "xlsx" | "ole2" | "ods" | "unknown";

const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet";
const LOCAL = 0x04034b50;

/** Decide what a workbook is from its bytes. Reads only the zip directory and the `mimetype` entry. */
export function sniffWorkbook(data: Uint8Array): WorkbookFormat {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (buf.length >= 8 && buf.subarray(0, 8).equals(OLE2)) return "ole2";
  if (buf.length < 4 || buf.readUInt32LE(0) !== LOCAL) return "unknown";
  const cd = readCentralDirectory(buf);
  if (!cd.ok) return "unknown";
  if (cd.entries.some((e) => e.name === "xl/workbook.xml")) return "xlsx";
  const m = cd.entries.find((e) => e.name === "mimetype");
  if (!m || m.uncompressedSize > 200) return "unknown";
  const p = m.localHeaderOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL) return "unknown";
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const raw = buf.subarray(start, start + m.compressedSize);
  let text: string;
  try {
    text = (m.method === 0 ? raw : m.method === 8 ? inflateRawSync(raw, { maxOutputLength: 200 }) : Buffer.alloc(0)).toString("latin1");
  } catch {
    return "unknown";
  }
  return text.trim() === ODS_MIMETYPE ? "ods" : "unknown";
}

/** LibreOffice's `soffice` (or `libreoffice`) on PATH, or null when it is not installed. */
export function findSoffice(pathEnv: string = process.env.PATH ?? ""): string | null {
  for (const dir of pathEnv.split(path.delimiter)) {
    for (const name of ["soffice", "libreoffice"]) {
      try {
        if (dir && statSync(path.join(dir, name)).isFile()) return path.join(dir, name);
      } catch {
        // not here
      }
    }
  }
  return null;
}

export interface PrepareOptions {
  /** The file's name: its extension names the file in messages and marks a file that should have been .xls/.et/.ods. */
  name?: string;
  locale?: Locale;
  /** Where the conversion runs, for the reason when LibreOffice is missing (“本机” or “服务器”). */
  onServer?: boolean;
  /** Time LibreOffice may take before it is killed (SIGKILL). */
  timeoutMs?: number;
  /** PATH to look for soffice in (default: the process's). */
  pathEnv?: string;
}

export type Prepared = { ok: true; data: Buffer; format: WorkbookFormat; converted: boolean } | { ok: false; reason: string };

/** The default time a conversion may take; the first one on a machine (LibreOffice loading from a cold disk) takes longest. */
export const CONVERT_TIMEOUT_MS = 120_000;

const FORMAT_EXT: Record<"ole2" | "ods", string> = { ole2: ".xls", ods: ".ods" };

/** A problem with the file as a whole, as its sentence (the file's row carries it). */
function sentence<C extends ProblemCode>(code: C, params: ProblemParams<C>, locale: Locale): string {
  return formatProblem({ code, at: FILE, params } as unknown as Problem, locale);
}

/**
 * An .ods is a zip that LibreOffice inflates itself: its directory is held to the xlsx reader's
 * limits (entries, total inflated size, ratio) before LibreOffice sees it, so a zip bomb is refused
 * here rather than left to the conversion's time limit. (An .xls is not compressed: its size is the
 * file's, already limited.)
 */
function odsRefusal(buf: Buffer, locale: Locale): string | null {
  const cd = readCentralDirectory(buf);
  if (!cd.ok) return formatProblem(cd.problem, locale);
  const problem = <C extends ProblemCode>(code: C, params: ProblemParams<C>) => sentence(code, params, locale);
  if (cd.entries.length > 10_000) return problem("zip_too_large", { count: cd.entries.length, max: 10_000 });
  let total = 0;
  for (const e of cd.entries) {
    total += e.uncompressedSize;
    if (total > DEFAULT_LIMITS.maxUncompressedBytes) return problem("zip_too_large", { maxBytes: DEFAULT_LIMITS.maxUncompressedBytes });
    if (e.uncompressedSize > 1024 * 1024 && e.uncompressedSize / Math.max(e.compressedSize, 1) > DEFAULT_LIMITS.maxRatio) {
      return problem("zip_ratio", { entry: e.name, compressed: e.compressedSize, uncompressed: e.uncompressedSize });
    }
  }
  return null;
}

/**
 * Give xlsx bytes for a submitted workbook: an xlsx/xlsm as it is, an .xls/.et/.ods converted with
 * LibreOffice. Bytes that are none of these pass through unchanged (the xlsx reader then says why
 * they cannot be read), except under an .xls/.et/.ods name, where the reason says what they are not.
 * Never throws on a bad file.
 */
export async function prepareWorkbook(data: Uint8Array, opts: PrepareOptions = {}): Promise<Prepared> {
  const locale = opts.locale ?? "zh-CN";
  const nameExt = path.extname(opts.name ?? "").toLowerCase();
  const format = sniffWorkbook(data);
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (format === "xlsx") return { ok: true, data: buf, format, converted: false };
  if (format === "unknown") {
    if (!CONVERTED_EXTENSIONS.has(nameExt)) return { ok: true, data: buf, format, converted: false };
    return { ok: false, reason: sentence("not_workbook", { ext: nameExt }, locale) };
  }
  const ext = CONVERTED_EXTENSIONS.has(nameExt) ? nameExt : FORMAT_EXT[format];
  const refused = format === "ods" ? odsRefusal(buf, locale) : null;
  if (refused) return { ok: false, reason: refused };
  const soffice = findSoffice(opts.pathEnv);
  if (!soffice) return { ok: false, reason: sentence("convert_unavailable", { ext, where: opts.onServer ? "server" : "local" }, locale) };
  const timeoutMs = opts.timeoutMs ?? CONVERT_TIMEOUT_MS;
  const dir = mkdtempSync(path.join(tmpdir(), "govcost-convert-"));
  try {
    const input = path.join(dir, `book${FORMAT_EXT[format]}`);
    const out = path.join(dir, "out");
    writeFileSync(input, buf);
    mkdirSync(out);
    let timedOut = false;
    const code = await new Promise<number | null>((resolve) => {
      // A private profile per conversion: conversions can run at once, and none depends on a user's settings.
      // In a process group of its own: `soffice` is a script that runs oosplash, which runs soffice.bin
      // (again, after making a fresh profile), so killing the process started would leave soffice.bin
      // running; killing the group ends them all at once.
      const p = spawn(soffice, [`-env:UserInstallation=file://${dir}/profile`, "--headless", "--norestore", "--convert-to", "xlsx", "--outdir", out, input], { stdio: "ignore", detached: true });
      const timer = setTimeout(() => {
        timedOut = true;
        try {
          if (p.pid !== undefined) process.kill(-p.pid, "SIGKILL");
        } catch {
          p.kill("SIGKILL");
        }
      }, timeoutMs);
      p.on("error", () => {
        clearTimeout(timer);
        resolve(-1);
      });
      p.on("exit", (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    if (timedOut) return { ok: false, reason: sentence("convert_timeout", { ext, seconds: timeoutMs / 1000 }, locale) };
    const made = readdirSync(out).find((n) => n.toLowerCase().endsWith(".xlsx"));
    if (code !== 0 || !made) return { ok: false, reason: sentence("convert_failed", { ext }, locale) };
    return { ok: true, data: readFileSync(path.join(out, made)), format, converted: true };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
