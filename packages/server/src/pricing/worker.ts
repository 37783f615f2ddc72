/** A pricing thread: runs jobs (jobs.ts) for the main thread and sends back plain results. */
import { parentPort } from "node:worker_threads";
import { runJob, type Job } from "./jobs.js";

if (!parentPort) throw new Error("pricing worker started outside a worker thread");
const port = parentPort;

port.on("message", (m: { id: number; job: Job }) => {
  try {
    // (Results are copied across: texts and a few kilobytes of gzip.)
    port.postMessage({ id: m.id, result: runJob(m.job) });
  } catch (e) {
    port.postMessage({ id: m.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});

// Loaded and listening: the pool knows this thread can work.
port.postMessage({ ready: true });
