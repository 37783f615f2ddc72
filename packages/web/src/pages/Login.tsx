import { useContext, useState } from "react";
import { Alert, Button, Card, Form, Input, Typography } from "antd";
import { LockOutlined, UserOutlined } from "@ant-design/icons";
import { api, ApiError, setCsrfToken, type SessionAnswer } from "../api.js";
import { useAuth } from "../auth.js";
import { STANDARD } from "../draft.js";
import { LangContext, useT } from "../i18n.js";
import { navigate } from "../router.js";

export function LoginPage() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { refresh } = useAuth();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onFinish = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<SessionAnswer>("/api/auth/login", v);
      setCsrfToken(r.csrfToken);
      await refresh();
      // Reviewers land on 待我审核, everyone else on the budget list.
      navigate(r.user.role === "reviewer" ? "/reviews" : "/budgets", true);
    } catch (e) {
      setError(e instanceof ApiError ? (e.status === 401 ? t("用户名或密码错误") : e.message) : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="gc-login">
      <Card className="gc-login-card" title={<span>{t("政务信息化项目运营服务成本测算")}</span>}>
        <Typography.Paragraph type="secondary">{t("按 {code}《{title}》编制运营服务预算", { code: STANDARD.code, title: lang === "en" ? STANDARD.titleEn : STANDARD.title })}</Typography.Paragraph>
        {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} /> : null}
        <Form layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item name="username" label={t("用户名")} rules={[{ required: true, message: t("请输入用户名") }]}>
            <Input prefix={<UserOutlined />} autoFocus autoComplete="username" id="login-username" />
          </Form.Item>
          <Form.Item name="password" label={t("密码")} rules={[{ required: true, message: t("请输入密码") }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" id="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t("登录")}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
