import { useCallback, useContext, useEffect, useRef, useState } from "react";
import { Alert, App, Button, Card, Form, Input, List, Modal, Space, Table, Tag, Typography } from "antd";
import { EditOutlined, ImportOutlined, PlusOutlined } from "@ant-design/icons";
import { api, ApiError, type BudgetRecord, type BudgetSummary, type ErrorDetail } from "../api.js";
import { dateTime, money } from "../format.js";
import { LangContext, useT } from "../i18n.js";
import { useAuth } from "../auth.js";
import { detailWhere, importBudgetFile } from "../importFile.js";
import { Link, navigate } from "../router.js";
import { draftToDocument, emptyDraft, hasStoredDraft } from "../draft.js";
import { ImportPreview, type ImportCandidate } from "./ImportPreview.js";

export function BudgetListPage() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { modal, message } = App.useApp();
  const { user } = useAuth();
  // Reviewers see the budgets submitted to them, read-only.
  const reviewer = user?.role === "reviewer";
  // Budgets belong to a department: an account without one (an administrator of the whole
  // system) manages users and rates, but creates and imports no budgets.
  const canCreate = !reviewer && user !== null && user.departmentId !== null;
  const [rows, setRows] = useState<BudgetSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [nameDialog, setNameDialog] = useState<{ mode: "new" | "copy" | "rename"; budget?: BudgetSummary } | null>(null);
  const [importErrors, setImportErrors] = useState<{ message: string; details: ErrorDetail[] } | null>(null);
  const [importing, setImporting] = useState<ImportCandidate | null>(null);
  const [importBusy, setImportBusy] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const [form] = Form.useForm<{ name: string }>();

  // The state is set when the answer arrives (in the promise's callbacks), never during the effect that loads.
  const load = useCallback(
    () =>
      api.get<{ budgets: BudgetSummary[] }>("/api/budgets").then(
        (r) => {
          setRows(r.budgets);
          setError(null);
        },
        (e: unknown) => {
          setError(e instanceof ApiError ? e.message : String(e));
          setRows([]);
        },
      ),
    [],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const openName = (mode: "new" | "copy" | "rename", budget?: BudgetSummary) => {
    form.setFieldsValue({ name: mode === "new" ? "" : mode === "copy" ? `${budget?.name ?? ""}（副本）` : (budget?.name ?? "") });
    setNameDialog({ mode, budget });
  };

  const submitName = async () => {
    const { name } = await form.validateFields();
    const d = nameDialog;
    if (!d) return;
    try {
      if (d.mode === "new") {
        const r = await api.post<BudgetRecord>("/api/budgets", { name, document: draftToDocument(emptyDraft(name)), comment: "新建" });
        setNameDialog(null);
        navigate(`/budgets/${r.id}`);
        return;
      }
      if (d.mode === "copy" && d.budget) {
        await api.post(`/api/budgets/${d.budget.id}/copy`, { name });
        message.success(t("已复制为“{name}”", { name }));
      }
      if (d.mode === "rename" && d.budget) {
        await api.patch(`/api/budgets/${d.budget.id}`, { name });
        message.success(t("已重命名"));
      }
      setNameDialog(null);
      await load();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };

  const remove = (b: BudgetSummary) => {
    modal.confirm({
      title: t("删除预算“{name}”？", { name: b.name }),
      content: t("删除后该预算及其全部版本将不再显示，此操作不可撤销。"),
      okText: t("删除"),
      okButtonProps: { danger: true },
      cancelText: t("取消"),
      onOk: async () => {
        try {
          await api.del(`/api/budgets/${b.id}`);
          message.success(t("已删除"));
          await load();
        } catch (e) {
          message.error(e instanceof ApiError ? e.message : String(e));
        }
      },
    });
  };

  const onImport = async (file: File) => {
    const r = await importBudgetFile(file, lang);
    if (!r.ok) {
      setImportErrors({ message: r.message, details: r.details });
      return;
    }
    // Nothing is saved until the preview is confirmed.
    setImporting({ fileName: file.name, document: r.document, estimate: r.estimate });
  };

  const createImported = async (c: ImportCandidate, name: string) => {
    setImportBusy(true);
    try {
      const created = await api.post<BudgetRecord>("/api/budgets", { name, document: c.document, source: "import", file: c.fileName });
      setImporting(null);
      message.success(t("已导入“{name}”", { name }));
      navigate(`/budgets/${created.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.details.length) {
        setImporting(null);
        setImportErrors({ message: e.message, details: e.details });
      } else message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setImportBusy(false);
    }
  };

  return (
    <Card
      title={t("预算管理")}
      extra={
        !canCreate ? null : (
        <Space>
          <Button icon={<ImportOutlined />} onClick={() => fileRef.current?.click()}>
            {t("导入")}
          </Button>
          <input
            ref={fileRef}
            type="file"
            accept=".xlsx,.json,.yaml,.yml"
            style={{ display: "none" }}
            data-testid="import-file"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = "";
              if (f) void onImport(f);
            }}
          />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => openName("new")}>
            {t("新建预算")}
          </Button>
        </Space>
        )
      }
    >
      {error ? <Typography.Text type="danger">{error}</Typography.Text> : null}
      {!reviewer && user?.departmentId === null ? (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} data-testid="no-department" message={t("本账户不属于任何部门：预算由各部门的编制人新建和导入。如需编制预算，请在“用户与部门”中为账户指定部门。")} />
      ) : null}
      <Table<BudgetSummary>
        rowKey="id"
        loading={rows === null}
        dataSource={rows ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: t("名称"),
            dataIndex: "name",
            render: (_, b) => (
              <>
                <Link to={`/budgets/${b.id}`}>{b.name}</Link>
                {!reviewer && hasStoredDraft(String(b.id)) ? (
                  <Tag color="orange" style={{ marginLeft: 8 }} data-testid="local-draft" title={t("本机保存有尚未保存到服务器的修改；打开此预算可以恢复")}>
                    {t("本机草稿")}
                  </Tag>
                ) : null}
              </>
            ),
          },
          { title: t("部门"), dataIndex: "departmentName", width: 160 },
          { title: t("总成本 C（{u}）", { u: t("元") }), dataIndex: "total", align: "right", width: 140, render: (v: string) => <span className="gc-num">{money(v)}</span> },
          { title: t("版本"), dataIndex: "version", width: 64, align: "center" },
          { title: t("状态"), dataIndex: "status", width: 90, render: (v: string | undefined) => (v === "submitted" ? <Tag color="purple">{t("已提交审核")}</Tag> : <Tag>{t("编制中")}</Tag>) },
          { title: t("最后修改"), dataIndex: "updatedAt", width: 140, render: (v: string) => dateTime(v) },
          { title: t("修改人"), dataIndex: "updatedBy", width: 84 },
          {
            title: t("操作"),
            key: "actions",
            width: 220,
            render: (_, b) => reviewer ? (
              <Button size="small" type="link" icon={<EditOutlined />} onClick={() => navigate(`/budgets/${b.id}`)}>
                {t("查看")}
              </Button>
            ) : (
              <Space size={0}>
                <Button size="small" type="link" onClick={() => navigate(`/budgets/${b.id}`)}>
                  {t("编辑")}
                </Button>
                <Button size="small" type="link" onClick={() => openName("copy", b)}>
                  {t("复制")}
                </Button>
                <Button size="small" type="link" onClick={() => openName("rename", b)}>
                  {t("重命名")}
                </Button>
                <Button size="small" type="link" danger onClick={() => remove(b)}>
                  {t("删除")}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={nameDialog !== null}
        title={nameDialog?.mode === "new" ? t("新建预算") : nameDialog?.mode === "copy" ? t("复制预算") : t("重命名预算")}
        okText={t("确定")}
        cancelText={t("取消")}
        onOk={() => void submitName()}
        onCancel={() => setNameDialog(null)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={() => void submitName()}>
          <Form.Item name="name" label={t("预算名称（项目名称）")} rules={[{ required: true, whitespace: true, message: t("请输入名称") }, { max: 200, message: t("最多 200 个字符") }]}>
            <Input autoFocus data-testid="budget-name-input" />
          </Form.Item>
        </Form>
      </Modal>
      {importing ? (
        <ImportPreview candidate={importing} existingNames={(rows ?? []).map((b) => b.name)} busy={importBusy} onCreate={(name) => void createImported(importing, name)} onCancel={() => setImporting(null)} />
      ) : null}
      <Modal open={importErrors !== null} title={t("导入失败")} footer={<Button onClick={() => setImportErrors(null)}>{t("关闭")}</Button>} onCancel={() => setImportErrors(null)} width={720}>
        <Typography.Paragraph type="danger">{importErrors?.message}</Typography.Paragraph>
        <List
          size="small"
          dataSource={importErrors?.details ?? []}
          renderItem={(d) => (
            <List.Item>
              <Typography.Text code>{detailWhere(d)}</Typography.Text> {d.message}
            </List.Item>
          )}
        />
      </Modal>
    </Card>
  );
}
