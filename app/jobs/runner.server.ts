import { AdminApiError, AdminApiUnavailableError, EffectUnknownError } from "../admin-api/errors";
import { StoppedError, type AdminExecutor } from "../admin-api/executor.server";
import type { Database } from "../db/db.server";
import { backToPending, itemRecord, recordOutcome } from "./items.server";
import type { ItemOutcome, ItemRecord, JobKind, JobKinds, KindContext } from "./kinds";
import { AudienceNotReady, prepareAudience } from "./audience.server";
import { runBulkMutation } from "./bulk-mutation.server";
import type { TaskResult } from "./queue";

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

const ACTIVE = ["preparing", "queued", "running"];
// Jobs this process is advancing: a second task for the same job waits its turn.
const runningHere = new Set<string>();

type JobRow = NonNullable<Awaited<ReturnType<Database["job"]["findFirst"]>>>;

function leaseMsOf(deps: RunnerDeps) {
  return deps.leaseMs ?? Number(process.env.PATRON_LEASE_MS ?? 30_000);
}

async function acquire(deps: RunnerDeps, job: JobRow) {
  const now = new Date();
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

async function renew(deps: RunnerDeps, job: JobRow) {
  const { count } = await deps.db.job.updateMany({
    where: { id: job.id, shop: job.shop, runnerId: deps.workerId },
    data: { runnerUntil: new Date(Date.now() + leaseMsOf(deps)) },
  });
  if (count === 0) throw new Error("lost the job's lease to another worker");
}

/**
 * Advances one job for at most one slice: reconciles items a dead run left in
 * flight, then does pending items (intent recorded before each call, outcome
 * after), and yields so other shops' jobs get the worker too.
 */
export async function runJob(deps: RunnerDeps, shop: string, jobId: string): Promise<TaskResult> {
  const { db } = deps;
  const job = await db.job.findFirst({ where: { id: jobId, shop } });
  if (!job || !ACTIVE.includes(job.status)) return;
  if (runningHere.has(job.id)) return { retryAt: new Date(Date.now() + 1000) };
  if (!(await acquire(deps, job)))
    return { retryAt: job.runnerUntil ?? new Date(Date.now() + 1000) };
  runningHere.add(job.id);
  try {
    return await advance(deps, job);
  } finally {
    runningHere.delete(job.id);
    await db.job.updateMany({
      where: { id: job.id, shop: job.shop, runnerId: deps.workerId },
      data: { runnerId: null, runnerUntil: null },
    });
  }
}

async function advance(deps: RunnerDeps, job: JobRow): Promise<TaskResult> {
  const { db } = deps;
  // Ends the run's waits at once when the worker stops or the job is paused or cancelled.
  const run = new AbortController();
  const executor = deps.executorFor(job.shop).bind(AbortSignal.any([deps.signal, run.signal]));
  const params = JSON.parse(job.params) as { audience?: { query: string }; modeRequested?: string };
  const context: KindContext = { db, shop: job.shop, executor, params, signal: deps.signal };
  if (job.status === "preparing") {
    let total: number;
    try {
      total = await prepareAudience(context, job.id, params.audience!.query);
    } catch (error) {
      if (error instanceof AudienceNotReady) return { retryAt: error.retryAt };
      throw error;
    }
    const mode = chooseMode(params.modeRequested, total, jobKind(deps, job.kind));
    await db.job.updateMany({
      where: { id: job.id, shop: job.shop, status: "preparing" },
      data: { status: "queued", total, mode },
    });
  } else if (
    job.status === "queued" &&
    job.startedAt === null &&
    params.modeRequested !== "paced"
  ) {
    const mode = chooseMode(params.modeRequested, job.total, jobKind(deps, job.kind));
    if (mode !== job.mode)
      await db.job.update({ where: { id: job.id, shop: job.shop }, data: { mode } });
    job.mode = mode;
  }
  const started = await db.job.updateMany({
    where: { id: job.id, shop: job.shop, status: "queued" },
    data: { status: "running", startedAt: job.startedAt ?? new Date() },
  });
  if (started.count === 0 && (await currentStatus(db, job)) !== "running") return;

  const kind = jobKind(deps, job.kind);
  const fresh = (await db.job.findFirst({ where: { id: job.id, shop: job.shop } }))!;
  if (fresh.mode === "bulk" && kind.bulk) {
    const result = await runBulkMutation({ ...deps, context, kind, job: fresh });
    if (result) return result;
  } else {
    const yielded = await runPaced(deps, fresh, kind, context, () => run.abort());
    if (yielded) return yielded;
  }
  const finished = await finishIfDone(db, job.shop, job.id);
  // Items put back (an unknown outcome that turned out not applied) while the run ended: go again.
  if (!finished && (await currentStatus(db, job)) === "running") return { retryAt: new Date() };
}

function jobKind(deps: RunnerDeps, name: string): JobKind {
  const kind = deps.kinds[name];
  if (!kind) throw new Error(`Unknown job kind "${name}"`);
  return kind;
}

export function bulkThreshold() {
  return Number(process.env.PATRON_BULK_THRESHOLD ?? 5000);
}

function chooseMode(requested: string | undefined, total: number, kind: JobKind) {
  if (!kind.bulk || requested === "paced") return "paced";
  if (requested === "bulk") return "bulk";
  return total > bulkThreshold() ? "bulk" : "paced";
}

async function currentStatus(db: Database, job: { id: string; shop: string }) {
  return (
    await db.job.findFirst({ where: { id: job.id, shop: job.shop }, select: { status: true } })
  )?.status;
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

/** Items a dead run left in flight: Shopify's state says whether their call took effect. */
async function reconcileInFlight(
  deps: RunnerDeps,
  job: JobRow,
  kind: JobKind,
  context: KindContext,
) {
  const left = await deps.db.jobItem.findMany({
    where: { jobId: job.id, shop: job.shop, status: "in_flight" },
    orderBy: { seq: "asc" },
  });
  await Promise.all(
    left.map(async (row) => {
      const item = itemRecord(row);
      const found = await kind.reconcile(item, context);
      if (found.status === "not_applied")
        await backToPending(
          deps.db,
          job.shop,
          item.id,
          row.attempts,
          "retried after an interrupted run",
        );
      else await recordOutcome(deps.db, job.shop, item.id, found);
    }),
  );
}

type Stop = { retryAt: Date } | null;

async function runPaced(
  deps: RunnerDeps,
  job: JobRow,
  kind: JobKind,
  context: KindContext,
  stopRun: () => void,
): Promise<TaskResult> {
  const { db } = deps;
  await reconcileInFlight(deps, job, kind, context);
  const deadline = Date.now() + (deps.sliceMs ?? Number(process.env.PATRON_SLICE_MS ?? 10_000));
  const lanes = Math.max(1, context.executor.maxInFlight);
  const chunk = lanes * 2;
  const buffer: (ItemRecord & { attempts: number })[] = [];
  const state: { stop: Stop; exhausted: boolean } = { stop: null, exhausted: false };
  let lastCheck = Date.now();

  const refill = async () => {
    const rows = await db.jobItem.findMany({
      where: { jobId: job.id, shop: job.shop, status: "pending" },
      orderBy: { seq: "asc" },
      take: chunk,
    });
    if (rows.length === 0) {
      state.exhausted = true;
      return;
    }
    // Intent: these items may now be sent. A crash from here on leaves them in_flight for reconciliation.
    await db.jobItem.updateMany({
      where: { id: { in: rows.map((r) => r.id) }, shop: job.shop, status: "pending" },
      data: { status: "in_flight", attempts: { increment: 1 }, startedAt: new Date() },
    });
    for (const row of rows) buffer.push({ ...itemRecord(row), attempts: row.attempts + 1 });
  };

  let refilling: Promise<void> | null = null;
  const next = async () => {
    while (buffer.length === 0 && !state.exhausted && !state.stop) {
      refilling ??= refill().finally(() => (refilling = null));
      await refilling;
    }
    return state.stop ? undefined : buffer.shift();
  };

  const checkIn = async () => {
    if (Date.now() - lastCheck < 250) return;
    lastCheck = Date.now();
    await renew(deps, job);
    const status = await currentStatus(db, job);
    if (status !== "running") {
      state.stop = { retryAt: new Date(0) };
      stopRun();
    }
  };

  const lane = async () => {
    for (;;) {
      if (deps.signal.aborted || Date.now() > deadline) state.stop ??= { retryAt: new Date() };
      await checkIn();
      const item = await next();
      if (!item) return;
      try {
        await doItem(db, kind, context, item);
      } catch (error) {
        if (error instanceof AdminApiUnavailableError)
          state.stop ??= { retryAt: new Date(Date.now() + 30_000) };
        else if (error instanceof StoppedError) {
          buffer.unshift(item); // never sent: given back below
          state.stop ??= { retryAt: new Date() };
        } else {
          state.stop ??= { retryAt: new Date() };
          throw error;
        }
      }
    }
  };
  // Every lane ends before this run does, so no call outlives the run's lease.
  const lanesDone = await Promise.allSettled(Array.from({ length: lanes }, lane));

  // Claimed but not started (stopping early): give them back untouched.
  if (buffer.length) {
    await db.jobItem.updateMany({
      where: { id: { in: buffer.map((b) => b.id) }, shop: job.shop, status: "in_flight" },
      data: { status: "pending", attempts: { decrement: 1 } },
    });
  }
  const failure = lanesDone.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failure) throw failure.reason;
  // Cancelled meanwhile: what was given back is not to be sent.
  if ((await currentStatus(db, job)) === "cancelled") {
    await db.jobItem.updateMany({
      where: { jobId: job.id, shop: job.shop, status: "pending" },
      data: { status: "cancelled" },
    });
  }
  const { stop } = state;
  // Paused or cancelled: nothing to come back for until resumed.
  if (!stop || stop.retryAt.getTime() === 0) return undefined;
  return stop;
}

async function doItem(
  db: Database,
  kind: JobKind,
  context: KindContext,
  item: ItemRecord & { attempts: number },
) {
  let outcome: ItemOutcome;
  try {
    outcome = await kind.perform(item, context);
  } catch (error) {
    if (error instanceof EffectUnknownError) {
      const found = await kind.reconcile(item, context).catch(() => null);
      // Reconciliation failed too: the item stays in flight and the next run reconciles it.
      if (!found) return;
      if (found.status === "not_applied")
        return backToPending(db, context.shop, item.id, item.attempts, error.message);
      return recordOutcome(db, context.shop, item.id, found);
    }
    if (error instanceof AdminApiUnavailableError) {
      await backToPending(db, context.shop, item.id, item.attempts, error.message);
      throw error;
    }
    if (error instanceof AdminApiError)
      return recordOutcome(db, context.shop, item.id, { status: "failed", reason: error.message });
    throw error;
  }
  await recordOutcome(db, context.shop, item.id, outcome);
}
