/** Import: sheet dimensions bounded before parsing, and dates refused where numbers belong. */
import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { describeDetail } from "@govcost/core";
import { readEstimateWorkbook, type WorkbookProblem } from "./read.js";
import { SHEET } from "./layout.js";
import { DOC_A, DOC_B, edit, expectProblem, exportDoc, labor, problemsOf, rezip, rowOf } from "../test/read-helpers.js";

describe("sheet dimensions are bounded before the workbook is parsed", () => {
  const sheetProblem = async (buf: Buffer) => {
    expect(buf.length).toBeLessThan(64 * 1024);
    const problems = problemsOf(await readEstimateWorkbook(buf, { fileName: "上报.xlsx" }));
    expect(problems).toHaveLength(1);
    const p = problems[0] as WorkbookProblem;
    expect(p).toMatchObject({ code: "sheet_bounds", sheet: SHEET.labor, cell: "" });
    expect(describeDetail(p).startsWith(`上报.xlsx: ${SHEET.labor}: `)).toBe(true);
    return p;
  };

  it("a column range bomb: <col min=20 max=2000000000>", async () => {
    const buf = rezip(await exportDoc(DOC_B), SHEET.labor, (xml) => xml.replace(/<cols>/, '<cols><col min="20" max="2000000000" width="9" customWidth="1"/>'));
    const p = await sheetProblem(buf);
    expect(p.params).toEqual({ what: "column", value: "20:2000000000", max: 16384 });
    expect(p.message).toBe("列范围 20:2000000000 超出上限（至多 16384 列，即 XFD 列）；请删去多余的列格式后重新保存");
  });

  it("a row bomb: one cell in row 2,000,000,000", async () => {
    const buf = rezip(await exportDoc(DOC_B), SHEET.labor, (xml) => xml.replace("</sheetData>", '<row r="2000000000"><c r="A2000000000"><v>1</v></c></row></sheetData>'));
    const p = await sheetProblem(buf);
    expect(p.params).toEqual({ what: "row", value: "2000000000", max: 250000 });
    expect(p.message).toBe("行号 2000000000 超出上限（每个工作表至多 250000 行）；请删去远处的内容后重新保存");
  });

  it("a cell far to the right, a dimension beyond the grid, a data validation over a whole sheet", async () => {
    const base = await exportDoc(DOC_B);
    const cell = await sheetProblem(rezip(base, SHEET.labor, (xml) => xml.replace(/<c r="A3"/, '<c r="ZZZZ3"><v>1</v></c><c r="A3"')));
    expect(cell.params).toEqual({ what: "cell", value: "ZZZZ3", max: 16384 });
    const dim = await sheetProblem(rezip(base, SHEET.labor, (xml) => xml.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD99999999"/>')));
    expect(dim.params).toMatchObject({ what: "range", value: "A1:XFD99999999" });
    const dv = await sheetProblem(rezip(base, SHEET.labor, (xml) => xml.replace("</sheetData>", '</sheetData><dataValidations count="1"><dataValidation type="list" sqref="A1:XFD1048576"><formula1>"a"</formula1></dataValidation></dataValidations>')));
    expect(dv.params).toMatchObject({ what: "area", max: 2_000_000 });
  });

  it("whole-column formats as Excel writes them are accepted", async () => {
    const buf = rezip(await exportDoc(DOC_B), SHEET.labor, (xml) => xml.replace(/<cols>/, '<cols><col min="30" max="16384" width="9" customWidth="1"/>'));
    expect((await readEstimateWorkbook(buf)).ok).toBe(true);
  });
});

describe("a date in a number column", () => {
  it("t=\"d\" (2024-01-01) is refused at its cell, not read as 2024 person-months", async () => {
    const wb0 = new ExcelJS.Workbook();
    await wb0.xlsx.load((await exportDoc(DOC_B)) as unknown as ExcelJS.Buffer);
    const r = rowOf(wb0, "9.4.b");
    const buf = rezip(await exportDoc(DOC_B), SHEET.labor, (xml) => xml.replace(new RegExp(`<c r="Q${r}"([^>]*?)(/>|>.*?</c>)`), `<c r="Q${r}" t="d"><v>2024-01-01</v></c>`));
    const problems = problemsOf(await readEstimateWorkbook(buf));
    expect(problems).toHaveLength(1);
    expect(expectProblem(problems, SHEET.labor, `Q${r}`, "date_cell").message).toBe("此处应为数字，却是日期 2024-01-01；请改为数字（单元格格式设为“常规”或“数值”）");
  });

  it("a date-formatted number (exceljs gives a Date) is refused at its cell", async () => {
    let r = 0;
    const buf = await edit(await exportDoc(DOC_A), (wb) => {
      r = rowOf(wb, "7.2.b");
      // What Excel does when 2024-01-01 is typed into a number cell: the value and a date format.
      const q = labor(wb).getCell(`Q${r}`);
      q.value = new Date(Date.UTC(2024, 0, 1));
      // A style of its own: exceljs shares one style object between the cells of a column.
      q.style = { ...q.style, numFmt: "yyyy-mm-dd" };
      const d = (wb.getWorksheet(SHEET.nonLabor) as ExcelJS.Worksheet).getCell("D3");
      d.value = new Date(Date.UTC(2024, 5, 30));
      d.style = { ...d.style, numFmt: "yyyy/m/d" };
    });
    const problems = problemsOf(await readEstimateWorkbook(buf));
    expect(expectProblem(problems, SHEET.labor, `Q${r}`, "date_cell").params).toEqual({ value: "2024-01-01" });
    expect(expectProblem(problems, SHEET.nonLabor, "D3", "date_cell").params).toEqual({ value: "2024-06-30" });
    expect(problems).toHaveLength(2);
  });
});
