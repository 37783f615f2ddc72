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

export type ZipCheck = { ok: true; entries: ZipEntryInfo[]; totalUncompressed: number; files: Map<string, Buffer> } | ZipRefusal;

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
    const compressedSize = buf.readUInt32LE(p + 20);
    const uncompressedSize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localHeaderOffset = buf.readUInt32LE(p + 42);
    if (p + 46 + nameLen > buf.length) return refuse("zip_corrupt", { reason: "directory_entry" });
    const name = buf.toString("utf8", p + 46, p + 46 + nameLen);
    entries.push({ name, method, compressedSize, uncompressedSize, localHeaderOffset });
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
  }
  return { ok: true, entries, totalUncompressed, files };
}

/** Number of elements opened by `open` ("<si", "<xf") followed by a space, ">" or "/". */
export function countTag(xml: Buffer, open: string): number {
  let n = 0;
  let p = xml.indexOf(open);
  while (p >= 0) {
    const next = xml[p + open.length];
    if (next === 0x20 || next === 0x3e || next === 0x2f) n++;
    p = xml.indexOf(open, p + open.length);
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
