/**
 * The govcost command line: a thin layer over @govcost/core (and, loaded only when asked for,
 * the workbook, report and server packages), so that `govcost estimate` starts fast.
 */
import { accessSync, constants, readFileSync, writeFileSync, existsSync, statSync } from "node:fs";
import path from "node:path";
import { Argument, Command, CommanderError, Option } from "commander";
// The light entry leaves out the YAML parser and the zod schema, which `estimate` on a JSON
// budget does not need; they are loaded on demand (fullCore) for YAML files, `schema` and `import`.
import {
  DEFAULT_STANDARD,
  describeDetail,
  describeProblem,
  detectFormat,
  EXAMPLE_BUDGET_YAML,
  estimate,
  estimateToJson,
  loadJsonBudget,
  problemsToJson,
  validateBudget,
  type Budget,
  type Problem,
} from "@govcost/core/light";

const fullCore = () => import("@govcost/core");
import type * as Workbook from "@govcost/workbook";
import type * as Report from "@govcost/report";
import { catalogJson, renderCatalogText, renderEstimateText } from "./render.js";
export { catalogJson, renderCatalogText, renderEstimateText } from "./render.js";
import { decodeText, InputError, readBytes, systemErrorText, terminalSafe } from "./input.js";
import { registerReview } from "./review.js";
import { registerCheck } from "./check.js";

/** Exit codes: 0 ok, 1 failure of the environment (a file that cannot be written …), 2 bad input or usage. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 2,
    readonly json?: unknown,
  ) {
    super(message);
  }
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

const nodeIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};



export function readInput(file: string, io: Io): string {
  if (file !== "-") {
    if (!existsSync(file)) throw new CliError(`${file}: 文件不存在`);
    if (statSync(file).isDirectory()) throw new CliError(`${file}: 是目录，不是预算文件`);
  }
  let data: Buffer;
  try {
    data = readBytes(file);
  } catch (e) {
    if (e instanceof InputError) throw new CliError(`${file}: ${e.message}`);
    throw new CliError(`${file}: 无法读取（${systemErrorText(e)}）`);
  }
  try {
    const { text, encoding } = decodeText(data);
    if (encoding === "gb18030") io.err(`${file}: 不是 UTF-8 编码，已按 GB18030（GBK）读取；建议另存为 UTF-8\n`);
    return text;
  } catch (e) {
    throw new CliError(`${file}: ${(e as Error).message}`);
  }
}

function problemsError(problems: readonly Problem[], file: string, asJson: boolean): CliError {
  const lines = problems.map((p) => describeProblem(p, file));
  const head = `${file}: 预算文件有 ${problems.length} 处问题，未计算：`;
  return new CliError([head, ...lines.map((l) => `  - ${l}`)].join("\n"), 2, asJson ? { errors: problemsToJson(problems, file) } : undefined);
}

export async function loadBudgetFile(file: string, asJson = false, io: Io = nodeIo): Promise<Budget> {
  const text = readInput(file, io);
  const name = file === "-" ? undefined : file;
  const r = detectFormat(text, name) === "json" ? loadJsonBudget(text, DEFAULT_STANDARD) : (await fullCore()).loadBudget(text, DEFAULT_STANDARD, name);
  if (!r.ok) throw problemsError(r.problems, file, asJson);
  return r.budget;
}

export function writeOutput(file: string, data: string | Uint8Array): void {
  try {
    writeFileSync(file, data);
  } catch (e) {
    throw new CliError(`${file}: 无法写入（${systemErrorText(e)}）`, 1);
  }
}

/**
 * Refuse, before any work is done, an output file that cannot be written: its folder missing or
 * not writable, or a folder of that name. A batch of a thousand files is not checked only to
 * fail at the end. (A full disk is still found only when writing.)
 */
export function refuseUnwritable(...files: (string | undefined)[]): void {
  for (const file of files) {
    if (file === undefined) continue;
    const dir = path.dirname(path.resolve(file));
    let why: string | null = null;
    try {
      if (existsSync(file) && statSync(file).isDirectory()) why = "这是一个目录，不是文件";
      else if (!statSync(dir).isDirectory()) why = `${dir} 不是目录`;
      else accessSync(existsSync(file) ? file : dir, constants.W_OK);
    } catch (e) {
      why = existsSync(dir) ? systemErrorText(e) : `目录 ${dir} 不存在`;
    }
    if (why !== null) throw new CliError(`${file}: 无法写入（${why}）`);
  }
}

// The workbook and report packages' own types (a changed option or result is a compile error
// here); the packages themselves are loaded only when a command needs them (optional()).
type WorkbookModule = typeof Workbook;
type ReportModule = typeof Report;
interface ServerModule {
  startServer(opts: { port?: number; host?: string; dataDir?: string; databaseUrl?: string; log?: (line: string) => void }): Promise<{ url: string; close(): Promise<void> }>;
  backupDatabase(file: string, opts?: { dataDir?: string }): Promise<{ bytes: number }>;
  addUser(opts: { username: string; password: string; role: string; displayName?: string; department?: string; dataDir?: string; databaseUrl?: string }): Promise<void>;
}

/** Load an optional package by name (kept out of the fast path of `estimate`). */
export async function optional<T>(name: string, purpose: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (e) {
    throw new CliError(`${purpose}需要 ${name}，但无法加载（${(e as Error).message}）。请先按 README 运行 npm install。`, 1);
  }
}

/** A report as HTML and/or PDF (printed by Chromium), to the files asked for. */
export async function writeHtmlAndPdf(rep: ReportModule, html: string, to: { html?: string; pdf?: string }): Promise<void> {
  if (to.html) writeOutput(to.html, html);
  if (!to.pdf) return;
  try {
    writeOutput(to.pdf, await rep.renderReportPdf(html));
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`生成 PDF 失败：${(e as Error).message}`, 1);
  }
}

export function parseUnit(v: string): "yuan" | "wan" {
  if (v === "yuan" || v === "元") return "yuan";
  if (v === "wan" || v === "万元") return "wan";
  throw new CliError(`--unit 只能是 yuan（元）或 wan（万元），而不是“${v}”`);
}

function readPassword(opts: { password?: string; passwordStdin?: boolean }): string {
  if (opts.passwordStdin) return readFileSync(0, "utf8").replace(/\r?\n$/, "");
  if (process.env.GOVCOST_PASSWORD) return process.env.GOVCOST_PASSWORD;
  throw new CliError("请用 --password-stdin 从标准输入提供密码，或设置环境变量 GOVCOST_PASSWORD");
}

/**
 * A refusal of `user add` as a user error (exit 2) with what to change: the server states the
 * rule a name or password broke in Chinese; anything else (the database cannot be opened …) is a
 * failure of the environment (exit 1).
 */
function userAddError(e: unknown): CliError {
  const message = e instanceof Error ? e.message : String(e);
  if (/已存在/.test(message)) return new CliError(`${message}；请换一个用户名，或在网页“用户管理”中修改已有用户`);
  if (/密码/.test(message)) return new CliError(`${message}；请换一个密码后重试`);
  if (/[\u4e00-\u9fff]/.test(message)) return new CliError(`${message}（用 govcost user add --help 查看用法）`);
  return new CliError(`添加用户失败：${message}`, 1);
}

export function buildProgram(io: Io = nodeIo): Command {
  const program = new Command();
  program
    .name("govcost")
    .description(
      "政务信息化项目系统业务运营服务成本测算（T/DGAG 024—2024）\nCost estimates for government IT operation services by T/DGAG 024—2024.",
    )
    .version("0.1.0", "-v, --version", "显示版本")
    .helpOption("-h, --help", "显示帮助")
    .addHelpCommand(false)
    .showHelpAfterError("（用 --help 查看用法）")
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();

  program
    .command("estimate")
    .description("按预算文件测算总成本 C = L + T（公式(1)–(3)），输出测算表")
    .argument("<file>", "预算文件（JSON 或 YAML；- 表示标准输入）")
    .option("--json", "以 JSON 输出测算结果")
    .option("--xlsx <out>", "另存测算表工作簿（.xlsx，含公式）")
    .option("--html <out>", "另存测算报告（HTML，含测算说明）")
    .option("--pdf <out>", "另存测算报告（PDF）")
    .addOption(new Option("--unit <unit>", "报告金额单位：yuan（元）或 wan（万元）").default("yuan"))
    .addHelpText(
      "after",
      `
示例:
  govcost estimate budget.yaml
  govcost estimate budget.json --json > result.json
  govcost estimate budget.yaml --xlsx 测算表.xlsx --html 测算报告.html --unit wan
退出码: 0 成功；2 预算文件有误（列出每一处问题及其字段路径）；1 其他错误。`,
    )
    .action(async (file: string, opts: { json?: boolean; xlsx?: string; html?: string; pdf?: string; unit: string }) => {
      const unit = parseUnit(opts.unit);
      refuseUnwritable(opts.xlsx, opts.html, opts.pdf);
      const budget = await loadBudgetFile(file, opts.json === true, io);
      const est = estimate(budget, DEFAULT_STANDARD);
      if (opts.xlsx) {
        const wb = await optional<WorkbookModule>("@govcost/workbook", "导出工作簿");
        writeOutput(opts.xlsx, await wb.writeEstimateWorkbook(budget, est));
      }
      if (opts.html || opts.pdf) {
        const rep = await optional<ReportModule>("@govcost/report", "生成报告");
        await writeHtmlAndPdf(rep, rep.renderReportHtml(est, { unit }), opts);
      }
      io.out(opts.json ? JSON.stringify(estimateToJson(est), null, 2) + "\n" : terminalSafe(renderEstimateText(est)));
    });

  program
    .command("catalog")
    .description("列出标准中的全部服务内容类别、难度级别与单价（两种方法），并标出两种方法不一致之处")
    .option("--json", "以 JSON 输出")
    .addHelpText("after", "\n示例:\n  govcost catalog\n  govcost catalog --json | jq '.[] | select(.id == \"7.2.b\")'")
    .action((opts: { json?: boolean }) => {
      io.out(opts.json ? JSON.stringify(catalogJson(), null, 2) + "\n" : renderCatalogText());
    });

  registerReview(program, io);
  registerCheck(program, io);

  program
    .command("schema")
    .description("输出预算文件（或审核决定文件）的 JSON Schema（与校验所用定义同源）")
    .addArgument(new Argument("[kind]", "budget（预算文件，默认）或 review（审核决定文件）").choices(["budget", "review"]).default("budget"))
    .addHelpText("after", "\n示例:\n  govcost schema > budget.schema.json\n  govcost schema review > review.schema.json")
    .action(async (kind: "budget" | "review") => {
      const core = await fullCore();
      io.out(JSON.stringify(kind === "review" ? core.reviewJsonSchema() : core.budgetJsonSchema(), null, 2) + "\n");
    });

  program
    .command("init")
    .description("生成一份带注释的示例预算文件（YAML）")
    .argument("[file]", "输出文件（- 表示标准输出）", "budget.yaml")
    .option("-f, --force", "覆盖已存在的文件")
    .addHelpText("after", "\n示例:\n  govcost init\n  govcost init 我的项目.yaml\n  govcost init - | less")
    .action((file: string, opts: { force?: boolean }) => {
      if (file === "-") {
        io.out(EXAMPLE_BUDGET_YAML);
        return;
      }
      if (existsSync(file) && !opts.force) throw new CliError(`${file} 已存在；如需覆盖请加 --force`);
      writeOutput(file, EXAMPLE_BUDGET_YAML);
      io.err(`已生成示例预算文件 ${file}；可运行：govcost estimate ${file}\n`);
    });

  program
    .command("import")
    .description("读取 govcost 测算表工作簿（.xlsx，可含人工修改），输出预算文件")
    .argument("<file>", "工作簿 .xlsx")
    .option("--json", "输出 JSON（默认 YAML）")
    .option("-o, --output <out>", "写入文件而非标准输出")
    .addHelpText("after", "\n示例:\n  govcost import 测算表.xlsx > budget.yaml\n  govcost import 测算表.xlsx --json -o budget.json")
    .action(async (file: string, opts: { json?: boolean; output?: string }) => {
      if (!existsSync(file)) throw new CliError(`${file}: 文件不存在`);
      refuseUnwritable(opts.output);
      const wb = await optional<WorkbookModule>("@govcost/workbook", "导入工作簿");
      const r = await wb.readEstimateWorkbook(readFileSync(file), { fileName: path.basename(file) });
      if (!r.ok) {
        throw new CliError(
          [`${file}: 工作簿有 ${r.problems.length} 处问题：`, ...r.problems.map((p) => `  - ${describeDetail(p)}`)].join("\n"),
          2,
          opts.json ? { errors: r.problems.map((p) => ({ ...p, file })) } : undefined,
        );
      }
      const v = validateBudget(r.document, DEFAULT_STANDARD);
      if (!v.ok) throw problemsError(v.problems, file, opts.json === true);
      const text = (await fullCore()).budgetToText(v.budget, opts.json ? "json" : "yaml");
      if (opts.output) writeOutput(opts.output, text);
      else io.out(text);
    });

  program
    .command("serve")
    .description("启动 govcost 服务（HTTP API 与网页），默认内置 SQLite 数据库")
    .option("-p, --port <port>", "端口（环境变量 PORT，默认 3000）")
    .option("--host <host>", "监听地址（环境变量 HOST，默认 127.0.0.1）")
    .option("--data <dir>", "数据目录（环境变量 GOVCOST_DATA，默认 ./data）")
    .addHelpText("after", "\n示例:\n  govcost serve\n  PORT=8080 govcost serve --data /var/lib/govcost\n  DATABASE_URL=postgres://user@db/govcost govcost serve")
    .action(async (opts: { port?: string; host?: string; data?: string }) => {
      const server = await optional<ServerModule>("@govcost/server", "启动服务");
      const port = opts.port ?? process.env.PORT;
      if (port !== undefined && !/^\d+$/.test(port)) throw new CliError(`端口必须是数字，而不是“${port}”`);
      // The server prints its own address and, on first run, the one-time setup link.
      const running = await server
        .startServer({
          ...(port !== undefined ? { port: Number(port) } : {}),
          ...(opts.host ? { host: opts.host } : {}),
          ...(opts.data ? { dataDir: opts.data } : {}),
          log: (line) => io.err(line + "\n"),
        })
        .catch((e: unknown) => {
          const code = (e as NodeJS.ErrnoException).code;
          const where = `${opts.host ?? process.env.HOST ?? "127.0.0.1"}:${port ?? 3000}`;
          if (code === "GOVCOST_CONFIG") throw new CliError((e as Error).message);
          if (code === "EADDRINUSE") throw new CliError(`端口 ${port ?? 3000} 已被占用（${where}）；请用 --port 指定其他端口，或先停止占用该端口的程序`);
          if (code === "EACCES") throw new CliError(`没有权限监听 ${where}（1024 以下的端口需要管理员权限）；请用 --port 指定 1024 以上的端口`);
          if (code === "EADDRNOTAVAIL") throw new CliError(`本机没有地址 ${opts.host ?? process.env.HOST ?? ""}；请用 --host 指定本机地址，如 127.0.0.1 或 0.0.0.0`);
          throw e;
        });
      const stop = () => {
        void running.close().then(() => process.exit(0));
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      await new Promise<never>(() => undefined);
    });

  program
    .command("backup")
    .description("在服务运行时为内置 SQLite 数据库做一致性备份（SQLite 在线备份）")
    .argument("<file>", "备份文件")
    .option("--data <dir>", "数据目录（环境变量 GOVCOST_DATA，默认 ./data）")
    .addHelpText("after", "\n示例:\n  govcost backup backups/govcost-$(date +%F).sqlite\n恢复：停止服务，将备份文件复制为 数据目录/govcost.sqlite，再启动。")
    .action(async (file: string, opts: { data?: string }) => {
      const server = await optional<ServerModule>("@govcost/server", "备份");
      const r = await server.backupDatabase(file, opts.data ? { dataDir: opts.data } : {});
      io.err(`已备份到 ${file}（${r.bytes} 字节）\n`);
    });

  const user = program.command("user").description("用户管理").addHelpCommand(false);
  user
    .command("add")
    .description("添加用户（首位管理员也可由此创建）")
    .requiredOption("-u, --username <name>", "用户名")
    .addOption(new Option("-r, --role <role>", "角色").choices(["admin", "preparer", "reviewer"]).default("preparer"))
    .option("-n, --display-name <name>", "显示名称")
    .option("-d, --department <name>", "所属部门（不存在则创建）")
    .option("--password-stdin", "从标准输入读取密码（或设置环境变量 GOVCOST_PASSWORD）")
    .option("--data <dir>", "数据目录（环境变量 GOVCOST_DATA，默认 ./data）")
    .addHelpText("after", "\n示例:\n  echo 'S3cure-pass!' | govcost user add -u admin -r admin --password-stdin\n  GOVCOST_PASSWORD=… govcost user add -u zhang -r preparer -d 市政务服务数据管理局")
    .action(async (opts: { username: string; role: string; displayName?: string; department?: string; passwordStdin?: boolean; data?: string }) => {
      if (opts.role === "preparer" && !opts.department) throw new CliError("编制人（preparer）必须属于一个部门：请用 -d/--department 指定部门（不存在则创建）");
      const server = await optional<ServerModule>("@govcost/server", "添加用户");
      const password = readPassword(opts);
      await server.addUser({
        username: opts.username,
        password,
        role: opts.role,
        ...(opts.displayName ? { displayName: opts.displayName } : {}),
        ...(opts.department ? { department: opts.department } : {}),
        ...(opts.data ? { dataDir: opts.data } : {}),
        ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
      }).catch((e: unknown) => {
        throw userAddError(e);
      });
      io.err(`已添加用户 ${opts.username}（${opts.role}）\n`);
    });

  return program;
}

/** Run the CLI; resolves to the exit code. Never lets an exception escape as a stack trace. */
export async function run(argv: readonly string[], io: Io = nodeIo): Promise<number> {
  if (io === nodeIo) quietOnClosedPipe();
  const program = buildProgram(io);
  const wantsJson = argv.includes("--json");
  try {
    await program.parseAsync([...argv], { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
      return 2;
    }
    if (e instanceof CliError) {
      if (e.message === "" && e.exitCode === 1) return 1;
      if (wantsJson && e.json !== undefined) io.out(JSON.stringify(e.json, null, 2) + "\n");
      io.err(terminalSafe(e.message) + "\n");
      return e.exitCode;
    }
    const msg = e instanceof Error ? e.message : String(e);
    io.err(`govcost 内部错误：${terminalSafe(msg)}\n请将预算文件与此信息反馈给维护者。\n`);
    if (process.env.GOVCOST_DEBUG && e instanceof Error && e.stack) io.err(e.stack + "\n");
    return 1;
  }
}

/**
 * `govcost catalog --json | head -1`: once the reader has closed the pipe there is nobody to tell,
 * so the command ends quietly (exit 0) instead of printing EPIPE's stack trace.
 */
function quietOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listenerCount("error") > 0) continue;
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE") process.exit(0);
      throw e;
    });
  }
}
