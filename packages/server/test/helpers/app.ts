/** Helpers for route tests: a real SQLite file per test file, seeded accounts, logged-in clients. */
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { buildApp, type AppOptions } from "../../src/app.js";
import { hashPassword } from "../../src/security/passwords.js";
import { openSqliteStore } from "../../src/store/open.js";
import type { Store } from "../../src/store/store.js";
import type { Role } from "../../src/store/schema.js";

/** scrypt at N = 2^4 in tests only; production hashes use 2^15. */
export const TEST_COST = 4;
export const PASSWORD = "correct horse battery";

export interface TestApp {
  app: FastifyInstance;
  store: Store;
  dir: string;
  close(): Promise<void>;
}

export async function sqliteApp(extra: Partial<AppOptions> = {}): Promise<TestApp> {
  const dir = mkdtempSync("/tmp/govcost-test-");
  const store = openSqliteStore(join(dir, "govcost.sqlite"));
  await store.migrate();
  const logs: string[] = [];
  const app = await buildApp({ store, scryptLog2N: TEST_COST, webRoot: null, log: (l) => logs.push(l), ...extra });
  return {
    app,
    store,
    dir,
    close: async () => {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function seedUser(store: Store, username: string, role: Role, departmentId: number | null, password = PASSWORD) {
  return store.createUser({ username, displayName: `${username} 姓名`, role, departmentId, passwordHash: await hashPassword(password, TEST_COST) }, new Date().toISOString());
}

export interface Client {
  cookie: string;
  csrf: string;
  userId: number;
  inject(opts: InjectOptions & { csrf?: boolean }): Promise<LightMyRequestResponse>;
}

export function sessionCookie(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === "govcost_session");
  if (!c) throw new Error(`no session cookie in ${res.statusCode} ${res.body}`);
  return `govcost_session=${c.value}`;
}

export async function login(app: FastifyInstance, username: string, password = PASSWORD, remoteAddress = "127.0.0.1"): Promise<Client> {
  const res = await app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password }, remoteAddress });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const body = res.json() as { csrfToken: string; user: { id: number } };
  const cookie = sessionCookie(res);
  return {
    cookie,
    csrf: body.csrfToken,
    userId: body.user.id,
    inject: (opts) => {
      const { csrf = true, headers, ...rest } = opts;
      return app.inject({ ...rest, headers: { ...(headers as Record<string, string> | undefined), cookie, ...(csrf ? { "x-csrf-token": body.csrfToken } : {}) } } as InjectOptions);
    },
  };
}

/** A small valid budget document with n service lines. */
export function budgetDoc(name = "测试预算", lines = 2): Record<string, unknown> {
  const items = ["7.2.b", "7.2.a", "7.1.a", "9.1.a", "8.1.a"];
  return {
    name,
    services: Array.from({ length: lines }, (_, i) => ({ item: items[i % items.length], personMonths: String(6 + i) })),
    nonLabor: { equipment: [{ name: "服务器维保", amount: "1000.50" }] },
  };
}
