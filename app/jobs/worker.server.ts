import { executorFor } from "../admin-api/client.server";
import type { Database } from "../db/db.server";
import { runWebhookTask, WEBHOOK_TASK, type WebhookTask } from "../webhooks/topics.server";
import { JOB_RUN_TASK } from "./jobs.server";
import type { JobKinds } from "./kinds";
import type { TaskHandlers, TaskQueue, WorkerOptions } from "./queue";
import { runJob } from "./runner.server";

export const CLEANUP_TASK = "cleanup";
const CLEANUP_EVERY_MS = 60 * 60 * 1000;
// Shopify retries a webhook for up to 48 hours; its once-only record outlives that.
const KEEP_FINISHED_MS = 7 * 24 * 60 * 60 * 1000;

export async function scheduleCleanup(queue: TaskQueue) {
  await queue.enqueue({
    name: CLEANUP_TASK,
    shop: "*",
    payload: null,
    dedupeKey: "cleanup",
    runAt: new Date(Date.now() + CLEANUP_EVERY_MS),
  });
}

/** Every kind of background task the worker runs. */
export function taskHandlers(db: Database, queue: TaskQueue, kinds: JobKinds): TaskHandlers {
  return {
    [JOB_RUN_TASK]: (payload, context) =>
      runJob(
        { db, kinds, executorFor, workerId: context.workerId, signal: context.signal },
        context.shop,
        (payload as { jobId: string }).jobId,
      ),
    [WEBHOOK_TASK]: (payload, context) =>
      runWebhookTask({ db, queue, shop: context.shop }, payload as WebhookTask),
    [CLEANUP_TASK]: async () => {
      const before = new Date(Date.now() - KEEP_FINISHED_MS);
      await db.task.deleteMany({ where: { status: "done", updatedAt: { lt: before } } });
      await db.webhookEvent.deleteMany({ where: { receivedAt: { lt: before } } });
      return { retryAt: new Date(Date.now() + CLEANUP_EVERY_MS) };
    },
  };
}

export async function startWorker(
  db: Database,
  queue: TaskQueue,
  kinds: JobKinds,
  options?: WorkerOptions,
) {
  await scheduleCleanup(queue);
  return queue.startWorker(taskHandlers(db, queue, kinds), options);
}
