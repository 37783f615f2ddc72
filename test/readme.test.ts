/** The README states every decision the code takes, word for word, and the two commands. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DECISIONS, ROUNDING_POLICY } from "@govcost/core";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const ci = readFileSync(new URL("../.ci/run", import.meta.url), "utf8");

describe("README", () => {
  it("lists every decision on the standard's ambiguities", () => {
    for (const d of DECISIONS) expect(readme, d.id).toContain(`| \`${d.id}\` | ${d.clause} | ${d.question} | ${d.decision} |`);
  });
  it("states the rounding policy the engine prints", () => {
    expect(ROUNDING_POLICY).toContain("四舍五入一次至 0.01 元");
    expect(readme).toContain("人力成本 L 只舍入一次");
  });
  it("gives the two commands, and CI runs the same test command", () => {
    expect(readme).toContain("npm ci && npm start");
    expect(readme).toContain("npm test ");
    expect(ci).toMatch(/^npm test$/m);
  });
});
