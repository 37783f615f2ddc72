/**
 * Rows pasted from Excel or WPS (tab-separated text): a block of service lines — item id or
 * name (after a 序号, and with the name beside the id, as departments' sheets have them), workload,
 * units or level (F1–F3), note — or a column of workloads. Pure: the editor
 * adds what is read here and says what was not.
 */
import { INDEX, normaliseNumber, STANDARD, type LineDraft } from "./draft.js";

export type PastedLine = Pick<LineDraft, "item" | "personMonths" | "collabMode" | "collaboration" | "units" | "note">;

export interface PasteResult {
  lines: PastedLine[];
  /** Rows not read, or read in part: 1-based row number in the pasted block, why, and the cell. */
  problems: { row: number; kind: "unknown_item" | "external_item" | "bad_workload" | "fixed_collaboration"; value: string; item?: string }[];
}

/** Split clipboard text into rows of cells; a trailing empty row (Excel ends with a newline) is dropped. */
export function pastedRows(text: string): string[][] {
  const rows = text.replace(/\r\n?/g, "\n").split("\n").map((r) => r.split("\t").map((c) => c.trim()));
  while (rows.length && rows[rows.length - 1]?.every((c) => c === "")) rows.pop();
  return rows;
}

/** Whether the text is more than one cell: a paste the editor handles itself. */
export function isBlock(text: string): boolean {
  return /[\t\n]/.test(text.replace(/\r?\n$/, ""));
}

function findItem(cell: string): string | null {
  const id = cell.split(/\s+/)[0] ?? "";
  if (INDEX.items.get(id)?.kind === "formula") return id;
  const byName = STANDARD.items.filter((i) => i.kind === "formula" && i.name === cell);
  return byName.length === 1 ? (byName[0]?.id ?? null) : null;
}

/** A block of rows: each becomes a line, or a problem naming its row. A header row (no known item, no number) is skipped. */
export function readPastedLines(text: string): PasteResult {
  const lines: PastedLine[] = [];
  const problems: PasteResult["problems"] = [];
  pastedRows(text).forEach((cells, i) => {
    const row = i + 1;
    if (cells.every((c) => c === "")) return;
    // A department's sheet often has a 序号 column before the id and the name beside it: the item is the
    // first of the first three cells that names one, and a cell after it that names the same item
    // (its name next to its id) is skipped, so the workload is the next cell either way.
    const at = Math.max(0, cells.slice(0, 3).findIndex((c) => findItem(c) !== null));
    const first = cells[at] ?? "";
    const item = findItem(first);
    const rest = cells.slice(at + 1);
    if (item && rest.length && rest[0] !== "" && findItem(rest[0] as string) === item) rest.shift();
    const [pm = "", collab = "", note = ""] = rest;
    if (!item) {
      if (i === 0 && !/\d/.test(pm)) return; // a header row
      problems.push({ row, kind: INDEX.items.get(first.split(/\s+/)[0] ?? "")?.kind === "external" ? "external_item" : "unknown_item", value: first });
      return;
    }
    const workload = normaliseNumber(pm);
    if (workload !== "" && !/^\d+(\.\d+)?$/.test(workload)) problems.push({ row, kind: "bad_workload", value: pm });
    const level = collab.toUpperCase();
    // An item whose table fixes 协同难度 as 不涉及 (F1) takes no units or level: one pasted is said, not kept.
    const entry = INDEX.items.get(item);
    const fixed = entry?.kind === "formula" && entry.collaborationRule === "none";
    if (fixed && collab !== "") {
      problems.push({ row, kind: "fixed_collaboration", value: collab, item });
      lines.push({ item, personMonths: /^\d+(\.\d+)?$/.test(workload) ? workload : "", collabMode: "units", collaboration: "", units: "", note });
      return;
    }
    const line: PastedLine = {
      item,
      personMonths: /^\d+(\.\d+)?$/.test(workload) ? workload : "",
      collabMode: /^F[123]$/.test(level) ? "level" : "units",
      collaboration: /^F[123]$/.test(level) ? (level as PastedLine["collaboration"]) : "",
      units: /^F[123]$/.test(level) ? "" : normaliseNumber(collab),
      note,
    };
    lines.push(line);
  });
  return { lines, problems };
}

/** A column of workloads (the first cell of each row), for filling downwards from a line. */
export function readPastedColumn(text: string): string[] {
  return pastedRows(text).map((cells) => normaliseNumber(cells[0] ?? ""));
}
