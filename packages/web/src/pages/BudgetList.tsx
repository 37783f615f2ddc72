import { useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { Alert, App, Button, Card, Form, Input, InputNumber, List, Modal, Radio, Select, Space, Table, Tag, Typography } from "antd";
import { EditOutlined, ImportOutlined, PlusOutlined } from "@ant-design/icons";
import { api, ApiError, type BudgetRecord, type BudgetSummary, type ErrorDetail } from "../api.js";
import { dateTime, money } from "../format.js";
import { LangContext, useT } from "../i18n.js";
import { useAuth } from "../auth.js";
import { detailWhere, importBudgetFile } from "../importFile.js";
import { Link, navigate } from "../router.js";
import { draftToDocument, emptyDraft, hasStoredDraft } from "../draft.js";
import { ImportPreview, type ImportCandidate } from "./ImportPreview.js";
import { asStatus, locked, STATUS_COLOR, STATUS_LABEL } from "../review/workflow.js";
import { Dec, EXAMPLE_BUDGET_YAML, parseBudgetText } from "@govcost/core";
import { validValues } from "../forms.js";

/** Where a new budget starts: empty, the example budget, or a copy of a budget of the department (以此为模板). */
type Source = "empty" | "example" | "template";

interface NameForm {
  name: string;
  year: number | null;
  source: Source;
  templateId?: number;
}

/** Budgets are mostly prepared for the coming year (Beijing time). */
function nextYear(): number {
  return new Date(Date.now() + 8 * 3600_000).getUTCFullYear() + 1;
}

/** A template's name for another year: "2025年度…" → "2026年度…"; otherwise "…（副本）". */
function templateName(b: BudgetSummary, year: number | null): string {
  if (b.year !== null && year !== null && year !== b.year && b.name.includes(String(b.year))) return b.name.split(String(b.year)).join(String(year));
  return `${b.name}（副本）`;
}

/** The example budget as a document (its comments are for the file; the document is what the editor opens). */
function exampleDocument(name: string): unknown {
  const parsed = parseBudgetText(EXAMPLE_BUDGET_YAML, "example.yaml");
  if (!parsed.ok) throw new Error("the example budget does not parse");
  return { ...(parsed.document as Record<string, unknown>), name };
}

const STATUS_ORDER: Record<string, number> = { draft: 0, returned: 1, submitted: 2, in_review: 3, approved: 4 };

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
  const [search, setSearch] = useState("");
  const [yearFilter, setYearFilter] = useState<number | "all" | "none">("all");
  const [importErrors, setImportErrors] = useState<{ message: string; details: ErrorDetail[] } | null>(null);
  const [importing, setImporting] = useState<ImportCandidate | null>(null);
  const [importBusy, setImportBusy] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const [form] = Form.useForm<NameForm>();
  const source = Form.useWatch("source", form);

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
    if (mode === "new") form.setFieldsValue({ name: "", year: nextYear(), source: "empty", templateId: undefined });
    else if (mode === "copy" && budget) form.setFieldsValue({ name: `${budget.name}（副本）`, year: budget.year, source: "template", templateId: budget.id });
    else form.setFieldsValue({ name: budget?.name ?? "", year: budget?.year ?? null });
    setNameDialog({ mode, budget });
  };

  const submitName = async () => {
    const values = await validValues(form);
    if (!values) return;
    const { name, year, source: from, templateId } = values;
    const d = nameDialog;
    if (!d) return;
    const y = year ?? null;
    try {
      if (d.mode === "new" && from === "template" && templateId !== undefined) {
        const r = await api.post<BudgetRecord>(`/api/budgets/${templateId}/copy`, { name, year: y });
        setNameDialog(null);
        navigate(`/budgets/${r.id}`);
        return;
      }
      if (d.mode === "new") {
        const document = from === "example" ? exampleDocument(name) : draftToDocument(emptyDraft(name));
        const r = await api.post<BudgetRecord>("/api/budgets", { name, document, comment: from === "example" ? "从示例新建" : "新建", year: y });
        setNameDialog(null);
        navigate(`/budgets/${r.id}`);
        return;
      }
      if (d.mode === "copy" && d.budget) {
        await api.post(`/api/budgets/${d.budget.id}/copy`, { name, year: y });
        message.success(t("已以“{from}”为模板新建“{name}”", { from: d.budget.name, name }));
      }
      if (d.mode === "rename" && d.budget) {
        await api.patch(`/api/budgets/${d.budget.id}`, { name, year: y });
        message.success(t("已修改"));
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

  const years = useMemo(() => [...new Set((rows ?? []).map((b) => b.year).filter((y): y is number => y !== null))].sort((a, b) => b - a), [rows]);
  const shown = useMemo(() => {
    const q = search.trim().toLowerCase();
    return (rows ?? []).filter(
      (b) => (q === "" || b.name.toLowerCase().includes(q)) && (yearFilter === "all" || (yearFilter === "none" ? b.year === null : b.year === yearFilter)),
    );
  }, [rows, search, yearFilter]);

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
      <Space style={{ marginBottom: 12 }} wrap>
        <Input.Search allowClear placeholder={t("按名称搜索")} style={{ width: 280 }} value={search} onChange={(e) => setSearch(e.target.value)} data-testid="budget-search" />
        <Select<number | "all" | "none">
          style={{ width: 160 }}
          value={yearFilter}
          onChange={setYearFilter}
          data-testid="budget-year-filter"
          options={[
            { value: "all", label: t("全部年度") },
            ...years.map((y) => ({ value: y, label: t("{y}年度", { y }) })),
            ...((rows ?? []).some((b) => b.year === null) ? [{ value: "none" as const, label: t("未填年度") }] : []),
          ]}
        />
        {rows && shown.length !== rows.length ? <Typography.Text type="secondary">{t("显示 {n} / {total} 个预算", { n: shown.length, total: rows.length })}</Typography.Text> : null}
      </Space>
      <Table<BudgetSummary>
        rowKey="id"
        loading={rows === null}
        dataSource={shown}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: rows && rows.length > 0 ? t("没有符合条件的预算") : t("暂无预算") }}
        showSorterTooltip={false}
        columns={[
          {
            title: t("名称"),
            dataIndex: "name",
            minWidth: 240,
            sorter: (a, b) => a.name.localeCompare(b.name, "zh-CN"),
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
          {
            title: t("年度"),
            dataIndex: "year",
            width: 96,
            align: "center",
            sorter: (a, b) => (a.year ?? 0) - (b.year ?? 0),
            render: (v: number | null) => (v === null ? <Typography.Text type="secondary">—</Typography.Text> : v),
          },
          // A preparer's or administrator's list is their own department's: only a reviewer's spans departments.
          ...(reviewer ? [{ title: t("部门"), dataIndex: "departmentName", width: 160 }] : []),
          {
            title: t("总成本 C（{u}）", { u: t("元") }),
            dataIndex: "total",
            align: "right",
            width: 150,
            // Exact decimals: compared as amounts, never as binary floating point.
            sorter: (a, b) => Dec.parse(a.total).cmp(Dec.parse(b.total)),
            render: (v: string) => <span className="gc-num">{money(v)}</span>,
          },
          { title: t("版本"), dataIndex: "version", width: 76, align: "center" },
          {
            title: t("状态"),
            dataIndex: "status",
            width: 100,
            sorter: (a, b) => (STATUS_ORDER[a.status] ?? 9) - (STATUS_ORDER[b.status] ?? 9),
            render: (v: string | undefined) => {
              const st = asStatus(v);
              return <Tag color={STATUS_COLOR[st]}>{t(STATUS_LABEL[st])}</Tag>;
            },
          },
          { title: t("最后修改"), dataIndex: "updatedAt", width: 160, sorter: (a, b) => a.updatedAt.localeCompare(b.updatedAt), render: (v: string) => <span className="gc-nowrap">{dateTime(v)}</span> },
          { title: t("修改人"), dataIndex: "updatedBy", width: 90 },
          {
            title: t("操作"),
            key: "actions",
            width: 250,
            render: (_, b) => reviewer ? (
              <Button size="small" type="link" icon={<EditOutlined />} onClick={() => navigate(`/budgets/${b.id}`)}>
                {t("查看")}
              </Button>
            ) : (
              <Space size={0}>
                <Button size="small" type="link" onClick={() => navigate(`/budgets/${b.id}`)}>
                  {locked(asStatus(b.status)) ? t("查看") : t("编辑")}
                </Button>
                <Button size="small" type="link" onClick={() => openName("copy", b)} title={t("以此预算的最新版本为模板新建一个预算")}>
                  {t("以此为模板")}
                </Button>
                {/* Submitted, in review or approved: the server refuses a rename or delete, so neither is offered. */}
                {!locked(asStatus(b.status)) && (
                  <>
                    <Button size="small" type="link" onClick={() => openName("rename", b)}>
                      {t("重命名")}
                    </Button>
                    <Button size="small" type="link" danger onClick={() => remove(b)}>
                      {t("删除")}
                    </Button>
                  </>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={nameDialog !== null}
        title={nameDialog?.mode === "new" ? t("新建预算") : nameDialog?.mode === "copy" ? t("以“{name}”为模板新建预算", { name: nameDialog.budget?.name ?? "" }) : t("修改名称和年度")}
        okText={t("确定")}
        cancelText={t("取消")}
        onOk={() => void submitName()}
        onCancel={() => setNameDialog(null)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={() => void submitName()}>
          {nameDialog?.mode === "new" ? (
            <>
              <Form.Item name="source" label={t("从何开始")}>
                <Radio.Group
                  data-testid="budget-source"
                  onChange={(e) => {
                    // A template for another year gets that year's name; the example its own.
                    const from = e.target.value as Source;
                    if (from === "example" && !form.getFieldValue("name")) form.setFieldValue("name", t("示例：某市政务服务数据管理局系统业务运营服务项目"));
                    if (from !== "template") form.setFieldValue("templateId", undefined);
                  }}
                  options={[
                    { value: "empty", label: t("空白预算") },
                    { value: "example", label: t("示例预算") },
                    { value: "template", label: t("以本部门的预算为模板"), disabled: (rows ?? []).length === 0 },
                  ]}
                />
              </Form.Item>
              {source === "template" ? (
                <Form.Item name="templateId" label={t("模板（复制其最新版本）")} rules={[{ required: true, message: t("请选择作为模板的预算") }]}>
                  <Select<number>
                    showSearch
                    optionFilterProp="label"
                    data-testid="budget-template"
                    placeholder={t("选择本部门的预算")}
                    onChange={(id) => {
                      const b = rows?.find((x) => x.id === id);
                      if (b && !form.getFieldValue("name")) form.setFieldValue("name", templateName(b, form.getFieldValue("year") as number | null));
                    }}
                    options={(rows ?? []).map((b) => ({ value: b.id, label: b.year === null ? b.name : `${b.name}（${t("{y}年度", { y: b.year })}）` }))}
                  />
                </Form.Item>
              ) : null}
            </>
          ) : null}
          <Form.Item name="name" label={t("预算名称（项目名称）")} rules={[{ required: true, whitespace: true, message: t("请输入名称") }, { max: 200, message: t("最多 200 个字符") }]}>
            {/* Two fields and no submit button: a browser submits the form on Enter only with one, so Enter is handled here. */}
            <Input autoFocus data-testid="budget-name-input" onPressEnter={() => void submitName()} />
          </Form.Item>
          <Form.Item name="year" label={t("预算年度")} extra={t("可不填；预算列表按年度筛选和排序")} rules={[{ type: "integer", min: 2000, max: 2100, message: t("年度应为 2000–2100 之间的整数，如 2026") }]}>
            <InputNumber<number> style={{ width: 140 }} min={2000} max={2100} precision={0} controls={false} placeholder={t("如 2026")} data-testid="budget-year-input" onPressEnter={() => void submitName()} />
          </Form.Item>
        </Form>
      </Modal>
      {importing ? (
        <ImportPreview candidate={importing} existingNames={(rows ?? []).map((b) => b.name)} busy={importBusy} onCreate={(name) => void createImported(importing, name)} onCancel={() => setImporting(null)} />
      ) : null}
      <Modal open={importErrors !== null} title={t("导入失败")} footer={<Button onClick={() => setImportErrors(null)}>{t("关闭")}</Button>} onCancel={() => setImportErrors(null)} width={720}>
        <Typography.Paragraph type="danger">{importErrors?.message}</Typography.Paragraph>
        {/* A file that is no budget at all has its reason above and no list of places (not an empty list saying 暂无数据). */}
        {importErrors?.details.length ? (
          <List
            size="small"
            dataSource={importErrors.details}
            renderItem={(d) => (
              <List.Item>
                <Typography.Text code>{detailWhere(d, t)}</Typography.Text> {d.message}
              </List.Item>
            )}
          />
        ) : null}
      </Modal>
    </Card>
  );
}
