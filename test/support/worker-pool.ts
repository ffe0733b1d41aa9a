import { readFileSync } from "node:fs";
import { spawnWorker, type WorkerProcess } from "./crash";

// Linux only (null elsewhere): user + system time, in clock ticks of 1/100 s.
export function cpuSecondsOf(pid: number | undefined) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * CPU time of every process of the machine (workers, simulator, PostgreSQL,
 * Redis, and anything else running): what competed for the cores in a run.
 */
export function machineBusySeconds() {
  try {
    const [, ...ticks] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.split(/\s+/);
    const [user, nice, system, , , irq, softirq, steal] = ticks.map(Number);
    return (user! + nice! + system! + irq! + softirq! + steal!) / 100;
  } catch {
    return null;
  }
}

export type PoolWorker = {
  id: string;
  process: WorkerProcess;
  killed: boolean;
  /** Read just before it stopped or was killed. */
  cpuSeconds: number | null;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `npm run worker` processes sharing one environment, each under its own WORKER_ID. */
export class WorkerPool {
  readonly workers: PoolWorker[] = [];

  constructor(private readonly env: Record<string, string>) {}

  start(id: string) {
    // One connection pool per shop, as in production: a worker's calls in flight are not capped by the test's routing.
    const process = spawnWorker({ ...this.env, WORKER_ID: id }, { router: "each-shop" });
    const worker: PoolWorker = { id, process, killed: false, cpuSeconds: null };
    this.workers.push(worker);
    return worker;
  }

  /** A worker that stopped without being killed: its output says why. */
  crashed() {
    return this.workers.find(
      (w) => !w.killed && (w.process.child.exitCode !== null || w.process.child.signalCode),
    );
  }

  async kill(worker: PoolWorker) {
    worker.cpuSeconds = cpuSecondsOf(worker.process.child.pid);
    worker.killed = true;
    worker.process.child.kill("SIGKILL");
    await worker.process.exited;
  }

  readCpu() {
    for (const w of this.workers) if (!w.killed) w.cpuSeconds = cpuSecondsOf(w.process.child.pid);
  }

  /** SIGTERM (the worker finishes its calls in flight), SIGKILL if it hangs. */
  async stopAll() {
    await Promise.all(
      this.workers.map(async ({ process }) => {
        if (process.child.exitCode !== null || process.child.signalCode) return;
        process.child.kill("SIGTERM");
        const gone = await Promise.race([process.exited.then(() => true), sleep(15_000)]);
        if (!gone) process.child.kill("SIGKILL");
        await process.exited;
      }),
    );
  }
}
