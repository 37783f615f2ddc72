/** Login (throttled in the database), logout, the current user, password change. */
import { z } from "zod";
import { badRequest, HttpError } from "./errors.js";
import { hashPassword, passwordProblem, verifyPassword } from "../security/passwords.js";
import { SESSION_COOKIE, userJson, type AppContext } from "./context.js";
import type { OkAnswer, SessionAnswer } from "../api-types.js";

const password = z.string().min(1).max(200);

export async function registerAuthRoutes(ctx: AppContext): Promise<void> {
  const { store, route, audit, iso, now, log2n, startSession, throttle, dummyHash } = ctx;

  route({ method: "POST", url: "/api/auth/login", summary: "登录（按用户名和 IP 限制失败次数）", tag: "账户", access: "public", csrf: false,
    body: z.strictObject({ username: z.string().min(1).max(200), password }),
    responses: { "200": "{ user, csrfToken }，并设置会话 Cookie", "401": "用户名或密码错误", "429": "尝试过多，见 Retry-After" },
    handler: async ({ req, reply, body }): Promise<SessionAnswer> => {
      const at = now();
      const since = new Date(at.getTime() - throttle.windowMs).toISOString();
      const userKey = `user:${body.username.toLowerCase()}`;
      const ipKey = `ip:${req.ip}`;
      for (const [key, limit] of [
        [userKey, throttle.perUsername],
        [ipKey, throttle.perIp],
      ] as const) {
        const f = await store.loginFailures(key, since);
        if (f.count >= limit) {
          const retryAfter = Math.max(1, Math.ceil((Date.parse(f.oldest ?? at.toISOString()) + throttle.windowMs - at.getTime()) / 1000));
          await audit(req, null, "login.throttled", userKey, { username: body.username });
          throw new HttpError(429, "too_many_attempts", `登录失败次数过多，请 ${Math.ceil(retryAfter / 60)} 分钟后再试`, { retryAfter });
        }
      }
      const user = await store.findUserByUsername(body.username);
      const ok = await verifyPassword(body.password, user?.passwordHash ?? dummyHash);
      if (!user || !ok || user.disabled) {
        await store.recordLoginFailure([userKey, ipKey], at.toISOString());
        await audit(req, user ?? null, "login.failed", userKey, { username: body.username, reason: !user ? "unknown_user" : !ok ? "wrong_password" : "disabled" });
        throw new HttpError(401, "bad_credentials", "用户名或密码错误");
      }
      await store.clearLoginFailures(userKey);
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
      return { user: userJson(user), csrfToken: s?.csrfToken ?? "" };
    },
  });

  route({ method: "POST", url: "/api/auth/password", summary: "修改自己的密码（其他会话随之失效）", tag: "账户", access: "user",
    body: z.strictObject({ oldPassword: password, newPassword: password }),
    handler: async ({ req, body, user, sessionHash }): Promise<OkAnswer> => {
      if (!(await verifyPassword(body.oldPassword, user.passwordHash))) throw new HttpError(400, "bad_credentials", "原密码不正确");
      const problem = passwordProblem(body.newPassword);
      if (problem) throw badRequest(problem);
      await store.updateUser(user.id, { passwordHash: await hashPassword(body.newPassword, log2n) }, iso());
      await store.deleteUserSessions(user.id, sessionHash);
      await audit(req, user, "user.password", `user:${user.id}`);
      return { ok: true };
    },
  });
}
