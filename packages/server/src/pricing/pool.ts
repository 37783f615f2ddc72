/**
 * Pricing off the main thread. Validating, pricing and serialising a budget is pure CPU work: a
 * 50-line budget takes about half a millisecond, a 100,000-line one several hundred. On the main thread that time
 * is taken from every other request; here it runs on worker threads (by default one fewer than the
 * machine's cores, at least one), and the main thread keeps answering. GOVCOST_PRICING_THREADS=0
 * prices on the main thread instead (same code, same bytes).
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { runJob, type Job, type JobResult } from "./jobs.js";

export interface Pricer {
  run<J extends Job>(job: J): Promise<JobResult<J>>;
  /** Threads in use (0: the main thread prices). */
  readonly threads: number;
  close(): Promise<void>;
}

// The built worker, found from both dist/pricing/pool.js and src/pricing/pool.ts (under the tests).
const WORKER_FILE = fileURLToPath(new URL("../../dist/pricing/worker.js", import.meta.url));

export function defaultPricingThreads(): number {
  const env = process.env.GOVCOST_PRICING_THREADS;
  if (env !== undefined && /^\d+$/.test(env.trim())) return Math.min(Number(env), 64);
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/** `workerFile` is for tests (a thread that fails); the server uses the built worker. */
export function createPricer(threads = defaultPricingThreads(), log: (line: string) => void = () => undefined, workerFile = WORKER_FILE): Pricer {
  if (threads > 0 && !existsSync(workerFile)) {
    log(`未找到定价线程文件 ${workerFile}（尚未构建？），改为在主线程测算`);
    threads = 0;
  }
  if (threads === 0) return inline;
  return new WorkerPool(threads, log, workerFile);
}

const inline: Pricer = {
  threads: 0,
  run: async <J extends Job>(job: J) => runJob(job) as JobResult<J>,
  close: async () => undefined,
};

interface Pending {
  job: Job;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

class PricingThread {
  readonly pending = new Map<number, Pending>();
  readonly worker: Worker;
  exited = false;
  online = false;

  constructor(file: string, onExit: (t: PricingThread, why: string) => void) {
    // None of the main process's flags: some mean nothing to a worker's file (--input-type, -e) and
    // V8 flags (--max-semi-space-size …) make `new Worker` throw.
    this.worker = new Worker(file, { execArgv: [] });
    // Idle threads do not keep the process alive; a thread with work does (see run()).
    this.worker.unref();
    this.worker.on("message", (m: { id: number; result?: unknown; error?: string; ready?: true }) => {
      // The thread says so once its modules are loaded.
      if (m.ready) {
        this.online = true;
        return;
      }
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) this.worker.unref();
      if (m.error !== undefined) p.reject(new Error(`pricing thread: ${m.error}`));
      else p.resolve(m.result);
    });
    const fail = (why: string) => {
      if (this.exited) return;
      this.exited = true;
      onExit(this, why);
    };
    this.worker.on("error", (e) => fail(e.stack ?? e.message));
    this.worker.on("exit", (code) => fail(`exit code ${code}`));
  }
}

class WorkerPool implements Pricer {
  private readonly pool: (PricingThread | undefined)[];
  private next = 1;
  private closed = false;
  /** Threads could not start here at all: price on the main thread from now on. */
  private broken = false;

  constructor(
    readonly threads: number,
    private readonly log: (line: string) => void,
    private readonly file: string,
  ) {
    this.pool = new Array<PricingThread | undefined>(threads).fill(undefined);
  }

  private stopped(i: number, dead: PricingThread, why: string): void {
    if (this.pool[i] === dead) this.pool[i] = undefined;
    const pending = [...dead.pending.values()];
    dead.pending.clear();
    if (!dead.online && !this.closed) {
      // It never started (a missing module, a flag it refuses): the jobs are still good.
      if (!this.broken) this.log(`定价线程无法启动，改为在主线程测算：${why}`);
      this.broken = true;
      for (const p of pending) void inline.run(p.job).then(p.resolve, p.reject);
      return;
    }
    // It stopped while working (out of memory on a huge budget?): those requests fail, the next start afresh.
    for (const p of pending) p.reject(new Error(`pricing thread stopped: ${why}`));
  }

  /** The thread with the least work queued, started (or restarted after a crash) on first use. */
  private pick(): PricingThread {
    let best = -1;
    for (let i = 0; i < this.pool.length; i++) {
      const t = this.pool[i];
      if (!t) {
        const started = new PricingThread(this.file, (dead, why) => this.stopped(i, dead, why));
        this.pool[i] = started;
        return started;
      }
      if (best < 0 || t.pending.size < (this.pool[best]?.pending.size ?? Infinity)) best = i;
    }
    const t = this.pool[best];
    if (!t) throw new Error("no pricing thread");
    return t;
  }

  run<J extends Job>(job: J): Promise<JobResult<J>> {
    if (this.closed) return Promise.reject(new Error("pricing threads are closed"));
    if (this.broken) return inline.run(job);
    let t: PricingThread;
    try {
      t = this.pick();
    } catch (e) {
      // `new Worker` itself refused (resource limits, an unsupported option): as if it never started.
      this.log(`定价线程无法启动，改为在主线程测算：${e instanceof Error ? e.message : String(e)}`);
      this.broken = true;
      return inline.run(job);
    }
    const id = this.next++;
    return new Promise<JobResult<J>>((resolve, reject) => {
      t.pending.set(id, { job, resolve: resolve as (v: unknown) => void, reject });
      if (t.pending.size === 1) t.worker.ref();
      t.worker.postMessage({ id, job });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.pool.map((t) => t?.worker.terminate()));
    this.pool.fill(undefined);
  }
}
