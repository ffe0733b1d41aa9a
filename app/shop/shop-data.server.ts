import type { Database } from "../db/db.server";

// Every model holds rows for one shop. Uninstall and shop/redact must remove
// all of them: a model added to prisma/schema.prisma belongs in this list
// (shop-data.test.ts fails until it is).
export const SHOP_SCOPED_MODELS = [
  "Session",
  "Shop",
  "WebhookEvent",
  "ComplianceRequest",
  "Task",
  "Job",
  "JobItem",
] as const;

export async function deleteShopData(db: Database, shop: string) {
  const counts = await db.$transaction([
    db.session.deleteMany({ where: { shop } }),
    db.shop.deleteMany({ where: { shop } }),
    db.webhookEvent.deleteMany({ where: { shop } }),
    db.complianceRequest.deleteMany({ where: { shop } }),
    db.task.deleteMany({ where: { shop } }),
    db.job.deleteMany({ where: { shop } }),
    db.jobItem.deleteMany({ where: { shop } }),
  ]);
  return Object.fromEntries(
    SHOP_SCOPED_MODELS.map((model, i) => [model, counts[i]!.count]),
  ) as Record<(typeof SHOP_SCOPED_MODELS)[number], number>;
}

export async function recordInstallation(db: Database, shop: string, scopes: string | undefined) {
  await db.shop.upsert({
    where: { shop },
    create: { shop, scopes },
    update: { scopes, uninstalledAt: null },
  });
}

export async function recordScopes(db: Database, shop: string, scopes: string) {
  await db.$transaction([
    db.session.updateMany({ where: { shop }, data: { scope: scopes } }),
    db.shop.updateMany({ where: { shop }, data: { scopes } }),
  ]);
}
