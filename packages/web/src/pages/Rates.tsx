/** Rate profiles (表B.1 注2): the standard's Table B.1 and locally adopted tier prices. */
import { useT } from "../i18n.js";
import { useCallback, useEffect, useState } from "react";
import { Alert, App, Button, Card, Form, Input, Modal, Table, Tag } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { api, ApiError, type RateProfileRecord } from "../api.js";
import { useAuth } from "../auth.js";
import { money } from "../format.js";
import { normaliseNumber, STANDARD } from "../draft.js";
import { validValues } from "../forms.js";

export default function RatesPage() {
  const t = useT();
  const { message } = App.useApp();
  const { user } = useAuth();
  const admin = user?.role === "admin";
  const [rows, setRows] = useState<RateProfileRecord[] | null>(null);
  const [dialog, setDialog] = useState<{ profile?: RateProfileRecord } | null>(null);
  const [form] = Form.useForm();

  // The state is set when the answer arrives (in the promise's callbacks), never during the effect that loads.
  const load = useCallback(
    () =>
      api.get<{ profiles: RateProfileRecord[] }>("/api/rate-profiles").then(
        (r) => setRows(r.profiles),
        (e: unknown) => {
          message.error(e instanceof ApiError ? e.message : String(e));
          setRows([]);
        },
      ),
    [message],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const save = async () => {
    const v = (await validValues(form)) as { name: string; source: string; r0: string; r1: string; r2: string; r3: string; r4: string } | null;
    if (!v) return;
    const rates = [v.r0, v.r1, v.r2, v.r3, v.r4].map((x) => normaliseNumber(x));
    try {
      if (dialog?.profile) await api.patch(`/api/rate-profiles/${dialog.profile.id}`, { name: v.name, source: v.source ?? "", rates });
      else await api.post("/api/rate-profiles", { name: v.name, source: v.source ?? "", rates });
      setDialog(null);
      message.success(t("已保存"));
      await load();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };

  return (
    <Card
      title={t("费率方案（表B.1 注2）")}
      extra={
        admin ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => {
            // A new profile starts from Table B.1's prices: the preparer changes the tiers that differ.
            form.resetFields();
            form.setFieldsValue(Object.fromEntries(STANDARD.defaultRates.rates.map((r, i) => [`r${i}`, r.toString()])));
            setDialog({});
          }}>
            {t("新建费率方案")}
          </Button>
        ) : null
      }
    >
      <Alert style={{ marginBottom: 12 }} type="info" showIcon message={t("表B.1 注2：基准人月费率可按当地最新人工成本数据调整。表B.1（2023年广东省）为标准自带方案，不可修改；其他方案由管理员维护，编制预算时在编辑页选择。")} />
      <Table<RateProfileRecord>
        rowKey="id"
        size="small"
        loading={rows === null}
        dataSource={rows ?? []}
        pagination={false}
        columns={[
          { title: t("名称"), dataIndex: "name", render: (n: string, p) => <>{p.builtin ? t(n) : n} {p.builtin ? <Tag color="blue">{t("标准")}</Tag> : null}</> },
          ...STANDARD.tiers.map((tier, i) => ({ title: t("{tier}（元/人月）", { tier: t(tier.name) }), key: `r${i}`, align: "right" as const, render: (_: unknown, p: RateProfileRecord) => money(p.rates[i] ?? "") })),
          { title: t("来源"), dataIndex: "source", ellipsis: true, render: (src: string, p: RateProfileRecord) => (p.builtin ? t(src) : src) },
          {
            title: t("操作"),
            key: "op",
            width: 90,
            render: (_, p) =>
              admin && !p.builtin ? (
                <Button size="small" type="link" onClick={() => {
                  form.setFieldsValue({ name: p.name, source: p.source, r0: p.rates[0], r1: p.rates[1], r2: p.rates[2], r3: p.rates[3], r4: p.rates[4] });
                  setDialog({ profile: p });
                }}>
                  {t("编辑")}
                </Button>
              ) : (
                <span className="gc-muted">—</span>
              ),
          },
        ]}
      />
      <Modal open={dialog !== null} title={dialog?.profile ? t("编辑费率方案") : t("新建费率方案")} okText={t("保存")} cancelText={t("取消")} onOk={() => void save()} onCancel={() => setDialog(null)} forceRender>
        <Form form={form} layout="vertical">
          <Form.Item name="name" label={t("名称")} rules={[{ required: true, whitespace: true }]}>
            <Input placeholder={t("如：2025年××市人社局工资价位")} />
          </Form.Item>
          <Form.Item name="source" label={t("来源/依据")}>
            <Input.TextArea rows={2} />
          </Form.Item>
          {STANDARD.tiers.map((tier, i) => (
            <Form.Item key={i} name={`r${i}`} label={t("{tier}（{staff}）元/人月", { tier: t(tier.name), staff: t(tier.staff) })} dependencies={i > 0 ? [`r${i - 1}`] : []}
              rules={[
                { required: true, message: t("请填写{tier}的单价（元/人月）", { tier: t(tier.name) }) },
                {
                  validator: (_, value: string | undefined) => {
                    const v = normaliseNumber(value ?? "");
                    if (v !== "" && !/^[1-9]\d*$/.test(v)) return Promise.reject(new Error(t("应为正整数（元/人月），如 29500")));
                    const prevTier = STANDARD.tiers[i - 1];
                    const prev = i > 0 ? normaliseNumber(String(form.getFieldValue(`r${i - 1}`) ?? "")) : "";
                    if (prevTier && /^[1-9]\d*$/.test(v) && /^[1-9]\d*$/.test(prev) && BigInt(v) < BigInt(prev))
                      return Promise.reject(new Error(t("{tier}不能低于{prev}（{p} 元/人月）：档位越高，单价不能越低", { tier: t(tier.name), prev: t(prevTier.name), p: money(prev) })));
                    return Promise.resolve();
                  },
                },
              ]}
            >
              <Input inputMode="numeric" />
            </Form.Item>
          ))}
        </Form>
      </Modal>
    </Card>
  );
}
