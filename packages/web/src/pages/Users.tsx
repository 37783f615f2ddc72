/** Administration: accounts and departments. */
import { PASSWORD_MIN_LENGTH } from "@govcost/core";
import { useCallback, useEffect, useState } from "react";
import { App, Button, Card, Form, Input, Modal, Select, Space, Switch, Table, Tabs, Tag, type FormInstance } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { api, ApiError, type Department, type User } from "../api.js";
import { useT } from "../i18n.js";
import { passwordRuleText, validValues } from "../forms.js";

const ROLE: Record<string, { label: string; color: string }> = {
  admin: { label: "管理员", color: "red" },
  preparer: { label: "编制人", color: "blue" },
  reviewer: { label: "审核人", color: "purple" },
};

/**
 * A dialog's first field takes the focus when it opens, so the user types at once. (The dialogs are
 * not rendered ahead with forceRender: a closed dialog rendered so still takes Esc from the open one.)
 */
function focusFirst(form: FormInstance, field: string): void {
  (form.getFieldInstance(field) as { focus?: () => void } | undefined)?.focus?.();
}

export default function UsersPage() {
  const t = useT();
  const { message } = App.useApp();
  const [users, setUsers] = useState<User[] | null>(null);
  const [departments, setDepartments] = useState<Department[]>([]);
  const [userDialog, setUserDialog] = useState<{ user?: User } | null>(null);
  const [deptDialog, setDeptDialog] = useState<{ dept?: Department } | null>(null);
  const [userForm] = Form.useForm();
  const [deptForm] = Form.useForm();

  // The state is set when the answers arrive (in the promise's callbacks), never during the effect that loads.
  const load = useCallback(
    () =>
      Promise.all([api.get<{ users: User[] }>("/api/users"), api.get<{ departments: Department[] }>("/api/departments")]).then(
        ([u, d]) => {
          setUsers(u.users);
          setDepartments(d.departments);
        },
        (e: unknown) => {
          message.error(e instanceof ApiError ? e.message : String(e));
          setUsers([]);
        },
      ),
    [message],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const fail = (e: unknown) => message.error(e instanceof ApiError ? e.message : String(e));

  const saveUser = async () => {
    const v = (await validValues(userForm)) as { username: string; displayName: string; role: string; departmentId?: number | null; password?: string } | null;
    if (!v) return;
    try {
      if (userDialog?.user) {
        await api.patch(`/api/users/${userDialog.user.id}`, { displayName: v.displayName, role: v.role, departmentId: v.departmentId ?? null, ...(v.password ? { password: v.password } : {}) });
        message.success(t("已修改"));
      } else {
        await api.post("/api/users", { username: v.username, displayName: v.displayName, role: v.role, departmentId: v.departmentId ?? null, password: v.password });
        message.success(t("已新建账户"));
      }
      setUserDialog(null);
      await load();
    } catch (e) {
      fail(e);
    }
  };

  const saveDept = async () => {
    const v = (await validValues(deptForm)) as { name: string } | null;
    if (!v) return;
    try {
      if (deptDialog?.dept) await api.patch(`/api/departments/${deptDialog.dept.id}`, { name: v.name });
      else await api.post("/api/departments", { name: v.name });
      setDeptDialog(null);
      message.success(t("已保存"));
      await load();
    } catch (e) {
      fail(e);
    }
  };

  const toggle = async (u: User, disabled: boolean) => {
    try {
      await api.patch(`/api/users/${u.id}`, { disabled });
      await load();
    } catch (e) {
      fail(e);
    }
  };

  return (
    <Card title={t("用户与部门")}>
      <Tabs
        items={[
          {
            key: "users",
            label: t("用户"),
            children: (
              <>
                <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => {
                  userForm.resetFields();
                  userForm.setFieldsValue({ role: "preparer" });
                  setUserDialog({});
                }}>
                  {t("新建账户")}
                </Button>
                <Table<User>
                  rowKey="id"
                  size="small"
                  loading={users === null}
                  dataSource={users ?? []}
                  columns={[
                    { title: t("用户名"), dataIndex: "username" },
                    { title: t("显示名"), dataIndex: "displayName" },
                    { title: t("角色"), dataIndex: "role", render: (r: string) => <Tag color={ROLE[r]?.color}>{t(ROLE[r]?.label ?? r)}</Tag> },
                    { title: t("部门"), dataIndex: "departmentName", render: (d: string | null) => d ?? "—" },
                    { title: t("状态"), dataIndex: "disabled", render: (d: boolean, u) => <Switch size="small" checked={!d} checkedChildren={t("启用")} unCheckedChildren={t("停用")} onChange={(on) => void toggle(u, !on)} /> },
                    {
                      title: t("操作"),
                      key: "op",
                      render: (_, u) => (
                        <Button size="small" type="link" onClick={() => {
                          userForm.resetFields();
                          userForm.setFieldsValue({ username: u.username, displayName: u.displayName, role: u.role, departmentId: u.departmentId });
                          setUserDialog({ user: u });
                        }}>
                          {t("编辑")}
                        </Button>
                      ),
                    },
                  ]}
                />
              </>
            ),
          },
          {
            key: "departments",
            label: t("部门管理"),
            children: (
              <>
                <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => {
                  deptForm.resetFields();
                  setDeptDialog({});
                }}>
                  {t("新建部门")}
                </Button>
                <Table<Department>
                  rowKey="id"
                  size="small"
                  dataSource={departments}
                  columns={[
                    { title: t("编号"), dataIndex: "id", width: 80 },
                    { title: t("名称"), dataIndex: "name" },
                    { title: t("账户数"), key: "n", width: 100, render: (_, d) => (users ?? []).filter((u) => u.departmentId === d.id).length },
                    {
                      title: t("操作"),
                      key: "op",
                      width: 120,
                      render: (_, d) => (
                        <Button size="small" type="link" onClick={() => {
                          deptForm.setFieldsValue({ name: d.name });
                          setDeptDialog({ dept: d });
                        }}>
                          {t("重命名")}
                        </Button>
                      ),
                    },
                  ]}
                />
              </>
            ),
          },
        ]}
      />
      <Modal open={userDialog !== null} title={userDialog?.user ? t("编辑账户 {name}", { name: userDialog.user.username }) : t("新建账户")} okText={t("保存")} cancelText={t("取消")} onOk={() => void saveUser()} onCancel={() => setUserDialog(null)} afterOpenChange={(open) => open && focusFirst(userForm, userDialog?.user ? "displayName" : "username")}>
        <Form form={userForm} layout="vertical">
          <Form.Item name="username" label={t("用户名")} rules={[{ required: true, pattern: /^[A-Za-z0-9._@-]{1,64}$/, message: t("字母、数字和 . _ @ -，至多 64 个字符") }]}>
            <Input disabled={Boolean(userDialog?.user)} />
          </Form.Item>
          <Form.Item name="displayName" label={t("显示名")} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="role" label={t("角色")} rules={[{ required: true }]}>
            <Select options={Object.entries(ROLE).map(([value, r]) => ({ value, label: t(r.label) }))} />
          </Form.Item>
          <Form.Item name="departmentId" label={t("部门")} dependencies={["role"]} rules={[({ getFieldValue }) => ({ validator: (_, v) => (getFieldValue("role") === "preparer" && (v === null || v === undefined) ? Promise.reject(new Error(t("编制人必须属于一个部门"))) : Promise.resolve()) })]}>
            <Select allowClear options={departments.map((d) => ({ value: d.id, label: d.name }))} />
          </Form.Item>
          <Form.Item name="password" label={userDialog?.user ? t("重设密码（留空不改）") : t("初始密码")} extra={passwordRuleText(t)} rules={userDialog?.user ? [{ min: PASSWORD_MIN_LENGTH, message: t("密码至少 {n} 个字符", { n: PASSWORD_MIN_LENGTH }) }] : [{ required: true, message: t("请输入密码") }, { min: PASSWORD_MIN_LENGTH, message: t("密码至少 {n} 个字符", { n: PASSWORD_MIN_LENGTH }) }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={deptDialog !== null} title={deptDialog?.dept ? t("重命名部门") : t("新建部门")} okText={t("保存")} cancelText={t("取消")} onOk={() => void saveDept()} onCancel={() => setDeptDialog(null)} afterOpenChange={(open) => open && focusFirst(deptForm, "name")}>
        <Form form={deptForm} layout="vertical">
          <Form.Item name="name" label={t("部门名称")} rules={[{ required: true, whitespace: true }]}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
      <Space />
    </Card>
  );
}
