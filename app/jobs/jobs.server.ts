import { randomUUID } from "node:crypto";
import { bulkInsert } from "../db/bulk-insert.server";
import type { Database } from "../db/db.server";
import type { TaskQueue } from "./queue";

export type JobDeps = { db: Database; queue: TaskQueue };

export type JobTarget = { target: string; data?: unknown };

export type NewJob = {
  shop: string;
  kind: string;
  params?: unknown;
  /** The targets, or an audience (a customer search) read when the job starts. */
  targets?: JobTarget[];
  audience?: { query: string };
  /** auto: a bulk mutation above the bulk threshold, paced calls below. */
  mode?: "auto" | "paced" | "bulk";
  createdBy?: string;
};

export const JOB_RUN_TASK = "job.run";

export async function enqueueJobRun(queue: TaskQueue, shop: string, jobId: string, runAt?: Date) {
  await queue.enqueue({
    name: JOB_RUN_TASK,
    shop,
    payload: { jobId },
    dedupeKey: `job:${jobId}`,
    runAt,
    maxAttempts: 50,
  });
}

export function itemRows(shop: string, jobId: string, firstSeq: number, targets: JobTarget[]) {
  return targets.map((t, i) => ({
    shop,
    jobId,
    seq: firstSeq + i,
    target: t.target,
    data: t.data === undefined ? null : JSON.stringify(t.data),
  }));
}

export async function insertItems(
  db: Database,
  shop: string,
  jobId: string,
  firstSeq: number,
  targets: JobTarget[],
) {
  const rows = itemRows(shop, jobId, firstSeq, targets).map((row) => ({
    id: randomUUID(),
    ...row,
  }));
  await bulkInsert(db, "JobItem", rows);
}

/** Creates a job with its items (or its audience to read) and queues its first run. */
export async function createJob({ db, queue }: JobDeps, input: NewJob) {
  const targets = dedupeTargets(input.targets ?? []);
  const job = await db.job.create({
    data: {
      shop: input.shop,
      kind: input.kind,
      params: JSON.stringify({
        ...(input.params as object),
        audience: input.audience,
        modeRequested: input.mode ?? "auto",
      }),
      status: input.audience ? "preparing" : "queued",
      total: input.audience ? 0 : targets.length,
      createdBy: input.createdBy ?? null,
    },
  });
  if (!input.audience) await insertItems(db, input.shop, job.id, 0, targets);
  await enqueueJobRun(queue, input.shop, job.id);
  return job;
}

function dedupeTargets(targets: JobTarget[]) {
  const seen = new Set<string>();
  return targets.filter((t) => !seen.has(t.target) && seen.add(t.target));
}

async function setStatus(db: Database, shop: string, jobId: string, from: string[], to: string) {
  const { count } = await db.job.updateMany({
    where: { id: jobId, shop, status: { in: from } },
    data: { status: to },
  });
  return count === 1;
}

/** Stops after the calls in flight; resume continues with the next item. */
export function pauseJob({ db }: JobDeps, shop: string, jobId: string) {
  return setStatus(db, shop, jobId, ["queued", "running"], "paused");
}

export async function resumeJob({ db, queue }: JobDeps, shop: string, jobId: string) {
  const resumed = await setStatus(db, shop, jobId, ["paused"], "queued");
  if (resumed) await enqueueJobRun(queue, shop, jobId);
  return resumed;
}

/** Items not yet sent are marked cancelled; calls in flight finish and are recorded. */
export async function cancelJob({ db }: JobDeps, shop: string, jobId: string) {
  const cancelled = await setStatus(
    db,
    shop,
    jobId,
    ["preparing", "queued", "running", "paused"],
    "cancelled",
  );
  if (cancelled) {
    await db.jobItem.updateMany({
      where: { jobId, shop, status: "pending" },
      data: { status: "cancelled" },
    });
    await db.job.updateMany({ where: { id: jobId, shop }, data: { finishedAt: new Date() } });
  }
  return cancelled;
}

/** Failed items go back to pending and the job runs again. */
export async function retryFailed({ db, queue }: JobDeps, shop: string, jobId: string) {
  const job = await db.job.findFirst({
    where: { id: jobId, shop, status: { in: ["completed", "failed", "paused"] } },
  });
  if (!job) return 0;
  const { count } = await db.jobItem.updateMany({
    where: { jobId, shop, status: "failed" },
    data: { status: "pending", attempts: 0, error: null, finishedAt: null },
  });
  if (count > 0) {
    await db.job.update({
      where: { id: jobId, shop },
      data: { status: "queued", finishedAt: null, error: null, mode: "paced" },
    });
    await enqueueJobRun(queue, shop, jobId);
  }
  return count;
}
