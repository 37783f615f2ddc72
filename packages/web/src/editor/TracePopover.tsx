/**
 * One shared popover for the trail of a line, the trail of a summary figure and a service
 * item's description: a popover per row would slow the first render of a large budget.
 */
import { useCallback, useEffect, useState } from "react";
import { Popover } from "antd";
import { INDEX } from "../draft.js";
import { useT } from "../i18n.js";
import { TraceFor } from "./LineRow.js";
import { TextTrace } from "./Trace.js";

export interface TraceAnchor {
  /** The line whose trail is shown, or -1 for a text. */
  index: number;
  text: { title: string; lines: string[]; help?: boolean } | null;
  left: number;
  top: number;
  width: number;
  height: number;
}

export type ShowText = (title: string, lines: string[], anchor: HTMLElement) => void;

function box(anchor: HTMLElement) {
  const r = anchor.getBoundingClientRect();
  return { left: r.left, top: r.top, width: r.width, height: r.height };
}

/** The popover's state and stable openers for rows and figures. */
export function useTracePopover() {
  const [trace, setTrace] = useState<TraceAnchor | null>(null);
  const onTrace = useCallback((index: number, anchor: HTMLElement) => setTrace({ index, text: null, ...box(anchor) }), []);
  const onShowText = useCallback<ShowText>((title, lines, anchor) => setTrace({ index: -1, text: { title, lines }, ...box(anchor) }), []);
  const onHelp = useCallback((itemId: string, anchor: HTMLElement) => {
    const item = INDEX.items.get(itemId);
    if (!item) return;
    setTrace({ index: -1, text: { title: `${item.id} ${item.name}`, lines: [`${item.descriptionClause}：${item.description}`], help: true }, ...box(anchor) });
  }, []);
  const close = useCallback(() => setTrace(null), []);
  // Scrolling moves the anchor away; Escape closes.
  useEffect(() => {
    if (!trace) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && close();
    window.addEventListener("scroll", close, true);
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("scroll", close, true);
      window.removeEventListener("keydown", onKey);
    };
  }, [trace, close]);
  return { trace, onTrace, onShowText, onHelp, close };
}

export function TracePopover({ trace, onClose }: { trace: TraceAnchor | null; onClose: () => void }) {
  const t = useT();
  if (!trace) return null;
  const content = trace.text?.help ? (
    <div className="gc-help-text" role="note" data-testid="line-help">
      <div style={{ fontWeight: 600, marginBottom: 4 }}>{trace.text.title}</div>
      {trace.text.lines.map((l, i) => (
        <p key={i}>{l}</p>
      ))}
    </div>
  ) : trace.text ? (
    <TextTrace title={trace.text.title} lines={trace.text.lines} />
  ) : (
    <TraceFor index={trace.index} />
  );
  return (
    <Popover open title={trace.text?.help ? t("服务说明") : t("计算依据")} content={content} placement={trace.text ? "top" : "left"} onOpenChange={(o) => (o ? undefined : onClose())} trigger="click">
      <span style={{ position: "fixed", left: trace.left, top: trace.top, width: trace.width, height: trace.height, pointerEvents: "none" }} />
    </Popover>
  );
}
