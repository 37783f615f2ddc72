import { lazy, startTransition, Suspense, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { App as AntApp, Breadcrumb, Button, ConfigProvider, Dropdown, Layout, Menu, Result, Segmented, Spin, Typography } from "antd";
import type { ConfigProviderProps } from "antd";
import zhCNModule from "antd/locale/zh_CN.js";
import enUSModule from "antd/locale/en_US.js";
import { AuditOutlined, CalculatorOutlined, FileDoneOutlined, FileSearchOutlined, FileTextOutlined, KeyOutlined, LogoutOutlined, TeamOutlined, UserOutlined } from "@ant-design/icons";
import { api, setApiLanguage, setCsrfToken, type SessionAnswer, type User } from "./api.js";
import { setTimeZone } from "./format.js";
import { AuthContext, useAuth } from "./auth.js";
import { LangContext, translate, type Lang } from "./i18n.js";
import { match, navigate, useLocation } from "./router.js";
import { LoginPage } from "./pages/Login.js";
import { SetupPage } from "./pages/Setup.js";
import { BudgetListPage } from "./pages/BudgetList.js";
import { PasswordDialog } from "./pages/Password.js";

// The editor, history and admin screens are loaded on demand: the sign-in page stays small.
const EditorPage = lazy(() => import("./pages/Editor.js"));
const HistoryPage = lazy(() => import("./pages/History.js"));
const UsersPage = lazy(() => import("./pages/Users.js"));
const RatesPage = lazy(() => import("./pages/Rates.js"));
const AuditPage = lazy(() => import("./pages/Audit.js"));
const CheckPage = lazy(() => import("./pages/Check.js"));
const ReviewListPage = lazy(() => import("./review/ReviewList.js"));
const ReviewPage = lazy(() => import("./review/ReviewPage.js"));

const LANG_KEY = "govcost:lang";

type AntLocale = NonNullable<ConfigProviderProps["locale"]>;
// The locale files are CommonJS: the bundler and the type checker see the default export differently.
const unwrap = (m: unknown): AntLocale => ((m as { default?: AntLocale }).default ?? m) as AntLocale;
const zhCN = unwrap(zhCNModule);
const enUS = unwrap(enUSModule);

export function App() {
  const [lang, setLangState] = useState<Lang>(() => {
    const l = localStorage.getItem(LANG_KEY) === "en" ? "en" : "zh-CN";
    setApiLanguage(l);
    return l;
  });
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(LANG_KEY, l);
    setApiLanguage(l);
    setLangState(l);
  }, []);
  const [user, setUser] = useState<User | null>(null);
  const [ready, setReady] = useState(false);
  const { path } = useLocation();

  // The state is set when the answer arrives (in the promise's callbacks), never during the effect that loads.
  const refresh = useCallback(
    () =>
      api.get<SessionAnswer>("/api/auth/me").then(
        // A transition, as a change of page is (router.tsx): the spinner stays until the page's code
        // has loaded, and the page shows as soon as it can render.
        (me) => {
          setCsrfToken(me.csrfToken);
          setTimeZone(me.timeZone);
          startTransition(() => {
            setUser(me.user);
            setReady(true);
          });
        },
        () => {
          setCsrfToken(null);
          startTransition(() => {
            setUser(null);
            setReady(true);
          });
        },
      ),
    [],
  );
  const signOut = useCallback(async () => {
    try {
      await api.post("/api/auth/logout");
    } catch {
      // Signed out locally either way.
    }
    setCsrfToken(null);
    setUser(null);
    navigate("/login");
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const auth = useMemo(() => ({ user, refresh, signOut }), [user, refresh, signOut]);
  const langValue = useMemo(() => ({ lang, setLang }), [lang, setLang]);

  let body: React.ReactNode;
  if (path === "/setup") body = <SetupPage />;
  else if (!ready) body = <Spin fullscreen />;
  else if (!user || path === "/login") body = user && path === "/login" ? <Redirect to={user.role === "reviewer" ? "/reviews" : "/budgets"} /> : <LoginPage />;
  else body = <Shell />;

  return (
    <ConfigProvider locale={lang === "en" ? enUS : zhCN} theme={{ token: { colorPrimary: "#1f5fbf", borderRadius: 4 } }}>
      <AntApp>
        <LangContext.Provider value={langValue}>
          <AuthContext.Provider value={auth}>
            {/* One boundary for the pages' code, above the spinner shown while signing in: every change of page
                (and the first page after signing in) is a transition, so the page on screen stays until the next
                can render, and this fallback is not shown in their place. */}
            <Suspense fallback={<Spin fullscreen />}>{body}</Suspense>
          </AuthContext.Provider>
        </LangContext.Provider>
      </AntApp>
    </ConfigProvider>
  );
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, true), [to]);
  return null;
}

function Shell() {
  const { path, pending } = useLocation();
  const { user, signOut } = useAuth();
  const { lang, setLang } = useContext(LangContext);
  const t = (zh: string) => translate(lang, zh);
  const isAdmin = user?.role === "admin";
  const canCheck = isAdmin || user?.role === "reviewer";
  const isReviewer = user?.role === "reviewer";
  const [passwordOpen, setPasswordOpen] = useState(false);

  let page: React.ReactNode = null;
  let crumbs: { title: string; href?: string }[] = [];
  let m: Record<string, string> | null;
  if ((path === "/" && isReviewer) || path === "/reviews") {
    // 待我审核 is the reviewers' landing page.
    page = <ReviewListPage />;
    crumbs = [{ title: isReviewer ? t("待我审核") : t("审核进度") }];
  } else if ((m = match("/reviews/:id", path))) {
    page = <ReviewPage key={m.id} id={m.id as string} />;
    crumbs = [{ title: isReviewer ? t("待我审核") : t("审核进度"), href: "/reviews" }, { title: t("审核") }];
  } else if (path === "/" || path === "/budgets") {
    page = <BudgetListPage />;
    crumbs = [{ title: t("预算管理") }];
  } else if ((m = match("/budgets/:id/history", path))) {
    page = <HistoryPage id={m.id as string} />;
    crumbs = [{ title: t("预算管理"), href: "/budgets" }, { title: t("编辑"), href: `/budgets/${m.id}` }, { title: t("版本历史") }];
  } else if ((m = match("/budgets/:id", path))) {
    page = <EditorPage key={m.id} id={m.id as string} />;
    crumbs = [{ title: t("预算管理"), href: "/budgets" }, { title: t("编辑") }];
  } else if (path === "/rates") {
    page = <RatesPage />;
    crumbs = [{ title: t("费率方案") }];
  } else if (path === "/admin/users" && isAdmin) {
    page = <UsersPage />;
    crumbs = [{ title: t("用户与部门") }];
  } else if (path === "/check" && canCheck) {
    page = <CheckPage />;
    crumbs = [{ title: t("批量核查") }];
  } else if (path === "/audit" && isAdmin) {
    page = <AuditPage />;
    crumbs = [{ title: t("审计日志") }];
  } else {
    page = <Result status="404" title="404" subTitle={t("页面不存在")} extra={<Button onClick={() => navigate("/budgets")}>{t("返回预算管理")}</Button>} />;
  }

  const selected = path.startsWith("/reviews") || (path === "/" && isReviewer) ? "reviews" : path.startsWith("/budgets") || path === "/" ? "budgets" : path.startsWith("/rates") ? "rates" : path.startsWith("/admin") ? "users" : path.startsWith("/audit") ? "audit" : path.startsWith("/check") ? "check" : "";
  const items = [
    ...(isReviewer ? [{ key: "reviews", icon: <FileSearchOutlined />, label: t("待我审核") }] : []),
    { key: "budgets", icon: <CalculatorOutlined />, label: t("预算管理") },
    ...(isReviewer ? [] : [{ key: "reviews", icon: <FileSearchOutlined />, label: t("审核进度") }]),
    { key: "rates", icon: <FileTextOutlined />, label: t("费率方案") },
    ...(canCheck ? [{ key: "check", icon: <FileDoneOutlined />, label: t("批量核查") }] : []),
    ...(isAdmin
      ? [
          { key: "users", icon: <TeamOutlined />, label: t("用户与部门") },
          { key: "audit", icon: <AuditOutlined />, label: t("审计日志") },
        ]
      : []),
  ];
  const routes: Record<string, string> = { reviews: "/reviews", budgets: "/budgets", rates: "/rates", users: "/admin/users", audit: "/audit", check: "/check" };

  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Header className="gc-header">
        <div className="gc-brand" onClick={() => navigate("/budgets")}>
          <CalculatorOutlined /> {t("政务信息化项目运营服务成本测算")} <span className="gc-brand-sub">govcost</span>
        </div>
        <div className="gc-header-right">
          <Segmented size="small" value={lang} onChange={(v) => setLang(v as Lang)} options={[{ label: "中文", value: "zh-CN" }, { label: "EN", value: "en" }]} />
          <Dropdown
            trigger={["hover", "click"]}
            menu={{
              items: [
                { key: "password", icon: <KeyOutlined />, label: <span data-testid="menu-password">{t("修改密码")}</span> },
                { key: "logout", icon: <LogoutOutlined />, label: t("退出登录") },
              ],
              onClick: (e) => (e.key === "password" ? setPasswordOpen(true) : void signOut()),
            }}
          >
            <button type="button" className="gc-user" data-testid="current-user">
              <UserOutlined /> {user?.displayName} {user?.departmentName ? <Typography.Text type="secondary" style={{ color: "#c9d6ea" }}>（{user.departmentName}）</Typography.Text> : null}
            </button>
          </Dropdown>
          {passwordOpen ? <PasswordDialog onClose={() => setPasswordOpen(false)} /> : null}
        </div>
      </Layout.Header>
      <Layout>
        {/* Wide enough for the longest English label (Users & departments) in one line. */}
        <Layout.Sider width={lang === "en" ? 216 : 188} theme="light" breakpoint="lg" collapsedWidth={56}>
          <Menu mode="inline" selectedKeys={[selected]} items={items} onClick={(e) => navigate(routes[e.key] ?? "/budgets")} style={{ height: "100%", borderInlineEnd: 0 }} />
        </Layout.Sider>
        {/* While the next page is on its way, the one on screen takes no clicks (a click there would act on a page
            already left) and, if the wait lasts, fades (styles.css: .gc-pending). */}
        <Layout.Content className={pending ? "gc-content gc-pending" : "gc-content"} aria-busy={pending || undefined}>
          <Breadcrumb
            className="gc-breadcrumb"
            items={crumbs.map((c) => ({
              title: c.href ? (
                <a
                  href={c.href}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(c.href as string);
                  }}
                >
                  {c.title}
                </a>
              ) : (
                c.title
              ),
            }))}
          />
          {page}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

