/**
 * A reference to the standard in English, for English screens and sentences: 表A.3 → Table A.3,
 * 表1–17 → Table 1–17, 公式(2) → formula (2), 表B.1 注2 → Table B.1 note 2, 附录A → Annex A,
 * 第46行 → row 46. The clause numbers are the standard's own; Chinese text that is not a
 * reference (a clause's wording after its number) is left as it is.
 */
export function clauseEn(zh: string): string {
  return zh
    .replace(/表\s*/g, "Table ")
    .replace(/公式\s*\(/g, "formula (")
    .replace(/附录\s*([A-Z])/g, "Annex $1")
    .replace(/第\s*(\d+)\s*行/g, "row $1")
    .replace(/注\s*(\d*)/g, (_m, n: string) => (n ? `note ${n}` : "note"))
    .replace(/、/g, ", ")
    .replace(/，/g, ", ")
    .replace(/（/g, " (")
    .replace(/）/g, ")")
    .replace(/：/g, ": ")
    .replace(/ {2,}/g, " ")
    .trim();
}
