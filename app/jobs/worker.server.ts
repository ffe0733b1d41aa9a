import { executorFor } from "../admin-api/client.server";
import { pruneDataAccess } from "../compliance/access-log.server";
import type { Database } from "../db/db.server";
import type { CustomerDataHolder, NoCustomerData } from "../compliance/customer-data.server";
import {
  runWebhookTask,
  WEBHOOK_TASK,
  type WebhookTask,
  type WebhookTopics,
} from "../webhooks/topics.server";
import { failJob, JOB_RUN_MAX_ATTEMPTS, JOB_RUN_TASK } from "./jobs.server";
import type { JobKinds } from "./kinds";
import { defaultWorkerId } from "./local-queue.server";
import type { TaskHandlers, TaskQueue, WorkerOptions } from "./queue";
import { PermanentJobError, runJob } from "./runner.server";
import { claimWorkerId } from "./worker-registry.server";

export const CLEANUP_TASK = "cleanup";
const CLEANUP_EVERY_MS = 60 * 60 * 1000;
// Shopify retries a webhook for up to 4 hours; its once-only record outlives that.
const KEEP_FINISHED_MS = 7 * 24 * 60 * 60 * 1000;
// Dead letters stay two weeks for whoever looks into them, then go.
const KEEP_DEAD_MS = 14 * 24 * 60 * 60 * 1000;
const KEEP_EXPORT_MS = 60 * 24 * 60 * 60 * 1000;

export async function scheduleCleanup(queue: TaskQueue) {
  await queue.enqueue({
    name: CLEANUP_TASK,
    shop: "*",
    payload: null,
    dedupeKey: "cleanup",
    runAt: new Date(Date.now() + CLEANUP_EVERY_MS),
  });
}

/** What the features hand the worker (composed in app/features.server.ts). */
export type WorkerParts = {
  kinds: JobKinds;
  topics: WebhookTopics;
  /** The features' own background tasks, by name. */
  tasks: (db: Database, queue: TaskQueue) => TaskHandlers;
  customerData: CustomerDataHolder[];
  /** Models without customer data, with the reason (checked against the schema by a test). */
  noCustomerData: NoCustomerData;
  /** What the features delete once a day (expired files, old records). */
  cleanup: ((db: Database) => Promise<void>)[];
};

/** Every kind of background task the worker runs. */
export function taskHandlers(db: Database, queue: TaskQueue, parts: WorkerParts): TaskHandlers {
  const { kinds, topics, customerData } = parts;
  return {
    ...parts.tasks(db, queue),
    [JOB_RUN_TASK]: async (payload, context) => {
      const { jobId } = (payload ?? {}) as { jobId?: string };
      if (!jobId) return;
      try {
        return await runJob(
          { db, kinds, executorFor, workerId: context.workerId, signal: context.signal },
          context.shop,
          jobId,
        );
      } catch (error) {
        // A retry cannot fix it, or retries ran out: the job fails with the
        // reason, rather than sitting in "running" with none.
        if (error instanceof PermanentJobError) {
          await failJob(db, context.shop, jobId, error.code, error.message);
          return;
        }
        if (context.attempt >= JOB_RUN_MAX_ATTEMPTS && !context.signal.aborted) {
          await failJob(db, context.shop, jobId, "engine_error", (error as Error).message);
          return;
        }
        throw error;
      }
    },
    [WEBHOOK_TASK]: async (payload, context) => {
      // Scrubbed (customers/redact): nothing left to act on.
      if (payload === null) return;
      await runWebhookTask(
        { db, queue, shop: context.shop, topics, customerData },
        payload as WebhookTask,
      );
    },
    [CLEANUP_TASK]: async () => {
      const now = Date.now();
      await db.task.deleteMany({
        where: { status: "done", updatedAt: { lt: new Date(now - KEEP_FINISHED_MS) } },
      });
      await db.task.deleteMany({
        where: { status: "dead", updatedAt: { lt: new Date(now - KEEP_DEAD_MS) } },
      });
      // A data request's export is the merchant's to send on within 30 days; it is not kept for ever.
      await db.complianceRequest.updateMany({
        where: { export: { not: null }, receivedAt: { lt: new Date(now - KEEP_EXPORT_MS) } },
        data: { export: null },
      });
      await pruneDataAccess(db, now);
      for (const cleanup of parts.cleanup) await cleanup(db);
      return { retryAt: new Date(now + CLEANUP_EVERY_MS) };
    },
  };
}

/**
 * Starts this process's worker under a WORKER_ID no live process holds (or
 * refuses to start): two workers with one id would take each other's leases.
 */
export async function startWorker(
  db: Database,
  queue: TaskQueue,
  parts: WorkerParts,
  options: WorkerOptions = {},
) {
  const workerId = options.workerId ?? defaultWorkerId();
  const claim = await claimWorkerId(db, workerId);
  await scheduleCleanup(queue);
  const worker = queue.startWorker(taskHandlers(db, queue, parts), { ...options, workerId });
  let stopped: Promise<void> | null = null;
  const stop = () =>
    (stopped ??= (async () => {
      await worker.stop();
      await claim.release();
    })());
  void claim.lost.then((error) => {
    if (stopped) return;
    console.error(`worker ${workerId} stops: ${error.message}`);
    void stop();
  });
  return { stop };
}
