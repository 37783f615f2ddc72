/** `govcost check` as a user runs it: the built binary on fixture workbooks, batches, outputs, exit codes. */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { cliHarness } from "./harness.js";
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
    expect(bad.err).toContain("bad-map.yaml: columns.amount: 应为列字母（如 C），而不是“10”");
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

  it("an .xls without LibreOffice is refused with what to do", () => {
    // An OLE2 compound file's signature: what an .xls is, decided by its bytes (the conversion itself is tested in the workbook package).
    cli.file("old.xls", Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array<number>(504).fill(0)]));
    const r = govcost(["check", "old.xls", "--json"], { PATH: "/nonexistent" });
    expect(r.code).toBe(1);
    expect((JSON.parse(r.out) as Row[])[0]?.error).toBe(".xls 文件需要 LibreOffice 转换，但本机未安装 LibreOffice（soffice）；请安装 LibreOffice，或用 WPS/Excel 另存为 .xlsx 后再核查");
  });
});
