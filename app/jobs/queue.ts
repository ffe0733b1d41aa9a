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

/** Throw to retry later with backoff; return { retryAt } to continue later without counting a failure. */
export type TaskResult = void | { retryAt: Date };
export type TaskHandler = (payload: unknown, context: TaskContext) => Promise<TaskResult>;
export type TaskHandlers = Record<string, TaskHandler>;

export interface TaskQueue {
  /**
   * Queues a task. With a dedupeKey, a task already waiting absorbs the new
   * one; a finished or running one runs again (new work to look at).
   */
  enqueue(task: TaskInput): Promise<void>;
  /** Queues a task unless its key was ever queued before (webhook ids): false for a repeat. */
  enqueueOnce(task: TaskInput & { dedupeKey: string }): Promise<boolean>;
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
