/**
 * What an import will create, before anything is saved: the file's lines with their amounts, the
 * totals L, T and C, the warnings, and the new budget's name (the file's project name by default;
 * a budget of the department with the same name is pointed out). 导入 creates it as version 1,
 * audited as an import.
 */
import { useContext, useMemo, useState } from "react";
import { Alert, Descriptions, Form, Input, Modal, Table, Typography } from "antd";
import { formatWarning, type Estimate, type EstimateLine, type Warning } from "@govcost/core";
import { money } from "../format.js";
import { LangContext, useT } from "../i18n.js";

export interface ImportCandidate {
  fileName: string;
  document: unknown;
  estimate: Estimate;
}

export function ImportPreview(props: { candidate: ImportCandidate; existingNames: readonly string[]; busy: boolean; onCreate: (name: string) => void; onCancel: () => void }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { candidate, existingNames } = props;
  const e = candidate.estimate;
  const defaultName = (e.name ?? "").trim() || candidate.fileName.replace(/\.[^.]+$/, "");
  const [name, setName] = useState(defaultName);
  const trimmed = name.trim();
  const duplicate = useMemo(() => existingNames.includes(trimmed), [existingNames, trimmed]);
  const warnings: Warning[] = e.warnings;

  return (
    <Modal
      open
      width={900}
      title={t("导入预览：{file}", { file: candidate.fileName })}
      okText={t("导入")}
      cancelText={t("取消")}
      okButtonProps={{ disabled: trimmed === "" || trimmed.length > 200, loading: props.busy, ...{ "data-testid": "import-create" } }}
      onOk={() => props.onCreate(trimmed)}
      onCancel={props.onCancel}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t("预算名称（项目名称）")} validateStatus={trimmed === "" ? "error" : duplicate ? "warning" : undefined} help={trimmed === "" ? t("请输入名称") : duplicate ? t("本部门已有同名预算；导入将新建另一个预算，可改名以便区分") : undefined}>
          <Input value={name} maxLength={200} onChange={(ev) => setName(ev.target.value)} data-testid="import-name" />
        </Form.Item>
      </Form>
      <Descriptions size="small" column={4} bordered style={{ marginBottom: 12 }} data-testid="import-totals">
        <Descriptions.Item label={t("服务行")}>{e.lines.length + e.external.length}</Descriptions.Item>
        <Descriptions.Item label={t("人力成本")}>{money(e.labor)}</Descriptions.Item>
        <Descriptions.Item label={t("非人力成本")}>{money(e.nonLabor)}</Descriptions.Item>
        <Descriptions.Item label={t("总成本")}>{money(e.grandTotal)}</Descriptions.Item>
      </Descriptions>
      {warnings.length ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={t("{n} 条提示", { n: warnings.length })}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {warnings.slice(0, 20).map((w, i) => (
                <li key={i}>{formatWarning(w, lang)}</li>
              ))}
            </ul>
          }
          data-testid="import-warnings"
        />
      ) : null}
      <Table<EstimateLine>
        size="small"
        rowKey={(_l, i) => String(i)}
        dataSource={e.lines}
        pagination={e.lines.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        columns={[
          { title: t("编号"), dataIndex: "item", width: 80 },
          { title: t("服务内容"), dataIndex: "name" },
          { title: t("工作量"), width: 110, align: "right", render: (_v, l) => l.personMonths.toString() },
          { title: t("单价"), width: 120, align: "right", render: (_v, l) => money(l.unitPrice) },
          { title: t("金额"), width: 140, align: "right", render: (_v, l) => money(l.amount) },
        ]}
        data-testid="import-lines"
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {t("尚未保存：确认后新建为第 1 版。")}
      </Typography.Paragraph>
    </Modal>
  );
}
