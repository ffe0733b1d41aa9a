import {
  AccessDeniedError,
  AdminApiError,
  AdminApiUnavailableError,
  ShopUnavailableError,
} from "../admin-api/errors";
import { cancelBulkOperation } from "../admin-api/bulk.server";
import type { AdminExecutor } from "../admin-api/executor.server";
import type { Database } from "../db/db.server";
import { AudienceNotReady, prepareAudience, type AudiencePlan } from "./audience.server";
import { runBulkMutation } from "./bulk-mutation.server";
import { ACTIVE_STATUSES, currentStatus, type JobErrorCode } from "./jobs.server";
import type { JobKind, JobKinds, KindContext } from "./kinds";
import { runPaced, settleInFlight } from "./paced.server";
import type { TaskResult } from "./queue";

const NOT_APPROVED = /not approved to (use|access)/i;

export type RunnerDeps = {
  db: Database;
  kinds: JobKinds;
  executorFor: (shop: string) => AdminExecutor;
  workerId: string;
  signal: AbortSignal;
  /** How long one run keeps the worker before yielding to other shops' tasks. */
  sliceMs?: number;
  leaseMs?: number;
};

export type JobRow = NonNullable<Awaited<ReturnType<Database["job"]["findFirst"]>>>;

/** No retry can fix it: the job fails with this code and detail. */
export class PermanentJobError extends Error {
  constructor(
    readonly code: JobErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "PermanentJobError";
  }
}

/**
 * A kind learned from Shopify's answers that nothing more can go for now (a
 * limit on invitation emails a day): the job pauses with the reason and goes
 * on by itself after `waitMs`. The code starts with "wait_".
 */
export class JobWaitError extends Error {
  constructor(
    readonly code: `wait_${string}`,
    message: string,
    readonly waitMs: number,
  ) {
    super(message);
    this.name = "JobWaitError";
  }
}

// Jobs this process is advancing: a second task for the same job waits its turn.
const runningHere = new Set<string>();

const SHOP_WAIT: Record<ShopUnavailableError["reason"], JobErrorCode> = {
  frozen: "shop_frozen",
  locked: "shop_locked",
  inactive: "shop_inactive",
  revoked: "shop_revoked",
};
const WAITING_CODES = new Set<string>(Object.values(SHOP_WAIT));

function leaseMsOf(deps: RunnerDeps) {
  return deps.leaseMs ?? Number(process.env.PATRON_LEASE_MS ?? 30_000);
}

/** How long a job paused by the shop's state waits before looking again. */
export function shopRecheckMs() {
  return Number(process.env.PATRON_SHOP_RECHECK_MS ?? 10 * 60_000);
}

async function acquire(deps: RunnerDeps, job: JobRow) {
  const now = new Date();
  // The same worker id is this process or a dead one it replaced (ids are unique among live workers).
  const { count } = await deps.db.job.updateMany({
    where: {
      id: job.id,
      shop: job.shop,
      OR: [{ runnerId: null }, { runnerUntil: { lt: now } }, { runnerId: deps.workerId }],
    },
    data: { runnerId: deps.workerId, runnerUntil: new Date(now.getTime() + leaseMsOf(deps)) },
  });
  return count === 1;
}

/**
 * Keeps the job's lease alive for the whole run, whatever the run waits on
 * (an audience read, a bulk operation, a throttled bucket). A renewal that
 * finds the lease taken ends the run at once.
 */
function holdLease(deps: RunnerDeps, job: JobRow, lost: AbortController) {
  const timer = setInterval(
    () => {
      deps.db.job
        .updateMany({
          where: { id: job.id, shop: job.shop, runnerId: deps.workerId },
          data: { runnerUntil: new Date(Date.now() + leaseMsOf(deps)) },
        })
        .then(({ count }) => {
          if (count === 0) lost.abort(new Error("lost the job's lease to another worker"));
        })
        .catch(() => undefined); // a missed renewal is retried; the lease allows several
    },
    Math.max(50, Math.floor(leaseMsOf(deps) / 3)),
  );
  return () => clearInterval(timer);
}

/**
 * Advances one job for at most one slice: reconciles items whose call may or
 * may not have run, then does pending items (intent recorded before each
 * call, outcome after), and yields so other shops' jobs get the worker too.
 * A shop Shopify will not serve now pauses the job until it is back.
 */
export async function runJob(deps: RunnerDeps, shop: string, jobId: string): Promise<TaskResult> {
  const { db } = deps;
  const job = await db.job.findFirst({ where: { id: jobId, shop } });
  if (!job) return;
  const waitedOut = job.status === "paused" && !!job.errorCode?.startsWith("wait_");
  const waiting = job.status === "paused" && (WAITING_CODES.has(job.errorCode ?? "") || waitedOut);
  if (!ACTIVE_STATUSES.includes(job.status) && !waiting) return;
  if (runningHere.has(job.id)) return { retryAt: new Date(Date.now() + 1000) };
  if (!(await acquire(deps, job)))
    return { retryAt: job.runnerUntil ?? new Date(Date.now() + 1000) };
  runningHere.add(job.id);
  const lost = new AbortController();
  const release = holdLease(deps, job, lost);
  const run = { ...deps, signal: AbortSignal.any([deps.signal, lost.signal]) };
  try {
    if (waiting && !(await shopIsBack(run, job, waitedOut))) return later(shopRecheckMs());
    return await advance(run, (await db.job.findFirst({ where: { id: job.id, shop } }))!);
  } catch (error) {
    if (error instanceof ShopUnavailableError) {
      // A token Shopify refuses is of no more use: the merchant's next visit exchanges a new one.
      if (error.reason === "revoked")
        await db.session.deleteMany({ where: { shop, isOnline: false } });
      await db.job.updateMany({
        where: { id: job.id, shop, status: { in: ACTIVE_STATUSES } },
        data: { status: "paused", errorCode: SHOP_WAIT[error.reason], error: error.message },
      });
      return later(shopRecheckMs());
    }
    if (error instanceof JobWaitError) {
      await db.job.updateMany({
        where: { id: job.id, shop, status: { in: ACTIVE_STATUSES } },
        data: { status: "paused", errorCode: error.code, error: error.message },
      });
      return later(error.waitMs);
    }
    if (error instanceof AccessDeniedError)
      throw new PermanentJobError(
        // Shopify's answer when the app's protected customer data request (names,
        // emails) is not approved: no scope the merchant grants changes it.
        NOT_APPROVED.test(error.message) ? "protected_data" : "access_denied",
        error.message,
      );
    throw error;
  } finally {
    release();
    runningHere.delete(job.id);
    await db.job.updateMany({
      where: { id: job.id, shop: job.shop, runnerId: deps.workerId },
      data: { runnerId: null, runnerUntil: null },
    });
  }
}

const later = (ms: number): TaskResult => ({ retryAt: new Date(Date.now() + ms) });

/**
 * A job paused by the shop's state: one cheap call says whether Shopify
 * serves the shop again. One that waited out a kind's limit just goes on.
 */
async function shopIsBack(deps: RunnerDeps, job: JobRow, waitedOut: boolean) {
  try {
    if (!waitedOut)
      await deps
        .executorFor(job.shop)
        .bind(deps.signal)
        .query(`query PatronShopBack { shop { id } }`);
  } catch (error) {
    if (error instanceof ShopUnavailableError) return false;
    throw error;
  }
  const reading = !!JSON.parse(job.params).audience && job.audienceCursor !== "end";
  await deps.db.job.updateMany({
    where: { id: job.id, shop: job.shop, status: "paused", errorCode: job.errorCode },
    data: { status: reading ? "preparing" : "queued", errorCode: null, error: null },
  });
  return true;
}

function jobKind(deps: RunnerDeps, name: string): JobKind {
  const kind = deps.kinds[name];
  if (!kind) throw new PermanentJobError("unknown_kind", `Unknown job kind "${name}"`);
  return kind;
}

async function advance(deps: RunnerDeps, job: JobRow): Promise<TaskResult> {
  const { db } = deps;
  const kind = jobKind(deps, job.kind);
  // Ends the run's waits at once when the worker stops or the job is paused or cancelled.
  const run = new AbortController();
  const signal = AbortSignal.any([deps.signal, run.signal]);
  const executor = deps.executorFor(job.shop).bind(signal);
  const params = JSON.parse(job.params) as {
    audience?: AudiencePlan;
    hold?: boolean;
    modeRequested?: string;
  };
  const context: KindContext = { db, shop: job.shop, executor, params, signal };

  if (job.status === "cancelling") return finishCancelling(deps, job, kind, context);
  if (job.status === "preparing") {
    let total: number;
    try {
      total = await prepareAudience(context, job.id, params.audience!, kind.audience);
    } catch (error) {
      if (error instanceof AudienceNotReady) return { retryAt: error.retryAt };
      throw refusal(error, "audience_invalid");
    }
    await kind.audience?.complete?.(context, job.id);
    const mode = chooseMode(params.modeRequested, total, kind);
    // Held (a preview, a dry run): the items wait, read and checked, until someone starts it.
    await db.job.updateMany({
      where: { id: job.id, shop: job.shop, status: "preparing" },
      data: { status: params.hold ? "ready" : "queued", total, mode },
    });
    if (params.hold) return undefined;
  } else if (
    job.status === "queued" &&
    job.startedAt === null &&
    params.modeRequested !== "paced"
  ) {
    const mode = chooseMode(params.modeRequested, job.total, kind);
    if (mode !== job.mode)
      await db.job.update({ where: { id: job.id, shop: job.shop }, data: { mode } });
  }
  const started = await db.job.updateMany({
    where: { id: job.id, shop: job.shop, status: "queued" },
    data: { status: "running", startedAt: job.startedAt ?? new Date() },
  });
  if (started.count === 0 && (await currentStatus(db, job)) !== "running") return later(0);

  const fresh = (await db.job.findFirst({ where: { id: job.id, shop: job.shop } }))!;
  if (fresh.mode === "bulk" && kind.bulk) {
    try {
      const result = await runBulkMutation({ db, context, kind, job: fresh, cancelling: false });
      if (result) return result;
    } catch (error) {
      throw refusal(error, "bulk_refused");
    }
  } else {
    const yielded = await runPaced(deps, fresh, kind, context, () => run.abort());
    if (yielded) return yielded;
  }
  return (await finishIfDone(db, job.shop, job.id)) ? undefined : later(0);
}

/**
 * An error Shopify gave for good (not unavailability, not the shop's state):
 * the job cannot go on, whatever the retries.
 */
function refusal(error: unknown, code: JobErrorCode) {
  if (
    error instanceof AdminApiError &&
    !(error instanceof AdminApiUnavailableError) &&
    !(error instanceof ShopUnavailableError) &&
    !(error instanceof AccessDeniedError)
  )
    return new PermanentJobError(code, error.message);
  return error;
}

/**
 * Cancel: Shopify's bulk operation (if any) is stopped, every item whose
 * call may have run is settled from Shopify's state, the rest is cancelled.
 */
async function finishCancelling(
  deps: RunnerDeps,
  job: JobRow,
  kind: JobKind,
  context: KindContext,
): Promise<TaskResult> {
  const { db } = deps;
  if (job.bulkOperationId || job.bulkSubmittedAt) {
    if (job.mode === "bulk" && kind.bulk) {
      const result = await runBulkMutation({ db, context, kind, job, cancelling: true });
      if (result) return result;
    } else {
      // The audience's bulk query: its result is not needed any more.
      await cancelQuietly(context, job.bulkOperationId);
      await db.job.update({
        where: { id: job.id, shop: job.shop },
        data: { bulkOperationId: null },
      });
    }
  }
  const unsettled = await settleInFlight(deps, job, kind, context, "cancelled");
  if (unsettled) return unsettled;
  await db.jobItem.updateMany({
    where: { jobId: job.id, shop: job.shop, status: "pending" },
    data: { status: "cancelled" },
  });
  await db.job.updateMany({
    where: { id: job.id, shop: job.shop, status: "cancelling" },
    data: { status: "cancelled", finishedAt: new Date() },
  });
  return undefined;
}

async function cancelQuietly(context: KindContext, operationId: string | null) {
  if (operationId) await cancelBulkOperation(context.executor, operationId);
}

export function bulkThreshold() {
  return Number(process.env.PATRON_BULK_THRESHOLD ?? 5000);
}

function chooseMode(requested: string | undefined, total: number, kind: JobKind) {
  if (!kind.bulk || requested === "paced") return "paced";
  if (requested === "bulk") return "bulk";
  return total > bulkThreshold() ? "bulk" : "paced";
}

export async function finishIfDone(db: Database, shop: string, jobId: string) {
  const open = await db.jobItem.count({
    where: { jobId, shop, status: { in: ["pending", "in_flight"] } },
  });
  if (open > 0) return false;
  await db.job.updateMany({
    where: { id: jobId, shop, status: "running" },
    data: { status: "completed", finishedAt: new Date() },
  });
  return true;
}
