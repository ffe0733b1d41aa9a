import type { Database } from "../db/db.server";
import { Prisma } from "../generated/prisma/client";

/** Models of the deployment itself, with no shop column (the live workers). */
export const GLOBAL_MODELS: readonly string[] = ["WorkerProcess"];

/** Every model holding a shop's rows: all of the schema but the global ones. */
export const SHOP_SCOPED_MODELS = Object.values(Prisma.ModelName).filter(
  (model) => !GLOBAL_MODELS.includes(model),
);

type Deletable = {
  deleteMany(args: { where: { shop: string } }): Prisma.PrismaPromise<{ count: number }>;
};

/**
 * Uninstall and shop/redact: every row of the shop, in every model (a model
 * added to the schema is covered without a change here), in one transaction.
 */
export async function deleteShopData(db: Database, shop: string) {
  const delegate = (model: string) =>
    (db as unknown as Record<string, Deletable>)[model[0]!.toLowerCase() + model.slice(1)]!;
  const counts = await db.$transaction(
    SHOP_SCOPED_MODELS.map((model) => delegate(model).deleteMany({ where: { shop } })),
  );
  return Object.fromEntries(SHOP_SCOPED_MODELS.map((model, i) => [model, counts[i]!.count]));
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
