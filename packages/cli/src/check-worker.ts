/** A worker thread of `govcost check` on a batch: checks the files it is sent, one at a time. */
import { parentPort } from "node:worker_threads";
import { checkOne, type CheckJob } from "./check-file.js";

const port = parentPort;
if (port) {
  const wb = await import("@govcost/workbook");
  port.on("message", (msg: { id: number; job: CheckJob }) => {
    checkOne(msg.job, wb).then(
      (outcome) => port.postMessage({ id: msg.id, outcome }),
      (e: unknown) => port.postMessage({ id: msg.id, error: e instanceof Error ? e.message : String(e) }),
    );
  });
}
