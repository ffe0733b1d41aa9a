// Shopify's own count of a discount's uses (asyncUsageCount), beside the
// redemptions we counted from the orders' codes: the page shows both and a
// note when they differ (Shopify counts asynchronously, and counts uses
// whatever automation or order they came through).
import type { ShopApi } from "../admin-api/executor.server";

// Shopify takes at most 250 ids in nodes(ids:).
export const USAGE_BATCH = 250;

const USAGE = `#graphql
  query PatronOfferUsage($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on DiscountCodeNode {
        id
        codeDiscount {
          ... on DiscountCodeBasic {
            asyncUsageCount
          }
          ... on DiscountCodeFreeShipping {
            asyncUsageCount
          }
        }
      }
    }
  }`;

type UsageNode = {
  id?: string;
  codeDiscount?: { asyncUsageCount?: number } | null;
} | null;

export type UsageCount = {
  /** Uses Shopify counts over the discounts it still has. */
  total: number;
  /** Each discount's uses, by id. */
  counts: Record<string, number>;
  /** Discounts Shopify no longer has (deleted), or of a type without a count. */
  missing: string[];
};

/** Reads the discounts' asyncUsageCount, 250 ids a query. */
export async function usageCrossCheck(
  executor: ShopApi,
  discountIds: readonly string[],
): Promise<UsageCount> {
  const ids = [...new Set(discountIds)];
  const counts: Record<string, number> = {};
  const missing: string[] = [];
  let total = 0;
  for (let start = 0; start < ids.length; start += USAGE_BATCH) {
    const batch = ids.slice(start, start + USAGE_BATCH);
    const data = await executor.query<{ nodes: UsageNode[] }>(USAGE, { ids: batch });
    batch.forEach((id, i) => {
      const count = data.nodes[i]?.codeDiscount?.asyncUsageCount;
      if (typeof count !== "number") {
        missing.push(id);
        return;
      }
      counts[id] = count;
      total += count;
    });
  }
  return { total, counts, missing };
}

/** What the page says beside our count: null when Shopify agrees. */
export function usageDifference(ourCount: number, usage: UsageCount) {
  return usage.total === ourCount ? null : { ours: ourCount, shopify: usage.total };
}
