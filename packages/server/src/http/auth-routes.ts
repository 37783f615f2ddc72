/** Login (throttled in the database), logout, the current user, password change. */
import { z } from "zod";
import { badRequest, bi, HttpError } from "./errors.js";
import { hashPassword, passwordRefusal, verifyPassword } from "../security/passwords.js";
import { SESSION_COOKIE, userJson, waitText, type AppContext } from "./context.js";
import type { OkAnswer, SessionAnswer } from "../api-types.js";

const password = z.string().min(1).max(200);

export async function registerAuthRoutes(ctx: AppContext): Promise<void> {
  const { store, route, audit, iso, now, log2n, startSession, throttle, dummyHash } = ctx;

  route({ method: "POST", url: "/api/auth/login", summary: "登录（按账户与地址、账户、地址限制失败次数）", tag: "账户", access: "public", csrf: false,
    body: z.strictObject({ username: z.string().min(1).max(200), password }),
    responses: { "200": "{ user, csrfToken, timeZone }，并设置会话 Cookie", "401": "用户名或密码错误", "429": "尝试过多，见 Retry-After" },
    handler: async ({ req, reply, body }): Promise<SessionAnswer> => {
      const at = now();
      const t = at.getTime();
      const since = new Date(t - throttle.windowMs).toISOString();
      const name = body.username.toLowerCase();
      const accountKey = `user:${name}`;
      const pairKey = `pair:${name}|${req.ip}`;
      const ipKey = `ip:${req.ip}`;
      const windowEnd = (oldest: string | null) => Date.parse(oldest ?? at.toISOString()) + throttle.windowMs;

      // The longest wait any rule asks for, and why.
      let wait = 0;
      let why = "";
      let whyEn = "";
      const ask = (until: number, reason: string, reasonEn: string) => {
        const s = Math.ceil((until - t) / 1000);
        if (s > wait) [wait, why, whyEn] = [s, reason, reasonEn];
      };
      const ip = await store.loginFailures(ipKey, since);
      if (ip.count >= throttle.perIp) ask(windowEnd(ip.oldest), "此地址登录失败次数过多", "Too many failed sign-ins from this address");
      const pair = await store.loginFailures(pairKey, since);
      if (pair.count >= throttle.perPair) ask(windowEnd(pair.oldest), "此账户在此地址登录失败次数过多", "Too many failed sign-ins to this account from this address");
      const account = await store.loginFailures(accountKey, since);
      if (account.count >= throttle.perAccount) {
        const delay = Math.min(throttle.accountMaxDelayMs, 1000 * 2 ** Math.min(30, account.count - throttle.perAccount + 1));
        ask(Date.parse(account.newest ?? at.toISOString()) + delay, "此账户登录失败次数过多", "Too many failed sign-ins to this account");
      }
      if (wait > 0) {
        // One audit entry per address and interval, however many attempts (they are counted).
        const windowStart = new Date(Math.floor(t / throttle.auditIntervalMs) * throttle.auditIntervalMs).toISOString();
        if ((await store.countThrottled(req.ip, windowStart)) === 1) await audit(req, null, "login.throttled", accountKey, { username: body.username, reason: why, window: windowStart });
        throw new HttpError(429, "too_many_attempts", bi(`${why}，请 ${waitText(wait)}后再试`, `${whyEn}; try again in ${waitText(wait, "en")}`), { retryAfter: wait });
      }
      const user = await store.findUserByUsername(body.username);
      const ok = await verifyPassword(body.password, user?.passwordHash ?? dummyHash);
      if (!user || !ok || user.disabled) {
        await store.recordLoginFailure([pairKey, accountKey, ipKey], at.toISOString());
        await audit(req, user ?? null, "login.failed", accountKey, { username: body.username, reason: !user ? "unknown_user" : !ok ? "wrong_password" : "disabled" });
        throw new HttpError(401, "bad_credentials", bi("用户名或密码错误", "Wrong username or password"));
      }
      await store.clearLoginFailures(pairKey);
      await store.clearLoginFailures(accountKey);
      await audit(req, user, "login", `user:${user.id}`);
      return startSession(reply, req, user);
    },
  });

  route({ method: "POST", url: "/api/auth/logout", summary: "退出登录", tag: "账户", access: "user",
    handler: async ({ req, reply, user, sessionHash }): Promise<OkAnswer> => {
      await store.deleteSession(sessionHash);
      await audit(req, user, "logout", `user:${user.id}`);
      void reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return { ok: true };
    },
  });

  route({ method: "GET", url: "/api/auth/me", summary: "当前用户及 CSRF 令牌", tag: "账户", access: "user",
    handler: async ({ user, sessionHash }): Promise<SessionAnswer> => {
      const s = await store.getSession(sessionHash, iso());
      return { user: userJson(user), csrfToken: s?.csrfToken ?? "", timeZone: ctx.timeZone };
    },
  });

  route({ method: "POST", url: "/api/auth/password", summary: "修改自己的密码（其他会话随之失效）", tag: "账户", access: "user",
    body: z.strictObject({ oldPassword: password, newPassword: password }),
    handler: async ({ req, body, user, sessionHash }): Promise<OkAnswer> => {
      if (!(await verifyPassword(body.oldPassword, user.passwordHash))) throw new HttpError(400, "bad_credentials", bi("原密码不正确", "The current password is wrong"));
      const problem = passwordRefusal(body.newPassword, user.username);
      if (problem) throw badRequest(problem);
      await store.updateUser(user.id, { passwordHash: await hashPassword(body.newPassword, log2n) }, iso());
      await store.deleteUserSessions(user.id, sessionHash);
      await audit(req, user, "user.password", `user:${user.id}`);
      return { ok: true };
    },
  });
}
