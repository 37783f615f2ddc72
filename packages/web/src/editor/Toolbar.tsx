/**
 * The editor's sticky top bar: the budget's name and save state, the three totals L, T, C and
 * the actions (unit, catalogue, history, export, submit, save). The name and the actions are
 * memoised: typing in a line changes only the totals here.
 */
import { memo } from "react";
import { App, Button, Card, Col, Dropdown, Input, Row, Segmented, Space, Tag } from "antd";
import { BookOutlined, DownloadOutlined, FileSearchOutlined, HistoryOutlined, RollbackOutlined, SaveOutlined, SendOutlined } from "@ant-design/icons";
import type { Estimate } from "@govcost/core";
import { money, unitLabel, type Unit } from "../format.js";
import { useT } from "../i18n.js";
import { navigate } from "../router.js";
import { STATUS_COLOR, STATUS_LABEL, type BudgetStatus } from "../review/workflow.js";

interface TitleProps {
  name: string;
  nameError: boolean;
  dirty: boolean;
  baseVersion: number;
  onNameChange: (name: string) => void;
  /** The budget's status in the review workflow. */
  status: BudgetStatus;
  readOnly: boolean;
}

const BudgetTitle = memo(function BudgetTitle({ name, nameError, dirty, baseVersion, onNameChange, status, readOnly }: TitleProps) {
  const t = useT();
  return (
    <Space wrap>
      {/* A long name wraps onto a second (or third) line rather than being cut; it stays one line of text (Enter adds no break).
          Its height follows the text by the style sheet (.gc-name: field-sizing), not by measuring the page from script:
          antd's autoSize lays out the whole page at mount, a tenth of a second with a thousand lines below.
          Where a browser has no field-sizing, `rows` holds the name's lines (a Chinese character is about 1em, the box 36em at most). */}
      <Input.TextArea
        readOnly={readOnly}
        value={name}
        rows={Math.min(3, Math.max(1, Math.ceil([...name].length / 34)))}
        className="gc-name"
        onChange={(e) => onNameChange(e.target.value.replace(/[\r\n]+/g, " "))}
        onPressEnter={(e) => e.preventDefault()}
        style={{ width: `${Math.min(36, Math.max(15, [...name].length + 2))}em`, maxWidth: "100%", fontWeight: 600, resize: "none" }}
        aria-label={t("预算名称")}
        status={nameError ? "error" : undefined}
        data-testid="toolbar-name"
      />
      <Tag color={dirty ? "orange" : "green"} data-testid="save-state">
        {dirty ? t("有未保存的修改") : `${t("已保存")} v${baseVersion}`}
      </Tag>
      {status !== "draft" ? (
        <Tag color={STATUS_COLOR[status]} data-testid="budget-status">
          {t(STATUS_LABEL[status])}
        </Tag>
      ) : null}
    </Space>
  );
});

function Totals({ estimate, unit }: { estimate: Estimate | null; unit: Unit }) {
  const t = useT();
  const u = t(unitLabel(unit));
  return (
    <div className="gc-totals">
      <div>
        <div className="gc-totals-label">{t("人力成本 L（{u}）", { u })}</div>
        <div className="gc-totals-value">{estimate ? money(estimate.labor, unit) : "—"}</div>
      </div>
      <div>
        <div className="gc-totals-label">{t("非人力成本 T（{u}）", { u })}</div>
        <div className="gc-totals-value">{estimate ? money(estimate.nonLabor, unit) : "—"}</div>
      </div>
      <div>
        <div className="gc-totals-label">{t("总成本 C（{u}）", { u })}</div>
        <div className="gc-totals-value gc-totals-c" data-testid="total-c">
          {estimate ? money(estimate.total, unit) : "—"}
        </div>
      </div>
    </div>
  );
}

interface ActionsProps {
  budgetId: string;
  unit: Unit;
  dirty: boolean;
  baseVersion: number;
  readOnly: boolean;
  status: BudgetStatus;
  /** The user is a reviewer (reads; reviews on the review screen). */
  reviewer: boolean;
  onUnitChange: (unit: Unit) => void;
  onOpenCatalog: () => void;
  onOpenSubmit: () => void;
  onOpenSave: () => void;
  /** 撤回: withdraw a submission the reviewer has not opened yet. */
  onWithdraw: () => void;
}

const Actions = memo(function Actions({ budgetId, unit, dirty, baseVersion, readOnly, status, reviewer, onUnitChange, onOpenCatalog, onOpenSubmit, onOpenSave, onWithdraw }: ActionsProps) {
  const t = useT();
  const { message } = App.useApp();
  // Export links are plain links to the server's export route (GET, the session cookie suffices).
  const exportItem = (format: string, label: string) => ({
    key: format,
    label: (
      <a href={`/api/budgets/${budgetId}/export?format=${format}&unit=${unit}`} download data-testid={`export-${format}`}>
        {label}
      </a>
    ),
  });
  return (
    <Space className="gc-no-print" wrap>
      <Segmented value={unit} onChange={(v) => onUnitChange(v as Unit)} options={[{ label: t("元"), value: "yuan" }, { label: t("万元"), value: "wan" }]} />
      {readOnly ? null : (
        <Button icon={<BookOutlined />} onClick={onOpenCatalog}>
          {t("服务目录")}
        </Button>
      )}
      <Button icon={<HistoryOutlined />} onClick={() => navigate(`/budgets/${budgetId}/history`)}>
        {t("版本历史")}
      </Button>
      <Dropdown
        trigger={["click"]}
        menu={{
          items: [exportItem("xlsx", t("测算表（Excel .xlsx）")), exportItem("html", t("测算报告（HTML）")), exportItem("pdf", t("测算报告（PDF）")), exportItem("json", t("预算文件（JSON）"))],
          onClick: () => {
            if (dirty) message.warning(t("导出的是已保存的版本 v{v}；当前未保存的修改不包含在内", { v: baseVersion }));
          },
        }}
      >
        <Button icon={<DownloadOutlined />} data-testid="export">
          {t("导出")}
        </Button>
      </Dropdown>
      {reviewer || status === "returned" || status === "approved" ? (
        <Button icon={<FileSearchOutlined />} onClick={() => navigate(`/reviews/${budgetId}`)} data-testid="open-review">
          {reviewer ? t("审核") : t("审核意见")}
        </Button>
      ) : null}
      {status === "submitted" && !reviewer ? (
        <Button icon={<RollbackOutlined />} onClick={onWithdraw} data-testid="withdraw">
          {t("撤回")}
        </Button>
      ) : null}
      {readOnly ? (
        <Tag color="purple" data-testid="read-only">
          {reviewer ? t("只读（审核）") : t("只读")}
        </Tag>
      ) : (
        <>
          <Button icon={<SendOutlined />} onClick={onOpenSubmit} disabled={dirty} title={dirty ? t("请先保存") : undefined}>
            {t("提交审核")}
          </Button>
          <Button type="primary" icon={<SaveOutlined />} onClick={onOpenSave} data-testid="save" title="Ctrl+S">
            {t("保存")}
          </Button>
        </>
      )}
    </Space>
  );
});

export interface ToolbarProps extends TitleProps, ActionsProps {
  estimate: Estimate | null;
}

export function Toolbar(p: ToolbarProps) {
  return (
    <Card size="small" className="gc-sticky-summary" styles={{ body: { padding: "8px 16px" } }}>
      <Row gutter={[16, 8]} align="middle">
        <Col flex="auto">
          <BudgetTitle name={p.name} nameError={p.nameError} dirty={p.dirty} baseVersion={p.baseVersion} onNameChange={p.onNameChange} status={p.status} readOnly={p.readOnly} />
        </Col>
        <Col flex="none">
          <Totals estimate={p.estimate} unit={p.unit} />
        </Col>
        <Col flex="none">
          <Actions
            budgetId={p.budgetId}
            unit={p.unit}
            dirty={p.dirty}
            baseVersion={p.baseVersion}
            readOnly={p.readOnly}
            status={p.status}
            reviewer={p.reviewer}
            onWithdraw={p.onWithdraw}
            onUnitChange={p.onUnitChange}
            onOpenCatalog={p.onOpenCatalog}
            onOpenSubmit={p.onOpenSubmit}
            onOpenSave={p.onOpenSave}
          />
        </Col>
      </Row>
    </Card>
  );
}
