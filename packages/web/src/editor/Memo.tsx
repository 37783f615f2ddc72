/**
 * Render a piece of the page again only when its listed inputs change. The editor re-renders
 * on every keystroke; antd components are costly to render, so the toolbar, dialogs and other
 * parts that do not depend on the figures are kept out of that work.
 */
import { memo, type ReactNode } from "react";

export const Memo = memo(
  function Memo({ render }: { deps: readonly unknown[]; render: () => ReactNode }) {
    return <>{render()}</>;
  },
  (a, b) => a.deps.length === b.deps.length && a.deps.every((d, i) => Object.is(d, b.deps[i])),
);
