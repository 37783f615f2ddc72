/** Rows pasted from Excel or WPS into the editor: lines, a column of workloads, and what was not read. */
import { describe, expect, it } from "vitest";
import { isBlock, readPastedColumn, readPastedLines } from "../src/paste.js";

describe("paste from a spreadsheet", () => {
  it("reads a block of rows as lines: id or name, workload (grouped or full-width), units or level, note; skips a header", () => {
    const text = "编号\t工作量\t协同\t备注\r\n7.2.b\t24\t3\t采集\r\n业务咨询与受理\t1,200\t\t\r\n8.2.a\t６.５\tf3\t\r\n";
    const r = readPastedLines(text);
    expect(r.problems).toEqual([]);
    expect(r.lines).toEqual([
      { item: "7.2.b", personMonths: "24", collabMode: "units", collaboration: "", units: "3", note: "采集" },
      { item: "6.2.a", personMonths: "1200", collabMode: "units", collaboration: "", units: "", note: "" },
      { item: "8.2.a", personMonths: "6.5", collabMode: "level", collaboration: "F3", units: "", note: "" },
    ]);
  });

  it("reads a department's own columns: a 序号 before the id, the name beside the id", () => {
    // 7.2.b is 数据采集与清洗 in Table 4; 6.2.a 业务咨询与受理.
    const text = "序号\t编号\t服务内容\t工作量（人月）\t涉及单位数\n1\t7.2.b\t数据采集与清洗\t24\t3\n2\t6.2.a\t业务咨询与受理\t12\t\n7.2.b\t数据采集与清洗\t6\tF2\n";
    const r = readPastedLines(text);
    expect(r.problems).toEqual([]);
    expect(r.lines.map((l) => [l.item, l.personMonths, l.units, l.collaboration])).toEqual([
      ["7.2.b", "24", "3", ""],
      ["6.2.a", "12", "", ""],
      ["7.2.b", "6", "", "F2"],
    ]);
  });

  it("names each row it could not read, and keeps a line whose workload is wrong for the preparer to fill", () => {
    const r = readPastedLines("7.2.z\t3\n6.1.a\t2\n7.2.b\t二十\n");
    expect(r.problems).toEqual([
      { row: 1, kind: "unknown_item", value: "7.2.z" },
      { row: 2, kind: "external_item", value: "6.1.a" },
      { row: 3, kind: "bad_workload", value: "二十" },
    ]);
    expect(r.lines.map((l) => [l.item, l.personMonths])).toEqual([["7.2.b", ""]]);
  });

  it("says so where units or a level are pasted for an item its table fixes at F1 (不涉及), and keeps the line without them", () => {
    // Table 1 gives 6.2.a 业务咨询与受理 协同难度 不涉及; Table 3 the same for 7.1.a.
    const r = readPastedLines("6.2.a\t12\t2\t咨询\n7.1.a\t3\tF2\n6.2.b\t4\t\n");
    expect(r.problems).toEqual([
      { row: 1, kind: "fixed_collaboration", value: "2", item: "6.2.a" },
      { row: 2, kind: "fixed_collaboration", value: "F2", item: "7.1.a" },
    ]);
    expect(r.lines.map((l) => [l.item, l.personMonths, l.units, l.collaboration, l.note])).toEqual([
      ["6.2.a", "12", "", "", "咨询"],
      ["7.1.a", "3", "", "", ""],
      ["6.2.b", "4", "", "", ""],
    ]);
  });

  it("reads a column of workloads and tells a block from a single cell", () => {
    expect(readPastedColumn("12\n6.5\n1,000\n")).toEqual(["12", "6.5", "1000"]);
    expect(isBlock("12\n")).toBe(false);
    expect(isBlock("12\n13")).toBe(true);
    expect(isBlock("7.2.b\t3")).toBe(true);
  });
});
