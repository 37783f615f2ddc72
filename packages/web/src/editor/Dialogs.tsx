/**
 * The editor's dialogs: save with a comment, a refused (conflicting) save, and a save the
 * server refused for its content. The submit dialog is in Submit.tsx.
 */
import { useState } from "react";
import { Alert, Button, Input, Modal, Space, Typography } from "antd";
import type { ConflictInfo, ErrorDetail } from "../api.js";
import { dateTime } from "../format.js";
import { useT } from "../i18n.js";

/** Shown while open only: the comment starts empty each time. Enter saves, Shift+Enter starts a new line. */
export function SaveDialog({ baseVersion, errorCount, saving, onSave, onCancel }: { baseVersion: number; errorCount: number; saving: boolean; onSave: (comment: string) => void; onCancel: () => void }) {
  const t = useT();
  const [comment, setComment] = useState("");
  return (
    <Modal open title={t("保存（当前版本 v{v}）", { v: baseVersion })} okText={t("保存")} cancelText={t("取消")} confirmLoading={saving} onOk={() => onSave(comment)} onCancel={onCancel} destroyOnHidden>
      {errorCount ? <Alert type="error" showIcon message={t("有 {n} 处输入错误，修正后才能保存", { n: errorCount })} style={{ marginBottom: 12 }} /> : null}
      <Input.TextArea
        autoFocus
        rows={3}
        placeholder={t("保存说明（可选），如：按评审意见调减 7.2.b 工作量；Enter 保存，Shift+Enter 换行")}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        data-testid="save-comment"
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey) {
            e.preventDefault();
            onSave(comment);
          }
        }}
      />
    </Modal>
  );
}

/** Another user saved first: say who, when and why, keep the edits, offer a copy. */
export function ConflictDialog({ budgetId, conflict, baseVersion, onSaveAsCopy, onKeepEditing }: { budgetId: string; conflict: ConflictInfo; baseVersion: number; onSaveAsCopy: () => void; onKeepEditing: () => void }) {
  const t = useT();
  return (
    <Modal
      open
      title={t("保存冲突：他人已保存了新版本")}
      closable={false}
      maskClosable={false}
      footer={
        <Space>
          <Button onClick={() => window.open(`/budgets/${budgetId}?fresh=1`, "_blank")}>{t("在新标签页查看对方版本")}</Button>
          <Button onClick={onSaveAsCopy} data-testid="conflict-copy">
            {t("另存为副本")}
          </Button>
          <Button type="primary" onClick={onKeepEditing} data-testid="conflict-keep">
            {t("继续编辑")}
          </Button>
        </Space>
      }
    >
      <div data-testid="conflict">
        <Typography.Paragraph>
          {t("在您编辑期间，{author} 于 {at} 保存了版本 v{v}", { author: conflict.author, at: dateTime(conflict.savedAt), v: conflict.version })}
          {conflict.comment ? t("，说明：“{c}”", { c: conflict.comment }) : t("（无说明）")}
          {t("。您的保存基于版本 v{v}，为避免覆盖对方的修改，本次保存未执行。", { v: baseVersion })}
        </Typography.Paragraph>
        <Typography.Paragraph type="success">{t("您的修改仍完整保留在本页面（并已存为本机草稿），没有丢失。")}</Typography.Paragraph>
        <Typography.Paragraph type="secondary">{t("可以在新标签页查看对方的版本后决定；或将您的修改另存为一份新预算。")}</Typography.Paragraph>
      </div>
    </Modal>
  );
}

/** The server refused the save for its content: each problem with its place. */
export function ServerErrorsDialog({ errors, onClose }: { errors: ErrorDetail[]; onClose: () => void }) {
  const t = useT();
  return (
    <Modal open title={t("服务器拒绝保存")} footer={<Button onClick={onClose}>{t("关闭")}</Button>} onCancel={onClose}>
      {errors.map((d, i) => (
        <div key={i} className="gc-issue error">
          {d.path} {d.message}
        </div>
      ))}
    </Modal>
  );
}
