import type { ShopApi } from "../admin-api/executor.server";
import type { Database } from "../db/db.server";
import { usageCrossCheck } from "./usage.server";

const DAY_MS = 86_400_000;
// The unique codes looked at: those of the window, the newest first (4 queries at most).
const MAX_CODES = 1000;

type Automation = { id: string; codeMode: string; discountId: string | null };

/**
 * Our count of an automation's code uses beside Shopify's asyncUsageCount:
 * a shared code's whole life, or the unique codes given in the window. Null
 * when there is nothing to compare, or when Shopify cannot be asked now (the
 * page shows without it rather than fail).
 */
export async function usageComparison(
  db: Database,
  executor: ShopApi,
  shop: string,
  automation: Automation,
  { now = new Date(), days = 30 } = {},
) {
  try {
    if (automation.codeMode === "shared") {
      if (!automation.discountId) return null;
      const [usage, patron] = await Promise.all([
        usageCrossCheck(executor, [automation.discountId]),
        db.offerEvent.count({ where: { shop, automationId: automation.id, kind: "redeemed" } }),
      ]);
      if (usage.missing.length) return null;
      return { scope: "shared" as const, shopify: usage.total, patron };
    }
    const offers = await db.issuedOffer.findMany({
      where: {
        shop,
        automationId: automation.id,
        status: "issued",
        discountId: { not: null },
        issuedAt: { gt: new Date(now.getTime() - days * DAY_MS) },
      },
      select: { discountId: true, usedAt: true },
      orderBy: { issuedAt: "desc" },
      take: MAX_CODES,
    });
    if (!offers.length) return null;
    const usage = await usageCrossCheck(
      executor,
      offers.map((o) => o.discountId!),
    );
    const counted = offers.filter((o) => !usage.missing.includes(o.discountId!));
    return {
      scope: "unique" as const,
      shopify: usage.total,
      patron: counted.filter((o) => o.usedAt).length,
    };
  } catch (error) {
    console.warn("offers: Shopify's usage count could not be read", error);
    return null;
  }
}
