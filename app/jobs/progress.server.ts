import type { Database } from "../db/db.server";

export const ITEM_STATUSES = [
  "pending",
  "in_flight",
  "succeeded",
  "failed",
  "skipped",
  "cancelled",
] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export type JobProgress = {
  id: string;
  kind: string;
  status: string;
  mode: string;
  total: number;
  counts: Record<ItemStatus, number>;
  /** Items with a final outcome (succeeded, failed, skipped, cancelled). */
  done: number;
  /** Items finished per second over the last minute (0 when idle). */
  ratePerSecond: number;
  /** Seconds left at the current rate; null when unknown (not running or no rate yet). */
  etaSeconds: number | null;
  /** Why it failed or waits (jobs.errors.codes.*), and Shopify's own words. */
  errorCode: string | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};

const RATE_WINDOW_MS = 60_000;

type JobRow = NonNullable<Awaited<ReturnType<Database["job"]["findFirst"]>>>;

async function progressOf(db: Database, job: JobRow, now: number): Promise<JobProgress> {
  const groups = await db.jobItem.groupBy({
    by: ["status"],
    where: { jobId: job.id, shop: job.shop },
    _count: { _all: true },
  });
  const counts = Object.fromEntries(ITEM_STATUSES.map((s) => [s, 0])) as Record<ItemStatus, number>;
  for (const group of groups) counts[group.status as ItemStatus] = group._count._all;
  const done = counts.succeeded + counts.failed + counts.skipped + counts.cancelled;
  let ratePerSecond = 0;
  if (job.status === "running" && job.startedAt) {
    const since = Math.max(job.startedAt.getTime(), now - RATE_WINDOW_MS);
    const recent = await db.jobItem.count({
      where: { jobId: job.id, shop: job.shop, finishedAt: { gte: new Date(since) } },
    });
    const seconds = (now - since) / 1000;
    ratePerSecond = seconds >= 1 ? recent / seconds : 0;
  }
  const remaining = counts.pending + counts.in_flight;
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    mode: job.mode,
    total: job.total,
    counts,
    done,
    ratePerSecond: Math.round(ratePerSecond * 10) / 10,
    etaSeconds:
      ratePerSecond > 0 ? Math.ceil(remaining / ratePerSecond) : remaining === 0 ? 0 : null,
    errorCode: job.errorCode,
    error: job.error,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

export async function getJobProgress(db: Database, shop: string, jobId: string, now = Date.now()) {
  const job = await db.job.findFirst({ where: { id: jobId, shop } });
  return job ? progressOf(db, job, now) : null;
}

export async function listJobs(db: Database, shop: string, take = 20, now = Date.now()) {
  const jobs = await db.job.findMany({ where: { shop }, orderBy: { createdAt: "desc" }, take });
  return Promise.all(jobs.map((job) => progressOf(db, job, now)));
}

/** Items that failed, with Shopify's reason, for the job's report. */
export function failedItems(db: Database, shop: string, jobId: string, take = 50, skip = 0) {
  return db.jobItem.findMany({
    where: { jobId, shop, status: "failed" },
    orderBy: { seq: "asc" },
    take,
    skip,
    select: { target: true, error: true, attempts: true, finishedAt: true },
  });
}
