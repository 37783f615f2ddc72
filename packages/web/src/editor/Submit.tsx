/**
 * Submit a saved budget to a reviewer (POST /api/budgets/:id/submit); the reviewer can then read
 * it. On a resubmission after 退回修改 the preparer's answers to the decisions go with it.
 */
import { useEffect, useState } from "react";
import { App, Modal, Select, Typography } from "antd";
import type { NotCarried } from "@govcost/core";
import { api, ApiError, type DecisionAnswer } from "../api.js";
import { useT } from "../i18n.js";
import { NotCarriedAlert } from "../review/NotCarriedAlert.js";

interface Reviewer {
  id: number;
  username: string;
  displayName: string;
  departmentName: string | null;
}

interface SubmitProps {
  budgetId: string;
  version: number;
  /** The answers to the previous round's decisions (a resubmission). */
  answers?: readonly DecisionAnswer[];
  /** How many of the previous round's decisions there are (to say how many are unanswered). */
  decisionCount?: number;
  /** Accepted decisions the budget does not carry out: said, and the submission asks to be sure. */
  notCarried?: readonly NotCarried[];
  onClose: () => void;
  onSubmitted?: () => void;
}

export function SubmitDialog({ budgetId, version, answers, decisionCount = 0, notCarried = [], onClose, onSubmitted }: SubmitProps) {
  const t = useT();
  const { message } = App.useApp();
  const [reviewers, setReviewers] = useState<Reviewer[] | null>(null);
  const [chosen, setChosen] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api
      .get<{ reviewers: Reviewer[] }>("/api/reviewers")
      .then((r) => setReviewers(r.reviewers))
      .catch(() => setReviewers([]));
  }, []);
  const submit = async () => {
    const r = reviewers?.find((x) => x.id === chosen);
    if (!r) return;
    if (answers?.some((a) => !a.accept && (a.note ?? "").trim() === "")) {
      message.error(t("有异议的审核决定请填写异议说明"));
      return;
    }
    setBusy(true);
    try {
      await api.post(`/api/budgets/${budgetId}/submit`, answers && answers.length > 0 ? { reviewerId: r.id, answers: answers.map((a) => ({ ...a, note: a.accept ? null : (a.note ?? "").trim() })) } : { reviewerId: r.id });
      message.success(t("已提交给 {name} 审核（第 {v} 版）", { name: r.displayName, v: version }));
      onSubmitted?.();
      onClose();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t("提交审核")} okText={notCarried.length > 0 ? t("仍然提交") : t("提交")} cancelText={t("取消")} onOk={() => void submit()} onCancel={onClose} okButtonProps={{ disabled: chosen === null }} confirmLoading={busy}>
      <Typography.Paragraph>{t("提交后，所选审核人可以查看、导出和比较本预算的各个版本，但不能修改。")}</Typography.Paragraph>
      {decisionCount > 0 ? (
        <Typography.Paragraph type={(answers?.length ?? 0) < decisionCount ? "warning" : "secondary"} data-testid="submit-answers">
          {t("上一轮审核决定共 {n} 项，已核对 {a} 项（接受 {y} 项，异议 {d} 项）。", { n: decisionCount, a: answers?.length ?? 0, y: answers?.filter((x) => x.accept).length ?? 0, d: answers?.filter((x) => !x.accept).length ?? 0 })}
        </Typography.Paragraph>
      ) : null}
      {notCarried.length > 0 ? (
        <NotCarriedAlert
          style={{ marginBottom: 12 }}
          testId="submit-not-carried"
          items={notCarried}
          message={t("您接受了以下 {n} 项审核决定，但预算中尚未照此修改：", { n: notCarried.length })}
          note={t("审核人将看到这些决定未照改。请先按审定值修改并保存，或将其改为“异议”并说明理由。")}
        />
      ) : null}
      <Select
        style={{ width: "100%" }}
        placeholder={reviewers && reviewers.length === 0 ? t("暂无可用的审核人，请联系管理员") : t("选择审核人")}
        loading={reviewers === null}
        value={chosen ?? undefined}
        onChange={setChosen}
        options={(reviewers ?? []).map((r) => ({ value: r.id, label: `${r.displayName}${t("（")}${r.username}${r.departmentName ? `${t("，")}${r.departmentName}` : ""}${t("）")}` }))}
      />
    </Modal>
  );
}
