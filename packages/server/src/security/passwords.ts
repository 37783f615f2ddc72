/**
 * Password hashing with scrypt (memory-hard): N = 2^15, r = 8, p = 1 (32 MiB per hash), a random
 * 16-byte salt per user, compared with timingSafeEqual. The parameters are stored with each hash,
 * so raising the cost later keeps old hashes verifiable.
 */
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { COMMON_PASSWORDS } from "./common-passwords.js";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@govcost/core";

export const DEFAULT_SCRYPT_LOG2N = 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function scryptAsync(password: string, salt: Buffer, log2n: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** log2n;
  return new Promise((resolvePromise, reject) => {
    scrypt(password.normalize("NFC"), salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolvePromise(key)));
  });
}

/**
 * The work factor. Lowering it is allowed only under NODE_ENV=test (GOVCOST_SCRYPT_LOG2N), so a test
 * suite can create many accounts quickly; production always uses at least 2^15.
 */
export function scryptCost(explicit?: number): number {
  if (explicit !== undefined) return explicit;
  const env = Number(process.env.GOVCOST_SCRYPT_LOG2N);
  if (process.env.NODE_ENV === "test" && Number.isInteger(env) && env >= 1 && env <= 20) return env;
  return DEFAULT_SCRYPT_LOG2N;
}

export async function hashPassword(password: string, log2n = scryptCost()): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, log2n, R, P);
  return `scrypt$${log2n}$${R}$${P}$${salt.toString("base64")}$${key.toString("base64")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [log2n, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const salt = Buffer.from(parts[4] ?? "", "base64");
  const expected = Buffer.from(parts[5] ?? "", "base64");
  if (!Number.isInteger(log2n) || !Number.isInteger(r) || !Number.isInteger(p) || expected.length !== KEY_LENGTH) return false;
  const key = await scryptAsync(password, salt, log2n, r, p);
  return timingSafeEqual(key, expected);
}

/** Every character is the previous one ± 1 in the same direction (1234567890 counts 9 → 0 too). */
function sequential(s: string): boolean {
  const cs = [...s].map((c) => c.codePointAt(0) ?? 0);
  const step = (a: number, b: number) => (a === 0x39 && b === 0x30 ? 1 : a === 0x30 && b === 0x39 ? -1 : b - a);
  const first = step(cs[0] ?? 0, cs[1] ?? 0);
  return (first === 1 || first === -1) && cs.every((c, i) => i === 0 || step(cs[i - 1] ?? 0, c) === first);
}

/**
 * Rules for a new password (checked on setup, account creation, reset and change), each failure
 * named: long enough, not the username, not only spaces, not one character repeated, not a run of
 * consecutive characters, not a common password (common-passwords.ts).
 */
/** Why a password is refused, in both languages (the API answers in the one asked for); null if it is accepted. */
export function passwordRefusal(password: string, username: string): { zh: string; en: string } | null {
  const zh = passwordProblem(password, username);
  const en = passwordProblem(password, username, "en");
  return zh === null || en === null ? null : { zh, en };
}

export function passwordProblem(password: string, username: string, lang: "zh-CN" | "en" = "zh-CN"): string | null {
  const en = lang === "en";
  const lower = password.toLowerCase();
  if (password.length < PASSWORD_MIN_LENGTH) return en ? `The password needs at least ${PASSWORD_MIN_LENGTH} characters` : `密码至少 ${PASSWORD_MIN_LENGTH} 个字符`;
  if (password.length > PASSWORD_MAX_LENGTH) return en ? `The password may have at most ${PASSWORD_MAX_LENGTH} characters` : `密码不能超过 ${PASSWORD_MAX_LENGTH} 个字符`;
  if (password.trim() === "") return en ? "The password cannot be only spaces" : "密码不能只由空白字符组成";
  if (lower === username.toLowerCase()) return en ? "The password cannot be the username" : "密码不能与用户名相同";
  if (new Set(password).size === 1) return en ? "The password cannot repeat one character (like aaaaaaaaaa)" : "密码不能由同一个字符重复组成（如 aaaaaaaaaa）";
  if (sequential(lower)) return en ? "The password cannot be a run of characters (like 1234567890, abcdefghij)" : "密码不能是连续的字符（如 1234567890、abcdefghij）";
  if (COMMON_PASSWORDS.has(lower)) return en ? "This is a common password, easily guessed; choose another" : "这是一个常见密码，很容易被猜中，请另选一个";
  return null;
}
