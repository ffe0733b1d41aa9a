import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { bulkInsert } from "../db/bulk-insert.server";
import type { Database } from "../db/db.server";
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
type Pending = {
  task: TaskInput;
  resolve: (created: boolean) => void;
  reject: (error: unknown) => void;
};

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

  /**
   * Group commit: webhook deliveries arriving together are written in one
   * statement that skips the keys already known, so a burst costs a few
   * writes instead of one per delivery. Each caller still waits until its row
   * is committed, and learns whether it was new.
   */
  enqueueOnce(task: TaskInput & { dedupeKey: string }) {
    return new Promise<boolean>((resolve, reject) => {
      this.pending.push({ task, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private pending: Pending[] = [];
  private flushing = false;

  private async flush() {
    while (this.pending.length) {
      const batch = this.pending.splice(0, 500);
      try {
        await this.insertOnce(batch);
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    this.flushing = false;
  }

  private async insertOnce(batch: Pending[]) {
    const keyOf = (shop: unknown, dedupeKey: unknown) => `${shop}\n${dedupeKey}`;
    const now = new Date();
    const firsts = new Map<string, TaskInput>();
    for (const { task } of batch) {
      const key = keyOf(task.shop, task.dedupeKey);
      if (!firsts.has(key)) firsts.set(key, task);
    }
    // Straight through the driver: this is the hot path of a webhook burst.
    const inserted = await bulkInsert(
      this.db,
      "Task",
      [...firsts.values()].map((task) => ({
        id: randomUUID(),
        ...this.row(task),
        createdAt: now,
        updatedAt: now,
      })),
      { skipConflictsOn: ["shop", "dedupeKey"], returning: ["shop", "dedupeKey"] },
    );
    const created = new Set(inserted.map((row) => keyOf(row.shop, row.dedupeKey)));
    for (const { task, resolve } of batch) {
      // The first caller of a new key hears true; repeats, here or earlier, false.
      const key = keyOf(task.shop, task.dedupeKey);
      resolve(created.delete(key));
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

  private leases = 0;

  /**
   * Leases up to `limit` due tasks in one conditional update (a worker-unique
   * token marks what this call took), plus any whose lease ran out.
   */
  private async lease(
    names: string[],
    workerId: string,
    shops: string[] | undefined,
    limit: number,
  ): Promise<TaskRow[]> {
    const now = new Date();
    const scope = { name: { in: names }, ...(shops ? { shop: { in: shops } } : {}) };
    const select = { id: true, status: true, leaseUntil: true, attempts: true, maxAttempts: true };
    // Two queries, not one with OR: each walks the (status, runAt) index in
    // order, where an OR sorted every due task of a backlog on each lease.
    const candidates = [
      ...(await this.db.task.findMany({
        where: { ...scope, status: "leased", leaseUntil: { lt: now } },
        orderBy: { runAt: "asc" },
        take: limit,
        select,
      })),
    ];
    if (candidates.length < limit) {
      candidates.push(
        ...(await this.db.task.findMany({
          where: { ...scope, status: "queued", runAt: { lte: now } },
          orderBy: { runAt: "asc" },
          take: limit - candidates.length,
          select,
        })),
      );
    }
    if (!candidates.length) return [];
    const token = `${workerId}#${++this.leases}`;
    const lease = {
      status: "leased",
      leasedBy: token,
      leaseUntil: new Date(Date.now() + this.leaseMs),
      attempts: { increment: 1 },
    };
    const queued = candidates.filter((c) => c.status === "queued").map((c) => c.id);
    if (queued.length) {
      await this.db.task.updateMany({
        where: { id: { in: queued }, status: "queued" },
        data: lease,
      });
    }
    for (const expired of candidates.filter((c) => c.status === "leased")) {
      const where = { id: expired.id, status: "leased", leaseUntil: expired.leaseUntil };
      // Its worker stopped while running it, attempt after attempt: a task that
      // kills its process is a dead letter too, not retried forever.
      if (expired.attempts >= expired.maxAttempts) {
        await this.db.task.updateMany({
          where,
          data: {
            status: "dead",
            leasedBy: null,
            leaseUntil: null,
            lastError: `its worker stopped while running it (${expired.attempts} attempts)`,
          },
        });
      } else await this.db.task.updateMany({ where, data: lease });
    }
    return this.db.task.findMany({
      where: { leasedBy: token, status: "leased" },
      orderBy: { runAt: "asc" },
    });
  }

  private async run(
    task: TaskRow,
    handlers: TaskHandlers,
    workerId: string,
    stopping: AbortSignal,
  ) {
    const db = this.db;
    const mine = { id: task.id, shop: task.shop, leasedBy: task.leasedBy, status: "leased" };
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
      // Done: its payload is not kept (the row stays as the record of its key).
      const done = await db.task.updateMany({
        where: { ...mine, runAt: task.runAt },
        data: { status: "done", payload: "null", ...release },
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

  async scrub(shop: string, matches: (payload: unknown) => boolean) {
    const tasks = await this.db.task.findMany({
      where: { shop, payload: { not: "null" } },
      select: { id: true, payload: true },
    });
    const ids = tasks.filter((t) => matches(JSON.parse(t.payload))).map((t) => t.id);
    if (!ids.length) return 0;
    const { count } = await this.db.task.updateMany({
      where: { id: { in: ids }, shop },
      data: { payload: "null" },
    });
    return count;
  }

  async purgeShop(shop: string) {
    const { count } = await this.db.task.deleteMany({ where: { shop, status: { not: "leased" } } });
    return count;
  }

  /** Runs every task that is due now, one at a time, and returns how many ran (tests, scripts). */
  async drain(handlers: TaskHandlers, { workerId = defaultWorkerId(), shops }: WorkerOptions = {}) {
    let ran = 0;
    const names = Object.keys(handlers);
    for (
      let tasks = await this.lease(names, workerId, shops, 1);
      tasks.length;
      tasks = await this.lease(names, workerId, shops, 1)
    ) {
      await this.run(tasks[0]!, handlers, workerId, new AbortController().signal);
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
    const reclaimed = this.db.task
      .updateMany({
        where: { status: "leased", leasedBy: { startsWith: `${workerId}#` } },
        data: { status: "queued", leasedBy: null, leaseUntil: null },
      })
      .catch((error: Error) => console.error(`task queue: ${error.message}`));

    const loop = (async () => {
      await reclaimed;
      while (!controller.signal.aborted) {
        if (running.size >= concurrency) {
          await Promise.race(running);
          continue;
        }
        if (options.yieldWhile?.()) {
          await new Promise((resolve) => setTimeout(resolve, 25));
          continue;
        }
        const tasks = await this.lease(
          names,
          workerId,
          options.shops,
          concurrency - running.size,
        ).catch((error: Error) => {
          console.error(`task queue: ${error.message}`);
          return [];
        });
        if (!tasks.length) {
          await new Promise((resolve) => setTimeout(resolve, this.pollMs));
          continue;
        }
        for (const task of tasks) {
          const done = this.run(task, handlers, workerId, controller.signal)
            .catch((error: Error) =>
              // Its outcome could not be written: the lease runs out and it runs again.
              console.error(`task ${task.name} for ${task.shop}: ${error.message}`),
            )
            .finally(() => running.delete(done));
          running.add(done);
        }
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
