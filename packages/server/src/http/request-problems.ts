/**
 * A request body's or query's problems as the core's problems, located at the body path: the same
 * codes, parameters and Chinese/English sentences as a budget file's, not zod's own wording.
 */
import type { z } from "zod";
import { bodyAt, ProblemList, problemsToJson, type ProblemDetail } from "@govcost/core";

/** A value quoted in a message: at most a short prefix (a hostile body may send megabytes). */
function shown(v: unknown): string {
  const s = typeof v === "string" ? v : JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/** zod's issues (parsed with reportInput) → located problems. */
export function requestProblems(issues: readonly z.core.$ZodIssue[]): ProblemDetail[] {
  const list = new ProblemList();
  for (const i of issues) {
    const path = i.path.filter((s): s is string | number => typeof s !== "symbol");
    const at = bodyAt(path);
    const field = String(path[path.length - 1] ?? "");
    switch (i.code) {
      case "invalid_type":
        if (i.input === undefined) list.addAt("required", at, { field });
        else list.addAt("wrong_type", at, { expected: i.expected, actual: typeName(i.input) });
        break;
      case "too_big":
        if (i.origin === "string") list.addAt("text_too_long", at, { max: Number(i.maximum) });
        else if (i.origin === "array" || i.origin === "set") list.addAt("too_many", at, { max: Number(i.maximum) });
        else list.addAt("too_large", at, { value: shown(i.input), max: String(i.maximum) });
        break;
      case "too_small":
        if (i.origin === "string") {
          if (Number(i.minimum) <= 1) list.addAt("empty_text", at, {});
          else list.addAt("text_too_short", at, { min: Number(i.minimum) });
        } else if (i.origin === "array" || i.origin === "set") list.addAt("too_few", at, { min: Number(i.minimum) });
        else list.addAt("too_small", at, { value: shown(i.input), min: String(i.minimum) });
        break;
      case "invalid_value":
        list.addAt("bad_value", at, { value: shown(i.input), allowed: i.values.map((v) => String(v)).join("、") });
        break;
      case "invalid_format":
        list.addAt("bad_format", at, { value: shown(i.input) });
        break;
      case "unrecognized_keys":
        for (const key of i.keys) list.addAt("unknown_request_field", bodyAt([...path, key]), { field: key });
        break;
      case "not_multiple_of":
        list.addAt("bad_format", at, { value: shown(i.input) });
        break;
      default:
        list.addAt("invalid", at, {});
    }
  }
  return problemsToJson(list.problems);
}
