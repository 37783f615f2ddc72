/** A small history-API router: the app has a handful of routes and needs no library for them. */
import { useEffect, useMemo, useState, useTransition } from "react";

const listeners = new Set<() => void>();
function subscribe(fn: () => void): () => void {
  listeners.add(fn);
  window.addEventListener("popstate", fn);
  return () => {
    listeners.delete(fn);
    window.removeEventListener("popstate", fn);
  };
}
const snapshot = () => window.location.pathname + window.location.search;

/**
 * A page that must not be left silently (the editor with unsaved edits) registers a guard: it
 * answers true when it takes over (asks the user) and calls `proceed` if the user agrees.
 */
export type LeaveGuard = (proceed: () => void) => boolean;
let leaveGuard: LeaveGuard | null = null;
export function setLeaveGuard(guard: LeaveGuard): () => void {
  leaveGuard = guard;
  return () => {
    if (leaveGuard === guard) leaveGuard = null;
  };
}

/** Go to `to` inside the app; `force` skips the leave guard (the page itself decided to leave). */
export function navigate(to: string, replace = false, force = false): void {
  if (!force && leaveGuard && to !== snapshot() && leaveGuard(() => navigate(to, replace, true))) return;
  if (replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  for (const fn of listeners) fn();
}

/**
 * The current path and query. A change of page is a transition: while the next page's code is
 * still loading, the current page stays on screen, and the next one shows as soon as it can
 * render (an update React must render at once would show the loading spinner instead, and
 * React then holds the spinner for at least 300 ms before the page replaces it). `pending` is
 * true while the next page is on its way and the one on screen is no longer current.
 */
export function useLocation(): { path: string; query: URLSearchParams; pending: boolean } {
  const [loc, setLoc] = useState(snapshot);
  const [pending, startTransition] = useTransition();
  useEffect(() => {
    const update = () => startTransition(() => setLoc(snapshot()));
    update(); // a change between the first render and this effect
    return subscribe(update);
  }, []);
  // The query keeps its identity while only `pending` changes (pages use it in effects).
  const parsed = useMemo(() => parse(loc), [loc]);
  return useMemo(() => ({ ...parsed, pending }), [parsed, pending]);
}

function parse(loc: string): { path: string; query: URLSearchParams } {
  const q = loc.indexOf("?");
  return q < 0 ? { path: loc, query: new URLSearchParams() } : { path: loc.slice(0, q), query: new URLSearchParams(loc.slice(q + 1)) };
}

/** Match `/budgets/:id` style patterns. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split("/").filter(Boolean);
  const s = path.split("/").filter(Boolean);
  if (p.length !== s.length) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i] as string;
    const val = s[i] as string;
    if (seg.startsWith(":")) out[seg.slice(1)] = decodeURIComponent(val);
    else if (seg !== val) return null;
  }
  return out;
}

export function Link(props: { to: string; children: React.ReactNode; className?: string }) {
  return (
    <a
      href={props.to}
      className={props.className}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(props.to);
      }}
    >
      {props.children}
    </a>
  );
}
