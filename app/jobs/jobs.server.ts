import { randomUUID } from "node:crypto";
import { bulkInsert } from "../db/bulk-insert.server";
import type { Database } from "../db/db.server";
import type { AudiencePlan } from "./audience.server";
import type { TaskQueue } from "./queue";

export type JobDeps = { db: Database; queue: TaskQueue };

/** One target; `skip` (a reason code) makes it a skipped item from the start. */
export type JobTarget = { target: string; data?: unknown; skip?: string };

export type NewJob = {
  shop: string;
  kind: string;
  params?: unknown;
  /** The targets, or an audience read when the job starts. */
  targets?: JobTarget[];
  audience?: AudiencePlan;
  /** Stop once the audience is read ("ready"): a dry run, or a preview before the send. */
  hold?: boolean;
  /** auto: a bulk mutation above the bulk threshold, paced calls below. */
  mode?: "auto" | "paced" | "bulk";
  createdBy?: string;
};

export const JOB_RUN_TASK = "job.run";
/** Thrown errors (not slices or waits) a job's run survives before the job fails. */
export const JOB_RUN_MAX_ATTEMPTS = 50;

/**
 * Why a job failed or waits. The pages translate the code
 * (jobs.errors.codes.*) and show Shopify's own words beside it.
 */
export type JobErrorCode =
  | "unknown_kind"
  | "audience_invalid"
  | "access_denied"
  | "protected_data"
  | "bulk_refused"
  | "engine_error"
  | "shop_frozen"
  | "shop_locked"
  | "shop_inactive"
  | "shop_revoked"
  // A feature's own (its kinds throw PermanentJobError with it); translated the same way.
  | (string & {});

export async function enqueueJobRun(queue: TaskQueue, shop: string, jobId: string, runAt?: Date) {
  await queue.enqueue({
    name: JOB_RUN_TASK,
    shop,
    payload: { jobId },
    dedupeKey: `job:${jobId}`,
    runAt,
    maxAttempts: JOB_RUN_MAX_ATTEMPTS,
  });
}

/** A job that cannot go on: failed with the reason; items not yet done stay as they are. */
export async function failJob(
  db: Database,
  shop: string,
  jobId: string,
  code: JobErrorCode,
  detail: string,
) {
  await db.job.updateMany({
    where: { id: jobId, shop, status: { in: [...ACTIVE_STATUSES, "paused"] } },
    data: {
      status: "failed",
      errorCode: code,
      error: detail.slice(0, 2000),
      finishedAt: new Date(),
    },
  });
}

export function itemRows(shop: string, jobId: string, firstSeq: number, targets: JobTarget[]) {
  const now = new Date();
  return targets.map((t, i) => ({
    shop,
    jobId,
    seq: firstSeq + i,
    target: t.target,
    data: t.data === undefined ? null : JSON.stringify(t.data),
    status: t.skip ? "skipped" : "pending",
    error: t.skip ?? null,
    finishedAt: t.skip ? now : null,
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
        hold: input.hold ?? false,
        modeRequested: input.mode ?? "auto",
      }),
      status: input.audience ? "preparing" : input.hold ? "ready" : "queued",
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

export async function currentStatus(db: Database, job: { id: string; shop: string }) {
  return (
    await db.job.findFirst({ where: { id: job.id, shop: job.shop }, select: { status: true } })
  )?.status;
}

/** Statuses in which the engine advances a job. */
export const ACTIVE_STATUSES = ["preparing", "queued", "running", "cancelling"];

async function setStatus(db: Database, shop: string, jobId: string, from: string[], to: string) {
  const { count } = await db.job.updateMany({
    where: { id: jobId, shop, status: { in: from } },
    data: { status: to },
  });
  return count === 1;
}

/** A job held after its audience was read (a preview, a dry run) goes: its items are sent. */
export async function startJob({ db, queue }: JobDeps, shop: string, jobId: string) {
  const started = await setStatus(db, shop, jobId, ["ready"], "queued");
  if (started) await enqueueJobRun(queue, shop, jobId);
  return started;
}

/** Stops after the calls in flight; resume continues with the next item. */
export function pauseJob({ db }: JobDeps, shop: string, jobId: string) {
  return setStatus(db, shop, jobId, ["queued", "running"], "paused");
}

/** Back to work; a job paused while its audience was being read goes on reading it. */
export async function resumeJob({ db, queue }: JobDeps, shop: string, jobId: string) {
  const job = await db.job.findFirst({ where: { id: jobId, shop, status: "paused" } });
  if (!job) return false;
  const reading = !!JSON.parse(job.params).audience && job.audienceCursor !== "end";
  const { count } = await db.job.updateMany({
    where: { id: jobId, shop, status: "paused" },
    data: { status: reading ? "preparing" : "queued", errorCode: null, error: null },
  });
  if (count) await enqueueJobRun(queue, shop, jobId);
  return count === 1;
}

/**
 * Items not yet sent are marked cancelled. With calls or a bulk operation in
 * flight the job is "cancelling" until the engine has stopped Shopify's bulk
 * operation and learned what ran; then it is "cancelled".
 */
export async function cancelJob({ db, queue }: JobDeps, shop: string, jobId: string) {
  const cancelling = await setStatus(
    db,
    shop,
    jobId,
    ["preparing", "ready", "queued", "running", "paused"],
    "cancelling",
  );
  if (!cancelling) return false;
  await db.jobItem.updateMany({
    where: { jobId, shop, status: "pending" },
    data: { status: "cancelled" },
  });
  await enqueueJobRun(queue, shop, jobId);
  return true;
}

/**
 * Failed items go back to pending and the job runs again; a failed job (its
 * cause fixed, such as a missing permission) also goes on with what it had left.
 */
export async function retryFailed({ db, queue }: JobDeps, shop: string, jobId: string) {
  const job = await db.job.findFirst({
    where: { id: jobId, shop, status: { in: ["completed", "failed", "paused"] } },
  });
  if (!job) return 0;
  const { count } = await db.jobItem.updateMany({
    where: { jobId, shop, status: "failed" },
    data: { status: "pending", attempts: 0, error: null, finishedAt: null },
  });
  const left =
    job.status === "failed"
      ? await db.jobItem.count({ where: { jobId, shop, status: { in: ["pending", "in_flight"] } } })
      : 0;
  const reading = !!JSON.parse(job.params).audience && job.audienceCursor !== "end";
  if (count + left === 0 && !(job.status === "failed" && reading)) return 0;
  await db.job.update({
    where: { id: jobId, shop },
    data: {
      status: reading ? "preparing" : "queued",
      finishedAt: null,
      error: null,
      errorCode: null,
      mode: "paced",
    },
  });
  await enqueueJobRun(queue, shop, jobId);
  return Math.max(1, count + left);
}

export type JobControl = "pause" | "resume" | "cancel" | "retry";

/** The merchant's pause, resume, cancel or retry on a job page: whether anything changed. */
export async function controlJob(deps: JobDeps, shop: string, jobId: string, intent: JobControl) {
  if (intent === "pause") return pauseJob(deps, shop, jobId);
  if (intent === "resume") return resumeJob(deps, shop, jobId);
  if (intent === "cancel") return cancelJob(deps, shop, jobId);
  // retryFailed answers how many items go again.
  return (await retryFailed(deps, shop, jobId)) > 0;
}
