/**
 * Chinese is the language of the app; English is a switch. Strings are written in Chinese in
 * the code and looked up here for English, so a missing entry still shows correct Chinese.
 */
import { createContext, useContext } from "react";

export type Lang = "zh-CN" | "en";

const EN: Record<string, string> = {
  "政务信息化项目运营服务成本测算": "Government IT Operation Services Cost Estimation",
  预算管理: "Budgets",
  费率方案: "Rate profiles",
  用户与部门: "Users & departments",
  审计日志: "Audit log",
  登录: "Sign in",
  退出登录: "Sign out",
  用户名: "Username",
  密码: "Password",
  显示名: "Display name",
  角色: "Role",
  部门: "Department",
  操作: "Actions",
  名称: "Name",
  合计: "Total",
  总成本: "Total cost",
  最后修改: "Last change",
  修改人: "By",
  版本: "Version",
  新建预算: "New budget",
  导入: "Import",
  复制: "Copy",
  重命名: "Rename",
  删除: "Delete",
  编辑: "Edit",
  取消: "Cancel",
  确定: "OK",
  保存: "Save",
  另存为副本: "Save as a copy",
  版本历史: "Version history",
  对比: "Compare",
  恢复: "Restore",
  导出: "Export",
  服务目录: "Catalogue",
  人力成本: "Labor cost",
  非人力成本: "Non-labor cost",
  汇总: "Summary",
  添加: "Add",
  备注: "Note",
  工作量: "Person-months",
  协同难度: "Collaboration",
  计价方法: "Method",
  单价: "Unit price",
  金额: "Amount",
  档位: "Tier",
  系数: "Coefficient",
  服务内容: "Service item",
  数据产品费: "Data products",
  设备材料费: "Equipment",
  业务费: "Business expenses",
  元: "yuan",
  万元: "10k yuan",
  大写: "In words",
  "按类别": "By category",
  "按人员级别": "By staff tier",
  说明: "Description",
  "输入编号或名称添加服务（回车）": "Type an item id or name, Enter to add",
  "方法1 查系数": "Coefficient",
  "方法2 速查表": "Quick (B.2)",
  级别: "Level",
  单位数: "Units",
  初始化: "Setup",
  用户: "Users",
  部门管理: "Departments",
  新建: "New",
  已停用: "Disabled",
  停用: "Disable",
  启用: "Enable",
  管理员: "Administrator",
  编制人: "Preparer",
  审核人: "Reviewer",
  时间: "Time",
  动作: "Action",
  对象: "Target",
  详情: "Detail",
  加载更多: "Load more",
  保存说明: "Save comment",
  "有未保存的修改": "Unsaved changes",
  已保存: "Saved",
  计算依据: "Trail",
};

export const LangContext = createContext<{ lang: Lang; setLang: (l: Lang) => void }>({ lang: "zh-CN", setLang: () => {} });

export function translate(lang: Lang, zh: string): string {
  return lang === "en" ? (EN[zh] ?? zh) : zh;
}

export function useT(): (zh: string) => string {
  const { lang } = useContext(LangContext);
  return (zh: string) => translate(lang, zh);
}
