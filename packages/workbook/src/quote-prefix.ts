/**
 * Excel's quote prefix on text cells that look like formulas. A budget's text (a name, a note) that
 * starts with =, +, - or @ is stored as a string cell, but without the quote prefix editing the cell
 * in Excel, WPS or LibreOffice turns it into a formula. exceljs has no quotePrefix in its style
 * model, so after it writes, each style used by such cells gets a copy with quotePrefix="1" in
 * xl/styles.xml, the cells are moved to the copy, and the workbook is zipped again.
 */
import JSZip from "jszip";

const FORMULA_LIKE = /^[=+\-@]/;

const unescapeXml = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");

/** The text of every shared string, in order (rich text runs joined). */
function sharedStrings(xml: string): string[] {
  const out: string[] = [];
  for (const si of xml.matchAll(/<si>([\s\S]*?)<\/si>/g)) {
    let text = "";
    for (const t of (si[1] ?? "").matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)) text += unescapeXml(t[1] ?? "");
    out.push(text);
  }
  return out;
}

export async function quotePrefixFormulaLikeText(xlsx: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(xlsx);
  const ss = zip.file("xl/sharedStrings.xml");
  const stylesFile = zip.file("xl/styles.xml");
  if (!ss || !stylesFile) return xlsx;
  const strings = sharedStrings(await ss.async("string"));
  const formulaLike = new Set(strings.flatMap((s, i) => (FORMULA_LIKE.test(s) ? [i] : [])));
  if (formulaLike.size === 0) return xlsx;

  let styles = await stylesFile.async("string");
  const cellXfs = /<cellXfs count="(\d+)">([\s\S]*?)<\/cellXfs>/.exec(styles);
  if (!cellXfs) return xlsx;
  const xfs = [...(cellXfs[2] ?? "").matchAll(/<xf\b[^>]*?(?:\/>|>[\s\S]*?<\/xf>)/g)].map((m) => m[0]);
  const quoted = new Map<number, number>();
  const quotedStyle = (s: number): number => {
    const known = quoted.get(s);
    if (known !== undefined) return known;
    const base = xfs[s] ?? xfs[0] ?? '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>';
    xfs.push(base.replace(/^<xf\b/, '<xf quotePrefix="1"'));
    quoted.set(s, xfs.length - 1);
    return xfs.length - 1;
  };

  for (const name of Object.keys(zip.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))) {
    const file = zip.file(name);
    if (!file) continue;
    const xml = await file.async("string");
    let changed = false;
    const next = xml.replace(/<c r="([A-Z]+\d+)"(?: s="(\d+)")? t="s"><v>(\d+)<\/v><\/c>/g, (whole, ref: string, s: string | undefined, v: string) => {
      if (!formulaLike.has(Number(v))) return whole;
      changed = true;
      return `<c r="${ref}" s="${quotedStyle(Number(s ?? 0))}" t="s"><v>${v}</v></c>`;
    });
    if (changed) zip.file(name, next);
  }
  if (quoted.size === 0) return xlsx;
  styles = styles.replace(cellXfs[0], `<cellXfs count="${xfs.length}">${xfs.join("")}</cellXfs>`);
  zip.file("xl/styles.xml", styles);
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 6 } });
}
