/**
 * Login throttling that cannot be used as a weapon: strict per account and address, growing delays
 * per account (never a lock against the right password from elsewhere), generous per address; and
 * throttled attempts that cannot flood the audit log.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PASSWORD, seedUser, sqliteApp, type TestApp } from "./helpers/app.js";

let t: TestApp;
let clock: number;
const tick = (ms: number) => (clock += ms);

beforeEach(async () => {
  clock = Date.parse("2026-03-02T09:00:00.000Z");
  t = await sqliteApp({ now: () => new Date(clock) });
  await seedUser(t.store, "pb", "reviewer", null);
});
afterEach(async () => t.close());

const attempt = (password: string, ip: string, username = "pb") => t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password }, remoteAddress: ip });
const message = (r: { json(): unknown }) => (r.json() as { error: { message: string } }).error.message;

describe("per account and address: strict", () => {
  it("5 failures from one address refuse that address for 15 minutes; the right password from another gets in", async () => {
    for (let i = 0; i < 5; i++) expect((await attempt("wrong password", "198.51.100.1")).statusCode).toBe(401);
    tick(2000); // past the account's first delay (2 s after the 5th failure)
    const here = await attempt(PASSWORD, "198.51.100.1");
    expect(here.statusCode).toBe(429);
    // window 15 min = 900 s from the oldest failure, 2 s ago → 898 s, shown as 15 分钟
    expect(here.headers["retry-after"]).toBe("898");
    expect(message(here)).toBe("此账户在此地址登录失败次数过多，请 15 分钟后再试");
    expect((await attempt(PASSWORD, "198.51.100.2")).statusCode).toBe(200);
  });
});

describe("per account: growing delays, not a lock", () => {
  it("waits 2 s, then 4 s after each further failure; the right password gets in after the wait", async () => {
    for (let i = 1; i <= 5; i++) expect((await attempt("wrong password", `203.0.113.${i}`)).statusCode).toBe(401);
    // 5 failures = perAccount: next attempt waits 2^(5-5+1) = 2 s after the last failure
    const first = await attempt(PASSWORD, "203.0.113.50");
    expect(first.statusCode).toBe(429);
    expect(first.headers["retry-after"]).toBe("2");
    expect(message(first)).toBe("此账户登录失败次数过多，请 2 秒后再试");
    tick(2000);
    expect((await attempt("wrong password", "203.0.113.6")).statusCode).toBe(401);
    // 6 failures: 2^2 = 4 s
    const second = await attempt(PASSWORD, "203.0.113.50");
    expect(second.headers["retry-after"]).toBe("4");
    tick(4000);
    expect((await attempt(PASSWORD, "203.0.113.50")).statusCode).toBe(200);
  });

  it("never asks more than a minute however many addresses fail", async () => {
    for (let i = 1; i <= 12; i++) {
      const r = await attempt("wrong password", `203.0.113.${i}`);
      expect([401, 429]).toContain(r.statusCode);
      tick(60_000);
    }
    tick(-60_000);
    const r = await attempt(PASSWORD, "203.0.113.99");
    // 12 failures: 2^8 = 256 s, capped at 60 s after the last failure
    expect(r.headers["retry-after"]).toBe("60");
    expect(message(r)).toBe("此账户登录失败次数过多，请 1 分钟后再试");
  });
});

describe("per address: generous", () => {
  it("35 failures across accounts from one address (an office behind NAT) do not lock out the others; 100 do", async () => {
    for (let i = 0; i < 35; i++) expect((await attempt("p", "192.0.2.7", `nobody${i}`)).statusCode).toBe(401);
    expect((await attempt(PASSWORD, "192.0.2.7")).statusCode).toBe(200);
    for (let i = 35; i < 100; i++) expect((await attempt("p", "192.0.2.7", `nobody${i}`)).statusCode).toBe(401);
    const r = await attempt(PASSWORD, "192.0.2.7");
    expect(r.statusCode).toBe(429);
    expect(message(r)).toBe("此地址登录失败次数过多，请 15 分钟后再试");
  });
});

describe("throttled attempts in the audit log", () => {
  it("500 throttled attempts are a handful of entries whose counts add up to 500", async () => {
    for (let i = 0; i < 5; i++) expect((await attempt("wrong password", "198.51.100.9")).statusCode).toBe(401);
    for (let i = 0; i < 500; i++) {
      if (i === 250) tick(10 * 60_000); // the next audit interval (10 min), still inside the 15-min window
      expect((await attempt(PASSWORD, "198.51.100.9")).statusCode).toBe(429);
    }
    const rows = await t.store.db.selectFrom("audit_log").select("id").where("action", "=", "login.throttled").execute();
    expect(rows).toHaveLength(2);
    const entries = (await t.store.listAudit({ limit: 100, action: "login.throttled" })).map((e) => (e.detail as { attempts: number }).attempts);
    // 250 in each 10-minute interval: 250 + 250 = 500
    expect(entries).toEqual([250, 250]);
  });
});
