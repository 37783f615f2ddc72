/**
 * A form's values once they pass its rules, or null. When they do not, antd shows each field's
 * message under the field and rejects validateFields(); that rejection says nothing more, so it
 * is the end of the submit, not an error for the page (it was logged as an uncaught error).
 */
import type { FormInstance } from "antd";
import { PASSWORD_MIN_LENGTH } from "@govcost/core";

export async function validValues<T>(form: FormInstance<T>): Promise<T | null> {
  try {
    return await form.validateFields();
  } catch {
    return null;
  }
}

/**
 * The server's password rule (server/security/passwords.ts passwordProblem), said under every field
 * where a password is chosen, before the server has to refuse one: the length is checked here too,
 * the rest by the server, whose answer is shown under the same field.
 */
export function passwordRuleText(t: (zh: string, vars?: Record<string, string | number>) => string): string {
  return t("至少 {n} 个字符；不能与用户名相同，不能由同一个字符重复组成，不能是连续的字符（如 1234567890），也不能是常见密码", { n: PASSWORD_MIN_LENGTH });
}
