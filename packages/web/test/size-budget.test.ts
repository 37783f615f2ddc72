/**
 * What a browser transfers on a cold cache, from the build's manifest and its brotli copies: the
 * sign-in page (index.html, the entry chunk, its static imports and CSS) at most 500 KB, the
 * editor (that plus the editor's chunk and its imports, without the charts loaded on demand) at
 * most 900 KB.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const DIST = resolve(import.meta.dirname, "..", "dist");
const MANIFEST = join(DIST, ".vite", "manifest.json");

interface Chunk {
  file: string;
  imports?: string[];
  css?: string[];
}
let manifest: Record<string, Chunk>;

beforeAll(() => {
  if (!existsSync(MANIFEST)) execFileSync("npm", ["run", "build"], { cwd: resolve(import.meta.dirname, ".."), stdio: "ignore" });
  manifest = JSON.parse(readFileSync(MANIFEST, "utf8")) as Record<string, Chunk>;
});

/** Bytes on the wire for one file: its brotli copy if the build made one (files under 1 KB are sent as they are). */
function transferred(file: string): number {
  const path = join(DIST, file);
  return existsSync(`${path}.br`) ? statSync(`${path}.br`).size : statSync(path).size;
}

/** The files a page loads for the given manifest keys: each chunk, its static imports and its CSS. */
function files(keys: string[]): Set<string> {
  const out = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const c = manifest[key];
    if (!c) throw new Error(`manifest has no ${key}`);
    out.add(c.file);
    for (const css of c.css ?? []) out.add(css);
    for (const i of c.imports ?? []) visit(i);
  };
  keys.forEach(visit);
  return out;
}

const total = (set: Set<string>) => [...set].reduce((n, f) => n + transferred(f), transferred("index.html"));

describe("transfer size budget (cold cache, brotli)", () => {
  it("every JavaScript and CSS file has a brotli and a gzip copy no larger than the file", () => {
    for (const f of files(Object.keys(manifest))) {
      const size = statSync(join(DIST, f)).size;
      if (size < 1024) continue;
      expect(statSync(join(DIST, `${f}.br`)).size, f).toBeLessThan(size);
      expect(statSync(join(DIST, `${f}.gz`)).size, f).toBeLessThan(size);
    }
  });

  it("the sign-in page transfers at most 500 KB and loads no page chunk", () => {
    const login = files(["index.html"]);
    expect([...login].some((f) => /Editor|echarts/.test(f))).toBe(false);
    expect(total(login)).toBeLessThanOrEqual(500 * 1024);
  });

  it("the editor transfers at most 900 KB", () => {
    const editor = files(["index.html", "src/pages/Editor.tsx"]);
    expect([...editor].some((f) => f.includes("Editor"))).toBe(true);
    expect(total(editor)).toBeLessThanOrEqual(900 * 1024);
  });
});
