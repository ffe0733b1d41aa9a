import type { Database } from "../db/db.server";

// Every model holding a shop's rows. Uninstall and shop/redact must remove
// all of them: a model added to prisma/schema.prisma belongs in this list, or
// in GLOBAL_MODELS when it holds no shop data (shop-data.test.ts fails until
// it is in one of them).
export const SHOP_SCOPED_MODELS = [
  "Session",
  "Shop",
  "ComplianceRequest",
  "Task",
  "Job",
  "JobItem",
] as const;

/** Models of the deployment itself, with no shop column (the live workers). */
export const GLOBAL_MODELS = ["WorkerProcess"] as const;

export async function deleteShopData(db: Database, shop: string) {
  const counts = await db.$transaction([
    db.session.deleteMany({ where: { shop } }),
    db.shop.deleteMany({ where: { shop } }),
    db.complianceRequest.deleteMany({ where: { shop } }),
    db.task.deleteMany({ where: { shop } }),
    db.job.deleteMany({ where: { shop } }),
    db.jobItem.deleteMany({ where: { shop } }),
  ]);
  return Object.fromEntries(
    SHOP_SCOPED_MODELS.map((model, i) => [model, counts[i]!.count]),
  ) as Record<(typeof SHOP_SCOPED_MODELS)[number], number>;
}

/**
 * A new offline session (install or reinstall): the installation's time moves
 * to now, so an app/uninstalled Shopify triggered before it is recognised as
 * late and does not wipe the new installation.
 */
export async function recordInstallation(db: Database, shop: string, scopes: string | undefined) {
  const now = new Date();
  await db.shop.upsert({
    where: { shop },
    create: { shop, scopes, installedAt: now },
    update: { scopes, uninstalledAt: null, installedAt: now },
  });
}

export async function recordScopes(db: Database, shop: string, scopes: string) {
  await db.$transaction([
    db.session.updateMany({ where: { shop }, data: { scope: scopes } }),
    db.shop.updateMany({ where: { shop }, data: { scopes } }),
  ]);
}
