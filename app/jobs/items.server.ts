import type { Database } from "../db/db.server";
import type { ItemOutcome, ItemRecord } from "./kinds";

export const MAX_ITEM_ATTEMPTS = 5;

type ItemRow = { id: string; seq: number; target: string; data: string | null };

export function itemRecord(row: ItemRow): ItemRecord {
  return {
    id: row.id,
    seq: row.seq,
    target: row.target,
    data: row.data ? JSON.parse(row.data) : null,
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
