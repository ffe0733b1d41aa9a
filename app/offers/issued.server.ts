import type { Database } from "../db/db.server";

export const ISSUED_PAGE_SIZE = 25;

/** One page of an automation's issued offers, newest first, for its page. */
export async function listIssuedOffers(
  db: Database,
  shop: string,
  automationId: string,
  page: number,
) {
  const where = { shop, automationId };
  const [total, rows] = await Promise.all([
    db.issuedOffer.count({ where }),
    db.issuedOffer.findMany({
      where,
      orderBy: { issuedAt: "desc" },
      skip: (page - 1) * ISSUED_PAGE_SIZE,
      take: ISSUED_PAGE_SIZE,
    }),
  ]);
  return {
    total,
    pages: Math.max(1, Math.ceil(total / ISSUED_PAGE_SIZE)),
    offers: rows.map((o) => ({
      id: o.id,
      code: o.code,
      status: o.status as "issuing" | "issued" | "failed" | "revoked",
      orderId: o.orderId,
      customerId: o.customerId,
      issuedAt: o.issuedAt.toISOString(),
      endsAt: o.endsAt.toISOString(),
      usedAt: o.usedAt?.toISOString() ?? null,
      error: o.error,
    })),
  };
}
