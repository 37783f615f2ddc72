/**
 * An administrator's actions on a review round, on the review screen and in the 审核进度 list
 * (an administrator without a department reads no department's budgets, but reassigns and reopens).
 */
import { useState } from "react";
import { App, Button, Input, Modal, Select, Typography } from "antd";
import { api, ApiError } from "../api.js";
import { useT } from "../i18n.js";
import { reviewRoutes } from "./workflow.js";

/** An administrator's actions on a round: another reviewer while it is open; reopen once approved (with the reason). */
export function AdminActions({ id, status, onDone, size }: { id: string; status: string; onDone: () => void; size?: "small" }) {
  const t = useT();
  const { message } = App.useApp();
  const [open, setOpen] = useState<"reassign" | "reopen" | null>(null);
  const [reviewers, setReviewers] = useState<{ id: number; displayName: string; username: string }[]>([]);
  const [reviewerId, setReviewerId] = useState<number | null>(null);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const openReassign = () => {
    setOpen("reassign");
    api.get<{ reviewers: { id: number; displayName: string; username: string }[] }>("/api/reviewers").then(
      (r) => setReviewers(r.reviewers),
      () => setReviewers([]),
    );
  };
  const run = async () => {
    setBusy(true);
    try {
      if (open === "reassign") await api.post(reviewRoutes.reassign(id), { reviewerId });
      else await api.post(reviewRoutes.reopen(id), { reason: reason.trim() });
      message.success(open === "reassign" ? t("已更换审核人") : t("已重新打开，预算回到编制中"));
      setOpen(null);
      onDone();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {status === "submitted" || status === "in_review" ? (
        <Button size={size} onClick={openReassign} data-testid="review-reassign">
          {t("更换审核人")}
        </Button>
      ) : null}
      {status === "approved" ? (
        <Button size={size} onClick={() => setOpen("reopen")} data-testid="review-reopen">
          {t("重新打开")}
        </Button>
      ) : null}
      {open ? (
        <Modal
          open
          title={open === "reassign" ? t("更换审核人") : t("重新打开审核通过的预算")}
          okText={t("确定")}
          cancelText={t("取消")}
          confirmLoading={busy}
          okButtonProps={{ disabled: open === "reassign" ? reviewerId === null : reason.trim() === "" }}
          onOk={() => void run()}
          onCancel={() => setOpen(null)}
        >
          {open === "reassign" ? (
            <Select style={{ width: "100%" }} placeholder={t("选择审核人")} value={reviewerId ?? undefined} onChange={setReviewerId} options={reviewers.map((r) => ({ value: r.id, label: `${r.displayName}（${r.username}）` }))} />
          ) : (
            <>
              <Typography.Paragraph>{t("预算回到编制中，本轮及其审定金额保留在审核记录中。请说明原因（记入审计日志）。")}</Typography.Paragraph>
              <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} autoSize={{ minRows: 2 }} placeholder={t("重新打开的原因")} />
            </>
          )}
        </Modal>
      ) : null}
    </>
  );
}
