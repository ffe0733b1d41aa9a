import {
  API_KEY,
  API_SECRET_KEY,
  RequestType,
  setUpValidRequest,
} from "@shopify/shopify-api/test-helpers";
import type { Database } from "../../app/db/db.server";
import { LocalQueue } from "../../app/jobs/local-queue.server";
import type { TaskQueue, Worker } from "../../app/jobs/queue";
import { FEATURES } from "../../app/features.server";
import { taskHandlers } from "../../app/jobs/worker.server";
import { authenticate } from "../../app/shopify.server";

/** Installs the app on a simulated store the way a merchant's first visit does (token exchange). */
export async function installApp(store: string) {
  const request = await setUpValidRequest(
    { type: RequestType.Bearer, store, apiKey: API_KEY, apiSecretKey: API_SECRET_KEY },
    new Request("https://patron.test/app"),
  );
  await authenticate.admin(request);
}

export function testQueue(db: Database) {
  return new LocalQueue(db, { leaseMs: 2_000, pollMs: 20 });
}

/** A worker for the test file's own shops (test files share one database). */
export function startTestWorker(
  db: Database,
  queue: TaskQueue,
  shops: string[],
  workerId = "test-worker",
): Worker {
  return queue.startWorker(taskHandlers(db, queue, FEATURES), { concurrency: 4, workerId, shops });
}

const FINAL = ["completed", "cancelled", "failed"];

/** Waits until the job reaches one of `statuses` (default: a final one). */
export async function waitForJob(
  db: Database,
  jobId: string,
  statuses = FINAL,
  timeoutMs = 60_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await db.job.findUniqueOrThrow({ where: { id: jobId } });
    if (statuses.includes(job.status)) return job;
    if (Date.now() > deadline)
      throw new Error(`job ${jobId} still ${job.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** How many invitation emails each customer received. */
export function invitesPerCustomer(outbox: { customerId: string }[]) {
  const counts = new Map<string, number>();
  for (const email of outbox) counts.set(email.customerId, (counts.get(email.customerId) ?? 0) + 1);
  return counts;
}

type Customers = { customers: Map<number, { id: number; state: string; email: string | null }> };

/** The simulated store's customers matching `keep`, as Admin API ids. */
export function customerIds(
  store: Customers,
  keep: (c: { state: string; email: string | null }) => boolean,
) {
  return [...store.customers.values()].filter(keep).map((c) => `gid://shopify/Customer/${c.id}`);
}

export const invitable = (c: { state: string; email: string | null }) =>
  c.state === "DISABLED" && !!c.email;
