/**
 * 批量核查: a reviewer drops many submitted workbooks (or a zip of them); each is checked by the
 * server (POST /api/check, two at a time) and the table fills in with progress. Any file's findings
 * can be opened, and a checked file can be turned into a budget (the budget recomputed by the
 * standard) or, for a reviewer, downloaded as a budget file for the department to import.
 */
import { useCallback, useContext, useEffect, useRef, useState } from "react";
import { App, Button, Card, Drawer, Progress, Space, Table, Tag, Typography, Upload } from "antd";
import { InboxOutlined } from "@ant-design/icons";
import type { JSZipObject } from "jszip";
import { BODY_LIMIT } from "@govcost/core/light";
import type { CheckAnswer, CheckFindingJson } from "@govcost/server/api-types";
import { api, ApiError } from "../api.js";
import { useAuth } from "../auth.js";
import { LangContext, useT } from "../i18n.js";
import { money } from "../format.js";
import { navigate, setLeaveGuard } from "../router.js";
import { XLSX_TYPE } from "../importFile.js";

type Status = "waiting" | "checking" | "done" | "failed";

interface Row {
  key: number;
  name: string;
  blob: Blob;
  status: Status;
  answer: CheckAnswer | null;
  error: string | null;
}

const SEVERITY: Record<CheckFindingJson["severity"], { label: string; color: string }> = {
  error: { label: "错误", color: "red" },
  warning: { label: "警告", color: "orange" },
  confirm: { label: "需核实", color: "blue" },
};

/** What the page takes: xlsx/xlsm, and .xls/.et/.ods, which the server converts with LibreOffice. */
const WORKBOOK = /\.(xlsx|xlsm|xls|xlt|et|ett|ods)$/i;
const ACCEPT = ".xlsx,.xlsm,.xls,.et,.ods,.zip";

/** The content type a file is sent as (the server reads what it is from its bytes; the type only has to be one it takes). */
function contentType(name: string): string {
  if (/\.(xls|xlt|et|ett)$/i.test(name)) return "application/vnd.ms-excel";
  if (/\.ods$/i.test(name)) return "application/vnd.oasis.opendocument.spreadsheet";
  return XLSX_TYPE;
}
/** Files taken from one zip, at most (the server checks each file against its own limits). */
const MAX_FROM_ZIP = 2000;
/** Requests at once: the server runs at most four checks at a time for everyone. */
const AT_ONCE = 2;

interface ZipStream {
  on(event: "data", f: (chunk: Uint8Array) => void): ZipStream;
  on(event: "error", f: (e: Error) => void): ZipStream;
  on(event: "end", f: () => void): ZipStream;
  pause(): ZipStream;
  resume(): ZipStream;
}

/** A file of a zip: its bytes, or null where they run past the server's limit (BODY_LIMIT). */
function inflateCapped(e: JSZipObject): Promise<Blob | null> {
  return new Promise((resolve, reject) => {
    // Inflated piece by piece and stopped at the limit: a zip bomb (a small entry that inflates to
    // gigabytes) fills no memory here, and a file the server would refuse is not sent.
    const parts: Uint8Array[] = [];
    let size = 0;
    // internalStream is JSZip's documented streaming reader (ZipObject#internalStream), missing from its typings.
    const s = (e as unknown as { internalStream(type: "uint8array"): ZipStream }).internalStream("uint8array");
    s.on("data", (chunk: Uint8Array) => {
      size += chunk.length;
      if (size > BODY_LIMIT) {
        s.pause();
        resolve(null);
      } else parts.push(chunk);
    });
    s.on("error", reject);
    s.on("end", () => resolve(new Blob(parts as BlobPart[])));
    s.resume();
  });
}

/** The workbooks in a zip, in name order; one too large to check is `tooLarge`. */
async function unzip(file: File): Promise<{ name: string; blob: Blob | null }[]> {
  const { default: JSZip } = await import("jszip");
  const zip = await JSZip.loadAsync(file);
  const entries = Object.values(zip.files).filter((e) => !e.dir && WORKBOOK.test(e.name) && !e.name.startsWith("__MACOSX/") && !/(^|\/)~\$/.test(e.name));
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: { name: string; blob: Blob | null }[] = [];
  for (const e of entries.slice(0, MAX_FROM_ZIP)) out.push({ name: `${file.name}/${e.name}`, blob: await inflateCapped(e) });
  return out;
}

export default function CheckPage() {
  const t = useT();
  const { message, modal } = App.useApp();
  const { user } = useAuth();
  const { lang } = useContext(LangContext);
  const [rows, setRows] = useState<Row[]>([]);
  const [open, setOpen] = useState<Row | null>(null);
  const nextKey = useRef(1);
  const queue = useRef<Row[]>([]);
  const running = useRef(0);
  const canCreate = user !== null && user.role !== "reviewer" && user.departmentId !== null;

  const update = useCallback((key: number, patch: Partial<Row>) => setRows((old) => old.map((r) => (r.key === key ? { ...r, ...patch } : r))), []);

  /** One of the AT_ONCE loops: check queued files until none is left. */
  const drain = useCallback(async () => {
    try {
      while (queue.current.length > 0) {
        const row = queue.current.shift() as Row;
        // An empty file is said as such here, not sent (the server would answer that the request is empty).
        if (row.blob.size === 0) {
          update(row.key, { status: "failed", error: t("文件为空（0 字节），不是工作簿") });
          continue;
        }
        update(row.key, { status: "checking" });
        try {
          const answer = await api.upload<CheckAnswer>(`/api/check?name=${encodeURIComponent(row.name)}${lang === "en" ? "&lang=en" : ""}`, row.blob, contentType(row.name));
          update(row.key, { status: answer.result.error !== undefined ? "failed" : "done", answer, error: answer.result.error ?? null });
        } catch (e) {
          update(row.key, { status: "failed", error: e instanceof ApiError ? e.message : String(e) });
        }
      }
    } finally {
      // In the same step as the last look at the queue: a file added later starts a new loop.
      running.current--;
    }
  }, [update, lang, t]);

  // The table lives on this page only (nothing is kept on the server): leaving it, or reloading, asks first.
  const checking = rows.filter((r) => r.status === "waiting" || r.status === "checking").length;
  useEffect(() => {
    if (rows.length === 0) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    const unguard = setLeaveGuard((proceed) => {
      modal.confirm({
        title: t("离开批量核查？"),
        content: checking ? t("还有 {n} 个文件在核查。离开此页将停止核查，并清除结果表（核查结果不保存在服务器上）。", { n: checking }) : t("离开此页将清除结果表（核查结果不保存在服务器上）。"),
        okText: t("离开此页"),
        cancelText: t("留在此页"),
        onOk: proceed,
      });
      return true;
    });
    return () => {
      window.removeEventListener("beforeunload", warn);
      unguard();
    };
  }, [rows.length, checking, modal, t]);

  const pump = useCallback(() => {
    while (running.current < AT_ONCE && queue.current.length > 0) {
      running.current++;
      void drain();
    }
  }, [drain]);

  const add = useCallback(
    async (files: File[]) => {
      const found: { name: string; blob: Blob | null }[] = [];
      for (const f of files) {
        if (/\.zip$/i.test(f.name)) {
          try {
            const inside = await unzip(f);
            if (inside.length === 0) message.warning(`${f.name}：${t("压缩包中没有工作簿（.xlsx/.xlsm/.xls/.et/.ods）")}`);
            found.push(...inside);
          } catch {
            message.error(`${f.name}：${t("无法解压，不是有效的 zip 文件")}`);
          }
        } else if (WORKBOOK.test(f.name)) found.push({ name: f.name, blob: f });
        else message.warning(`${f.name}：${t("只能核查工作簿（.xlsx/.xlsm/.xls/.et/.ods）或其 zip 压缩包")}`);
      }
      const tooLarge = t("解压后超过 {n} MB 的上限，未核查（请单独核查，或用命令行 govcost check）", { n: BODY_LIMIT / (1024 * 1024) });
      const added: Row[] = found.map((x) => ({ key: nextKey.current++, name: x.name, blob: x.blob ?? new Blob(), status: x.blob ? "waiting" : "failed", answer: null, error: x.blob ? null : tooLarge }));
      setRows((old) => [...old, ...added]);
      queue.current.push(...added.filter((r) => r.status === "waiting"));
      pump();
    },
    [message, pump, t],
  );

  const toBudget = useCallback(
    async (row: Row) => {
      const doc = row.answer?.document;
      if (!doc) return;
      if (!canCreate) {
        // Reviewers do not own budgets: the recomputed budget goes to the department as a file to import.
        const blob = new Blob([JSON.stringify(doc, null, 2) + "\n"], { type: "application/json" });
        const a = document.createElement("a");
        a.href = URL.createObjectURL(blob);
        a.download = `${row.name.replace(/^.*\//, "").replace(/\.[^.]+$/, "")}-核定预算.json`;
        a.click();
        URL.revokeObjectURL(a.href);
        return;
      }
      try {
        const created = await api.post<{ id: number; name?: string }>("/api/budgets", { document: doc, comment: `${t("由核查结果生成")}：${row.name}` });
        // Opening it leaves this page, which asks first (the table would be cleared); staying keeps the table.
        message.success(t("已创建预算“{name}”，可在预算管理中打开", { name: created.name ?? row.name }));
        navigate(`/budgets/${created.id}`);
      } catch (e) {
        message.error(e instanceof ApiError ? e.message : String(e));
      }
    },
    [canCreate, message, t],
  );

  const done = rows.filter((r) => r.status === "done" || r.status === "failed").length;
  const count = (r: Row, s: CheckFindingJson["severity"]) => r.answer?.result.findings.filter((f) => f.severity === s).length ?? 0;

  return (
    <Card title={t("批量核查")} extra={rows.length ? <Button onClick={() => setRows([])} disabled={done < rows.length}>{t("清空")}</Button> : null}>
      <Typography.Paragraph type="secondary">
        {t("拖入送审测算表（govcost 测算表或各部门自制的 Excel/WPS 表，.xlsx/.xlsm/.xls/.et/.ods）或其 zip 压缩包：按标准重算，逐格列出问题、所依据的条款和涉及金额。.xls/.et/.ods 由服务器用 LibreOffice 转换后核查。")}
      </Typography.Paragraph>
      <div data-testid="check-drop">
      <Upload.Dragger
        multiple
        accept={ACCEPT}
        showUploadList={false}
        beforeUpload={(file, list) => {
          // Called once per file with the whole list: take the list on its first file.
          if (file === list[0]) void add(list as File[]);
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t("拖入或点击选择工作簿（可多选）或 zip 压缩包")}</p>
      </Upload.Dragger>
      </div>
      {rows.length ? (
        <>
          <div data-testid="check-progress" style={{ marginTop: 16 }}>
            <Progress percent={Math.floor((done / rows.length) * 100)} format={() => `${done} / ${rows.length}`} />
          </div>
          <Table<Row>
            style={{ marginTop: 8 }}
            rowKey="key"
            size="small"
            dataSource={rows}
            pagination={rows.length > 100 ? { pageSize: 100 } : false}
            columns={[
              { title: t("文件"), dataIndex: "name", ellipsis: true },
              { title: t("项目名称"), render: (_: unknown, r) => r.answer?.result.project ?? "", ellipsis: true },
              { title: t("申报金额（元）"), align: "right", render: (_: unknown, r) => money(r.answer?.result.declared) },
              { title: t("核定金额（元）"), align: "right", render: (_: unknown, r) => money(r.answer?.result.recomputed) },
              { title: t("差额（元）"), align: "right", render: (_: unknown, r) => money(r.answer?.result.difference) },
              {
                title: t("发现"),
                render: (_: unknown, r) =>
                  r.status === "done" ? (
                    <Space size={2}>
                      {(["error", "warning", "confirm"] as const).map((s) => (count(r, s) ? <Tag key={s} color={SEVERITY[s].color}>{`${t(SEVERITY[s].label)} ${count(r, s)}`}</Tag> : null))}
                      {r.answer?.result.findings.length ? null : <Tag color="green">{t("无")}</Tag>}
                    </Space>
                  ) : r.status === "failed" ? (
                    <Typography.Text type="danger">{r.error}</Typography.Text>
                  ) : (
                    <Typography.Text type="secondary">{r.status === "checking" ? t("核查中…") : t("等待")}</Typography.Text>
                  ),
              },
              {
                title: t("操作"),
                // Two buttons side by side: "Findings" and "Download budget" need more room than 查看发现/下载核定预算.
                width: lang === "en" ? 250 : 190,
                render: (_: unknown, r) =>
                  r.status === "done" ? (
                    <Space size={4}>
                      <Button size="small" onClick={() => setOpen(r)}>
                        {t("查看发现")}
                      </Button>
                      <Button size="small" onClick={() => void toBudget(r)} disabled={!r.answer?.document}>
                        {canCreate ? t("转为预算") : t("下载核定预算")}
                      </Button>
                    </Space>
                  ) : null,
              },
            ]}
          />
        </>
      ) : null}
      <Drawer open={open !== null} onClose={() => setOpen(null)} width={900} title={open ? `${open.name} ${open.answer?.result.project ?? ""}` : ""}>
        {open?.answer ? (
          <>
            <Typography.Paragraph>
              {t("申报金额")} {money(open.answer.result.declared)} {t("元")}；{t("按标准核定")} {money(open.answer.result.recomputed)} {t("元")}（{open.answer.result.method === "quick" ? t("方法2") : t("方法1")}）；{t("差额")} {money(open.answer.result.difference)} {t("元")}
            </Typography.Paragraph>
            <Table<CheckFindingJson>
              rowKey={(f) => `${f.code}:${f.cell}`}
              size="small"
              pagination={false}
              dataSource={open.answer.result.findings}
              locale={{ emptyText: t("没有发现问题") }}
              columns={[
                { title: t("级别"), dataIndex: "severity", width: 72, render: (s: CheckFindingJson["severity"]) => <Tag color={SEVERITY[s].color}>{t(SEVERITY[s].label)}</Tag> },
                { title: t("位置"), dataIndex: "cell", width: 130 },
                { title: t("条款"), dataIndex: "clause", width: 120 },
                { title: t("涉及金额（元）"), dataIndex: "amountAtStake", align: "right", width: 120, render: (v: string | null) => money(v) },
                { title: t("说明"), dataIndex: "message" },
              ]}
            />
          </>
        ) : null}
      </Drawer>
    </Card>
  );
}
