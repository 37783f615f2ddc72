/**
 * The editor's dialogs: save with a comment, a refused (conflicting) save and its merge, and a save the
 * server refused for its content. The submit dialog is in Submit.tsx.
 */
import { useState } from "react";
import { Alert, Button, Input, Modal, Radio, Space, Typography } from "antd";
import type { ConflictInfo, ErrorDetail } from "../api.js";
import { dateTime } from "../format.js";
import { useT } from "../i18n.js";
import type { Choice, MergeConflict, MergeWhere } from "../merge.js";

/**
 * Shown while open only: the comment starts empty each time. Enter saves, Shift+Enter starts a new line.
 * With input errors nothing can be saved: the dialog says how many and where, and its 保存 is disabled.
 */
export function SaveDialog({ baseVersion, errorCount, errorWhere, saving, onSave, onCancel }: { baseVersion: number; errorCount: number; errorWhere: string; saving: boolean; onSave: (comment: string) => void; onCancel: () => void }) {
  const t = useT();
  const [comment, setComment] = useState("");
  return (
    <Modal open title={t("保存（当前版本 v{v}）", { v: baseVersion })} okText={t("保存")} cancelText={t("取消")} okButtonProps={{ disabled: errorCount > 0 }} confirmLoading={saving} onOk={() => onSave(comment)} onCancel={onCancel} destroyOnHidden>
      {errorCount ? (
        <Alert
          type="error"
          showIcon
          data-testid="save-errors"
          message={errorWhere ? t("有 {n} 处输入错误（{where}），修正后才能保存", { n: errorCount, where: errorWhere }) : t("有 {n} 处输入错误，修正后才能保存", { n: errorCount })}
          description={t("请关闭此框，按各处下方的红色提示修正。")}
          style={{ marginBottom: 12 }}
        />
      ) : null}
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
            if (errorCount === 0) onSave(comment);
          }
        }}
      />
    </Modal>
  );
}

/**
 * Someone saved first: say who (or that it was this user, in another tab), when and why, keep
 * the edits, and offer to merge them into the latest version or to save them as a copy.
 */
export function ConflictDialog({
  budgetId,
  conflict,
  baseVersion,
  self,
  merging,
  onMerge,
  onSaveAsCopy,
  onKeepEditing,
}: {
  budgetId: string;
  conflict: ConflictInfo;
  baseVersion: number;
  /** The newer version was saved by this same user (another tab or window). */
  self: boolean;
  merging: boolean;
  onMerge: () => void;
  onSaveAsCopy: () => void;
  onKeepEditing: () => void;
}) {
  const t = useT();
  return (
    <Modal
      open
      title={self ? t("保存冲突：您已在另一个窗口或标签页保存了新版本") : t("保存冲突：{author} 已保存了新版本", { author: conflict.author })}
      closable={false}
      maskClosable={false}
      width={620}
      footer={
        <Space wrap>
          <Button onClick={() => window.open(`/budgets/${budgetId}?fresh=1`, "_blank")}>{self ? t("在新标签页查看最新版本") : t("在新标签页查看对方版本")}</Button>
          <Button onClick={onSaveAsCopy} data-testid="conflict-copy">
            {t("另存为副本")}
          </Button>
          <Button onClick={onKeepEditing} data-testid="conflict-keep">
            {t("继续编辑")}
          </Button>
          <Button type="primary" loading={merging} onClick={onMerge} data-testid="conflict-merge">
            {t("合并到最新版本")}
          </Button>
        </Space>
      }
    >
      <div data-testid="conflict">
        <Typography.Paragraph>
          {self
            ? t("在您编辑期间，您本人（在另一个窗口或标签页）于 {at} 保存了版本 v{v}", { at: dateTime(conflict.savedAt), v: conflict.version })
            : t("在您编辑期间，{author} 于 {at} 保存了版本 v{v}", { author: conflict.author, at: dateTime(conflict.savedAt), v: conflict.version })}
          {conflict.comment ? t("，说明：“{c}”", { c: conflict.comment }) : t("（无说明）")}
          {t("。您的保存基于版本 v{v}，为避免覆盖该版本的修改，本次保存未执行。", { v: baseVersion })}
        </Typography.Paragraph>
        <Typography.Paragraph type="success">{t("您的修改仍完整保留在本页面（并已存为本机草稿），没有丢失。")}</Typography.Paragraph>
        <Typography.Paragraph type="secondary">
          {t("合并到最新版本：载入 v{v}，并把您自 v{base} 以来的修改（新增、删除、修改的行）重新应用上去；双方改了同一行时，由您选择保留哪一方。", { v: conflict.version, base: baseVersion })}
        </Typography.Paragraph>
      </div>
    </Modal>
  );
}

const WHERE_LABEL: Record<MergeWhere, string> = {
  services: "服务内容",
  dataProducts: "数据产品费 D",
  equipment: "设备材料费 E",
  business: "业务费 B",
  external: "公式(1)之外计价的服务",
  name: "预算名称",
  rates: "费率方案",
};

/** Both sides changed the same lines: show each version and let the preparer choose. */
export function MergeDialog({ version, conflicts, onDone }: { version: number; conflicts: MergeConflict[]; onDone: (choices: Record<number, Choice> | null) => void }) {
  const t = useT();
  const [choices, setChoices] = useState<Record<number, Choice>>({});
  const none = <span className="gc-muted">{t("（已删除）")}</span>;
  const list = (xs: string[]) => (xs.length ? xs.map((x, i) => <div key={i}>{x}</div>) : none);
  return (
    <Modal
      open
      width={760}
      title={t("合并到最新版本 v{v}：{n} 处双方都有修改", { v: version, n: conflicts.length })}
      okText={t("完成合并")}
      cancelText={t("取消合并")}
      onOk={() => onDone(choices)}
      onCancel={() => onDone(null)}
      okButtonProps={{ "data-testid": "merge-done" } as Record<string, string>}
    >
      <Typography.Paragraph type="secondary">{t("其他修改已自动合并。下列各处您和 v{v} 都改动了，请选择保留哪一方（默认保留您的修改）。", { v: version })}</Typography.Paragraph>
      {conflicts.map((c) => (
        <div key={c.id} className="gc-merge-conflict" data-testid="merge-conflict">
          <div className="gc-merge-where">
            {t(WHERE_LABEL[c.where])}
            {c.base.length ? <span className="gc-muted">{t("（原为：{x}）", { x: c.base.join("；") })}</span> : null}
          </div>
          <Radio.Group value={choices[c.id] ?? "mine"} onChange={(e) => setChoices((x) => ({ ...x, [c.id]: e.target.value as Choice }))} style={{ width: "100%" }}>
            <Radio value="mine" data-testid="merge-mine">
              <b>{t("我的修改")}</b>：{list(c.mine)}
            </Radio>
            <Radio value="theirs" data-testid="merge-theirs">
              <b>{t("v{v} 的内容", { v: version })}</b>：{list(c.theirs)}
            </Radio>
            {c.where !== "name" && c.where !== "rates" && c.mine.length && c.theirs.length ? (
              <Radio value="both" data-testid="merge-both">
                <b>{t("两者都保留")}</b>
              </Radio>
            ) : null}
          </Radio.Group>
        </div>
      ))}
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
