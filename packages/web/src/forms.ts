/**
 * A form's values once they pass its rules, or null. When they do not, antd shows each field's
 * message under the field and rejects validateFields(); that rejection says nothing more, so it
 * is the end of the submit, not an error for the page (it was logged as an uncaught error).
 */
import type { FormInstance } from "antd";

export async function validValues<T>(form: FormInstance<T>): Promise<T | null> {
  try {
    return await form.validateFields();
  } catch {
    return null;
  }
}
