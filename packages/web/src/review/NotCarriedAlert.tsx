/** The accepted decisions a budget does not carry out, listed under a message: in the submit dialog, above the reviewer's answers, and in the approval. */
import type { CSSProperties } from "react";
import { Alert } from "antd";
import type { NotCarried } from "@govcost/core";
import { useT } from "../i18n.js";
import { notCarriedText } from "./model.js";

export function NotCarriedAlert({ items, message, note, testId, style }: { items: readonly NotCarried[]; message: string; note?: string; testId: string; style?: CSSProperties }) {
  const t = useT();
  return (
    <Alert
      style={style}
      type="warning"
      showIcon
      data-testid={testId}
      message={message}
      description={
        <>
          {items.map((n) => (
            <div key={n.target}>{notCarriedText(n, t)}</div>
          ))}
          {note ? <div className="gc-muted">{note}</div> : null}
        </>
      }
    />
  );
}
