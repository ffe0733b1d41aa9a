import type { Database } from "../db/db.server";

/** What the thank-you and order-status blocks show for an order. */
export type OfferForOrder =
  | {
      status: "issued";
      offer: {
        code: string;
        kind: "percentage" | "fixed_amount" | "free_shipping";
        /** Percent or amount as a decimal string; null for free shipping. */
        value: string | null;
        currencyCode: string;
        minimumSubtotal: string | null;
        endsAt: string;
      };
    }
  /** The order is being handled (orders/create not in yet, or the discount is being made). */
  | { status: "pending" }
  | { status: "none" };

/**
 * The offer an order earned, if any. "pending" while an active automation
 * may still issue one (the thank-you page renders before orders/create
 * reaches the app); "none" when no automation will.
 */
export async function offerForOrder(
  db: Database,
  shop: string,
  orderId: string,
): Promise<OfferForOrder> {
  const offer = await db.issuedOffer.findFirst({
    where: { shop, orderId, status: { in: ["issuing", "issued"] } },
    orderBy: { issuedAt: "asc" },
  });
  if (offer?.status === "issued" && offer.code)
    return {
      status: "issued",
      offer: {
        code: offer.code,
        kind: offer.discountKind as "percentage" | "fixed_amount" | "free_shipping",
        value: offer.value,
        currencyCode: offer.currencyCode,
        minimumSubtotal: offer.minimumSubtotal,
        endsAt: offer.endsAt.toISOString(),
      },
    };
  if (offer) return { status: "pending" };
  const handled = await db.offerOrder.findUnique({ where: { shop_orderId: { shop, orderId } } });
  if (handled?.jobId) {
    const job = await db.job.findFirst({
      where: { id: handled.jobId, shop },
      select: { status: true },
    });
    if (job && !["completed", "failed", "cancelled"].includes(job.status))
      return { status: "pending" };
  }
  if (handled) return { status: "none" };
  const active = await db.offerAutomation.count({ where: { shop, status: "active" } });
  return active ? { status: "pending" } : { status: "none" };
}

/** What the customer's extensions are told about an order (see api.offers.tsx). */
export type OfferForBuyer = OfferForOrder | { status: "not_installed" };

/**
 * The offer an order earned, as the thank-you and order-status blocks may
 * see it. The caller names the shop from the extension's session token
 * (`dest`) and, for a logged-in buyer, the customer (`sub`): the order is
 * looked up in that shop only, and a logged-in buyer is never shown another
 * customer's offer. A guest's token names no customer: the order id is all
 * there is (the code is restricted to the order's customer anyway). An offer
 * already used or past its end is none: the blocks show only what works.
 */
export async function offerForBuyer(
  db: Database,
  shop: string,
  { orderId, customerId }: { orderId: string; customerId: string | null },
  now: Date = new Date(),
): Promise<OfferForBuyer> {
  const [installation, sessions] = await Promise.all([
    db.shop.findUnique({ where: { shop }, select: { uninstalledAt: true } }),
    db.session.count({ where: { shop, isOnline: false } }),
  ]);
  // An installation is its offline session (app/uninstalled deletes it) or its Shop row.
  if (installation ? installation.uninstalledAt !== null : sessions === 0)
    return { status: "not_installed" };
  if (customerId) {
    const other = await db.issuedOffer.findFirst({
      where: {
        shop,
        orderId,
        status: { in: ["issuing", "issued"] },
        NOT: { customerId },
      },
      select: { id: true },
    });
    if (other) return { status: "none" };
  }
  const answer = await offerForOrder(db, shop, orderId);
  if (answer.status !== "issued") return answer;
  // Shown while it can be used: not once its code was used, nor past its end.
  const used = await db.issuedOffer.count({
    where: { shop, orderId, status: "issued", code: answer.offer.code, usedAt: { not: null } },
  });
  if (used || Date.parse(answer.offer.endsAt) <= now.getTime()) return { status: "none" };
  return answer;
}
