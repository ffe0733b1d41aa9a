import type { Database } from "../db/db.server";
import type { ItemOutcome, ItemRecord } from "./kinds";

export const MAX_ITEM_ATTEMPTS = 5;

type ItemRow = {
  id: string;
  seq: number;
  target: string;
  data: string | null;
  startedAt?: Date | null;
};

export function itemRecord(row: ItemRow): ItemRecord {
  return {
    id: row.id,
    seq: row.seq,
    target: row.target,
    data: row.data ? JSON.parse(row.data) : null,
    startedAt: row.startedAt ?? null,
  };
}

/** An item's final state: what its call did, or cancelled before it could run. */
export type Settled = ItemOutcome | { status: "cancelled" };

/** The outcome of an item whose call was made (or reconciled); only an item still in flight changes. */
export async function recordOutcome(db: Database, shop: string, itemId: string, outcome: Settled) {
  await db.jobItem.updateMany({
    where: { id: itemId, shop, status: "in_flight" },
    data: {
      status: outcome.status,
      error: "reason" in outcome ? outcome.reason.slice(0, 1000) : null,
      finishedAt: new Date(),
      ...("data" in outcome && outcome.data !== undefined
        ? { data: JSON.stringify(outcome.data) }
        : {}),
    },
  });
}

/** Not applied: to be tried again, or failed with the reason after MAX_ITEM_ATTEMPTS. */
export async function backToPending(
  db: Database,
  shop: string,
  itemId: string,
  attempts: number,
  reason: string,
) {
  const failed = attempts >= MAX_ITEM_ATTEMPTS;
  await db.jobItem.updateMany({
    where: { id: itemId, shop, status: "in_flight" },
    data: failed
      ? { status: "failed", error: reason.slice(0, 1000), finishedAt: new Date() }
      : { status: "pending", error: reason.slice(0, 1000) },
  });
}

/** Claimed but never sent: back to pending, and the claim's attempt does not count. */
export async function giveBack(db: Database, shop: string, itemIds: string[]) {
  if (!itemIds.length) return;
  await db.jobItem.updateMany({
    where: { id: { in: itemIds }, shop, status: "in_flight" },
    data: { status: "pending", attempts: { decrement: 1 } },
  });
}

/** The next pending items of a job, in order. */
export async function pendingIds(db: Database, shop: string, jobId: string, take: number) {
  const rows = await db.jobItem.findMany({
    where: { jobId, shop, status: "pending" },
    orderBy: { seq: "asc" },
    take,
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/**
 * Intent: these items may now be sent. A crash from here on leaves them
 * in_flight for reconciliation. Only what this update took is returned: an
 * item cancelled (or claimed elsewhere) since it was read is not sent.
 */
export async function claim(db: Database, shop: string, ids: string[]) {
  const claimedAt = new Date();
  await db.jobItem.updateMany({
    where: { id: { in: ids }, shop, status: "pending" },
    data: {
      status: "in_flight",
      attempts: { increment: 1 },
      startedAt: claimedAt,
      settleAfter: null,
    },
  });
  return db.jobItem.findMany({
    where: { id: { in: ids }, shop, status: "in_flight", startedAt: claimedAt },
    orderBy: { seq: "asc" },
  });
}
