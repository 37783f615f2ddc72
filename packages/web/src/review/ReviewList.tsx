/**
 * 待我审核: the budgets submitted for review with their status, department, round and figures
 * (送审（申报）金额, 审定金额, 审减金额, 审减率). A reviewer sees the budgets assigned to them, an
 * administrator all, a preparer their department's.
 */
import { useEffect, useState } from "react";
import { Alert, Card, Segmented, Table, Tag } from "antd";
import { Dec } from "@govcost/core";
import { api, ApiError, type ReviewListEntry } from "../api.js";
import { useAuth } from "../auth.js";
import { dateTime, money } from "../format.js";
import { useT } from "../i18n.js";
import { Link } from "../router.js";
import { AdminActions } from "./AdminActions.js";
import { STATUS_COLOR, STATUS_LABEL, type BudgetStatus } from "./workflow.js";

const OPEN: ReadonlySet<BudgetStatus> = new Set(["submitted", "in_review"]);

export default function ReviewListPage() {
  const t = useT();
  const { user } = useAuth();
  const [entries, setEntries] = useState<ReviewListEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [show, setShow] = useState<"open" | "all">("open");

  const [reload, setReload] = useState(0);
  useEffect(() => {
    let cancelled = false;
    api.get<{ reviews: ReviewListEntry[] }>("/api/reviews").then(
      (r) => {
        if (!cancelled) setEntries(r.reviews);
      },
      (e: unknown) => {
        if (!cancelled) setError(e instanceof ApiError ? e.message : String(e));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [reload]);

  if (error) return <Alert type="error" showIcon message={error} />;
  const list = (entries ?? []).filter((e) => show === "all" || OPEN.has(e.status));
  const reduction = (v: string) => {
    const d = Dec.tryParse(v);
    if (!d || d.isZero()) return money(v);
    return d.isNegative() ? `${t("审增")} ${money(d.neg())}` : money(d);
  };
  return (
    <Card
      title={user?.role === "reviewer" ? t("待我审核") : t("审核进度")}
      extra={<Segmented value={show} onChange={(v) => setShow(v as "open" | "all")} options={[{ label: t("待审核"), value: "open" }, { label: t("全部"), value: "all" }]} data-testid="reviews-filter" />}
    >
      <Table<ReviewListEntry>
        rowKey="budgetId"
        size="small"
        loading={entries === null}
        dataSource={list}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: show === "open" ? t("暂无待审核的预算") : t("暂无送审记录") }}
        columns={[
          {
            title: t("名称"),
            dataIndex: "name",
            // A name in Chinese may break after any character: without a least width the other columns squeeze it to one.
            minWidth: 200,
            // The department reads a round once it is returned or approved; before that its budget is in the editor (read-only).
            // An administrator without a department reads no department's budgets: the name is not a link for them.
            render: (v: string, e) => user?.role === "admin" && user.departmentId === null ? <span data-testid={`review-open-${e.budgetId}`}>{v}</span> : (
              <Link to={user?.role === "preparer" && e.status !== "returned" && e.status !== "approved" ? `/budgets/${e.budgetId}` : `/reviews/${e.budgetId}`}>
                <span data-testid={`review-open-${e.budgetId}`}>{v}</span>
              </Link>
            ),
          },
          // A preparer's list is their own department's, a reviewer's list their own reviews: a column that
          // would repeat one value on every row is left out.
          ...(user?.role === "preparer" ? [] : [{ title: t("部门"), dataIndex: "departmentName", width: 150 }]),
          { title: t("状态"), dataIndex: "status", width: 90, render: (s: BudgetStatus) => <Tag color={STATUS_COLOR[s]}>{t(STATUS_LABEL[s])}</Tag> },
          { title: t("轮次"), dataIndex: "round", width: 72, render: (n: number) => <span className="gc-nowrap">{t("第 {n} 轮", { n })}</span> },
          { title: t("送审（申报）金额（元）"), key: "submitted", align: "right", width: 130, render: (_, e) => <span className="gc-num">{money(e.totals.submitted)}</span> },
          { title: t("审定金额（元）"), key: "approved", align: "right", width: 130, render: (_, e) => <span className="gc-num">{money(e.totals.approved)}</span> },
          { title: t("审减金额（元）"), key: "reduction", align: "right", width: 130, render: (_, e) => <span className="gc-num">{reduction(e.totals.reduction)}</span> },
          { title: t("审减率"), key: "rate", align: "right", width: 80, render: (_, e) => (e.totals.reductionRate === null ? "—" : `${e.totals.reductionRate}%`) },
          ...(user?.role === "reviewer" ? [] : [{ title: t("审核人"), dataIndex: "reviewer", width: 90 }]),
          {
            title: t("提交时间"),
            dataIndex: "submittedAt",
            width: 150,
            render: (v: string, e) => (
              <>
                <div className="gc-nowrap">{dateTime(v)}</div>
                <div className="gc-muted">{e.submittedBy}</div>
              </>
            ),
          },
          ...(user?.role === "admin"
            ? [{ title: t("操作"), key: "actions", width: 120, render: (_: unknown, e: ReviewListEntry) => <AdminActions size="small" id={String(e.budgetId)} status={e.status} onDone={() => setReload((n) => n + 1)} /> }]
            : []),
        ]}
      />
    </Card>
  );
}
