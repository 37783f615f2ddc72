/** Password rules beyond length, each failure named in Chinese, on every path that sets a password. */
import { describe, expect, it } from "vitest";
import { passwordProblem } from "../src/security/passwords.js";
import { COMMON_PASSWORDS } from "../src/security/common-passwords.js";
import { login, seedUser, sqliteApp } from "./helpers/app.js";

describe("passwordProblem", () => {
  it("names the rule each weak password breaks", () => {
    expect(passwordProblem("short", "pat")).toBe("密码至少 10 个字符");
    expect(passwordProblem("          ", "pat")).toBe("密码不能只由空白字符组成");
    expect(passwordProblem("Administrator", "administrator")).toBe("密码不能与用户名相同");
    expect(passwordProblem("aaaaaaaaaa", "pat")).toBe("密码不能由同一个字符重复组成（如 aaaaaaaaaa）");
    for (const p of ["1234567890", "abcdefghij", "ABCDEFGHIJK", "9876543210", "jihgfedcba"]) expect(passwordProblem(p, "pat"), p).toBe("密码不能是连续的字符（如 1234567890、abcdefghij）");
    for (const p of ["password123", "Woaini1314", "qwertyuiop"]) expect(passwordProblem(p, "pat"), p).toBe("这是一个常见密码，很容易被猜中，请另选一个");
    expect(COMMON_PASSWORDS.size).toBeGreaterThanOrEqual(100);
  });

  it("accepts ordinary long passwords", () => {
    for (const p of ["correct horse battery", "a long password 1", "1234567891", "abcdefghik", "pat is here 2025"]) expect(passwordProblem(p, "pat"), p).toBeNull();
  });
});

describe("the API refuses weak passwords with the rule named", () => {
  it("on account creation and on a password change", async () => {
    const t = await sqliteApp();
    try {
      await seedUser(t.store, "root", "admin", null);
      const admin = await login(t.app, "root");
      const r = await admin.inject({ method: "POST", url: "/api/users", payload: { username: "pat", displayName: "帕特", password: "pat", role: "reviewer" } });
      expect(r.json()).toMatchObject({ error: { message: "密码至少 10 个字符" } });
      const same = await admin.inject({ method: "POST", url: "/api/users", payload: { username: "patterson1", displayName: "帕特", password: "Patterson1", role: "reviewer" } });
      expect(same.statusCode).toBe(400);
      expect(same.json()).toMatchObject({ error: { message: "密码不能与用户名相同" } });
      const change = await admin.inject({ method: "POST", url: "/api/auth/password", payload: { oldPassword: "correct horse battery", newPassword: "1234567890" } });
      expect(change.statusCode).toBe(400);
      expect(change.json()).toMatchObject({ error: { message: "密码不能是连续的字符（如 1234567890、abcdefghij）" } });
    } finally {
      await t.close();
    }
  });
});
