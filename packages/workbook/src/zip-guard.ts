/**
 * A small reader of a zip's central directory, run on an uploaded workbook BEFORE the xlsx
 * library sees it: an xlsx is a zip, and a hostile one (a zip bomb, a file whose directory lies
 * about its sizes, random bytes renamed .xlsx) must be refused with a clear message instead of
 * exhausting memory or hanging the process. Each entry is then inflated with an output cap equal
 * to its declared size, so a directory that understates the real data is caught as well.
 */
import { inflateRawSync } from "node:zlib";
import { FILE, type Problem, type ProblemCode, type ProblemParams } from "@govcost/core";

export interface ZipEntryInfo {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export interface ZipLimits {
  /** Sum of the entries' uncompressed sizes. */
  maxUncompressedBytes: number;
  /** Largest uncompressed ÷ compressed of an entry above 1 MB. */
  maxRatio: number;
  maxEntries: number;
}

/** A refusal: a problem with the file as a whole (its sentences are in the core's table). */
export type ZipRefusal = { ok: false; problem: Problem };

export type ZipCheck =
  | {
      ok: true;
      entries: ZipEntryInfo[];
      totalUncompressed: number;
      /** The inflated bytes of the entries `keep` selected. */
      files: Map<string, Buffer>;
      /**
       * The same zip with every entry stored as inflated here, for the xlsx parser: it then reads
       * each part without inflating it a second time (and never sees bytes that were not checked).
       */
      stored: Buffer;
    }
  | ZipRefusal;

function refuse<C extends ProblemCode>(code: C, params: ProblemParams<C>): ZipRefusal {
  return { ok: false, problem: { code, at: FILE, params } as unknown as Problem };
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MB = 1024 * 1024;

function findEocd(buf: Buffer): number {
  if (buf.length < 22) return -1;
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let p = buf.length - 22; p >= stop; p--) {
    if (buf.readUInt32LE(p) === EOCD) return p;
  }
  return -1;
}

/** Read the central directory; nothing is inflated. */
export function readCentralDirectory(buf: Buffer): { ok: true; entries: ZipEntryInfo[] } | ZipRefusal {
  const eocd = findEocd(buf);
  if (eocd < 0) return refuse("not_zip", {});
  const total = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (total === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) {
    return refuse("zip_unsupported", {});
  }
  if (cdOffset + cdSize > eocd) return refuse("zip_corrupt", { reason: "directory_range" });
  const entries: ZipEntryInfo[] = [];
  let p = cdOffset;
  for (let i = 0; i < total; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) return refuse("zip_corrupt", { reason: "directory_entry" });
    const method = buf.readUInt16LE(p + 10);
    const crc32 = buf.readUInt32LE(p + 16);
    const compressedSize = buf.readUInt32LE(p + 20);
    const uncompressedSize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localHeaderOffset = buf.readUInt32LE(p + 42);
    if (p + 46 + nameLen > buf.length) return refuse("zip_corrupt", { reason: "directory_entry" });
    const name = buf.toString("utf8", p + 46, p + 46 + nameLen);
    entries.push({ name, method, crc32, compressedSize, uncompressedSize, localHeaderOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { ok: true, entries };
}

/**
 * Check a workbook's zip against the limits and inflate its entries (each capped at its
 * declared size). `keep` selects the entries whose inflated bytes are returned.
 */
export function inspectZip(buf: Buffer, limits: ZipLimits, keep: (name: string) => boolean = () => false): ZipCheck {
  const cd = readCentralDirectory(buf);
  if (!cd.ok) return cd;
  const { entries } = cd;
  if (entries.length > limits.maxEntries) return refuse("zip_too_large", { count: entries.length, max: limits.maxEntries });
  const names = new Set(entries.map((e) => e.name));
  if (!names.has("[Content_Types].xml") || !names.has("xl/workbook.xml")) {
    return refuse("not_xlsx", { reason: "no_workbook" });
  }
  let totalUncompressed = 0;
  for (const e of entries) {
    totalUncompressed += e.uncompressedSize;
    if (totalUncompressed > limits.maxUncompressedBytes) {
      return refuse("zip_too_large", { maxBytes: limits.maxUncompressedBytes });
    }
    if (e.uncompressedSize > MB && e.uncompressedSize / Math.max(e.compressedSize, 1) > limits.maxRatio) {
      return refuse("zip_ratio", { entry: e.name, compressed: e.compressedSize, uncompressed: e.uncompressedSize });
    }
  }
  const files = new Map<string, Buffer>();
  const inflated: Buffer[] = [];
  for (const e of entries) {
    const p = e.localHeaderOffset;
    if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL) return refuse("zip_corrupt", { reason: "local_header", entry: e.name });
    const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
    const end = start + e.compressedSize;
    if (end > buf.length) return refuse("zip_corrupt", { reason: "truncated", entry: e.name });
    let data: Buffer;
    if (e.method === 0) {
      if (e.compressedSize !== e.uncompressedSize) return refuse("zip_corrupt", { reason: "size_mismatch", entry: e.name });
      data = buf.subarray(start, end);
    } else if (e.method === 8) {
      try {
        // The cap makes an entry that inflates beyond its declared size fail fast instead of filling memory.
        data = inflateRawSync(buf.subarray(start, end), { maxOutputLength: Math.max(e.uncompressedSize, 1) });
      } catch (err) {
        const tooBig = err instanceof RangeError || (err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE";
        return tooBig
          ? refuse("zip_ratio", { entry: e.name })
          : refuse("zip_corrupt", { reason: "inflate", entry: e.name });
      }
      if (data.length !== e.uncompressedSize) return refuse("zip_corrupt", { reason: "inflated_size", entry: e.name });
    } else {
      return refuse("zip_unsupported", { entry: e.name, method: e.method });
    }
    // An xlsx never declares a DTD; one in a part can only serve entity expansion (billion laughs).
    if (/\.(xml|rels|vml)$/i.test(e.name) && data.indexOf("<!DOCTYPE") >= 0) {
      return refuse("xml_dtd", { entry: e.name });
    }
    if (keep(e.name)) files.set(e.name, data);
    inflated.push(data);
  }
  return { ok: true, entries, totalUncompressed, files, stored: storedZip(entries, inflated) };
}

/**
 * A zip of `entries` whose data (`data[i]`, already inflated) is stored (method 0). Names keep
 * their bytes as UTF-8 (flag 11) and each entry its CRC-32 from the original directory. Sizes stay
 * below 4 GB and entries below 65,535 (the guard's limits), so no Zip64 record is needed.
 */
function storedZip(entries: readonly ZipEntryInfo[], data: readonly Buffer[]): Buffer {
  const names = entries.map((e) => Buffer.from(e.name, "utf8"));
  const localSize = entries.reduce((n, _, i) => n + 30 + (names[i] as Buffer).length + (data[i] as Buffer).length, 0);
  const centralSize = names.reduce((n, name) => n + 46 + name.length, 0);
  const out = Buffer.alloc(localSize + centralSize + 22);
  const offsets: number[] = [];
  let p = 0;
  const header = (at: number, e: ZipEntryInfo, size: number, nameLength: number) => {
    out.writeUInt16LE(20, at); // version needed: 2.0
    out.writeUInt16LE(0x0800, at + 2); // names in UTF-8
    out.writeUInt16LE(0, at + 4); // stored
    out.writeUInt16LE(0, at + 6); // time 00:00
    out.writeUInt16LE(0x21, at + 8); // date 1980-01-01
    out.writeUInt32LE(e.crc32, at + 10);
    out.writeUInt32LE(size, at + 14);
    out.writeUInt32LE(size, at + 18);
    out.writeUInt16LE(nameLength, at + 22);
    out.writeUInt16LE(0, at + 24); // no extra field
  };
  entries.forEach((e, i) => {
    const name = names[i] as Buffer;
    const bytes = data[i] as Buffer;
    offsets.push(p);
    out.writeUInt32LE(LOCAL, p);
    header(p + 4, e, bytes.length, name.length);
    name.copy(out, p + 30);
    bytes.copy(out, p + 30 + name.length);
    p += 30 + name.length + bytes.length;
  });
  const central = p;
  entries.forEach((e, i) => {
    const name = names[i] as Buffer;
    out.writeUInt32LE(CENTRAL, p);
    out.writeUInt16LE(20, p + 4); // made by: 2.0
    header(p + 6, e, (data[i] as Buffer).length, name.length);
    // comment length, disk, internal and external attributes: 0
    out.writeUInt32LE(offsets[i] as number, p + 42);
    name.copy(out, p + 46);
    p += 46 + name.length;
  });
  out.writeUInt32LE(EOCD, p);
  out.writeUInt16LE(entries.length, p + 8);
  out.writeUInt16LE(entries.length, p + 10);
  out.writeUInt32LE(p - central, p + 12);
  out.writeUInt32LE(central, p + 16);
  return out;
}

/** Number of elements opened by `open` ("<si", "<xf") followed by a space, ">" or "/". */
export function countTag(xml: Buffer, open: string): number {
  const tag = Buffer.from(open, "latin1");
  let n = 0;
  let p = xml.indexOf(tag);
  while (p >= 0) {
    const next = xml[p + tag.length];
    if (next === 0x20 || next === 0x3e || next === 0x2f) n++;
    p = xml.indexOf(tag, p + tag.length);
  }
  return n;
}

/** Number of `<row>` elements in a worksheet's XML, counted without parsing it ("<rowBreaks" is not one). */
export function countRows(xml: Buffer): number {
  return countTag(xml, "<row");
}

/** Number of `<c>` (cell) elements in a worksheet's XML ("<cols", "<cfRule" are not). */
export function countCells(xml: Buffer): number {
  return countTag(xml, "<c");
}

/** Sheet names by their part name (xl/worksheets/sheet1.xml → 汇总), from workbook.xml and its rels. */
export function sheetPartNames(workbookXml: string, relsXml: string): Map<string, string> {
  const targets = new Map<string, string>();
  for (const m of relsXml.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]*)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]*)"/.exec(m[0])?.[1];
    if (id && target) targets.set(id, target.startsWith("/") ? target.slice(1) : `xl/${target}`);
  }
  const out = new Map<string, string>();
  for (const m of workbookXml.matchAll(/<sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const rid = /\br:id="([^"]*)"/.exec(m[0])?.[1];
    const part = rid ? targets.get(rid) : undefined;
    if (name && part) out.set(part, decodeXml(name));
  }
  return out;
}

function decodeXml(s: string): string {
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
}

/** Excel's grid: 16,384 columns (XFD) and 1,048,576 rows. */
export const EXCEL_MAX_COLUMNS = 16_384;
export const EXCEL_MAX_ROWS = 1_048_576;

export interface SheetBoundsLimits {
  /** Highest row number of a row or a cell. */
  maxRow: number;
  /** Cells that merged ranges and data validations may cover in all (the reader makes one object per cell). */
  maxArea: number;
}

export type SheetBoundsViolation = { what: "row" | "column" | "cell" | "range" | "area"; value: string; max: number };

/** Column number of letters A…XFD; Infinity beyond three letters. */
function columnNumber(letters: string): number {
  if (letters.length > 3) return Infinity;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** A1 or A1:B9 (also whole columns A:B and rows 1:9) as [col1, row1, col2, row2]; null if not a reference. */
function parseRange(ref: string): [number, number, number, number] | null {
  const m = /^\$?([A-Za-z]*)\$?(\d*)(?::\$?([A-Za-z]*)\$?(\d*))?$/.exec(ref);
  if (!m || (m[1] === "" && m[2] === "")) return null;
  const c1 = m[1] ? columnNumber(m[1]) : 1;
  const r1 = m[2] ? Number(m[2].length > 12 ? Infinity : m[2]) : 1;
  const c2 = m[3] !== undefined ? (m[3] ? columnNumber(m[3]) : EXCEL_MAX_COLUMNS) : m[1] ? c1 : EXCEL_MAX_COLUMNS;
  const r2 = m[4] !== undefined ? (m[4] ? Number(m[4].length > 12 ? Infinity : m[4]) : EXCEL_MAX_ROWS) : m[2] ? r1 : EXCEL_MAX_ROWS;
  return [c1, r1, c2, r2];
}

const short = (s: string): string => (s.length > 40 ? `${s.slice(0, 32)}…` : s);

/** The value of attribute `name` in the tag that starts at `start` (up to its ">"), read from at most 4 KB. */
function attrOf(xml: Buffer, start: number, name: string): string | undefined {
  let end = xml.indexOf(0x3e, start);
  if (end < 0 || end - start > 4096) end = Math.min(xml.length, start + 4096);
  const tag = xml.toString("latin1", start, end);
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

/**
 * Check a worksheet's XML for row numbers, cell references, column ranges and ranges beyond the
 * limits, before any parser sees it: exceljs allocates a column object per column of a
 * `<col min max>` range, walks to the row number of each `<row r>`, and makes an object per cell
 * of a merged range or data validation. Runs over the bytes with indexOf; no string of the sheet is made.
 */
export function checkSheetBounds(xml: Buffer, limits: SheetBoundsLimits): SheetBoundsViolation | null {
  // Rows (<row r="7">) and cells (<c r="Q7">): every ` r="` attribute.
  const R = Buffer.from(' r="', "latin1");
  for (let p = xml.indexOf(R); p >= 0; p = xml.indexOf(R, p + 4)) {
    let q = p + 4;
    let letters = 0;
    let col = 0;
    while (q < xml.length && letters <= 3) {
      const c = xml[q] as number;
      const upper = c >= 0x61 && c <= 0x7a ? c - 32 : c;
      if (upper < 0x41 || upper > 0x5a) break;
      col = col * 26 + (upper - 64);
      letters++;
      q++;
    }
    let digits = 0;
    let row = 0;
    while (q < xml.length && digits <= 12) {
      const c = xml[q] as number;
      if (c < 0x30 || c > 0x39) break;
      row = row * 10 + (c - 0x30);
      digits++;
      q++;
    }
    if (xml[q] !== 0x22) {
      // Not a plain reference (a formula's r="…" is never one): report only what is too long to be one.
      if (letters > 3 || digits > 12) {
        const close = xml.indexOf(0x22, p + 4);
        return { what: letters > 0 ? "cell" : "row", value: short(xml.toString("latin1", p + 4, close < 0 ? p + 44 : Math.min(close, p + 44))), max: letters > 0 ? EXCEL_MAX_COLUMNS : limits.maxRow };
      }
      continue;
    }
    // The reference's text is made only to report it.
    const text = () => short(xml.toString("latin1", p + 4, q));
    if (letters > 0 && col > EXCEL_MAX_COLUMNS) return { what: "cell", value: text(), max: EXCEL_MAX_COLUMNS };
    if (digits > 0 && row > limits.maxRow) return { what: "row", value: letters > 0 ? String(row) : text(), max: limits.maxRow };
  }
  // Column ranges: <col min="1" max="16384">.
  const COL = Buffer.from("<col ", "latin1");
  for (let p = xml.indexOf(COL); p >= 0; p = xml.indexOf(COL, p + 5)) {
    const min = attrOf(xml, p, "min") ?? "1";
    const max = attrOf(xml, p, "max") ?? min;
    const lo = /^\d{1,12}$/.test(min) ? Number(min) : Infinity;
    const hi = /^\d{1,12}$/.test(max) ? Number(max) : Infinity;
    if (lo > EXCEL_MAX_COLUMNS || hi > EXCEL_MAX_COLUMNS || lo > hi) return { what: "column", value: short(`${min}:${max}`), max: EXCEL_MAX_COLUMNS };
  }
  // Ranges: <dimension ref>, <mergeCell ref>, <hyperlink ref>, sqref="A1:B2 C3" …; merged cells and
  // data validations are made cell by cell, so their area counts.
  let area = 0;
  for (const attr of [" ref=\"", " sqref=\""]) {
    const A = Buffer.from(attr, "latin1");
    for (let p = xml.indexOf(A); p >= 0; p = xml.indexOf(A, p + A.length)) {
      const start = p + A.length;
      const close = xml.indexOf(0x22, start);
      if (close < 0) break;
      const tagStart = xml.lastIndexOf(0x3c, p);
      const tag = xml.toString("latin1", tagStart + 1, Math.min(p, tagStart + 40));
      const counted = /^(mergeCell|dataValidation|x14:dataValidation)\b/.test(tag);
      const value = xml.toString("latin1", start, Math.min(close, start + 100_000));
      for (const ref of value.split(/\s+/)) {
        if (ref === "") continue;
        const r = parseRange(ref);
        if (!r) continue;
        const [c1, r1, c2, r2] = r;
        if (Math.max(c1, c2) > EXCEL_MAX_COLUMNS || Math.max(r1, r2) > EXCEL_MAX_ROWS) return { what: "range", value: short(ref), max: EXCEL_MAX_ROWS };
        if (counted) {
          area += (Math.abs(c2 - c1) + 1) * (Math.abs(r2 - r1) + 1);
          if (area > limits.maxArea) return { what: "area", value: String(area), max: limits.maxArea };
        }
      }
    }
  }
  return null;
}

/** Cells of type "d" (an ISO date as text, which exceljs reads with parseFloat: 2024-01-01 → 2024), by reference. */
export function dateCells(xml: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  const T = Buffer.from(' t="d"', "latin1");
  for (let p = xml.indexOf(T); p >= 0; p = xml.indexOf(T, p + 6)) {
    const start = xml.lastIndexOf("<c", p);
    if (start < 0 || p - start > 4096) continue;
    const ref = attrOf(xml, start, "r");
    const vStart = xml.indexOf("<v>", p);
    const end = xml.indexOf("</c>", p);
    const value = vStart >= 0 && (end < 0 || vStart < end) ? xml.toString("utf8", vStart + 3, Math.min(xml.indexOf("</v>", vStart), vStart + 64)) : "";
    if (ref) out.set(ref.replace(/\$/g, ""), value.slice(0, 10));
  }
  return out;
}
