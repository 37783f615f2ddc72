/** Change one's own password (POST /api/auth/password); the server ends the user's other sessions. */
import { PASSWORD_MIN_LENGTH } from "@govcost/core";
import { useState } from "react";
import { App, Form, Input, Modal } from "antd";
import { api, ApiError } from "../api.js";
import { useT } from "../i18n.js";
import { passwordRuleText, validValues } from "../forms.js";

interface Values {
  oldPassword: string;
  newPassword: string;
  confirm: string;
}

export function PasswordDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      await api.post("/api/auth/password", { oldPassword: v.oldPassword, newPassword: v.newPassword });
      message.success(t("密码已修改；其他设备上的登录已退出"));
      onClose();
    } catch (e) {
      // A wrong current password is said under it; a new password the server refuses, under the new one.
      if (e instanceof ApiError && e.code === "bad_credentials") setError(t("原密码不正确"));
      else form.setFields([{ name: "newPassword", errors: [e instanceof ApiError ? e.message : String(e)] }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={t("修改密码")} okText={t("确定")} cancelText={t("取消")} onOk={() => void submit().catch(() => undefined)} onCancel={onClose} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" data-testid="password-form" onFinish={() => void submit()} onValuesChange={(changed: Partial<Values>) => "oldPassword" in changed && setError(null)}>
        <Form.Item name="oldPassword" label={t("原密码")} rules={[{ required: true, message: t("请输入原密码") }]} validateStatus={error ? "error" : undefined} help={error ?? undefined}>
          <Input.Password autoComplete="current-password" data-testid="old-password" autoFocus />
        </Form.Item>
        <Form.Item name="newPassword" label={t("新密码")} extra={passwordRuleText(t)} rules={[{ required: true, message: t("请输入新密码") }, { min: PASSWORD_MIN_LENGTH, message: t("密码至少 {n} 个字符", { n: PASSWORD_MIN_LENGTH }) }]}>
          <Input.Password autoComplete="new-password" data-testid="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t("确认新密码")}
          dependencies={["newPassword"]}
          rules={[
            { required: true, message: t("请再次输入新密码") },
            ({ getFieldValue }) => ({ validator: (_, value) => (!value || getFieldValue("newPassword") === value ? Promise.resolve() : Promise.reject(new Error(t("两次输入的新密码不一致")))) }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="confirm-password" onPressEnter={() => void submit().catch(() => undefined)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
