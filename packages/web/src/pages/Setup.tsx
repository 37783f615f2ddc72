import { PASSWORD_MIN_LENGTH } from "@govcost/core";
import { useEffect, useState } from "react";
import { useT } from "../i18n.js";
import { Alert, Button, Card, Form, Input, Result } from "antd";
import { api, ApiError } from "../api.js";
import { navigate, useLocation } from "../router.js";
import { passwordRuleText } from "../forms.js";

/** First run: the first administrator sets a password with the one-time token the server printed. */
export function SetupPage() {
  const t = useT();
  const { query } = useLocation();
  const [needed, setNeeded] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  useEffect(() => {
    api
      .get<{ needed: boolean }>("/api/setup/status")
      .then((r) => setNeeded(r.needed))
      .catch(() => setNeeded(true));
  }, []);
  const onFinish = async (v: { token: string; username: string; displayName: string; password: string; confirm: string }) => {
    setError(null);
    try {
      await api.post("/api/setup", { token: v.token, username: v.username, displayName: v.displayName, password: v.password });
      setDone(true);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <div className="gc-login">
      <Card className="gc-login-card" title={t("首次使用：设置系统管理员")}>
        {done ? (
          <Result status="success" title={t("管理员已创建")} extra={<Button type="primary" onClick={() => navigate("/login")}>{t("去登录")}</Button>} />
        ) : needed === false ? (
          <Result status="info" title={t("系统已初始化")} subTitle={t("管理员已设置，请直接登录。")} extra={<Button type="primary" onClick={() => navigate("/login")}>{t("去登录")}</Button>} />
        ) : (
          <>
            {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} /> : null}
            <Form layout="vertical" onFinish={onFinish} onFinishFailed={() => setError(null)} onValuesChange={() => setError(null)} initialValues={{ token: query.get("token") ?? "", username: "admin", displayName: "系统管理员" }}>
              <Form.Item name="token" label={t("初始化令牌")} rules={[{ required: true, message: t("请输入服务器启动时给出的初始化令牌") }]}>
                <Input />
              </Form.Item>
              <Form.Item name="username" label={t("管理员用户名")} rules={[{ required: true }]}>
                <Input />
              </Form.Item>
              <Form.Item name="displayName" label={t("显示名")} rules={[{ required: true }]}>
                <Input />
              </Form.Item>
              <Form.Item name="password" label={t("密码")} extra={passwordRuleText(t)} rules={[{ required: true, message: t("请输入密码") }, { min: PASSWORD_MIN_LENGTH, message: t("密码至少 {n} 个字符", { n: PASSWORD_MIN_LENGTH }) }]}>
                <Input.Password />
              </Form.Item>
              <Form.Item
                name="confirm"
                label={t("确认密码")}
                dependencies={["password"]}
                rules={[
                  { required: true },
                  ({ getFieldValue }) => ({ validator: (_, v) => (v === getFieldValue("password") ? Promise.resolve() : Promise.reject(new Error(t("两次输入的密码不一致")))) }),
                ]}
              >
                <Input.Password />
              </Form.Item>
              <Button type="primary" htmlType="submit" block>
                {t("创建管理员")}
              </Button>
            </Form>
          </>
        )}
      </Card>
    </div>
  );
}
