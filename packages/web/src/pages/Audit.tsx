/**
 * The audit log (append-only, newest first), described by the server in the app's language:
 * filters by account, action and date (days in the server's time zone), export to xlsx.
 */
import { LangContext, useT } from "../i18n.js";
import { useCallback, useContext, useEffect, useMemo, useState } from "react";
import { App, Button, Card, DatePicker, Form, Select, Space, Table, Tag } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import type { Dayjs } from "dayjs";
import { api, ApiError, type AuditEntryText, type User } from "../api.js";
import { dateTime } from "../format.js";

const PAGE = 100;

interface Filters {
  user?: string;
  action?: string;
  from?: string;
  to?: string;
}

/** The filters as a query string (empty values left out). */
function queryOf(f: Filters, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams(extra);
  for (const [k, v] of Object.entries(f)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
}

export default function AuditPage() {
  const t = useT();
  const { message } = App.useApp();
  const [entries, setEntries] = useState<AuditEntryText[] | null>(null);
  const [actions, setActions] = useState<{ action: string; text: string }[]>([]);
  const [users, setUsers] = useState<User[]>([]);
  const [more, setMore] = useState(true);
  const [filters, setFilters] = useState<Filters>({});
  // The server describes the entries in the app's language: a switch reloads them.
  const { lang } = useContext(LangContext);

  // The state is set when the answer arrives (in the promise's callbacks), never during the effect that loads.
  const load = useCallback(
    (f: Filters, before?: number) =>
      api.get<{ entries: AuditEntryText[]; actions: { action: string; text: string }[] }>(`/api/audit${queryOf(f, { limit: String(PAGE), ...(before !== undefined ? { before: String(before) } : {}) })}`).then(
        (r) => {
          setEntries((old) => (before !== undefined ? [...(old ?? []), ...r.entries] : r.entries));
          setActions(r.actions);
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
    void load(filters);
  }, [load, filters, lang]);
  useEffect(() => {
    api.get<{ users: User[] }>("/api/users").then(
      (r) => setUsers(r.users),
      () => setUsers([]),
    );
  }, []);

  const day = (d: Dayjs | null | undefined) => (d ? d.format("YYYY-MM-DD") : undefined);
  const userOptions = useMemo(() => users.map((u) => ({ value: u.username, label: u.displayName === u.username ? u.username : `${u.displayName}${t("（")}${u.username}${t("）")}` })), [users, t]);
  const actionOptions = useMemo(() => actions.map((a) => ({ value: a.action, label: a.text })), [actions]);

  return (
    <Card
      title={t("审计日志")}
      extra={
        <Button icon={<DownloadOutlined />} href={`/api/audit/export${queryOf(filters)}`} data-testid="audit-export">
          {t("导出 xlsx")}
        </Button>
      }
    >
      <Form layout="inline" style={{ marginBottom: 12, rowGap: 8 }} data-testid="audit-filters">
        <Form.Item label={t("用户")}>
          <Select allowClear showSearch style={{ width: 200 }} placeholder={t("全部")} options={userOptions} value={filters.user} onChange={(v?: string) => setFilters((f) => ({ ...f, user: v }))} data-testid="audit-user" />
        </Form.Item>
        <Form.Item label={t("动作")}>
          <Select allowClear showSearch optionFilterProp="label" style={{ width: 180 }} placeholder={t("全部")} options={actionOptions} value={filters.action} onChange={(v?: string) => setFilters((f) => ({ ...f, action: v }))} data-testid="audit-action" />
        </Form.Item>
        <Form.Item label={t("日期")}>
          <Space.Compact>
            <DatePicker placeholder={t("起始日期")} onChange={(d: Dayjs | null) => setFilters((f) => ({ ...f, from: day(d) }))} data-testid="audit-from" />
            <DatePicker placeholder={t("截止日期")} onChange={(d: Dayjs | null) => setFilters((f) => ({ ...f, to: day(d) }))} data-testid="audit-to" />
          </Space.Compact>
        </Form.Item>
      </Form>
      <Table<AuditEntryText>
        rowKey="id"
        size="small"
        loading={entries === null}
        dataSource={entries ?? []}
        pagination={false}
        columns={[
          { title: t("时间"), dataIndex: "at", width: 150, render: (v: string) => dateTime(v) },
          { title: t("用户"), dataIndex: "username", width: 120, render: (v: string | null) => v ?? <span className="gc-muted">{t("（系统）")}</span> },
          { title: t("动作"), dataIndex: "actionText", width: 130, render: (a: string) => <Tag>{a}</Tag> },
          { title: t("对象"), dataIndex: "targetText", width: 200 },
          { title: t("详情"), dataIndex: "detailText", render: (d: string) => <span style={{ wordBreak: "break-word" }}>{d}</span> },
        ]}
      />
      {more && entries && entries.length ? (
        <Button style={{ marginTop: 12 }} onClick={() => void load(filters, entries[entries.length - 1]?.id)}>
          {t("加载更多")}
        </Button>
      ) : null}
    </Card>
  );
}
