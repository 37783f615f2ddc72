/** The audit log (append-only, newest first). */
import { useT } from "../i18n.js";
import { useCallback, useEffect, useState } from "react";
import { App, Button, Card, Table, Tag } from "antd";
import { api, ApiError, type AuditEntry } from "../api.js";
import { dateTime } from "../format.js";

const ACTION: Record<string, string> = {
  "auth.login": "登录",
  "auth.logout": "退出",
  "auth.login_failed": "登录失败",
  "budget.create": "新建预算",
  "budget.save": "保存预算",
  "budget.restore": "恢复版本",
  "budget.rename": "重命名预算",
  "budget.year": "修改预算年度",
  "budget.delete": "删除预算",
  "budget.copy": "复制预算",
  "budget.export": "导出",
  "budget.submit": "提交审核",
  "user.create": "新建账户",
  "user.update": "修改账户",
  "user.password": "修改密码",
  "department.create": "新建部门",
  "department.rename": "重命名部门",
  "rate_profile.create": "新建费率方案",
  "rate_profile.update": "修改费率方案",
  "setup.done": "初始化",
};

const PAGE = 100;

export default function AuditPage() {
  const t = useT();
  const { message } = App.useApp();
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [more, setMore] = useState(true);

  // The state is set when the answer arrives (in the promise's callbacks), never during the effect that loads.
  const load = useCallback(
    (before?: number | string) =>
      api.get<{ entries: AuditEntry[] }>(`/api/audit?limit=${PAGE}${before !== undefined ? `&before=${before}` : ""}`).then(
        (r) => {
          setEntries((old) => (before !== undefined ? [...(old ?? []), ...r.entries] : r.entries));
          setMore(r.entries.length === PAGE);
        },
        (e: unknown) => {
          message.error(e instanceof ApiError ? e.message : String(e));
          setEntries([]);
        },
      ),
    [message],
  );
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <Card title={t("审计日志")}>
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        loading={entries === null}
        dataSource={entries ?? []}
        pagination={false}
        columns={[
          { title: t("时间"), dataIndex: "at", width: 150, render: (v: string) => dateTime(v) },
          { title: t("用户"), dataIndex: "username", width: 120, render: (v: string | null) => v ?? <span className="gc-muted">{t("（系统）")}</span> },
          { title: t("动作"), dataIndex: "action", width: 140, render: (a: string) => <Tag>{ACTION[a] ? t(ACTION[a]) : a}</Tag> },
          { title: t("对象"), dataIndex: "target", width: 140 },
          { title: t("详情"), dataIndex: "detail", render: (d: unknown) => <code style={{ fontSize: 12, wordBreak: "break-all" }}>{d === null || d === undefined ? "" : JSON.stringify(d)}</code> },
        ]}
      />
      {more && entries && entries.length ? (
        <Button style={{ marginTop: 12 }} onClick={() => void load(entries[entries.length - 1]?.id)}>
          {t("加载更多")}
        </Button>
      ) : null}
    </Card>
  );
}
