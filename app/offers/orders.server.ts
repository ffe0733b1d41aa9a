import type { Database } from "../db/db.server";
import { isUniqueViolation } from "../db/db-errors";
import { createJob, type JobDeps } from "../jobs/jobs.server";
import { recordOfferEvent } from "./events.server";
import { OFFER_ISSUE_JOB, type IssueParams } from "./issue-job.server";
import { toMinor } from "./money";

export type OrderFacts = {
  orderId: string;
  customerId: string | null;
  subtotal: string;
  total: string;
  currencyCode: string;
  codes: string[];
  at: Date;
};

/**
 * An order used an issued code: a redemption, counted once, with the order's
 * total as the sales it brought. Matched from the order's own discount codes,
 * never guessed; a shared code counts for the customer it was issued to.
 */
async function recordRedemptions(db: Database, shop: string, order: OrderFacts) {
  for (const code of order.codes) {
    const offers = await db.issuedOffer.findMany({
      // Shopify compares codes without case; the database compares as written.
      where: {
        shop,
        status: "issued",
        code: { in: [code, code.toUpperCase(), code.toLowerCase()] },
      },
      orderBy: { issuedAt: "asc" },
    });
    const offer =
      offers.find((o) => o.customerId && o.customerId === order.customerId) ??
      (offers.length === 1 && offers[0]!.customerId === order.customerId ? offers[0] : undefined);
    if (!offer || offer.automationId.startsWith("deleted:")) continue;
    const recorded = await recordOfferEvent(db, shop, {
      automationId: offer.automationId,
      offerId: offer.id,
      kind: "redeemed",
      orderId: order.orderId,
      sourceId: order.orderId,
      customerId: order.customerId,
      amountMinor: toMinor(order.total, order.currencyCode),
      currencyCode: order.currencyCode,
      at: order.at,
    });
    if (recorded)
      await db.issuedOffer.updateMany({
        where: { id: offer.id, shop, usedAt: null },
        data: { usedAt: order.at },
      });
  }
}

/**
 * orders/create: redemptions of issued codes, then the offers the order may
 * earn, issued by a job (paced, crash-safe). A delivery handled again finds
 * the order's job and makes none; should two ever run, each offer is still
 * made once (one row per automation and order, codes derived from both).
 */
export async function orderCreated(deps: JobDeps, shop: string, order: OrderFacts) {
  const { db } = deps;
  await recordRedemptions(db, shop, order);
  const key = { shop_orderId: { shop, orderId: order.orderId } };
  if (await db.offerOrder.findUnique({ where: key })) return null;
  const automations = await db.offerAutomation.findMany({
    where: { shop, status: "active" },
    select: { id: true },
  });
  const job = automations.length
    ? await createJob(deps, {
        shop,
        kind: OFFER_ISSUE_JOB,
        targets: automations.map((a) => ({ target: a.id })),
        mode: "paced",
        params: {
          orderId: order.orderId,
          customerId: order.customerId,
          subtotal: order.subtotal,
        } satisfies IssueParams,
      })
    : null;
  try {
    await db.offerOrder.create({ data: { shop, orderId: order.orderId, jobId: job?.id ?? null } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  return job;
}

/** The redemptions of an order, for cancellations and refunds to follow. */
async function redemptionsOf(db: Database, shop: string, orderId: string) {
  return db.offerEvent.findMany({ where: { shop, orderId, kind: "redeemed" } });
}

/** orders/cancelled: the sales an order brought are shown apart, not forgotten. */
export async function orderCancelled(db: Database, shop: string, orderId: string, at: Date) {
  for (const redeemed of await redemptionsOf(db, shop, orderId))
    await recordOfferEvent(db, shop, {
      automationId: redeemed.automationId,
      offerId: redeemed.offerId,
      kind: "cancelled",
      orderId,
      sourceId: orderId,
      customerId: redeemed.customerId,
      amountMinor: redeemed.amountMinor,
      currencyCode: redeemed.currencyCode,
      at,
    });
}

/** refunds/create: each refund of an order that used a code, once. */
export async function orderRefunded(
  db: Database,
  shop: string,
  refund: { refundId: string; orderId: string; amount: string; currencyCode: string; at: Date },
) {
  for (const redeemed of await redemptionsOf(db, shop, refund.orderId))
    await recordOfferEvent(db, shop, {
      automationId: redeemed.automationId,
      offerId: redeemed.offerId,
      kind: "refunded",
      orderId: refund.orderId,
      sourceId: refund.refundId,
      customerId: redeemed.customerId,
      amountMinor: toMinor(refund.amount, refund.currencyCode),
      currencyCode: refund.currencyCode,
      at: refund.at,
    });
}
