/**
 * `govcost check`: check submitted estimate workbooks (govcost's own or a department's own
 * layout) against the standard, one or a thousand at a time: findings by cell, declared and
 * recomputed totals; a summary workbook, JSON, the recomputed budget, the detected mapping.
 */
import { readdirSync, statSync, type Dirent } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { Option, type Command } from "commander";
import { formatMoney, Dec, SEVERITY_LABELS, type Severity } from "@govcost/core/light";
import type * as Workbook from "@govcost/workbook";
import { CliError, optional, readInput, refuseUnwritable, writeOutput, type Io } from "./main.js";
import { checkOne, notChecked, READABLE, type CheckJob, type CheckOutcome } from "./check-file.js";
import { oneLine, systemErrorText, terminalSafe } from "./input.js";

type WorkbookModule = typeof Workbook;

/**
 * What a batch is made of: a workbook to check, or a directory under the paths given that could not
 * be listed, with the reason (`unreadable`), which is the directory's row of the results.
 */
export interface Found {
  file: string;
  name: string;
  unreadable?: string;
  /** The unreadable entry is a directory that could not be listed (counted apart from the files in the text summary). */
  directory?: true;
}

/** Lists a directory; a parameter of collectFiles so that a test can make a listing fail as none fails for root. */
export type ListDir = (dir: string) => Dirent[];

const listDir: ListDir = (dir) => readdirSync(dir, { withFileTypes: true });

/** The workbooks under the paths given: files as given, directories searched recursively; a directory that cannot be listed, with why. */
export function collectFiles(paths: readonly string[], list: ListDir = listDir): Found[] {
  const out: Found[] = [];
  const walk = (dir: string, base: string) => {
    let entries: Dirent[];
    try {
      entries = list(dir);
    } catch (e) {
      // A folder this user may not open (another department's, locked) is one row that says so, as an
      // unreadable file is: the other files are still checked, and the exit code says one was not read.
      out.push({ file: dir, name: path.relative(base, dir) || dir, unreadable: `无法读取目录（${systemErrorText(e)}），其中的工作簿未能核查`, directory: true });
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p, base);
      else if (e.isFile() && READABLE.has(path.extname(e.name).toLowerCase()) && !e.name.startsWith("~$") && !e.name.startsWith(".~lock")) out.push({ file: p, name: path.relative(base, p) || e.name });
    }
  };
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (e) {
      // Not there: a usage error. There but out of reach (inside a folder this user may not enter): a row, like an unreadable file.
      if ((e as NodeJS.ErrnoException).code === "ENOENT" || (e as NodeJS.ErrnoException).code === "ENOTDIR") throw new CliError(`${p}: 文件或目录不存在`);
      out.push({ file: p, name: p, unreadable: `无法访问（${systemErrorText(e)}），未能核查` });
      continue;
    }
    if (isDir) walk(p, path.dirname(path.resolve(p)));
    else out.push({ file: p, name: p });
  }
  return out;
}

/** Progress on stderr: a bar on a terminal (files done, rate, time left), plain lines otherwise. */
function progress(io: Io, total: number, tty: boolean) {
  const started = Date.now();
  let last = 0;
  return {
    done(n: number, name: string) {
      if (total < 2) return;
      const secs = Math.max((Date.now() - started) / 1000, 0.001);
      const rate = n / secs;
      const left = Math.round((total - n) / rate);
      const eta = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
      if (tty) {
        const now = Date.now();
        if (n < total && now - last < 100) return;
        last = now;
        const width = 30;
        const filled = Math.round((n / total) * width);
        io.err(`\r核查 [${"#".repeat(filled)}${".".repeat(width - filled)}] ${n}/${total}  ${rate.toFixed(1)} 个/秒  剩余 ${eta}${n === total ? "\n" : ""}`);
      } else io.err(`核查 ${n}/${total} ${terminalSafe(oneLine(name))}\n`);
    },
  };
}

/** Check the jobs on `workers` threads (in-process for one), results in the order given. */
export async function runJobs(jobs: readonly CheckJob[], workers: number, onDone: (n: number, name: string) => void): Promise<CheckOutcome[]> {
  const results = new Array<CheckOutcome>(jobs.length);
  let done = 0;
  if (workers <= 1 || jobs.length <= 1) {
    const wb = await optional<WorkbookModule>("@govcost/workbook", "核查工作簿");
    const core = await import("@govcost/core");
    for (let i = 0; i < jobs.length; i++) {
      const job = jobs[i] as CheckJob;
      results[i] = await checkOne(job, wb, (b) => core.budgetToText(b, "yaml"));
      onDone(++done, job.name);
    }
    return results;
  }
  const url = new URL("./check-worker.js", import.meta.url);
  let next = 0;
  const pool = Array.from({ length: Math.min(workers, jobs.length) }, () => new Worker(url));
  try {
    await Promise.all(
      pool.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= jobs.length) return resolve();
              const id = next++;
              w.postMessage({ id, job: jobs[id] });
            };
            w.on("message", (m: { id: number; outcome?: CheckOutcome; error?: string }) => {
              const job = jobs[m.id] as CheckJob;
              results[m.id] = m.outcome ?? notChecked(job.name, `核查时出错：${m.error ?? ""}`);
              onDone(++done, job.name);
              send();
            });
            w.on("error", reject);
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}

const money = (s: string | null) => (s === null ? "-" : formatMoney(Dec.parse(s)));

/**
 * The text report. `unlistedDirectories` of the rows are directories that could not be listed (their
 * row says why): the summary counts them apart, as they are not files.
 */
export function renderCheckText(results: readonly Workbook.CheckResultJson[], unlistedDirectories = 0): string {
  const out: string[] = [];
  // Every text that comes from a file is kept to its line (oneLine); the report's own breaks are the join's.
  for (const r of results) {
    const file = oneLine(r.file);
    if (r.error !== undefined) {
      out.push(`${file}：未能读取：${oneLine(r.error)}`, "");
      continue;
    }
    // A sheet without a title names no project: the file alone.
    out.push(r.project ? `${file}：${oneLine(r.project)}` : file);
    out.push(`  申报金额 ${money(r.declared)} 元；按标准核定 ${money(r.recomputed)} 元（${r.method === "quick" ? "方法2" : "方法1"}）；差额 ${money(r.difference)} 元`);
    if (r.findings.length === 0) out.push("  核查发现：无");
    else {
      out.push(`  核查发现（${r.findings.length}）：`);
      for (const f of r.findings) {
        const clause = f.clause ? `［${f.clause}］` : "";
        const amount = f.amountAtStake ? `（涉及金额 ${money(f.amountAtStake)} 元）` : "";
        out.push(`    [${SEVERITY_LABELS[f.severity].zh}] ${oneLine(f.cell)}${clause}：${oneLine(f.message)}${amount}`);
      }
    }
    out.push("");
  }
  if (results.length > 1) {
    const unread = results.filter((r) => r.error !== undefined).length;
    const count = (s: Severity) => results.reduce((a, r) => a + r.findings.filter((f) => f.severity === s).length, 0);
    const files = results.length - unlistedDirectories;
    const dirs = unlistedDirectories > 0 ? `；另有 ${unlistedDirectories} 个目录无法读取` : "";
    out.push(`共 ${files} 个文件：读取 ${results.length - unread} 个，未能读取 ${unread - unlistedDirectories} 个${dirs}；错误 ${count("error")} 条，警告 ${count("warning")} 条，需核实 ${count("confirm")} 条`);
  }
  return out.join("\n") + "\n";
}

export function registerCheck(program: Command, io: Io): void {
  program
    .command("check")
    .description("核查送审测算表（govcost 测算表或各部门自制的 Excel/WPS 表）：按标准重算，逐格列出问题、条款与涉及金额")
    .argument("<paths...>", "工作簿（.xlsx/.xlsm；装有 LibreOffice 时也可 .xls/.et/.ods）或目录（递归查找）")
    .option("--json", "以 JSON 输出（每个文件一个对象：file、project、declared、recomputed、difference、findings）")
    .option("--xlsx <out>", "另存核查汇总工作簿（每个文件一行，链接到该文件的核查发现表）")
    .option("--map <file>", "映射文件（YAML：sheet、headerRow、firstRow、unit、columns），在无法自动识别表头时使用")
    .option("--print-map", "输出自动识别的映射（可保存、修改后用 --map 传入）")
    .option("--budget <out>", "另存按标准重算的预算文件（YAML；仅限一个文件）")
    .addOption(new Option("--workers <n>", "批量核查的工作线程数").default("2"))
    .addHelpText(
      "after",
      `
示例:
  govcost check 某局测算表.xlsx
  govcost check 送审材料/ --xlsx 核查汇总.xlsx
  govcost check 送审材料/ --json > 核查.json
  govcost check 某局测算表.xlsx --print-map > map.yaml   # 修改后：govcost check 某局测算表.xlsx --map map.yaml
  govcost check 某局测算表.xlsx --budget 核定预算.yaml
退出码: 0 全部文件已读取且无“错误”级发现；1 有“错误”级发现或有文件未能读取；2 用法错误（文件不存在、映射文件有误或其工作表在所给文件中都不存在）。`,
    )
    .action(async (paths: string[], opts: { json?: boolean; xlsx?: string; map?: string; printMap?: boolean; budget?: string; workers: string }) => {
      if (!/^[1-9]\d?$/.test(opts.workers)) throw new CliError(`--workers 应为 1 到 99 的整数，而不是“${opts.workers}”`);
      const files = collectFiles(paths);
      if (files.length === 0) throw new CliError(`${paths.join("、")}：没有找到工作簿（.xlsx、.xlsm、.xls、.et、.ods）`);
      if ((opts.budget || opts.printMap) && files.length !== 1) throw new CliError(`${opts.budget ? "--budget" : "--print-map"} 只能用于一个文件，而这里有 ${files.length} 个`);
      refuseUnwritable(opts.xlsx, opts.budget);
      // The workbook package is loaded here only where this thread needs it (the workers load their own).
      const workbook = () => optional<WorkbookModule>("@govcost/workbook", "核查工作簿");
      let map: Workbook.CheckMap | undefined;
      if (opts.map) {
        const wb = await workbook();
        const core = await import("@govcost/core");
        const parsed = core.parseBudgetText(readInput(opts.map, io), path.basename(opts.map));
        if (!parsed.ok) throw new CliError([`${opts.map}: 映射文件无法解析：`, ...parsed.problems.map((p) => `  - ${core.describeProblem(p, opts.map)}`)].join("\n"));
        const m = wb.readCheckMap(parsed.document);
        if (!m.ok) throw new CliError([`${opts.map}: 映射文件有 ${m.problems.length} 处问题：`, ...m.problems.map((p) => `  - ${opts.map}: ${p}`)].join("\n"));
        map = m.map;
      }
      const jobs: CheckJob[] = files.flatMap(({ file, name, unreadable }) => (unreadable === undefined ? [{ file, name, ...(map ? { map } : {}), withBudget: Boolean(opts.budget || opts.printMap) }] : []));
      const bar = progress(io, jobs.length, process.stderr.isTTY === true);
      const checked = await runJobs(jobs, Number(opts.workers), (n, name) => bar.done(n, name));
      // A mapping whose sheet no file given has is the mapping's mistake, a usage error (exit 2); where some
      // files have it, the others' rows say that they lack it (one mapping may serve files laid out otherwise).
      if (opts.map && checked.length > 0) {
        const missing = (await workbook()).MISSING_MAP_SHEET;
        if (checked.every((o) => o.json.error?.startsWith(missing))) {
          throw new CliError([`${opts.map}: 映射文件所指的工作表在所给文件中都不存在：`, ...checked.map((o) => `  - ${oneLine(o.json.file)}: ${oneLine(o.json.error ?? "")}`)].join("\n"));
        }
      }
      // A directory that could not be listed keeps its place among the files, as its row.
      let next = 0;
      const outcomes = files.map((f) => (f.unreadable === undefined ? (checked[next++] as CheckOutcome) : notChecked(f.name, f.unreadable)));
      const results = outcomes.map((o) => o.json);
      const first = outcomes[0] as CheckOutcome;
      if (opts.printMap) {
        if (first.json.error !== undefined) throw new CliError(`${oneLine(first.json.file)}: ${oneLine(first.json.error)}`, 1);
        if (first.json.kind === "govcost") {
          io.out("# govcost 测算表，按固定版式读取，无需映射\n");
          return;
        }
        io.out(first.mapYaml ?? "");
        return;
      }
      // The results first: a file that then cannot be written (a full disk) does not take them with it.
      io.out(opts.json ? JSON.stringify(results, null, 2) + "\n" : terminalSafe(renderCheckText(results, files.filter((f) => f.directory).length)));
      if (opts.budget) {
        if (first.budgetYaml === null) throw new CliError(`${oneLine(first.json.file)}: ${oneLine(first.json.error ?? "无法得到重算的预算")}`, 1);
        writeOutput(opts.budget, first.budgetYaml);
      }
      if (opts.xlsx) writeOutput(opts.xlsx, await (await workbook()).writeCheckSummary(results));
      const unread = results.some((r) => r.error !== undefined);
      const errors = results.some((r) => r.findings.some((f) => f.severity === "error"));
      // Exit 1 after the output is written (an empty message: nothing more to say).
      if (unread || errors) throw new CliError("", 1);
    });
}
