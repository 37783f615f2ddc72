/** POST /api/check: one submitted workbook per request, checked in the bounded worker; reviewers and administrators only. */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { login, seedUser, sqliteApp, type TestApp } from "./helpers/app.js";
import * as fx from "../../workbook/test/fixtures/foreign.js";
import { saveAs, SOFFICE } from "../../workbook/test/libreoffice.js";
import type { CheckAnswer } from "../src/api-types.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
let t: TestApp;
beforeAll(async () => {
  process.env.GOVCOST_SCRYPT_LOG2N = "4";
  t = await sqliteApp();
  const d = await t.store.createDepartment("核查部门", new Date().toISOString());
  await seedUser(t.store, "checker", "reviewer", null);
  await seedUser(t.store, "maker", "preparer", d.id);
});
afterAll(async () => t.close());

describe("POST /api/check", () => {
  it("checks a department's own workbook: findings by cell, totals in 元, the recomputed budget", async () => {
    const c = await login(t.app, "checker");
    const r = await c.inject({ method: "POST", url: `/api/check?name=${encodeURIComponent("某局.xlsx")}`, payload: await fx.errors(), headers: { "content-type": XLSX } });
    expect(r.statusCode).toBe(200);
    const a = r.json() as CheckAnswer;
    expect(a.result.file).toBe("某局.xlsx");
    // (342000 + 684000 + 22500 × 24 + 350000) × 0.98 = 1877680; 2015000 − 1877680 = 137320
    expect([a.result.declared, a.result.recomputed, a.result.difference]).toEqual(["2015000.00", "1877680.00", "137320.00"]);
    expect(a.result.findings.map((f) => [f.code, f.cell])).toEqual([
      ["tier-mismatch", "测算明细!G4"],
      ["unit-price-mismatch", "测算明细!H5"],
      ["amount-arithmetic", "测算明细!J6"],
      ["scale-missing", "测算明细!J7"],
    ]);
    expect((a.document as { services: { item: string }[] }).services.map((s) => s.item)).toEqual(["7.1.a", "7.2.b", "9.2.c", "8.2.d"]);
  });

  it("English sentences on request", async () => {
    const c = await login(t.app, "checker");
    const r = await c.inject({ method: "POST", url: "/api/check?lang=en", payload: await fx.errors(), headers: { "content-type": XLSX } });
    expect((r.json() as CheckAnswer).result.findings[2]?.message).toBe("the amount 305,000.00 yuan is not this row's unit price × workload 35,000 × 10 = 350,000.00 yuan");
  });

  it("an unreadable file is an answer with its reason, not an error", async () => {
    const c = await login(t.app, "checker");
    const r = await c.inject({ method: "POST", url: "/api/check", payload: Buffer.from("PK not really"), headers: { "content-type": XLSX } });
    expect(r.statusCode).toBe(200);
    const a = r.json() as CheckAnswer;
    expect(a.result.error).toContain("xlsx");
    expect(a.document).toBeNull();
  });

  it.skipIf(!SOFFICE)("an .xls sent as what it is is converted in the job and checked like its xlsx (skipped where LibreOffice is not installed)", async () => {
    const c = await login(t.app, "checker");
    const xls = saveAs(await fx.errors(), "xls");
    for (const type of ["application/vnd.ms-excel", "application/octet-stream"]) {
      const r = await c.inject({ method: "POST", url: `/api/check?name=${encodeURIComponent("某局.xls")}`, payload: xls, headers: { "content-type": type } });
      expect(r.statusCode).toBe(200);
      const a = r.json() as CheckAnswer;
      expect(a.result.error).toBeUndefined();
      expect(a.result.file).toBe("某局.xls");
      // As for the xlsx: (342000 + 684000 + 22500 × 24 + 350000) × 0.98 = 1877680; 2015000 − 1877680 = 137320
      expect([a.result.declared, a.result.recomputed, a.result.difference]).toEqual(["2015000.00", "1877680.00", "137320.00"]);
      expect(a.result.findings.map((f) => [f.code, f.cell, f.amountAtStake])).toEqual([
        ["tier-mismatch", "测算明细!G4", null],
        ["unit-price-mismatch", "测算明细!H5", "144000.00"], // (28500 − 22500) × 24
        ["amount-arithmetic", "测算明细!J6", "-45000.00"], // 305000 − 35000 × 10
        ["scale-missing", "测算明细!J7", "40300.00"], // 2015000 − 2015000 × 0.98
      ]);
      expect((a.document as { services: { item: string }[] }).services.map((s) => s.item)).toEqual(["7.1.a", "7.2.b", "9.2.c", "8.2.d"]);
    }
  }, 240_000);

  it("random bytes named .xls are an answer with a clear reason, in English on request, not a 500", async () => {
    const c = await login(t.app, "checker");
    const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251));
    const zh = await c.inject({ method: "POST", url: `/api/check?name=${encodeURIComponent("旧表.xls")}`, payload: noise, headers: { "content-type": "application/vnd.ms-excel" } });
    expect(zh.statusCode).toBe(200);
    expect((zh.json() as CheckAnswer).result).toMatchObject({ file: "旧表.xls", declared: null, findings: [], error: "该 .xls 文件不是有效的工作簿：既不是 Excel 97–2003/WPS 表格，也不是 OpenDocument（.ods）或 xlsx 工作簿" });
    expect((zh.json() as CheckAnswer).document).toBeNull();
    const en = await c.inject({ method: "POST", url: "/api/check?name=old.xls", payload: noise, headers: { "content-type": "application/octet-stream", "accept-language": "en" } });
    expect((en.json() as CheckAnswer).result.error).toBe("This .xls file is not a workbook: it is neither an Excel 97–2003/WPS spreadsheet nor an OpenDocument (.ods) or xlsx workbook");
  });

  it("a server without LibreOffice answers an .xls with that reason, naming the server", async () => {
    const c = await login(t.app, "checker");
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    // The job's worker takes the environment as it is when it starts.
    const path = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      const r = await c.inject({ method: "POST", url: "/api/check", payload: xls, headers: { "content-type": "application/vnd.ms-excel" } });
      expect(r.statusCode).toBe(200);
      expect((r.json() as CheckAnswer).result).toMatchObject({
        file: "工作簿.xls",
        error: ".xls 文件需要 LibreOffice 转换，但服务器未安装 LibreOffice（soffice）；请管理员安装 LibreOffice，或用 WPS/Excel 另存为 .xlsx 后再核查",
      });
    } finally {
      process.env.PATH = path;
    }
  });

  it("the old formats' content types are taken by /api/check only, and listed in its OpenAPI entry", async () => {
    const c = await login(t.app, "checker");
    const r = await c.inject({ method: "POST", url: "/api/import/xlsx", payload: Buffer.from("x"), headers: { "content-type": "application/vnd.ms-excel" } });
    expect(r.statusCode).toBe(415);
    const doc = (await t.app.inject({ url: "/api/openapi.json" })).json() as { paths: Record<string, { post: { requestBody: { content: Record<string, unknown> } } }> };
    expect(Object.keys(doc.paths["/api/check"]?.post.requestBody.content ?? {})).toEqual([XLSX, "application/vnd.ms-excel", "application/vnd.oasis.opendocument.spreadsheet", "application/octet-stream"]);
  });

  it("an empty upload is 400 empty_body, saying what to send, whatever its type; in English on request", async () => {
    const c = await login(t.app, "checker");
    for (const headers of [{ "content-type": XLSX }, { "content-type": "application/octet-stream" }, { "content-type": "application/vnd.ms-excel" }, {}]) {
      const r = await c.inject({ method: "POST", url: "/api/check?name=x.xlsx", payload: "", headers });
      expect(r.statusCode, JSON.stringify(headers)).toBe(400);
      expect(r.json()).toEqual({ error: { code: "empty_body", message: "请求体为空：需要一个工作簿文件的内容（.xlsx、.xlsm，或 .xls、.et、.ods）" } });
    }
    const en = await c.inject({ method: "POST", url: "/api/check", payload: "", headers: { "content-type": XLSX, "accept-language": "en" } });
    expect(en.statusCode).toBe(400);
    expect(en.json()).toEqual({ error: { code: "empty_body", message: "The request body is empty: a workbook file's bytes are needed (.xlsx, .xlsm, or .xls, .et, .ods)" } });
    // Still the role first: a preparer is refused for who they are, not for the body.
    expect((await (await login(t.app, "maker")).inject({ method: "POST", url: "/api/check", payload: "", headers: { "content-type": XLSX } })).statusCode).toBe(403);
  });

  it("an .xlsx has the usual time limit alone, and over its limits the advice is about the workbook, not service lines", async () => {
    // 50 ms is less than a worker takes to load the workbook package: every check is over it. Before,
    // every check had the conversion's 60 s on top, and this one answered 200 within a second or two.
    const slow = await sqliteApp({ workerLimits: { timeoutMs: 50, convertTimeoutMs: 60_000 } });
    const small = await sqliteApp({ workerLimits: { maxOldGenerationSizeMb: 4 } });
    try {
      for (const [app, code, zh, en] of [
        // Math.round(50 / 1000) = 0: the time allowed, in whole seconds
        [slow, "too_slow", "核查工作簿超过 0 秒仍未完成，已中止；", "Checking the workbook took more than 0 s and was stopped; "],
        [small, "too_large", "核查工作簿所需内存超过上限（4 MB），已中止；", "Checking the workbook needed more memory than allowed (4 MB) and was stopped; "],
      ] as const) {
        await seedUser(app.store, "checker", "reviewer", null);
        const u = await login(app.app, "checker");
        const r = await u.inject({ method: "POST", url: "/api/check", payload: await fx.errors(), headers: { "content-type": XLSX } });
        expect(r.statusCode).toBe(503);
        expect(r.headers["retry-after"]).toBe("60");
        expect(r.json()).toEqual({
          error: { code, message: `${zh}该工作簿过于复杂，无法在限定范围内核查：请将其拆分为几个较小的文件，或用 WPS/Excel 另存为普通 .xlsx（去掉无关的工作表、图片和大片带格式的空白区域）后重试`, retryAfter: 60 },
        });
        const english = await u.inject({ method: "POST", url: "/api/check", payload: await fx.errors(), headers: { "content-type": XLSX, "accept-language": "en" } });
        expect((english.json() as { error: { message: string } }).error.message).toBe(
          `${en}the workbook is too complex to check within the limits: split it into smaller files, or save it again as a plain .xlsx from WPS/Excel (without unrelated sheets, images and large formatted blank areas) and try again`,
        );
      }
    } finally {
      await slow.close();
      await small.close();
    }
  });

  it("a file LibreOffice converts has the conversion's time on top of the usual limit", async () => {
    // A stand-in soffice that takes 5 s and converts nothing: past the job's 3 s, within 3 s + 60 s.
    // The job then answers that the conversion failed (200), where a job held to 3 s would be 503.
    const bin = mkdtempSync(join(tmpdir(), "govcost-soffice-"));
    writeFileSync(join(bin, "soffice"), "#!/bin/sh\nsleep 5\n");
    chmodSync(join(bin, "soffice"), 0o755);
    const app = await sqliteApp({ workerLimits: { timeoutMs: 3_000, convertTimeoutMs: 60_000 } });
    const path = process.env.PATH;
    // The job's worker takes the environment as it is when it starts.
    process.env.PATH = `${bin}:${path ?? ""}`;
    try {
      await seedUser(app.store, "checker", "reviewer", null);
      const u = await login(app.app, "checker");
      const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
      const started = Date.now();
      const r = await u.inject({ method: "POST", url: `/api/check?name=${encodeURIComponent("旧表.xls")}`, payload: xls, headers: { "content-type": "application/vnd.ms-excel" } });
      expect(r.statusCode).toBe(200);
      expect((r.json() as CheckAnswer).result).toMatchObject({ file: "旧表.xls", error: "LibreOffice 未能将该 .xls 文件转换为 .xlsx（文件可能已损坏或加密）" });
      // It did wait for the stand-in: the answer came after the 3 s a plain .xlsx has.
      expect(Date.now() - started).toBeGreaterThanOrEqual(5_000);
    } finally {
      process.env.PATH = path;
      await app.close();
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it("preparers may not use it", async () => {
    const c = await login(t.app, "maker");
    const r = await c.inject({ method: "POST", url: "/api/check", payload: await fx.cleanYuan(), headers: { "content-type": XLSX } });
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ error: { message: "只有审核人和管理员可以核查送审测算表" } });
  });
});
