import { DelayedError, Queue, Worker as BullWorker } from "bullmq";
import { Redis } from "ioredis";
import { isUniqueViolation } from "../db/db-errors";
import type { Database } from "../db/db.server";
import {
  backoffMs,
  type TaskHandlers,
  type TaskInput,
  type TaskQueue,
  type Worker,
  type WorkerOptions,
} from "./queue";
import { defaultWorkerId } from "./local-queue.server";

const QUEUE = "patron-tasks";

// BullMQ refuses custom ids containing ":".
const bullJobId = (shop: string, key: string) => `${shop}|${key}`.replaceAll(":", "_");

/**
 * The scale-out driver: tasks are BullMQ jobs on Redis, consumed by any number
 * of `npm run worker` processes. A worker that dies loses its lock and the job
 * is picked up again (stalled-job detection); failures back off with jitter;
 * failed jobs past their attempts stay in Redis as dead letters.
 */
export class BullmqQueue implements TaskQueue {
  private readonly connection: Redis;
  private readonly queue: Queue;
  private readonly prefix: string;
  private readonly lockMs: number;

  constructor(
    private readonly db: Database,
    redisUrl: string,
    options: { prefix?: string; lockMs?: number } = {},
  ) {
    this.prefix = options.prefix ?? process.env.PATRON_QUEUE_PREFIX ?? "patron";
    this.lockMs = options.lockMs ?? Number(process.env.PATRON_LEASE_MS ?? 30_000);
    this.connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    this.queue = new Queue(QUEUE, { connection: this.connection, prefix: this.prefix });
  }

  private add(task: TaskInput, jobId?: string) {
    const delay = task.runAt ? Math.max(0, task.runAt.getTime() - Date.now()) : 0;
    return this.queue.add(
      task.name,
      { shop: task.shop, payload: task.payload ?? null },
      {
        // BullMQ ignores an add whose id exists: the same dedupe as the local driver.
        ...(jobId ? { jobId } : {}),
        delay,
        attempts: task.maxAttempts ?? 8,
        backoff: { type: "jittered" },
        removeOnComplete: true,
        removeOnFail: false,
      },
    );
  }

  async enqueue(task: TaskInput) {
    if (!task.dedupeKey) {
      await this.add(task);
      return;
    }
    const jobId = bullJobId(task.shop, task.dedupeKey);
    const existing = await this.queue.getJob(jobId);
    const state = existing ? await existing.getState() : null;
    if (state === "failed") await existing!.remove();
    if (state === "delayed" && (!task.runAt || task.runAt.getTime() <= Date.now())) {
      await existing!.promote().catch(() => undefined);
      return;
    }
    // Running now: queue one follow-up so the new work is seen after it.
    await this.add(task, state === "active" ? `${jobId}|again` : jobId);
  }

  /** Redis forgets finished jobs, so the once-only record lives in the database. */
  async enqueueOnce(task: TaskInput & { dedupeKey: string }) {
    const key = { shop: task.shop, webhookId: task.dedupeKey };
    try {
      await this.db.webhookEvent.create({ data: { ...key, topic: task.name } });
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
    try {
      await this.add(task, bullJobId(task.shop, task.dedupeKey));
    } catch (error) {
      await this.db.webhookEvent.deleteMany({ where: key });
      throw error;
    }
    return true;
  }

  startWorker(handlers: TaskHandlers, options: WorkerOptions = {}): Worker {
    const controller = new AbortController();
    const workerId = options.workerId ?? defaultWorkerId();
    const worker = new BullWorker(
      QUEUE,
      async (job, token) => {
        const handler = handlers[job.name];
        if (!handler) throw new Error(`no handler for task ${job.name}`);
        const data = job.data as { shop: string; payload: unknown };
        const result = await handler(data.payload, {
          shop: data.shop,
          attempt: job.attemptsMade + 1,
          workerId,
          signal: controller.signal,
        });
        if (result && "retryAt" in result) {
          await job.moveToDelayed(result.retryAt.getTime(), token);
          throw new DelayedError();
        }
      },
      {
        connection: this.connection.duplicate(),
        prefix: this.prefix,
        concurrency: options.concurrency ?? 4,
        lockDuration: this.lockMs,
        stalledInterval: Math.max(1000, Math.floor(this.lockMs / 2)),
        maxStalledCount: 1_000,
        settings: { backoffStrategy: (attemptsMade: number) => backoffMs(attemptsMade) },
      },
    );
    worker.on("failed", (job, error) => {
      if (job && !controller.signal.aborted) {
        console.error(
          `task ${job.name} for ${(job.data as { shop: string }).shop} failed: ${error.message}`,
        );
      }
    });
    return {
      async stop() {
        controller.abort();
        await worker.close();
      },
    };
  }

  async close() {
    await this.queue.close();
    await this.connection.quit();
  }
}
