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

function isUniqueViolation(error: unknown) {
  return (error as { code?: string } | null)?.code === "P2002";
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
    this.pollMs = options.pollMs ?? 250;
  }

  async enqueue(task: TaskInput) {
    try {
      await this.db.task.create({
        data: {
          shop: task.shop,
          name: task.name,
          payload: JSON.stringify(task.payload ?? null),
          dedupeKey: task.dedupeKey ?? null,
          runAt: task.runAt ?? new Date(),
          maxAttempts: task.maxAttempts ?? 8,
        },
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Same key again: wake the existing task if it finished, so new work is seen.
      await this.db.task.updateMany({
        where: { shop: task.shop, dedupeKey: task.dedupeKey, status: "done" },
        data: { status: "queued", runAt: task.runAt ?? new Date(), attempts: 0, lastError: null },
      });
    }
  }

  startWorker(handlers: TaskHandlers, options: WorkerOptions = {}): Worker {
    const workerId = options.workerId ?? `${hostname()}:${process.pid}`;
    const concurrency = options.concurrency ?? 4;
    const controller = new AbortController();
    const running = new Set<Promise<void>>();
    const db = this.db;
    const leaseMs = this.leaseMs;

    const reclaimed = db.task.updateMany({
      where: { status: "leased", leasedBy: workerId },
      data: { status: "queued", leasedBy: null, leaseUntil: null },
    });

    const lease = async () => {
      const now = new Date();
      const candidates = await db.task.findMany({
        where: {
          name: { in: Object.keys(handlers) },
          OR: [
            { status: "queued", runAt: { lte: now } },
            { status: "leased", leaseUntil: { lt: now } },
          ],
        },
        orderBy: { runAt: "asc" },
        take: concurrency * 2,
        select: { id: true, status: true, leaseUntil: true },
      });
      for (const candidate of candidates) {
        const taken = await db.task.updateMany({
          where: { id: candidate.id, status: candidate.status, leaseUntil: candidate.leaseUntil },
          data: { status: "leased", leasedBy: workerId, leaseUntil: new Date(Date.now() + leaseMs), attempts: { increment: 1 } },
        });
        if (taken.count === 1) return db.task.findUnique({ where: { id: candidate.id } });
      }
      return null;
    };

    const run = async (task: NonNullable<Awaited<ReturnType<typeof lease>>>) => {
      const mine = { id: task.id, leasedBy: workerId, status: "leased" };
      const taskController = new AbortController();
      const stopTask = () => taskController.abort();
      controller.signal.addEventListener("abort", stopTask);
      const heartbeat = setInterval(async () => {
        const kept = await db.task
          .updateMany({ where: mine, data: { leaseUntil: new Date(Date.now() + leaseMs) } })
          .catch(() => ({ count: 1 }));
        if (kept.count === 0) taskController.abort(); // someone else has it now
      }, Math.max(50, Math.floor(leaseMs / 3)));
      try {
        const handler = handlers[task.name]!;
        const result = await handler(JSON.parse(task.payload), {
          shop: task.shop,
          attempt: task.attempts,
          signal: taskController.signal,
        });
        if (result && "retryAt" in result) {
          await db.task.updateMany({
            where: mine,
            data: { status: "queued", runAt: result.retryAt, attempts: { decrement: 1 }, leasedBy: null, leaseUntil: null },
          });
        } else {
          await db.task.updateMany({ where: mine, data: { status: "done", leasedBy: null, leaseUntil: null } });
        }
      } catch (error) {
        if (controller.signal.aborted) {
          // The worker is stopping: hand the task back untouched, it did not fail.
          await db.task.updateMany({
            where: mine,
            data: { status: "queued", runAt: new Date(), attempts: { decrement: 1 }, leasedBy: null, leaseUntil: null },
          });
          return;
        }
        const message = (error as Error).message ?? String(error);
        const dead = task.attempts >= task.maxAttempts;
        console.error(`task ${task.name} for ${task.shop} failed (attempt ${task.attempts}): ${message}`);
        await db.task.updateMany({
          where: mine,
          data: {
            status: dead ? "dead" : "queued",
            lastError: message.slice(0, 2000),
            runAt: new Date(Date.now() + backoffMs(task.attempts)),
            leasedBy: null,
            leaseUntil: null,
          },
        });
      } finally {
        clearInterval(heartbeat);
        controller.signal.removeEventListener("abort", stopTask);
      }
    };

    const loop = (async () => {
      await reclaimed;
      while (!controller.signal.aborted) {
        if (running.size >= concurrency) {
          await Promise.race(running);
          continue;
        }
        const task = await lease().catch((error: Error) => {
          console.error(`task queue: ${error.message}`);
          return null;
        });
        if (!task) {
          await new Promise((resolve) => setTimeout(resolve, this.pollMs));
          continue;
        }
        const done = run(task).finally(() => running.delete(done));
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
