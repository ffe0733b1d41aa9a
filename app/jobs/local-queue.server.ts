import { hostname } from "node:os";
import type { Database } from "../db.server";
import {
  backoffMs,
  type TaskHandlers,
  type TaskInput,
  type TaskQueue,
  type Worker,
  type WorkerOptions,
} from "./queue";

export type LocalQueueOptions = {
  /** How long a lease lasts without a heartbeat before another worker may take the task. */
  leaseMs?: number;
  pollMs?: number;
};

type TaskRow = NonNullable<Awaited<ReturnType<Database["task"]["findUnique"]>>>;

function isUniqueViolation(error: unknown) {
  return (error as { code?: string } | null)?.code === "P2002";
}

export function defaultWorkerId() {
  return process.env.WORKER_ID ?? `${hostname()}:${process.pid}`;
}

/**
 * The embedded driver: tasks are rows of the app's database. A worker leases a
 * row (a conditional update, so two workers never take the same task),
 * heartbeats while it runs, and a task whose lease ran out (its worker was
 * killed) is leased again. Failures back off with jitter; after maxAttempts a
 * task is kept as a dead letter.
 */
export class LocalQueue implements TaskQueue {
  private readonly leaseMs: number;
  private readonly pollMs: number;

  constructor(
    private readonly db: Database,
    options: LocalQueueOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? Number(process.env.PATRON_LEASE_MS ?? 30_000);
    this.pollMs = options.pollMs ?? 100;
  }

  private row(task: TaskInput) {
    return {
      shop: task.shop,
      name: task.name,
      payload: JSON.stringify(task.payload ?? null),
      dedupeKey: task.dedupeKey ?? null,
      runAt: task.runAt ?? new Date(),
      maxAttempts: task.maxAttempts ?? 8,
    };
  }

  async enqueueOnce(task: TaskInput & { dedupeKey: string }) {
    try {
      await this.db.task.create({ data: this.row(task) });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async enqueue(task: TaskInput) {
    if (
      await this.enqueueOnce({
        ...task,
        dedupeKey: task.dedupeKey ?? `${task.name}:${crypto.randomUUID()}`,
      })
    )
      return;
    const runAt = task.runAt ?? new Date();
    const key = { shop: task.shop, dedupeKey: task.dedupeKey };
    await this.db.task.updateMany({
      where: { ...key, status: { in: ["done", "dead"] } },
      data: {
        status: "queued",
        runAt,
        attempts: 0,
        lastError: null,
        payload: JSON.stringify(task.payload ?? null),
      },
    });
    // Running now: moving runAt tells the running worker to queue it again when it finishes.
    await this.db.task.updateMany({ where: { ...key, status: "leased" }, data: { runAt } });
    await this.db.task.updateMany({
      where: { ...key, status: "queued", runAt: { gt: runAt } },
      data: { runAt },
    });
  }

  private async lease(
    names: string[],
    workerId: string,
    shops?: string[],
  ): Promise<TaskRow | null> {
    const now = new Date();
    const candidates = await this.db.task.findMany({
      where: {
        name: { in: names },
        ...(shops ? { shop: { in: shops } } : {}),
        OR: [
          { status: "queued", runAt: { lte: now } },
          { status: "leased", leaseUntil: { lt: now } },
        ],
      },
      orderBy: { runAt: "asc" },
      take: 8,
      select: { id: true, status: true, leaseUntil: true },
    });
    for (const candidate of candidates) {
      const taken = await this.db.task.updateMany({
        where: { id: candidate.id, status: candidate.status, leaseUntil: candidate.leaseUntil },
        data: {
          status: "leased",
          leasedBy: workerId,
          leaseUntil: new Date(Date.now() + this.leaseMs),
          attempts: { increment: 1 },
        },
      });
      if (taken.count === 1) return this.db.task.findUnique({ where: { id: candidate.id } });
    }
    return null;
  }

  private async run(
    task: TaskRow,
    handlers: TaskHandlers,
    workerId: string,
    stopping: AbortSignal,
  ) {
    const db = this.db;
    const mine = { id: task.id, leasedBy: workerId, status: "leased" };
    const release = { leasedBy: null, leaseUntil: null };
    const controller = new AbortController();
    const stopTask = () => controller.abort();
    stopping.addEventListener("abort", stopTask);
    const heartbeat = setInterval(
      async () => {
        const kept = await db.task
          .updateMany({ where: mine, data: { leaseUntil: new Date(Date.now() + this.leaseMs) } })
          .catch(() => ({ count: 1 }));
        if (kept.count === 0) controller.abort(); // someone else has it now
      },
      Math.max(50, Math.floor(this.leaseMs / 3)),
    );
    try {
      const result = await handlers[task.name]!(JSON.parse(task.payload), {
        shop: task.shop,
        attempt: task.attempts,
        workerId,
        signal: controller.signal,
      });
      const retryAt = result && "retryAt" in result ? result.retryAt : null;
      if (retryAt) {
        await db.task.updateMany({
          where: mine,
          data: { status: "queued", runAt: retryAt, attempts: { decrement: 1 }, ...release },
        });
        return;
      }
      // Enqueued again while it ran (runAt moved): run again rather than finish.
      const done = await db.task.updateMany({
        where: { ...mine, runAt: task.runAt },
        data: { status: "done", ...release },
      });
      if (done.count === 0) {
        await db.task.updateMany({
          where: mine,
          data: { status: "queued", attempts: 0, ...release },
        });
      }
    } catch (error) {
      if (stopping.aborted) {
        // The worker is stopping: hand the task back untouched, it did not fail.
        await db.task.updateMany({
          where: mine,
          data: { status: "queued", attempts: { decrement: 1 }, ...release },
        });
        return;
      }
      const message = (error as Error).message ?? String(error);
      const dead = task.attempts >= task.maxAttempts;
      console.error(
        `task ${task.name} for ${task.shop} failed (attempt ${task.attempts}): ${message}`,
      );
      await db.task.updateMany({
        where: mine,
        data: {
          status: dead ? "dead" : "queued",
          lastError: message.slice(0, 2000),
          runAt: new Date(Date.now() + backoffMs(task.attempts)),
          ...release,
        },
      });
    } finally {
      clearInterval(heartbeat);
      stopping.removeEventListener("abort", stopTask);
    }
  }

  /** Runs every task that is due now, one at a time, and returns how many ran (tests, scripts). */
  async drain(handlers: TaskHandlers, { workerId = defaultWorkerId(), shops }: WorkerOptions = {}) {
    let ran = 0;
    const names = Object.keys(handlers);
    const next = () => this.lease(names, workerId, shops);
    for (let task = await next(); task; task = await next()) {
      await this.run(task, handlers, workerId, new AbortController().signal);
      ran++;
    }
    return ran;
  }

  startWorker(handlers: TaskHandlers, options: WorkerOptions = {}): Worker {
    const workerId = options.workerId ?? defaultWorkerId();
    const concurrency = options.concurrency ?? 4;
    const controller = new AbortController();
    const running = new Set<Promise<void>>();
    const names = Object.keys(handlers);
    // A restarted worker with the same id takes its own tasks back at once.
    const reclaimed = this.db.task.updateMany({
      where: { status: "leased", leasedBy: workerId },
      data: { status: "queued", leasedBy: null, leaseUntil: null },
    });

    const loop = (async () => {
      await reclaimed;
      while (!controller.signal.aborted) {
        if (running.size >= concurrency) {
          await Promise.race(running);
          continue;
        }
        const task = await this.lease(names, workerId, options.shops).catch((error: Error) => {
          console.error(`task queue: ${error.message}`);
          return null;
        });
        if (!task) {
          await new Promise((resolve) => setTimeout(resolve, this.pollMs));
          continue;
        }
        const done = this.run(task, handlers, workerId, controller.signal).finally(() =>
          running.delete(done),
        );
        running.add(done);
      }
      await Promise.allSettled(running);
    })();

    return {
      async stop() {
        controller.abort();
        await loop;
      },
    };
  }

  async close() {}
}
