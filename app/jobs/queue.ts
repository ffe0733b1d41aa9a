// The durable task queue every background effect goes through. Two drivers,
// one contract: the app's own database (default) or BullMQ on Redis (REDIS_URL).

export type TaskInput = {
  name: string;
  shop: string;
  payload: unknown;
  /** Two enqueues with the same key (per shop) make one task. */
  dedupeKey?: string;
  runAt?: Date;
  maxAttempts?: number;
};

export type TaskContext = {
  shop: string;
  attempt: number;
  workerId: string;
  /** Aborted when the worker stops or loses the lease: stop at the next safe point. */
  signal: AbortSignal;
};

/**
 * Throw to retry later with backoff; return { retryAt } to continue later
 * without counting a failure. A task whose payload was scrubbed runs with null.
 */
export type TaskResult = void | { retryAt: Date };
export type TaskHandler = (payload: unknown, context: TaskContext) => Promise<TaskResult>;
export type TaskHandlers = Record<string, TaskHandler>;

export interface TaskQueue {
  /**
   * Queues a task. With a dedupeKey, a task already waiting absorbs the new
   * one; a finished or running one runs again (new work to look at).
   */
  enqueue(task: TaskInput): Promise<void>;
  /**
   * Queues a task unless its key was queued before (webhook ids), in one
   * atomic step: a crash can neither lose the task nor record the key without
   * it. Answers false for a repeat it saw.
   */
  enqueueOnce(task: TaskInput & { dedupeKey: string }): Promise<boolean>;
  /**
   * Drops the payload of every task of the shop that `matches` (the queued
   * ones then do nothing when they run); the record that a key was queued
   * stays, so a redelivery is still recognised. Returns how many.
   */
  scrub(shop: string, matches: (payload: unknown) => boolean): Promise<number>;
  /** Removes every task of the shop that is not running now (uninstall, shop/redact). */
  purgeShop(shop: string): Promise<number>;
  /** Starts consuming tasks in this process until stop() resolves. */
  startWorker(handlers: TaskHandlers, options?: WorkerOptions): Worker;
  close(): Promise<void>;
}

export type WorkerOptions = {
  concurrency?: number;
  /** Identifies this worker; a restarted worker with the same id takes back its own leases at once. */
  workerId?: string;
  /** Database queue only: just these shops' tasks (a dedicated worker; tests sharing one database). BullMQ separates by PATRON_QUEUE_PREFIX. */
  shops?: string[];
  /**
   * Database queue in the app process: take no new task while this says the
   * process is busy answering (a webhook burst). The work is durable and
   * waits; Shopify's deliveries get their answer first.
   */
  yieldWhile?: () => boolean;
};

export interface Worker {
  stop(): Promise<void>;
}

/** Exponential backoff with full jitter: 1 s, 2 s, 4 s … capped at 10 minutes. */
export function backoffMs(attempt: number, random: () => number = Math.random) {
  const ceiling = Math.min(600_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
