/**
 * Pricing threads: the same job gives the same bytes on a thread and on the main thread; a thread
 * that cannot start leaves pricing on the main thread; one that dies fails its jobs, not the server.
 */
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { createPricer, type Pricer } from "../src/pricing/pool.js";
import { utf8Scratch } from "../src/budgets/compute.js";
import { budgetDoc } from "./helpers/app.js";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const opened: Pricer[] = [];
const pricer = (...args: Parameters<typeof createPricer>) => {
  const p = createPricer(...args);
  opened.push(p);
  return p;
};
afterAll(async () => {
  await Promise.all(opened.map((p) => p.close()));
});

const doc = budgetDoc("线程", 12);
const text = JSON.stringify(doc);

describe("pricing threads", () => {
  it("give the same estimate bytes and the same stored texts as the main thread", async () => {
    const threaded = pricer(1);
    const main = pricer(0);
    expect(threaded.threads).toBe(1);
    expect(main.threads).toBe(0);
    for (const gzip of [false, true]) {
      const a = await threaded.run({ op: "estimate", body: Buffer.from(text), gzip });
      const b = await main.run({ op: "estimate", body: Buffer.from(text), gzip });
      if (!a.ok || !b.ok) throw new Error("valid budget refused");
      const plain = (r: Uint8Array) => Buffer.from(gzip ? gunzipSync(r) : r).toString("utf8");
      expect(plain(a.body)).toBe(plain(b.body));
      // 12 lines of 6..17 person-months at the tiers of budgetDoc: the total is checked in the API tests;
      // here only that both threads agree and the answer is the estimate of this budget.
      expect(JSON.parse(plain(a.body))).toMatchObject({ name: "线程", lines: { length: 12 } });
    }
    for (const packed of [false, true]) {
      const a = await threaded.run({ op: "store", document: doc, profile: null, packed });
      const b = await main.run({ op: "store-text", text, profile: null, packed });
      if (!a.ok || !b.ok) throw new Error("valid budget refused");
      const unpack = (t: string | { brotli: Uint8Array }) => (typeof t === "string" ? t : brotliDecompressSync(t.brotli).toString("utf8"));
      expect(typeof a.priced.estimate === "string").toBe(!packed);
      expect(unpack(a.priced.estimate)).toBe(unpack(b.priced.estimate));
      expect(unpack(a.priced.document)).toBe(unpack(b.priced.document));
      expect(a.priced.total).toBe(b.priced.total);
    }
  });

  it("read a save from its bytes: the same stored texts and answer as pricing the parsed document", async () => {
    const threaded = pricer(1);
    const main = pricer(0);
    const body = Buffer.from(JSON.stringify({ document: doc, baseVersion: 7, comment: "线程保存" }));
    for (const packed of [false, true]) {
      const a = await threaded.run({ op: "save", body, profile: null, profileGiven: false, packed });
      const b = await main.run({ op: "store", document: doc, profile: null, packed });
      if (!a.ok || !b.ok) throw new Error("valid save refused");
      expect(a.baseVersion).toBe(7);
      expect(a.comment).toBe("线程保存");
      const unpack = (t: string | { brotli: Uint8Array }) => (typeof t === "string" ? t : brotliDecompressSync(t.brotli).toString("utf8"));
      const { summary: _s, document: _d, estimate: _e, ...figures } = b.priced;
      const { document: ad, estimate: ae, ...aFigures } = a.priced;
      expect(aFigures).toEqual(figures);
      expect(typeof ae === "string").toBe(!packed);
      expect(unpack(ae)).toBe(unpack(b.priced.estimate));
      expect(unpack(ad)).toBe(unpack(b.priced.document));
      expect(JSON.parse(a.summaryJson)).toEqual(b.priced.summary);
    }
    // A body naming a profile comes back unpriced until the profile is given.
    const named = Buffer.from(JSON.stringify({ document: doc, baseVersion: 1, rateProfileId: "p1" }));
    expect(await threaded.run({ op: "save", body: named, profile: null, profileGiven: false, packed: false })).toEqual({ ok: false, error: "profile", rateProfileId: "p1" });
    const given = await threaded.run({ op: "save", body: named, profile: { id: "p1", name: "费率", source: "", rates: ["1", "2", "3", "4", "5"] }, profileGiven: true, packed: false });
    expect(given).toMatchObject({ ok: true, priced: { rateProfileName: "费率", rates: ["1", "2", "3", "4", "5"] } });
    // Refusals, in the order they are checked.
    const run = (t: string) => threaded.run({ op: "save", body: Buffer.from(t), profile: null, profileGiven: false, packed: false });
    expect(await run("")).toEqual({ ok: false, error: "empty_body" });
    expect(await run("{")).toEqual({ ok: false, error: "malformed_json" });
    expect(await run(JSON.stringify({ document: doc }))).toMatchObject({ ok: false, error: "invalid_request", details: [{ path: "baseVersion" }] });
    expect(await run(JSON.stringify({ document: { name: "x", services: [{ item: "7.2.a", personMonths: "-1" }] }, baseVersion: 1 }))).toMatchObject({
      ok: false,
      error: "invalid_budget",
      details: [{ path: "services[0].personMonths" }],
    });
  });

  it("encode text into the reused buffer as the same bytes Buffer.from gives, lone surrogates included", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), fc.string({ unit: "grapheme", maxLength: 300 }), (a, b) => {
        for (const text of [a, b, a + b, "预算".repeat(100_000) + a]) expect(Buffer.from(utf8Scratch(text)).equals(Buffer.from(text))).toBe(true);
      }),
      { numRuns: 200 },
    );
    // A view into a buffer that the next call reuses: its bytes are the last text's.
    const first = utf8Scratch("甲");
    utf8Scratch("乙");
    expect(Buffer.from(first).toString()).toBe("乙");
  });

  it("answer bad bodies as fastify would, and invalid budgets with located problems", async () => {
    const p = pricer(1);
    expect(await p.run({ op: "estimate", body: Buffer.from(""), gzip: false })).toEqual({ ok: false, error: "empty_body" });
    expect(await p.run({ op: "estimate", body: Buffer.from("{"), gzip: false })).toEqual({ ok: false, error: "malformed_json" });
    expect(await p.run({ op: "estimate", body: Buffer.from('{"__proto__":{"x":1}}'), gzip: false })).toEqual({ ok: false, error: "malformed_json" });
    const r = await p.run({ op: "estimate", body: Buffer.from(JSON.stringify({ name: "x", services: [{ item: "7.2.a", personMonths: "-1" }] })), gzip: false });
    expect(r).toMatchObject({ ok: false, error: "invalid_budget", details: [{ path: "services[0].personMonths" }] });
  });

  it("price on the main thread when a thread cannot start, and say so once", async () => {
    const lines: string[] = [];
    const p = pricer(2, (l) => lines.push(l), fixture("worker-broken.mjs"));
    const [a, b] = await Promise.all([p.run({ op: "estimate", body: Buffer.from(text), gzip: false }), p.run({ op: "estimate", body: Buffer.from(text), gzip: false })]);
    expect(a.ok && b.ok).toBe(true);
    expect(await p.run({ op: "estimate", body: Buffer.from(text), gzip: false })).toMatchObject({ ok: true });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("定价线程无法启动，改为在主线程测算");
  });

  it("fail the jobs of a thread that dies while working, and start a fresh one for the next", async () => {
    const lines: string[] = [];
    const p = pricer(1, (l) => lines.push(l), fixture("worker-dies.mjs"));
    await expect(p.run({ op: "estimate", body: Buffer.from(text), gzip: false })).rejects.toThrow(/pricing thread stopped: exit code 3/);
    // The next job goes to a new thread (which, being this fixture, dies too): no silent switch to the main thread.
    await expect(p.run({ op: "estimate", body: Buffer.from(text), gzip: false })).rejects.toThrow(/pricing thread stopped/);
    expect(lines).toEqual([]);
  });
});
