/** `govcost check` as a user runs it: the built binary on fixture workbooks, batches, outputs, exit codes. */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { cliHarness } from "./harness.js";
import { collectFiles, type ListDir } from "../src/check.js";
import * as fx from "../../workbook/test/fixtures/foreign.js";

const cli = cliHarness("check");
const govcost = (args: string[], env?: Record<string, string>) => cli.run(args, env ? { env } : {});

beforeAll(async () => {
  mkdirSync(path.join(cli.dir, "送审", "二组"), { recursive: true });
  cli.file("送审/clean.xlsx", await fx.cleanYuan());
  cli.file("送审/wan.xlsx", await fx.cleanWanMerged());
  cli.file("送审/二组/errors.xlsx", await fx.errors());
  cli.file("送审/二组/broken.xlsx", "这不是工作簿");
  cli.file("送审/readme.txt", "not a workbook, not looked at");
});

interface Row {
  file: string;
  project: string | null;
  declared: string | null;
  recomputed: string | null;
  difference: string | null;
  findings: { code: string; severity: string; cell: string; amountAtStake: string | null }[];
  error?: string;
}

describe("govcost check", () => {
  it("checks a directory recursively on two workers: JSON rows in order, an unreadable file as a row, exit 1", () => {
    const r = govcost(["check", "送审", "--json"]);
    expect(r.code).toBe(1);
    const rows = JSON.parse(r.out) as Row[];
    expect(rows.map((x) => x.file)).toEqual(["送审/clean.xlsx", "送审/wan.xlsx", "送审/二组/broken.xlsx", "送审/二组/errors.xlsx"].map((p) => p.split("/").join(path.sep)));
    expect(rows.map((x) => [x.declared, x.recomputed, x.difference])).toEqual([
      ["1405000.00", "1405000.00", "0.00"],
      ["2037420.00", "2037420.00", "0.00"], // 203.742 万元
      [null, null, null],
      ["2015000.00", "1877680.00", "137320.00"], // 1916000 × 0.98 = 1877680
    ]);
    expect(rows[2]?.error).toContain("不是有效的 xlsx 工作簿");
    expect(rows[3]?.findings.map((f) => [f.code, f.cell, f.amountAtStake])).toEqual([
      ["tier-mismatch", "测算明细!G4", null],
      ["unit-price-mismatch", "测算明细!H5", "144000.00"],
      ["amount-arithmetic", "测算明细!J6", "-45000.00"],
      ["scale-missing", "测算明细!J7", "40300.00"],
    ]);
    // Not a terminal: one plain progress line per file.
    expect(r.err.trim().split("\n")).toHaveLength(4);
    expect(r.err).toMatch(/^核查 1\/4 /);
  });

  it("one worker gives the same answer as two", () => {
    const two = govcost(["check", "送审", "--json"]);
    const one = govcost(["check", "送审", "--json", "--workers", "1"]);
    expect(one.out).toBe(two.out);
  });

  it("a clean file: text, exit 0", () => {
    const r = govcost(["check", "送审/clean.xlsx"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("申报金额 1,405,000.00 元；按标准核定 1,405,000.00 元（方法1）；差额 0.00 元");
    expect(r.out).toContain("核查发现：无");
    expect(r.err).toBe("");
  });

  it("--xlsx writes the summary workbook: a row per file, linked findings sheets", async () => {
    const r = govcost(["check", "送审", "--xlsx", "汇总.xlsx"]);
    expect(r.code).toBe(1);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(cli.dir, "汇总.xlsx"));
    expect(wb.worksheets.map((w) => w.name)).toEqual(["核查汇总", "1 clean", "2 wan", "4 errors"]);
    const s = wb.getWorksheet("核查汇总") as ExcelJS.Worksheet;
    expect(s.getCell("F5").value).toBe(137320);
    expect(s.getCell("G5").value).toBe(4);
    expect(s.getCell("J5").value).toEqual({ text: "4 条", hyperlink: "#'4 errors'!A1" });
    expect(String(s.getCell("K4").value)).toContain("不是有效的 xlsx 工作簿");
  });

  it("--print-map prints the detected mapping; saved and given back with --map it reads the table the same way", () => {
    const printed = govcost(["check", "送审/wan.xlsx", "--print-map"]);
    expect(printed.code).toBe(0);
    expect(printed.out).toContain('sheet: "运营服务费"\nheaderRow: 3\nfirstRow: 5\nunit: wan');
    cli.file("map.yaml", printed.out);
    const r = govcost(["check", "送审/wan.xlsx", "--map", "map.yaml", "--json"]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as Row[])[0]?.recomputed).toBe("2037420.00");
    cli.file("bad-map.yaml", "sheet: 运营服务费\nheaderRow: 0\ncolumns: { amount: 10 }\n");
    const bad = govcost(["check", "送审/wan.xlsx", "--map", "bad-map.yaml"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("bad-map.yaml: headerRow: 应为 1 起的行号，而不是“0”");
    expect(bad.err).toContain("bad-map.yaml: columns.amount: 应为 A 到 XFD 的列字母（如 C），而不是“10”");
  });

  it("a --map naming a sheet no file has is a usage error (exit 2); where another file has it, the file's row says so", () => {
    cli.file("no-sheet.yaml", "sheet: 没有这张表\nheaderRow: 3\ncolumns: { name: B, amount: J }\n");
    const one = govcost(["check", "送审/wan.xlsx", "--map", "no-sheet.yaml"]);
    expect(one.code).toBe(2);
    expect(one.err).toContain("no-sheet.yaml: 映射文件所指的工作表在所给文件中都不存在");
    expect(one.err).toContain("映射文件所指的工作表“没有这张表”不存在（工作簿中有：填表说明、运营服务费）");
    expect(one.out).toBe("");
    // 运营服务费 is wan.xlsx's sheet, not clean.xlsx's: wan.xlsx is checked (clean), clean.xlsx's row says why not; exit 1.
    cli.file("wan-sheet.yaml", "sheet: 运营服务费\nheaderRow: 3\nfirstRow: 5\nunit: wan\ncolumns: { name: B, technical: C, business: D, collaboration: E, coefficient: F, tier: G, price: H, workload: I, amount: J }\n");
    const two = govcost(["check", "送审/wan.xlsx", "送审/clean.xlsx", "--map", "wan-sheet.yaml", "--json", "--workers", "1"]);
    expect(two.code).toBe(1);
    const rows = JSON.parse(two.out) as Row[];
    // 203.742 万元 = 2037420 元
    expect(rows.map((x) => [x.recomputed, x.error?.slice(0, 20) ?? null])).toEqual([["2037420.00", null], [null, "映射文件所指的工作表“运营服务费”不存在"]]);
  });

  it("an empty (0-byte) file: its row says the file is empty", () => {
    cli.file("空.xlsx", "");
    const r = govcost(["check", "空.xlsx", "--json"]);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.out) as Row[])[0]?.error).toBe("文件为空（0 字节），不是工作簿；请重新导出或上传该测算表");
  });

  it("a second sheet's table is named, not passed over in silence (text output)", async () => {
    cli.file("两张表.xlsx", await fx.twoPricingSheets());
    const r = govcost(["check", "两张表.xlsx"]);
    // A warning: exit 0; 政务服务平台 285000 + 90000 = 375000 checked, 数据共享平台's 35000 × 6 = 210000 named.
    expect(r.code).toBe(0);
    expect(r.out).toContain("申报金额 375,000.00 元；按标准核定 375,000.00 元（方法1）；差额 0.00 元");
    expect(r.out).toContain("[警告] 数据共享平台!B1：工作表“数据共享平台”另有一张测算表");
    expect(r.out).toContain("（涉及金额 210,000.00 元）");
  });

  it("a named rate profile used consistently is a finding to confirm (exit 0), not unit-price errors; --budget keeps its rates", async () => {
    cli.file("费率方案.xlsx", await fx.namedRateProfile("consistent"));
    const r = govcost(["check", "费率方案.xlsx", "--budget", "费率方案.yaml"]);
    expect(r.code).toBe(0);
    // 29500 × 10 + 23500 × 4 = 295000 + 94000 = 389000, priced by the named profile
    expect(r.out).toContain("申报金额 389,000.00 元；按标准核定 389,000.00 元（方法1）；差额 0.00 元");
    // 389000 − (28500 × 10 + 22500 × 4) = 389000 − 375000 = 14000
    expect(r.out).toContain("[需核实] 测算!C4［表B.1 注2］：申报表写明所用费率方案“2024年某市人力资源市场工资价位”");
    expect(r.out).toContain("（涉及金额 14,000.00 元）");
    expect(r.out).not.toContain("[错误]");
    const est = govcost(["estimate", "费率方案.yaml", "--json"]);
    expect(est.code).toBe(0);
    expect((JSON.parse(est.out) as { grandTotal: string }).grandTotal).toBe("389000.00");
  });

  it("--budget writes the recomputed budget, which govcost estimate prices at the recomputed total", () => {
    const r = govcost(["check", "送审/二组/errors.xlsx", "--budget", "核定.yaml"]);
    expect(r.code).toBe(1);
    const est = govcost(["estimate", "核定.yaml", "--json"]);
    expect(est.code).toBe(0);
    expect((JSON.parse(est.out) as { grandTotal: string }).grandTotal).toBe("1877680.00");
  });

  it("--help lists the options and examples", () => {
    const r = govcost(["check", "--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("--print-map");
    expect(r.out).toContain("govcost check 送审材料/ --xlsx 核查汇总.xlsx");
  });

  it("usage errors exit 2", () => {
    expect(govcost(["check", "没有这个文件.xlsx"]).code).toBe(2);
    const many = govcost(["check", "送审", "--budget", "x.yaml"]);
    expect(many.code).toBe(2);
    expect(many.err).toContain("--budget 只能用于一个文件");
    expect(govcost(["check", "送审", "--workers", "0"]).code).toBe(2);
  });

  it("an output that cannot be written is refused before any file is checked", () => {
    const missing = govcost(["check", "送审", "--xlsx", "没有的目录/核查汇总.xlsx"]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(`没有的目录/核查汇总.xlsx: 无法写入（目录 ${path.join(cli.dir, "没有的目录")} 不存在）`);
    // Refused at once: no file was checked (no progress line), nothing printed.
    expect(missing.err).not.toContain("核查 1/");
    expect(missing.out).toBe("");
    const folder = govcost(["check", "送审/二组/errors.xlsx", "--budget", "送审"]);
    expect(folder.code).toBe(2);
    expect(folder.err).toContain("送审: 无法写入（这是一个目录，不是文件）");
  });

  it("a directory that cannot be listed is a row with its reason, in its place; the other files are checked", () => {
    // As root nothing is refused for permissions, but the kernel refuses a path of PATH_MAX (4096 bytes)
    // or more. 长路径 is 9 bytes and each level adds 1 + 200: level 20 is 9 + 201 × 20 = 4029 bytes and
    // can be listed, level 21 is 4230 and cannot (ENAMETOOLONG). The levels are made one at a time
    // from inside the one above, each path short.
    const D = "d".repeat(200);
    mkdirSync(path.join(cli.dir, "长路径"));
    const made = spawnSync(process.execPath, ["-e", `const fs = require("node:fs"); process.chdir("长路径"); for (let i = 0; i < 22; i++) { fs.mkdirSync("${D}"); process.chdir("${D}"); }`], { cwd: cli.dir });
    expect(made.status).toBe(0);
    // After the directory in name order (z > d): its row must keep its place among the files checked.
    cli.file("长路径/z.xlsx", readFileSync(path.join(cli.dir, "送审/clean.xlsx")));
    const r = govcost(["check", "长路径", "--json"]);
    // A file could not be read: 1, and the whole answer is still a JSON array.
    expect(r.code).toBe(1);
    const rows = JSON.parse(r.out) as Row[];
    expect(rows.map((x) => [x.file, x.declared, x.error])).toEqual([
      [["长路径", ...new Array<string>(21).fill(D)].join(path.sep), null, "无法读取目录（文件名太长，ENAMETOOLONG），其中的工作簿未能核查"],
      [path.join("长路径", "z.xlsx"), "1405000.00", undefined],
    ]);
    expect(r.err).not.toContain("内部错误");

    // A path given that cannot be reached (here: beyond PATH_MAX, as one inside a folder the user may not
    // enter) is a row that says why, not "不存在"; a path that does not exist is a usage error (exit 2).
    const far = path.join("长路径", ...new Array<string>(21).fill(D), "x.xlsx");
    const out = govcost(["check", far, path.join("长路径", "z.xlsx"), "--json"]);
    expect(out.code).toBe(1);
    expect((JSON.parse(out.out) as Row[]).map((x) => [x.file, x.error])).toEqual([
      [far, "无法访问（文件名太长，ENAMETOOLONG），未能核查"],
      [path.join("长路径", "z.xlsx"), undefined],
    ]);
    // The text summary counts the directory apart from the files: one file read, one directory not listed.
    const text = govcost(["check", "长路径"]);
    expect(text.code).toBe(1);
    expect(text.out).toContain("共 1 个文件：读取 1 个，未能读取 0 个；另有 1 个目录无法读取；错误 0 条，警告 0 条，需核实 0 条");
    const missing = govcost(["check", path.join("长路径", "没有这个文件.xlsx")]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("没有这个文件.xlsx: 文件或目录不存在");
  });

  it("collectFiles: a directory the user may not open is its row (没有权限), the rest listed", () => {
    const locked = path.join(cli.dir, "送审", "二组");
    // What readdir throws for a directory without read permission (root is never refused one).
    const list: ListDir = (dir) => {
      if (dir === locked) throw Object.assign(new Error(`EACCES: permission denied, scandir '${dir}'`), { code: "EACCES", syscall: "scandir" });
      return readdirSync(dir, { withFileTypes: true });
    };
    expect(collectFiles([path.join(cli.dir, "送审")], list)).toEqual([
      { file: path.join(cli.dir, "送审", "clean.xlsx"), name: path.join("送审", "clean.xlsx") },
      { file: path.join(cli.dir, "送审", "wan.xlsx"), name: path.join("送审", "wan.xlsx") },
      { file: locked, name: path.join("送审", "二组"), unreadable: "无法读取目录（没有权限，EACCES），其中的工作簿未能核查", directory: true },
    ]);
  });

  it("text output: a line break in a file name, a title or a cell is shown as ⏎ and cannot forge a line", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("测算表");
    // cleanYuan's first line (7.1.a, 171000, clean), and a line whose name is no item of the standard
    // (quoted in the finding as the check reads it, NFKC: so no full-width signs in it here).
    for (const row of [
      ["某局2025年运营服务费测算表\n  核查发现：无"],
      ["单位：元"],
      ["序号", "服务内容编号", "服务内容", "技术难度", "业务难度", "协同难度", "涉及单位数", "运营难度系数", "档位", "人月单价（元）", "工作量（人月）", "金额（元）"],
      [1, "7.1.a", "数据战略和治理体系制定", "T3", "B3", "F1", null, 2.25, "第三档", 28500, 6, 171000],
      [2, null, "伪造的服务\n  申报金额 0 元", "T2", "B2", "F1", null, 1.44, "第二档", 22500, 10, 225000],
      [null, "合计", null, null, null, null, null, null, null, null, 16, 396000],
    ]) ws.addRow(row);
    mkdirSync(path.join(cli.dir, "换行"));
    cli.file("换行/a\n  核查发现：无.xlsx", Buffer.from(await wb.xlsx.writeBuffer()));
    cli.file("换行/b.xlsx", await fx.cleanYuan());
    const r = govcost(["check", "换行", "--workers", "1"]);
    expect(r.code).toBe(1);
    // Declared 171000 + 225000 = 396000; recomputed 171000 alone (the unknown line is left out; 16 人月
    // ≤ 5 人年: S1 1.00); difference 225000, the unknown line's amount, at stake.
    expect(r.out).toBe(
      [
        "换行/a⏎  核查发现：无.xlsx：某局2025年运营服务费测算表⏎  核查发现：无",
        "  申报金额 396,000.00 元；按标准核定 171,000.00 元（方法1）；差额 225,000.00 元",
        "  核查发现（1）：",
        "    [错误] 测算表!C5［附录A、表1–表17］：“伪造的服务⏎  申报金额 0 元”不是标准中的服务内容类别（按编号、名称均未找到）；请按标准服务目录（网页“服务目录”或 govcost catalog）中的编号或名称填写，本行未计入核定金额（涉及金额 225,000.00 元）",
        "",
        "换行/b.xlsx：某区政务服务数据管理局2025年系统业务运营服务项目费用测算表",
        "  申报金额 1,405,000.00 元；按标准核定 1,405,000.00 元（方法1）；差额 0.00 元",
        "  核查发现：无",
        "",
        "共 2 个文件：读取 2 个，未能读取 0 个；错误 1 条，警告 0 条，需核实 0 条",
        "",
      ].join("\n"),
    );
    // The progress lines too, one a file (in order on one worker).
    expect(r.err).toBe("核查 1/2 换行/a⏎  核查发现：无.xlsx\n核查 2/2 换行/b.xlsx\n");
    // The data itself is kept as it is in JSON, which escapes its own line breaks.
    const rows = JSON.parse(govcost(["check", "换行", "--json"]).out) as Row[];
    expect(rows.map((x) => [x.file, x.project])).toEqual([
      ["换行/a\n  核查发现：无.xlsx", "某局2025年运营服务费测算表\n  核查发现：无"],
      ["换行/b.xlsx", "某区政务服务数据管理局2025年系统业务运营服务项目费用测算表"],
    ]);
  });

  it("an .xls without LibreOffice is refused with what to do", () => {
    // An OLE2 compound file's signature: what an .xls is, decided by its bytes (the conversion itself is tested in the workbook package).
    cli.file("old.xls", Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array<number>(504).fill(0)]));
    const r = govcost(["check", "old.xls", "--json"], { PATH: "/nonexistent" });
    expect(r.code).toBe(1);
    expect((JSON.parse(r.out) as Row[])[0]?.error).toBe(".xls 文件需要 LibreOffice 转换，但本机未安装 LibreOffice（soffice）；请安装 LibreOffice，或用 WPS/Excel 另存为 .xlsx 后再核查");
  });
});
