/**
 * Problems with input, and warnings about a result, as data: a code, where it is, the service
 * item concerned where there is one, and parameters typed by the code (./codes.ts). They are
 * turned into Chinese (or English) sentences only at the edge, by ./messages.ts.
 */
import type { ProblemCode, ProblemParams, WarningCode, WarningParams } from "./codes.js";

export type { ProblemCode, ProblemParams, WarningCode, WarningParams } from "./codes.js";

export type PathSegment = string | number;
export type FieldPath = readonly PathSegment[];

/**
 * Where a problem is.
 * - `file`: the file (or document) as a whole; its name is added at the edge.
 * - `field`: a field of the budget document, `services[2].personMonths`.
 * - `cell`: a workbook cell, `人力成本测算表!H7` (cell "" for the sheet as a whole), with the
 *   budget field it holds where there is one.
 * - `body`: a field of an HTTP request body.
 */
export type Location =
  | { readonly kind: "file" }
  | { readonly kind: "field"; readonly path: FieldPath }
  | { readonly kind: "cell"; readonly sheet: string; readonly cell: string; readonly path?: FieldPath }
  | { readonly kind: "body"; readonly path: FieldPath };

export const FILE: Location = { kind: "file" };
export const fieldAt = (path: FieldPath): Location => ({ kind: "field", path });
export const cellAt = (sheet: string, cell: string, path?: FieldPath): Location => (path === undefined ? { kind: "cell", sheet, cell } : { kind: "cell", sheet, cell, path });
export const bodyAt = (path: FieldPath): Location => ({ kind: "body", path });

/** One problem of one code: its parameters are that code's. */
export interface ProblemOf<C extends ProblemCode> {
  readonly code: C;
  readonly at: Location;
  /** The service item id concerned, where there is one. */
  readonly item?: string;
  readonly params: ProblemParams<C>;
}
/** A problem of any code; `switch (p.code)` narrows its params. */
export type Problem = { [C in ProblemCode]: ProblemOf<C> }[ProblemCode];

export interface WarningOf<C extends WarningCode> {
  readonly code: C;
  readonly path: FieldPath;
  readonly item?: string;
  readonly params: WarningParams<C>;
}
export type Warning = { [C in WarningCode]: WarningOf<C> }[WarningCode];

/** A warning with its params checked against its code. */
export function warning<C extends WarningCode>(code: C, path: FieldPath, params: WarningParams<C>, item?: string): Warning {
  return (item === undefined ? { code, path, params } : { code, path, params, item }) as unknown as Warning;
}

/** `services[2].personMonths` */
export function formatPath(path: FieldPath): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out === "" ? seg : `.${seg}`;
  }
  return out === "" ? "(文件)" : out;
}

/** A budget's lists as the screens, the report and the workbook name them. */
const PLACE_LIST: Record<string, readonly [string, string]> = {
  dataProducts: ["数据产品费 D", "data products D"],
  equipment: ["设备材料费 E", "equipment E"],
  business: ["业务费 B", "business expenses B"],
  external: ["公式(1)之外计价的服务", "services priced outside formula (1)"],
};
const PLACE_FIELD: Record<string, readonly [string, string]> = {
  item: ["服务内容", "service item"],
  personMonths: ["工作量", "person-months"],
  units: ["单位数", "units"],
  collaboration: ["协同难度", "collaboration level"],
  method: ["计价方法", "pricing method"],
  note: ["备注", "note"],
  name: ["名称", "name"],
  amount: ["金额", "amount"],
  basis: ["计价依据", "basis"],
};

/**
 * Where a field path points, in the words of the screens: 第 5 行服务内容的工作量, 数据产品费 D 第 1 项,
 * 公式(1)之外计价的服务第 1 项的计价依据, 费率方案第二档. "" for the budget as a whole (its
 * total workload, its rates, its name are said by the message itself).
 */
export function placeOfPath(path: FieldPath, locale: "zh-CN" | "en" = "zh-CN"): string {
  const en = locale === "en";
  const field = (f: unknown): string => {
    const label = typeof f === "string" ? PLACE_FIELD[f] : undefined;
    return label ? (en ? ` (${label[1]})` : `的${label[0]}`) : "";
  };
  const [a, b, c, d] = path;
  if (a === "services" && typeof b === "number") return (en ? `line ${b + 1}` : `第 ${b + 1} 行`) + field(c);
  if (a === "external" && typeof b === "number") return (en ? `${PLACE_LIST.external?.[1]} no. ${b + 1}` : `${PLACE_LIST.external?.[0]}第 ${b + 1} 项`) + field(c);
  if (a === "nonLabor" && typeof b === "string" && PLACE_LIST[b]) {
    const list = PLACE_LIST[b];
    return typeof c === "number" ? (en ? `${list[1]} no. ${c + 1}` : `${list[0]} 第 ${c + 1} 项`) + field(d) : en ? list[1] : list[0];
  }
  if (a === "rates" && typeof b === "number") return en ? `rate profile, tier ${b + 1}` : `费率方案第${"一二三四五"[b] ?? b + 1}档`;
  return "";
}

/** The field path of a problem located in a document, a request body or a cell holding a field; [] otherwise. */
export function problemPath(p: Problem): FieldPath {
  return p.at.kind === "file" ? [] : (p.at.path ?? []);
}

export class ProblemList {
  readonly problems: Problem[] = [];
  /** A problem at a field of the document. */
  add<C extends ProblemCode>(code: C, path: FieldPath, params: ProblemParams<C>, item?: string): void {
    this.addAt(code, { kind: "field", path }, params, item);
  }
  addAt<C extends ProblemCode>(code: C, at: Location, params: ProblemParams<C>, item?: string): void {
    const p: ProblemOf<C> = item === undefined ? { code, at, params } : { code, at, params, item };
    this.problems.push(p as unknown as Problem);
  }
  get size(): number {
    return this.problems.length;
  }
}
