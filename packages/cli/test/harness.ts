/** The built govcost binary run as a user runs it, in a fresh directory of its own per test file. */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll } from "vitest";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const bin = path.join(root, "packages/cli/bin/govcost.js");

export interface Cli {
  /** The working directory (set before the tests run). */
  readonly dir: string;
  run(args: string[], opts?: { input?: string | Buffer; env?: Record<string, string> }): { code: number | null; out: string; err: string };
  /** Write a file in the working directory; its path. */
  file(name: string, data: string | Buffer): string;
}

export function cliHarness(prefix: string): Cli {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), `govcost-${prefix}-`));
    if (!existsSync(path.join(root, "packages/cli/dist/main.js")) || !existsSync(path.join(root, "packages/cli/dist/review.js"))) execFileSync("npm", ["run", "build"], { cwd: root });
  });
  return {
    get dir() {
      return dir;
    },
    run(args, opts = {}) {
      const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: "utf8", input: opts.input, env: { ...process.env, GOVCOST_DEBUG: "", GOVCOST_PASSWORD: "", ...opts.env }, timeout: 60_000 });
      return { code: r.status, out: r.stdout, err: r.stderr };
    },
    file(name, data) {
      const p = path.join(dir, name);
      writeFileSync(p, data);
      return p;
    },
  };
}
