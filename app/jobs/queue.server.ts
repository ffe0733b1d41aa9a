import db from "../db/db.server";
import { env } from "../env.server";
import { BullmqQueue } from "./bullmq-queue.server";
import { LocalQueue } from "./local-queue.server";
import type { TaskQueue } from "./queue";

declare global {
  var patronQueue: TaskQueue | undefined;
}

/** The process's task queue: BullMQ when REDIS_URL is set, else the app's own database. */
export function getQueue(): TaskQueue {
  globalThis.patronQueue ??= env.REDIS_URL ? new BullmqQueue(env.REDIS_URL) : new LocalQueue(db);
  return globalThis.patronQueue;
}
