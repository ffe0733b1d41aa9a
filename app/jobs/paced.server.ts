import {
  AccessDeniedError,
  AdminApiError,
  AdminApiUnavailableError,
  EffectUnknownError,
  ShopUnavailableError,
} from "../admin-api/errors";
import { StoppedError } from "../admin-api/executor.server";
import type { Database } from "../db/db.server";
import {
  backToPending,
  claim,
  giveBack,
  itemRecord,
  pendingIds,
  recordOutcome,
} from "./items.server";
import type { ItemOutcome, ItemRecord, JobKind, KindContext } from "./kinds";
import type { TaskResult } from "./queue";
import { currentStatus } from "./jobs.server";
import { JobWaitError, type JobRow, type RunnerDeps } from "./runner.server";

/**
 * A call whose answer was lost (timeout, 5xx, a worker killed mid-call) may
 * still be running at Shopify: its item's state is read only this long after.
 */
export function settleGraceMs() {
  return Number(process.env.PATRON_RECONCILE_GRACE_MS ?? 15_000);
}

function apiTimeoutMs() {
  return Number(process.env.PATRON_API_TIMEOUT_MS ?? 30_000);
}

/** When the earliest item still in flight may be settled; null when none is. */
async function earliestSettle(db: Database, job: JobRow) {
  const next = await db.jobItem.findFirst({
    where: { jobId: job.id, shop: job.shop, status: "in_flight" },
    orderBy: { settleAfter: "asc" },
    select: { settleAfter: true },
  });
  return next ? (next.settleAfter ?? new Date()) : null;
}

/**
 * Items in flight that no run is waiting on (a dead run's, or calls whose
 * answer was lost): once their grace period is over, Shopify's state says
 * whether the call took effect. Not applied, they go back to pending (or to
 * cancelled, when the job is being cancelled). Returns when to look again
 * while some still wait for their grace period.
 */
export async function settleInFlight(
  deps: RunnerDeps,
  job: JobRow,
  kind: JobKind,
  context: KindContext,
  notApplied: "pending" | "cancelled",
): Promise<TaskResult> {
  const { db } = deps;
  const now = Date.now();
  const where = { jobId: job.id, shop: job.shop, status: "in_flight" };
  // A dead run's call was sent before its item's startedAt + timeout; older ones are long settled.
  await db.jobItem.updateMany({
    where: {
      ...where,
      settleAfter: null,
      startedAt: { lt: new Date(now - apiTimeoutMs() - settleGraceMs()) },
    },
    data: { settleAfter: new Date(now) },
  });
  await db.jobItem.updateMany({
    where: { ...where, settleAfter: null },
    data: { settleAfter: new Date(now + settleGraceMs()) },
  });
  for (;;) {
    const due = await db.jobItem.findMany({
      where: { ...where, settleAfter: { lte: new Date() } },
      orderBy: { seq: "asc" },
      take: Math.max(8, context.executor.maxInFlight * 2),
    });
    if (!due.length) break;
    await Promise.all(
      due.map(async (row) => {
        const item = itemRecord(row);
        const found = await kind.reconcile(item, context);
        if (found.status !== "not_applied") await recordOutcome(db, job.shop, item.id, found);
        else if (notApplied === "cancelled")
          await recordOutcome(db, job.shop, item.id, { status: "cancelled" });
        else
          await backToPending(db, job.shop, item.id, row.attempts, "retried after a lost answer");
      }),
    );
  }
  const next = await earliestSettle(db, job);
  return next ? { retryAt: next } : undefined;
}

type Stop = { retryAt: Date } | null;
type Claimed = ItemRecord & { attempts: number };

/**
 * Does pending items with paced Admin API calls, as many at once as the
 * shop's budget allows, until the slice ends, the job stops being "running",
 * or nothing is left. Returns when to run again (undefined: nothing to come
 * back for).
 */
export async function runPaced(
  deps: RunnerDeps,
  job: JobRow,
  kind: JobKind,
  context: KindContext,
  stopRun: () => void,
): Promise<TaskResult> {
  const { db } = deps;
  await settleInFlight(deps, job, kind, context, "pending");
  const deadline = Date.now() + (deps.sliceMs ?? Number(process.env.PATRON_SLICE_MS ?? 10_000));
  // Lanes up to the bound; but only as many hold an item as calls can be in
  // flight now, and items are claimed a few at a time: an item claimed long
  // before its call would, after a crash, need a reconciliation (and for a
  // re-send, could not be told from one that went out).
  const lanes = Math.max(1, context.executor.maxInFlight);
  let holding = 0;
  const chunk = () => Math.max(1, context.executor.inFlightLimit());
  const buffer: Claimed[] = [];
  const state: { stop: Stop; exhausted: boolean } = { stop: null, exhausted: false };
  let lastCheck = Date.now();

  const refill = async () => {
    const ids = await pendingIds(db, job.shop, job.id, chunk());
    if (ids.length === 0) {
      state.exhausted = true;
      return;
    }
    for (const row of await claim(db, job.shop, ids))
      buffer.push({ ...itemRecord(row), attempts: row.attempts });
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
    const status = await currentStatus(db, job);
    if (status !== "running") {
      state.stop = { retryAt: new Date(status === "cancelling" ? Date.now() : 0) };
      stopRun();
    }
  };

  const lane = async () => {
    for (;;) {
      if (context.signal.aborted || Date.now() > deadline) state.stop ??= { retryAt: new Date() };
      await checkIn();
      if (state.stop || (state.exhausted && buffer.length === 0)) return;
      if (holding >= context.executor.inFlightLimit()) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      holding++;
      const item = await next().finally(() => holding--);
      if (!item) return;
      holding++;
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
          stopRun();
          throw error;
        }
      } finally {
        holding--;
      }
    }
  };
  // Every lane ends before this run does, so no call outlives the run's lease.
  const lanesDone = await Promise.allSettled(Array.from({ length: lanes }, lane));

  // Claimed but not started (stopping early): give them back untouched.
  await giveBack(
    db,
    job.shop,
    buffer.map((b) => b.id),
  );
  const failure = lanesDone.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failure) throw failure.reason;
  const { stop } = state;
  // Paused: nothing to come back for until resumed.
  if (stop && stop.retryAt.getTime() === 0) return undefined;
  if (stop) return stop;
  const settle = await earliestSettle(db, job);
  return settle ? { retryAt: settle } : undefined;
}

async function doItem(db: Database, kind: JobKind, context: KindContext, item: Claimed) {
  let outcome: ItemOutcome;
  try {
    outcome = await kind.perform(item, context);
  } catch (error) {
    if (error instanceof EffectUnknownError) {
      // Left in flight: read Shopify's state once the call can no longer be running there.
      await db.jobItem.updateMany({
        where: { id: item.id, shop: context.shop, status: "in_flight" },
        data: { settleAfter: new Date(Date.now() + settleGraceMs()), error: error.message },
      });
      return;
    }
    // Nothing ran (the shop is not served, or a permission is missing): the
    // item waits for the job to go on; the run stops with the reason.
    if (
      error instanceof ShopUnavailableError ||
      error instanceof AccessDeniedError ||
      error instanceof JobWaitError
    ) {
      await giveBack(db, context.shop, [item.id]);
      throw error;
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
