import { DelayedError, Queue, UnrecoverableError, Worker as BullWorker, type Job } from "bullmq";
import { Redis } from "ioredis";
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
// A once-only task (a webhook) is kept this long after it ran: its id is the
// record that the delivery was seen. Shopify retries a delivery for 4 hours.
const KEEP_ONCE_S = 48 * 3600;
// Dead letters (failed past their attempts) are kept a week, then dropped.
const KEEP_FAILED_S = 7 * 24 * 3600;
const NOT_RUNNING = ["wait", "delayed", "paused", "prioritized", "failed", "completed"] as const;

type Data = { shop: string; payload: unknown };

// BullMQ refuses custom ids containing ":".
const bullJobId = (shop: string, key: string) => `${shop}|${key}`.replaceAll(":", "_");

/**
 * The scale-out driver: tasks are BullMQ jobs on Redis, consumed by any number
 * of `npm run worker` processes. A worker that dies loses its lock and the job
 * is picked up again (stalled-job detection), until its attempts are used up;
 * failures back off with jitter; dead letters stay a week.
 */
export class BullmqQueue implements TaskQueue {
  private readonly connection: Redis;
  private readonly queue: Queue;
  private readonly prefix: string;
  private readonly lockMs: number;

  constructor(redisUrl: string, options: { prefix?: string; lockMs?: number } = {}) {
    this.prefix = options.prefix ?? process.env.PATRON_QUEUE_PREFIX ?? "patron";
    this.lockMs = options.lockMs ?? Number(process.env.PATRON_LEASE_MS ?? 30_000);
    this.connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    this.queue = new Queue(QUEUE, { connection: this.connection, prefix: this.prefix });
  }

  private add(task: TaskInput, jobId?: string, once = false) {
    const delay = task.runAt ? Math.max(0, task.runAt.getTime() - Date.now()) : 0;
    return this.queue.add(task.name, { shop: task.shop, payload: task.payload ?? null } as Data, {
      // BullMQ ignores an add whose id exists: the same dedupe as the local driver.
      ...(jobId ? { jobId } : {}),
      delay,
      attempts: task.maxAttempts ?? 8,
      backoff: { type: "jittered" },
      removeOnComplete: once ? { age: KEEP_ONCE_S } : true,
      removeOnFail: { age: KEEP_FAILED_S },
    });
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

  /**
   * The job id is the once-only record (kept KEEP_ONCE_S after the task ran),
   * so recording the key and queueing the task are one Redis step. The answer
   * is advisory: two copies arriving at the same instant may both hear true,
   * and still only one task exists.
   */
  async enqueueOnce(task: TaskInput & { dedupeKey: string }) {
    const jobId = bullJobId(task.shop, task.dedupeKey);
    if (await this.queue.getJob(jobId)) return false;
    await this.add(task, jobId, true);
    return true;
  }

  /** Every job of the shop not running now, page by page. */
  private async *jobsOf(shop: string): AsyncGenerator<Job> {
    const page = 500;
    for (const state of NOT_RUNNING) {
      for (let start = 0; ; start += page) {
        const jobs = await this.queue.getJobs([state], start, start + page - 1, true);
        for (const job of jobs) if ((job?.data as Data | undefined)?.shop === shop) yield job;
        if (jobs.length < page) break;
      }
    }
  }

  async scrub(shop: string, matches: (payload: unknown) => boolean) {
    let count = 0;
    for await (const job of this.jobsOf(shop)) {
      const data = job.data as Data;
      if (data.payload === null || !matches(data.payload)) continue;
      await job.updateData({ shop, payload: null } satisfies Data);
      count++;
    }
    return count;
  }

  async purgeShop(shop: string) {
    const found: Job[] = [];
    for await (const job of this.jobsOf(shop)) found.push(job);
    let count = 0;
    for (const job of found) {
      // A job that started meanwhile is locked and stays: it finds no shop data to act on.
      if (
        await job.remove().then(
          () => true,
          () => false,
        )
      )
        count++;
    }
    return count;
  }

  startWorker(handlers: TaskHandlers, options: WorkerOptions = {}): Worker {
    const controller = new AbortController();
    const workerId = options.workerId ?? defaultWorkerId();
    const worker = new BullWorker(
      QUEUE,
      async (job, token) => {
        const handler = handlers[job.name];
        if (!handler) throw new UnrecoverableError(`no handler for task ${job.name}`);
        // A task whose worker died under it counts that as an attempt: one
        // that kills its process becomes a dead letter instead of a loop.
        const attempts = job.attemptsMade + job.stalledCounter;
        if (attempts >= (job.opts.attempts ?? 1)) {
          throw new UnrecoverableError(
            `its worker stopped while running it (${attempts} attempts)`,
          );
        }
        const data = job.data as Data;
        const result = await handler(data.payload, {
          shop: data.shop,
          attempt: attempts + 1,
          workerId,
          signal: controller.signal,
        });
        if (result && "retryAt" in result) {
          await job.moveToDelayed(result.retryAt.getTime(), token);
          throw new DelayedError();
        }
        // Done: a kept job (the record of a webhook id) keeps no payload.
        if (job.opts.removeOnComplete !== true)
          await job.updateData({ shop: data.shop, payload: null });
      },
      {
        connection: this.connection.duplicate(),
        prefix: this.prefix,
        concurrency: options.concurrency ?? 4,
        lockDuration: this.lockMs,
        stalledInterval: Math.max(1000, Math.floor(this.lockMs / 2)),
        // Stalls are counted against each task's own attempts above.
        maxStalledCount: 1_000,
        settings: { backoffStrategy: (attemptsMade: number) => backoffMs(attemptsMade) },
      },
    );
    worker.on("failed", (job, error) => {
      if (job && !controller.signal.aborted) {
        console.error(`task ${job.name} for ${(job.data as Data).shop} failed: ${error.message}`);
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
