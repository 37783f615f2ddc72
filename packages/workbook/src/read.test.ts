/**
 * Import: export → read gives back the same budget document; a reviewer's edits in the visible
 * cells win; every bad cell is reported at its sheet and cell, all at once; hostile files are
 * refused with a Chinese message before the workbook is parsed.
 */
import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { budgetToDocument, DEFAULT_STANDARD, describeDetail, estimate, formatProblem } from "@govcost/core";
import { readEstimateWorkbook, type WorkbookProblem } from "./read.js";
import { SHEET } from "./layout.js";
import { inspectZip, sheetPartNames } from "./zip-guard.js";
import { budgetOf, DOC_A, DOC_B, edit, expectProblem, exportDoc, labor, makeZip, problemsOf, rowOf, XLSX_SKELETON } from "../test/read-helpers.js";

describe("round trip", () => {
  for (const [label, doc] of [
    ["rate profile, notes, all non-labor parts, external", DOC_A],
    ["every form of collaboration", DOC_B],
  ] as const) {
    it(`export → read equals the original document (${label})`, async () => {
      const budget = budgetOf(doc);
      const r = await readEstimateWorkbook(await exportDoc(doc), { fileName: "a.xlsx" });
      if (!r.ok) throw new Error(JSON.stringify(r.problems));
      expect(r.document).toEqual(budgetToDocument(budget));
      expect(estimate(r.budget, DEFAULT_STANDARD).grandTotal.toFixed(2)).toBe(estimate(budget, DEFAULT_STANDARD).grandTotal.toFixed(2));
    });
  }

  it("reads a Uint8Array as well as a Buffer", async () => {
    const buf = await exportDoc(DOC_B);
    const r = await readEstimateWorkbook(new Uint8Array(buf));
    expect(r.ok).toBe(true);
  });
});

describe("a reviewer's edits win", () => {
  it("workload, units, collaboration level, an added and a removed row", async () => {
    const buf = await edit(await exportDoc(DOC_A), (wb) => {
      const ws = labor(wb);
      ws.getCell(`Q${rowOf(wb, "7.2.b")}`).value = 30;
      // 8.2.d: the stated F3 becomes F2
      ws.getCell(`J${rowOf(wb, "8.2.d")}`).value = "F2";
      // 7.2.b: 3 units → 6 units; the collaboration formula follows the units (表A.3)
      ws.getCell(`L${rowOf(wb, "7.2.b")}`).value = 6;
      // remove 7.2.d, add 7.1.e after 7.2.b
      ws.spliceRows(rowOf(wb, "7.2.d"), 1);
      const after = rowOf(wb, "7.2.b");
      ws.insertRow(after + 1, []);
      const row = ws.getRow(after + 1);
      row.getCell("D").value = "7.1.e";
      row.getCell("M").value = "方法1（系数法）";
      row.getCell("Q").value = 5;
      row.getCell("S").value = "新增培训";
    });
    const r = await readEstimateWorkbook(buf);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const services = r.document.services as Record<string, unknown>[];
    expect(services.map((s) => s.item)).toEqual(["7.2.b", "7.1.e", "9.1.a", "8.2.d", "7.2.c"]);
    expect(services[0]).toEqual({ item: "7.2.b", personMonths: "30", units: 6, method: "coefficient" });
    expect(services[1]).toEqual({ item: "7.1.e", personMonths: "5", method: "coefficient", note: "新增培训" });
    expect(services[3]).toEqual({ item: "8.2.d", personMonths: "10", collaboration: "F2", method: "coefficient" });
    const est = estimate(r.budget, DEFAULT_STANDARD);
    const amount = (item: string) => est.lines.find((l) => l.item === item)?.amount.toFixed(2);
    // 7.2.b: 6 units → F3; 1.2 × 1.2 × 1.5 = 2.16 → 第三档, profile 29000 × 30 = 870000.00
    expect(est.lines[0]?.collaboration).toBe("F3");
    expect(amount("7.2.b")).toBe("870000.00");
    // 7.1.e: T1 × B1 × F1 = 1 → 第一档, profile 17000 × 5 = 85000.00
    expect(amount("7.1.e")).toBe("85000.00");
    // 8.2.d: 1.5 × 2.0 × F2 1.2 = 3.6 ∈ (2.6, 4.1] → 第四档 36000 × 10 = 360000.00
    expect(amount("8.2.d")).toBe("360000.00");
    // 9.1.a 29000 × 36.5 = 1058500.00; 7.2.c T2 1.2 × B3 1.5 = 1.8 → 第三档 29000 × 0.5 = 14500.00
    // Σ = 870000 + 85000 + 1058500 + 360000 + 14500 = 2388000.00; Σ Q = 30 + 5 + 36.5 + 10 + 0.5 = 82 → S2 0.98
    // L = 2388000 × 0.98 = 2340240.00
    expect(est.scale.level).toBe("S2");
    expect(est.labor.toFixed(2)).toBe("2340240.00");
  });

  it("a rate, a non-labor amount, the project name and a default collaboration level", async () => {
    const buf = await edit(await exportDoc(DOC_B), (wb) => {
      (wb.getWorksheet(SHEET.summary) as ExcelJS.Worksheet).getCell("B3").value = "改名后的项目";
      (wb.getWorksheet(SHEET.tables) as ExcelJS.Worksheet).getCell("E34").value = 23000;
      // 9.4.b showed F1 by default (nothing stated); the reviewer states F2
      labor(wb).getCell(`J${rowOf(wb, "9.4.b")}`).value = "F2";
    });
    const r = await readEstimateWorkbook(buf);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.document.name).toBe("改名后的项目");
    expect(r.document.rates).toEqual([16500, 23000, 28500, 35000, 46500]);
    expect((r.document.services as Record<string, unknown>[])[0]).toEqual({ item: "9.4.b", personMonths: "8.25", collaboration: "F2", method: "coefficient" });
    const est = estimate(r.budget, DEFAULT_STANDARD);
    // 9.4.b F2: 1.2 × 1.2 × 1.2 = 1.728 → 第三档 28500 × 8.25 = 235125.00
    expect(est.lines[0]?.amount.toFixed(2)).toBe("235125.00");
    // 6.2.a (第一档 16500 × 12 = 198000.00) unchanged; 6.2.b quick: 表B.2 22500 = 第二档 → 23000 × 1 = 23000.00
    expect(est.lines[5]?.amount.toFixed(2)).toBe("23000.00");
  });
});


describe("bad cells are reported at their sheet and cell, all at once", () => {
  it("text in a number column, an unknown item, a negative workload, a bad level, a bad rate, a bad amount", async () => {
    let rows: Record<string, number> = {};
    const buf = await edit(await exportDoc(DOC_A), (wb) => {
      rows = { b: rowOf(wb, "7.2.b"), a: rowOf(wb, "9.1.a"), d: rowOf(wb, "8.2.d"), c: rowOf(wb, "7.2.c"), q: rowOf(wb, "7.2.d") };
      const ws = labor(wb);
      ws.getCell(`Q${rows.b}`).value = "二十四";
      ws.getCell(`D${rows.a}`).value = "7.9.z";
      ws.getCell(`Q${rows.d}`).value = -3;
      ws.getCell(`J${rows.d}`).value = "F9";
      ws.getCell(`F${rows.c}`).value = "T4";
      ws.getCell(`L${rows.q}`).value = "三个";
      (wb.getWorksheet(SHEET.tables) as ExcelJS.Worksheet).getCell("E35").value = "二万九";
      (wb.getWorksheet(SHEET.nonLabor) as ExcelJS.Worksheet).getCell("D3").value = "两万";
    });
    const problems = problemsOf(await readEstimateWorkbook(buf));
    const L = SHEET.labor;
    expect(expectProblem(problems, L, `Q${rows.b}`, "not_decimal").message).toContain("“二十四”不是有效数字");
    expect(expectProblem(problems, L, `D${rows.a}`, "unknown_item").message).toContain("标准中没有服务内容类别“7.9.z”");
    expect(expectProblem(problems, L, `Q${rows.d}`, "negative").message).toContain("不能为负数");
    expectProblem(problems, L, `J${rows.d}`, "bad_level");
    expect(expectProblem(problems, L, `F${rows.c}`, "level_fixed").message).toContain("由表4（7.2.2）确定为 T2");
    expectProblem(problems, L, `L${rows.q}`, "wrong_type");
    expectProblem(problems, SHEET.tables, "E35", "not_decimal");
    expectProblem(problems, SHEET.nonLabor, "D3", "not_decimal");
    expect(problems).toHaveLength(8);
  });

  it("a merged header", async () => {
    const buf = await edit(await exportDoc(DOC_B), (wb) => labor(wb).mergeCells("P2:Q2"));
    const problems = problemsOf(await readEstimateWorkbook(buf));
    expect(expectProblem(problems, SHEET.labor, "P2", "merged_header").message).toContain("表头单元格被合并（P2:Q2）");
    // Merging hides the workload header as well.
    expectProblem(problems, SHEET.labor, "Q2", "missing_header");
  });

  it("a missing header", async () => {
    const buf = await edit(await exportDoc(DOC_A), (wb) => {
      labor(wb).getCell("Q2").value = "工作量";
      (wb.getWorksheet(SHEET.nonLabor) as ExcelJS.Worksheet).getCell("D2").value = null;
    });
    const problems = problemsOf(await readEstimateWorkbook(buf));
    expect(expectProblem(problems, SHEET.labor, "Q2", "missing_header").message).toContain("缺少表头“工作量（人月）”");
    expect(expectProblem(problems, SHEET.nonLabor, "D2", "missing_header").message).toContain("缺少表头“金额（元）”");
  });

  it("a missing sheet and a bad non-labor category", async () => {
    const noSheet = await edit(await exportDoc(DOC_A), (wb) => wb.removeWorksheet((wb.getWorksheet(SHEET.nonLabor) as ExcelJS.Worksheet).id));
    expect(problemsOf(await readEstimateWorkbook(noSheet))[0]).toMatchObject({ sheet: SHEET.nonLabor, code: "missing_sheet" });
    const badPart = await edit(await exportDoc(DOC_A), (wb) => {
      (wb.getWorksheet(SHEET.nonLabor) as ExcelJS.Worksheet).getCell("B3").value = "其他费";
    });
    expect(expectProblem(problemsOf(await readEstimateWorkbook(badPart)), SHEET.nonLabor, "B3", "bad_part").message).toContain("应为 数据产品费 D、设备材料费 E 或 业务费 B");
  });
});


describe("rows a reviewer typed below the total", () => {
  it("are reported instead of silently left out", async () => {
    let at = 0;
    const buf = await edit(await exportDoc(DOC_B), (wb) => {
      const ws = labor(wb);
      for (let r = 3; r <= ws.rowCount; r++) if (ws.getCell(`A${r}`).value === "合计") at = r;
      ws.getCell(`D${ws.rowCount + 2}`).value = "7.1.e";
      ws.getCell(`Q${ws.rowCount}`).value = 3;
    });
    const problems = problemsOf(await readEstimateWorkbook(buf));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.code).toBe("row_after_total");
    expect(problems[0]?.message).toContain(`“合计”行（第 ${at} 行）之后的内容不会计入`);
  });
});

describe("hostile files are refused before parsing", () => {
  const fileProblem = async (data: Buffer, limits = {}) => {
    const problems = problemsOf(await readEstimateWorkbook(data, { fileName: "上报.xlsx", limits }));
    expect(problems).toHaveLength(1);
    const p = problems[0] as WorkbookProblem;
    expect(p.file).toBe("上报.xlsx");
    expect(describeDetail(p).startsWith("上报.xlsx: ")).toBe(true);
    return p;
  };

  it("a PDF renamed .xlsx, random bytes, an empty file", async () => {
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n");
    expect(await fileProblem(pdf)).toMatchObject({ code: "not_zip", message: expect.stringContaining("不是有效的 xlsx 工作簿") });
    const random = Buffer.alloc(4096);
    for (let i = 0; i < random.length; i++) random[i] = (i * 7919 + 13) % 251;
    expect((await fileProblem(random)).code).toBe("not_zip");
    expect((await fileProblem(Buffer.alloc(0))).code).toBe("not_zip");
  });

  it("a zip that is not a workbook, and a zip with a workbook's names but no workbook inside", async () => {
    expect((await fileProblem(makeZip([{ name: "readme.txt", data: Buffer.from("hello") }]))).code).toBe("not_xlsx");
    // Parts named like a workbook's but empty: nothing a 测算表 needs is there.
    const skeleton = problemsOf(await readEstimateWorkbook(makeZip(XLSX_SKELETON)));
    expect(skeleton.map((p) => p.code)).toEqual(["missing_sheet", "missing_sheet", "missing_sheet", "missing_sheet"]);
    expect(skeleton[0]).toMatchObject({ sheet: SHEET.summary, cell: "", message: `缺少工作表“${SHEET.summary}”；请使用 govcost 导出的测算表` });
    expect(describeDetail(skeleton[0] as WorkbookProblem)).toBe(`${SHEET.summary}: 缺少工作表“${SHEET.summary}”；请使用 govcost 导出的测算表`);
  });

  it("a zip bomb: the directory claims a huge size", async () => {
    // 300 MB declared (more than the 200 MB limit), a few bytes stored.
    const bomb = makeZip([...XLSX_SKELETON, { name: "xl/worksheets/sheet1.xml", data: Buffer.from("<worksheet/>"), declared: 300 * 1024 * 1024 }]);
    const p = await fileProblem(bomb);
    expect(p.code).toBe("zip_too_large");
    expect(p.message).toContain("疑似压缩炸弹");
  });

  it("a zip bomb: a real, highly compressible entry", async () => {
    // 64 MB of one repeated byte deflates to about 64 KB: a ratio of ~1000:1.
    const bomb = makeZip([...XLSX_SKELETON, { name: "xl/worksheets/sheet1.xml", data: Buffer.alloc(64 * 1024 * 1024, 0x20) }]);
    expect(bomb.length).toBeLessThan(200 * 1024);
    const p = await fileProblem(bomb);
    expect(p.code).toBe("zip_ratio");
    expect(p.message).toContain("压缩比异常");
  });

  it("a zip bomb: the directory understates what the data inflates to", async () => {
    const liar = makeZip([...XLSX_SKELETON, { name: "xl/worksheets/sheet1.xml", data: Buffer.alloc(8 * 1024 * 1024, 0x41), declared: 1000 }]);
    const p = await fileProblem(liar);
    expect(p.code).toBe("zip_ratio");
    expect(p.message).toContain("超过其声明的大小");
  });

  it("an XML part with a DTD (entity expansion)", async () => {
    const laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]><workbook>&lol2;</workbook>';
    const p = await fileProblem(makeZip([{ name: "[Content_Types].xml", data: Buffer.from("<Types/>") }, { name: "xl/workbook.xml", data: Buffer.from(laughs) }]));
    expect(p.code).toBe("xml_dtd");
    expect(p.message).toContain("DTD");
  });

  it("a file over the size limit", async () => {
    const buf = await exportDoc(DOC_B);
    const p = await fileProblem(buf, { maxFileBytes: 1024 });
    expect(p.code).toBe("file_too_large");
    expect(p.message).toContain("文件过大");
  });

  it("too many cells for the memory a workbook may take", async () => {
    const buf = await exportDoc(DOC_B);
    const p = await fileProblem(buf, { maxCells: 100 });
    expect(p.code).toBe("too_many_cells");
    expect(p.message).toMatch(/^单元格过多（\d+ 个），上限 100 个/);
    expect(describeDetail(p)).toMatch(/^上报\.xlsx: 单元格过多（\d+ 个），上限 100 个/);
  });

  it("too many rows: refused from the sheet's XML, at the first row over the limit", async () => {
    const services = Array.from({ length: 60 }, () => ({ item: "7.2.b", personMonths: "1", method: "coefficient" }));
    const buf = await exportDoc({ name: "行数", services });
    const problems = problemsOf(await readEstimateWorkbook(buf, { limits: { maxRows: 50 } }));
    const p = problems.find((x) => x.sheet === SHEET.labor);
    expect(p).toMatchObject({ code: "too_many_rows", cell: "A51" });
    expect(describeDetail(p as WorkbookProblem)).toMatch(new RegExp(`^${SHEET.labor}!A51: 行数过多（\\d+ 行），每个工作表至多 50 行`));
  });
});

describe("the default row limit", () => {
  it("refuses a sheet of 250,001 rows from its XML alone", async () => {
    // A synthetic workbook: one sheet named like the labor sheet, 250,001 empty rows.
    const rows: string[] = [];
    for (let r = 1; r <= 250_001; r++) rows.push(`<row r="${r}"/>`);
    const zip = makeZip([
      { name: "[Content_Types].xml", data: Buffer.from("<Types/>") },
      { name: "xl/workbook.xml", data: Buffer.from(`<workbook><sheets><sheet name="${SHEET.labor}" sheetId="1" r:id="rId1"/></sheets></workbook>`) },
      { name: "xl/_rels/workbook.xml.rels", data: Buffer.from('<Relationships><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>') },
      { name: "xl/worksheets/sheet1.xml", data: Buffer.from(`<worksheet><sheetData>${rows.join("")}</sheetData><rowBreaks count="0"/></worksheet>`) },
    ]);
    const problems = problemsOf(await readEstimateWorkbook(zip));
    expect(problems).toEqual([
      { sheet: SHEET.labor, cell: "A250001", code: "too_many_rows", path: "", item: null, params: { rows: 250001, max: 250000 }, message: "行数过多（250001 行），每个工作表至多 250000 行" },
    ]);
  });
});

describe("text from a budget stays text", () => {
  const evil = ["=HYPERLINK(\"http://x\",\"点我\")", "+1+1", "-2+3", "@SUM(A1:A9)"];
  const doc = {
    name: evil[0],
    services: [{ item: "7.2.b", personMonths: "1", method: "coefficient", note: evil[1] }],
    nonLabor: { business: [{ name: evil[2], amount: "1", note: evil[3] }] },
    external: [{ item: "6.1.a", name: evil[3], amount: "1", basis: evil[0] }],
  };

  it("is written as string cells, never as formulas, and reads back unchanged", async () => {
    const buf = await exportDoc(doc);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
    const cells: [string, string, string][] = [
      [SHEET.summary, "B3", evil[0] as string],
      [SHEET.labor, "S3", evil[1] as string],
      // No D or E items: rows 3 and 4 are their subtotals, the business item is row 5.
      [SHEET.nonLabor, "C5", evil[2] as string],
      [SHEET.nonLabor, "E5", evil[3] as string],
      [SHEET.external, "C3", evil[3] as string],
      [SHEET.external, "E3", evil[0] as string],
    ];
    for (const [sheet, address, value] of cells) {
      const cell = (wb.getWorksheet(sheet) as ExcelJS.Worksheet).getCell(address);
      expect(cell.type, `${sheet}!${address}`).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(value);
    }
    // The raw XML: these cells have no <f> element.
    const z = inspectZip(buf, { maxUncompressedBytes: 1e9, maxRatio: 1e9, maxEntries: 1e4 }, () => true);
    if (!z.ok) throw new Error(formatProblem(z.problem));
    const parts = sheetPartNames((z.files.get("xl/workbook.xml") as Buffer).toString(), (z.files.get("xl/_rels/workbook.xml.rels") as Buffer).toString());
    const partOf = new Map([...parts].map(([part, name]) => [name, part]));
    for (const [sheet, address] of cells) {
      const xml = (z.files.get(partOf.get(sheet) as string) as Buffer).toString();
      const m = new RegExp(`<c r="${address}"[^>]*?(/>|>.*?</c>)`).exec(xml);
      expect(m, `${sheet}!${address}`).not.toBeNull();
      expect(m?.[0]).not.toContain("<f>");
      expect(m?.[0]).toMatch(/t="(s|inlineStr|str)"/);
    }
    const r = await readEstimateWorkbook(buf);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.document).toEqual(budgetToDocument(budgetOf(doc)));
  });
});


describe("the parser reads the parts the guard inflated", () => {
  it("repacks every entry stored, with its name, bytes and CRC unchanged", async () => {
    const buf = await exportDoc(DOC_B);
    const limits = { maxUncompressedBytes: 1e9, maxRatio: 1e9, maxEntries: 1e4 };
    const first = inspectZip(buf, limits, () => true);
    if (!first.ok) throw new Error(formatProblem(first.problem));
    // The exported workbook deflates its parts; the repacked one stores them (method 0).
    expect(first.entries.some((e) => e.method === 8)).toBe(true);
    const again = inspectZip(first.stored, limits, () => true);
    if (!again.ok) throw new Error(formatProblem(again.problem));
    expect(again.entries.map((e) => e.name)).toEqual(first.entries.map((e) => e.name));
    expect(again.entries.every((e) => e.method === 0 && e.compressedSize === e.uncompressedSize)).toBe(true);
    expect(again.entries.map((e) => e.crc32)).toEqual(first.entries.map((e) => e.crc32));
    for (const [name, bytes] of first.files) expect(again.files.get(name)?.equals(bytes), name).toBe(true);
    // And exceljs reads it as the original: the same cells in the same sheets.
    const a = new ExcelJS.Workbook();
    await a.xlsx.load(buf as unknown as ExcelJS.Buffer);
    const b = new ExcelJS.Workbook();
    await b.xlsx.load(first.stored as unknown as ExcelJS.Buffer);
    expect(b.worksheets.map((w) => w.name)).toEqual(a.worksheets.map((w) => w.name));
    for (const ws of a.worksheets) {
      const other = b.getWorksheet(ws.name) as ExcelJS.Worksheet;
      ws.eachRow((row, r) => row.eachCell((cell, c) => expect(other.getCell(r, c).value, `${ws.name}!${cell.address}`).toEqual(cell.value)));
    }
  });
});
