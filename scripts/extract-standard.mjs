#!/usr/bin/env node
// Reads the text of T/DGAG 024—2024 (docs/standard/T-DGAG-024-2024.md) and prints what the
// catalogue needs from it as JSON: service types with their x.y.1 descriptions, each service
// item's levels (表1–表17) and description, and Table B.2 as published.
//
// It is used two ways: once to draft packages/core/src/standard/t-dgag-024-2024/catalog-data.ts
// (then read and corrected by hand), and by the tests, which compare the committed data with
// what this parser reads from the standard's text, so that a typo in either shows up.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

export function extractStandard(text) {
  const lines = text.split(/\r?\n/);
  const types = [];
  const b2 = [];
  let currentType = null;
  let mode = null; // "content" | "levels" | "b2"
  let b2Section = null;
  let inAppendix = false;

  for (const raw of lines) {
    const line = raw.replace(/\u3000/g, " ").trim();
    if (!line) continue;
    if (/^附录\s*A$/.test(line)) inAppendix = true;
    if (/^表\s*B\.\s*2/.test(line) || /^表\s*B\.[34]/.test(line)) {
      mode = "b2";
      continue;
    }
    if (mode === "b2") {
      if (/^参\s*考\s*文\s*献/.test(line)) break;
      const cells = raw.split("\t").map((c) => c.trim());
      if (cells.length >= 3 && /^\d+$/.test(cells[0])) {
        const sec = cells[1].replace(/\s+/g, "");
        const letter = /^([a-g])\)$/.exec(sec);
        if (letter) {
          const typeId = b2Section;
          const itemId = typeId === "10" ? `10.${letter[1]}` : `${typeId}.${letter[1]}`;
          b2.push({ row: Number(cells[0]), item: itemId, name: cells[2], prices: cells.slice(3, 6) });
        } else {
          b2Section = sec;
        }
      }
      continue;
    }
    if (inAppendix) continue;

    const typeHead = /^(6|7|8|9)\.(\d) (\S+)$/.exec(line) ?? (/^(10) (运营管理与质量评价体系)$/.exec(line) && [null, "10", null, "运营管理与质量评价体系"]);
    if (typeHead && !/\t/.test(raw)) {
      const id = typeHead[2] ? `${typeHead[1]}.${typeHead[2]}` : "10";
      currentType = { id, name: typeHead[3], description: "", items: [], levels: [] };
      types.push(currentType);
      mode = null;
      continue;
    }
    if (!currentType) continue;
    if (/^\d+(\.\d+)*\.1 服务内容$/.test(line) || (currentType.id === "10" && line === "10.1 服务内容")) {
      mode = "content";
      continue;
    }
    if (/服务难度级别$/.test(line) || /成本度量$/.test(line)) {
      mode = "levels";
      continue;
    }
    if (mode === "content") {
      const item = /^-?\s*([a-g])\)\s*([^：]+)：(.*)$/.exec(line);
      if (item) currentType.items.push({ letter: item[1], name: item[2].trim(), description: item[3].trim() });
      else if (!currentType.description) currentType.description = line;
      else if (currentType.items.length === 0) currentType.description += line;
      continue;
    }
    if (mode === "levels") {
      const cells = raw.split("\t").map((c) => c.trim());
      if (cells.length === 5 && /^[a-g]$/.test(cells[0])) {
        currentType.levels.push({ letter: cells[0], name: cells[1], technical: cells[2], business: cells[3], collaboration: cells[4] });
      }
    }
  }
  return { types, b2 };
}

const here = fileURLToPath(import.meta.url);
if (process.argv[1] && path.resolve(process.argv[1]) === here) {
  const file = process.argv[2] ?? path.join(path.dirname(here), "../docs/standard/T-DGAG-024-2024.md");
  process.stdout.write(JSON.stringify(extractStandard(readFileSync(file, "utf8")), null, 2) + "\n");
}
