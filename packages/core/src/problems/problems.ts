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
