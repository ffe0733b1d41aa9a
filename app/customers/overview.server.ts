import type { ShopApi } from "../admin-api/executor.server";
import type { Database } from "../db/db.server";

const COUNT = `#graphql
  query PatronCustomerCount {
    customersCount(limit: null) { count precision }
  }`;

/** The hub's figures: the store's customers, and what was done to them here in 30 days. */
export async function customerOverview(db: Database, executor: ShopApi, shop: string) {
  const since = new Date(Date.now() - 30 * 86_400_000);
  const confirmed = await db.customerDeletion.findMany({
    where: { shop, confirmedAt: { gte: since }, jobId: { not: null } },
    select: { jobId: true },
  });
  const [count, tagChanges, deleted, militaryOpen, spamFlagged] = await Promise.all([
    executor
      .query<{ customersCount: { count: number; precision: string } | null }>(COUNT)
      .then((d) => d.customersCount)
      // The hub still shows what the app knows when Shopify does not answer.
      .catch(() => null),
    db.tagOperation.count({ where: { shop, createdAt: { gte: since }, jobId: { not: null } } }),
    db.jobItem.count({
      where: { shop, status: "succeeded", jobId: { in: confirmed.map((d) => d.jobId!) } },
    }),
    db.militaryAddress.count({ where: { shop, status: "open" } }),
    db.spamScan
      .findFirst({ where: { shop, status: "done" }, orderBy: { createdAt: "desc" } })
      .then((scan) => scan?.flagged ?? 0),
  ]);
  return {
    customers: count?.count ?? null,
    customersAtLeast: count?.precision === "AT_LEAST",
    tagChanges,
    deletions: confirmed.length,
    deleted,
    militaryOpen,
    spamFlagged,
  };
}
