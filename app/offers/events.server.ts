import type { Database } from "../db/db.server";
import { isUniqueViolation } from "../db/db-errors";

export type OfferEventInput = {
  automationId: string;
  offerId: string | null;
  kind: "issued" | "redeemed" | "cancelled" | "refunded";
  orderId: string;
  /** What the event is about, once: the order, or the refund. */
  sourceId: string;
  customerId: string | null;
  amountMinor: number;
  currencyCode: string | null;
  at?: Date;
};

/** Records an event once: a webhook delivered twice, or a retried task, adds nothing. */
export async function recordOfferEvent(db: Database, shop: string, event: OfferEventInput) {
  try {
    await db.offerEvent.create({ data: { shop, ...event } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}
