import { z } from "zod";
import type { Database } from "../db/db.server";

export const CustomerSettingsInput = z.object({
  backupDays: z.coerce.number().int().min(1).max(365),
});

export async function customerSettings(db: Database, shop: string) {
  const row = await db.customerSettings.findUnique({ where: { shop } });
  return { backupDays: row?.backupDays ?? 30 };
}

export async function saveCustomerSettings(
  db: Database,
  shop: string,
  input: z.infer<typeof CustomerSettingsInput>,
) {
  await db.customerSettings.upsert({
    where: { shop },
    create: { shop, ...input },
    update: input,
  });
}
