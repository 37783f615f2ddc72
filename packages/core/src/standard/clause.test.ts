import { describe, expect, it } from "vitest";
import { clauseEn } from "./clause.js";
import { REASONS } from "../review/reasons.js";

describe("clauseEn", () => {
  it("names tables, formulas, notes, annexes and rows in English", () => {
    expect(clauseEn("表4")).toBe("Table 4");
    expect(clauseEn("表A.1–A.3")).toBe("Table A.1–A.3");
    expect(clauseEn("表1–17")).toBe("Table 1–17");
    expect(clauseEn("公式(2)、表B.1")).toBe("formula (2), Table B.1");
    expect(clauseEn("表B.1 注2")).toBe("Table B.1 note 2");
    expect(clauseEn("5.1 注、6.1.2")).toBe("5.1 note, 6.1.2");
    expect(clauseEn("附录A、表1–表17")).toBe("Annex A, Table 1–Table 17");
    expect(clauseEn("表1（6.2.2）")).toBe("Table 1 (6.2.2)");
    expect(clauseEn("表B.2 第46行")).toBe("Table B.2 row 46");
  });
  it("leaves no table or formula of a reason's clause in Chinese", () => {
    for (const r of Object.values(REASONS)) expect(clauseEn(r.clause)).not.toMatch(/[表公注附]/);
  });
});
