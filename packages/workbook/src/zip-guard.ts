/**
 * A small reader of a zip's central directory, run on an uploaded workbook BEFORE the xlsx
 * library sees it: an xlsx is a zip, and a hostile one (a zip bomb, a file whose directory lies
 * about its sizes, random bytes renamed .xlsx) must be refused with a clear message instead of
 * exhausting memory or hanging the process. Each entry is then inflated with an output cap equal
 * to its declared size, so a directory that understates the real data is caught as well.
 */
import { inflateRawSync } from "node:zlib";

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

export type ZipProblemCode = "not_zip" | "not_xlsx" | "zip_too_large" | "zip_ratio" | "zip_unsupported" | "zip_corrupt" | "xml_dtd";

export type ZipCheck =
  | { ok: true; entries: ZipEntryInfo[]; totalUncompressed: number; files: Map<string, Buffer> }
  | { ok: false; code: ZipProblemCode; message: string; entry?: string };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MB = 1024 * 1024;

function fmtMB(n: number): string {
  return `${(n / MB).toFixed(1)} MB`;
}

function findEocd(buf: Buffer): number {
  if (buf.length < 22) return -1;
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let p = buf.length - 22; p >= stop; p--) {
    if (buf.readUInt32LE(p) === EOCD) return p;
  }
  return -1;
}

/** Read the central directory; nothing is inflated. */
export function readCentralDirectory(buf: Buffer): { ok: true; entries: ZipEntryInfo[] } | { ok: false; code: ZipProblemCode; message: string } {
  const eocd = findEocd(buf);
  if (eocd < 0) return { ok: false, code: "not_zip", message: "不是有效的 xlsx 工作簿（文件不是 zip 格式；可能是 PDF、旧版 .xls 或改了扩展名的其他文件）" };
  const total = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (total === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) {
    return { ok: false, code: "zip_unsupported", message: "不支持 ZIP64 格式的工作簿（测算表不需要超过 4 GB 的压缩格式）" };
  }
  if (cdOffset + cdSize > eocd) return { ok: false, code: "zip_corrupt", message: "工作簿已损坏（zip 目录超出文件范围）" };
  const entries: ZipEntryInfo[] = [];
  let p = cdOffset;
  for (let i = 0; i < total; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) return { ok: false, code: "zip_corrupt", message: "工作簿已损坏（zip 目录项无效）" };
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const uncompressedSize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localHeaderOffset = buf.readUInt32LE(p + 42);
    if (p + 46 + nameLen > buf.length) return { ok: false, code: "zip_corrupt", message: "工作簿已损坏（zip 目录项无效）" };
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
  if (entries.length > limits.maxEntries) return { ok: false, code: "zip_too_large", message: `工作簿包含的文件过多（${entries.length} 个，上限 ${limits.maxEntries}）` };
  const names = new Set(entries.map((e) => e.name));
  if (!names.has("[Content_Types].xml") || !names.has("xl/workbook.xml")) {
    return { ok: false, code: "not_xlsx", message: "不是有效的 xlsx 工作簿（zip 中没有 Excel 工作簿的内容；可能是 .docx、.zip 或其他文件）" };
  }
  let totalUncompressed = 0;
  for (const e of entries) {
    totalUncompressed += e.uncompressedSize;
    if (totalUncompressed > limits.maxUncompressedBytes) {
      return { ok: false, code: "zip_too_large", entry: e.name, message: `工作簿解压后过大（超过 ${fmtMB(limits.maxUncompressedBytes)}），疑似压缩炸弹，已拒绝` };
    }
    if (e.uncompressedSize > MB && e.uncompressedSize / Math.max(e.compressedSize, 1) > limits.maxRatio) {
      return {
        ok: false,
        code: "zip_ratio",
        entry: e.name,
        message: `工作簿中的 ${e.name} 压缩比异常（${fmtMB(e.compressedSize)} 解压为 ${fmtMB(e.uncompressedSize)}），疑似压缩炸弹，已拒绝`,
      };
    }
  }
  const files = new Map<string, Buffer>();
  for (const e of entries) {
    const p = e.localHeaderOffset;
    if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL) return { ok: false, code: "zip_corrupt", entry: e.name, message: `工作簿已损坏（${e.name} 的数据头无效）` };
    const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
    const end = start + e.compressedSize;
    if (end > buf.length) return { ok: false, code: "zip_corrupt", entry: e.name, message: `工作簿已损坏（${e.name} 的数据不完整）` };
    let data: Buffer;
    if (e.method === 0) {
      if (e.compressedSize !== e.uncompressedSize) return { ok: false, code: "zip_corrupt", entry: e.name, message: `工作簿已损坏（${e.name} 的大小不一致）` };
      data = buf.subarray(start, end);
    } else if (e.method === 8) {
      try {
        // The cap makes an entry that inflates beyond its declared size fail fast instead of filling memory.
        data = inflateRawSync(buf.subarray(start, end), { maxOutputLength: Math.max(e.uncompressedSize, 1) });
      } catch (err) {
        const tooBig = err instanceof RangeError || (err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE";
        return tooBig
          ? { ok: false, code: "zip_ratio", entry: e.name, message: `工作簿中的 ${e.name} 解压后超过其声明的大小，疑似压缩炸弹，已拒绝` }
          : { ok: false, code: "zip_corrupt", entry: e.name, message: `工作簿已损坏（${e.name} 无法解压）` };
      }
      if (data.length !== e.uncompressedSize) return { ok: false, code: "zip_corrupt", entry: e.name, message: `工作簿已损坏（${e.name} 解压后大小与声明不符）` };
    } else {
      return { ok: false, code: "zip_unsupported", entry: e.name, message: `工作簿中的 ${e.name} 使用了不支持的压缩方式（${e.method}）` };
    }
    // An xlsx never declares a DTD; one in a part can only serve entity expansion (billion laughs).
    if (/\.(xml|rels|vml)$/i.test(e.name) && data.indexOf("<!DOCTYPE") >= 0) {
      return { ok: false, code: "xml_dtd", entry: e.name, message: `工作簿中的 ${e.name} 含有 DTD 声明（可用于实体膨胀攻击），已拒绝` };
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
