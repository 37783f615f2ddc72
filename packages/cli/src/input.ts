/**
 * Reading a budget file for the CLI: at most MAX_BUDGET_BYTES from any input (a file, standard
 * input, a device such as /dev/zero), and the text decoded as UTF-8, or as GB18030 (GBK, what
 * Notepad and many tools on Chinese Windows save) with a notice, or refused with the encodings named.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { MAX_BUDGET_BYTES } from "@govcost/core/light";

export class InputError extends Error {}

/** What the system said of a file, in words a user reads (a missing folder, no permission, a full disk). */
const SYSTEM_ERRORS: Record<string, string> = {
  ENOENT: "文件或所在目录不存在",
  ENOTDIR: "路径中有一段不是目录",
  EISDIR: "这是一个目录，不是文件",
  EACCES: "没有权限",
  EPERM: "没有权限",
  EROFS: "所在文件系统只读",
  ENOSPC: "磁盘空间不足",
  EDQUOT: "超出磁盘配额",
  ENAMETOOLONG: "文件名太长",
  EMFILE: "打开的文件太多",
  EBUSY: "文件正被占用",
};

export function systemErrorText(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  const words = typeof code === "string" ? SYSTEM_ERRORS[code] : undefined;
  return words ? `${words}，${code}` : e instanceof Error ? e.message : String(e);
}

const MB = 1024 * 1024;

/** Read at most `max` bytes of a file descriptor; null when there is more. */
function readCapped(fd: number, max: number): Buffer | null {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(1 * MB, max + 1 - total));
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EAGAIN") continue;
      if ((e as NodeJS.ErrnoException).code === "EOF") break;
      throw e;
    }
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
    total += n;
    if (total > max) return null;
  }
  return Buffer.concat(chunks, total);
}

/** The bytes of `file` ("-": standard input), at most MAX_BUDGET_BYTES. */
export function readBytes(file: string, max = MAX_BUDGET_BYTES): Buffer {
  const fd = file === "-" ? 0 : openSync(file, "r");
  try {
    if (file !== "-") {
      const st = fstatSync(fd);
      if (st.isFile() && st.size > max) throw new InputError(`文件过大（${(st.size / MB).toFixed(1)} MB），上限 ${(max / MB).toFixed(1)} MB`);
    }
    const data = readCapped(fd, max);
    if (data === null) throw new InputError(`文件过大（超过 ${(max / MB).toFixed(1)} MB）；上限 ${(max / MB).toFixed(1)} MB`);
    return data;
  } finally {
    if (file !== "-") closeSync(fd);
  }
}

export type Decoded = { text: string; encoding: "utf-8" | "utf-16" | "gb18030" };

/** Decode a budget file's bytes: UTF-8 (with or without BOM), UTF-16 with a BOM, else GB18030. */
export function decodeText(data: Buffer): Decoded {
  if (data.length >= 2 && ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff))) {
    return { text: new TextDecoder(data[0] === 0xff ? "utf-16le" : "utf-16be").decode(data), encoding: "utf-16" };
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(data), encoding: "utf-8" };
  } catch {
    // Not UTF-8: GB18030 (a superset of GBK) if every byte sequence is one of its characters.
  }
  try {
    return { text: new TextDecoder("gb18030", { fatal: true }).decode(data), encoding: "gb18030" };
  } catch {
    throw new InputError("无法识别文件编码：既不是 UTF-8，也不是 GB18030（GBK）；请用编辑器另存为 UTF-8 编码");
  }
}

/**
 * Text for a terminal: control characters (an ANSI escape that clears the screen, a bell, a
 * carriage return that overwrites a line) shown as \x1b and the like, line breaks and tabs kept.
 */
export function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    const code = c.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16).padStart(4, "0")}` : `\\x${code.toString(16).padStart(2, "0")}`;
  });
}

/**
 * A field of a report's line that comes from a file (its name, a project title, a cell's text quoted
 * in a finding), with each line break shown as ⏎: a name or cell such as "a\n  核查发现：无" must not
 * start a line that reads as the report's own. terminalSafe keeps line breaks (the report's lines
 * need them), so this is done per field, before the report is joined. ⏎ rather than a written-out
 * \n: on Windows the CLI shows paths with backslashes, and 送审\new.xlsx (a folder 送审, a file
 * new.xlsx) could not be told from a name with a line break in it.
 */
export function oneLine(text: string): string {
  return text.replace(/\r\n|[\r\n]/g, "⏎");
}
