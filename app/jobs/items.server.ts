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

/** The outcome of an item whose call was made (or reconciled); only an item still in flight changes. */
export async function recordOutcome(
  db: Database,
  shop: string,
  itemId: string,
  outcome: ItemOutcome,
) {
  await db.jobItem.updateMany({
    where: { id: itemId, shop, status: "in_flight" },
    data: {
      status: outcome.status,
      error: outcome.status === "succeeded" ? null : outcome.reason.slice(0, 1000),
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
