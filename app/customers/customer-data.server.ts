import type { CustomerDataHolder, NoCustomerData } from "../compliance/customer-data.server";
import type { Database } from "../db/db.server";
import { backupProfiles } from "./backup.server";

type Source = { type: string; customerIds?: string[] };

/** The two records whose audience may name customers picked by hand. */
const PICKED = {
  tagOperation: (db: Database) => db.tagOperation,
  customerDeletion: (db: Database) => db.customerDeletion,
} as const;

async function pickedIn(db: Database, shop: string, gid: string) {
  const found = [];
  for (const [model, table] of Object.entries(PICKED)) {
    const rows = await (table(db) as Database["tagOperation"]).findMany({
      where: { shop, audience: { contains: gid } },
      select: { id: true, audience: true, createdAt: true },
    });
    for (const row of rows) found.push({ model, ...row });
  }
  return found;
}

/** A tag change or a deletion picked by hand names its customers: the customer leaves the list. */
const pickedData: CustomerDataHolder = {
  name: "customerLists",
  models: ["TagOperation", "CustomerDeletion"],
  async export(db, shop, customer) {
    const rows = await pickedIn(db, shop, customer.gid);
    return rows.map((r) => ({ record: r.model, id: r.id, pickedByHand: true, at: r.createdAt }));
  },
  async erase(db, shop, customer) {
    const rows = await pickedIn(db, shop, customer.gid);
    for (const row of rows) {
      const source = JSON.parse(row.audience!) as Source;
      source.customerIds = source.customerIds?.filter((id) => id !== customer.gid);
      await (PICKED[row.model as keyof typeof PICKED](db) as Database["tagOperation"]).updateMany({
        where: { id: row.id, shop },
        data: { audience: JSON.stringify(source) },
      });
    }
    return rows.length;
  },
};

/** A deletion's backup holds the deleted customer's whole profile: personal data, erased on request. */
const backupData: CustomerDataHolder = {
  name: "deletionBackups",
  models: ["CustomerBackupRecord"],
  async export(db, shop, customer) {
    const rows = await db.customerBackupRecord.findMany({
      where: { shop, customerId: customer.gid },
      select: { deletionId: true },
    });
    const out = [];
    for (const { deletionId } of rows)
      for await (const profile of backupProfiles(db, shop, deletionId))
        if (profile.id === customer.gid) out.push({ deletion: deletionId, profile });
    return out;
  },
  async erase(db, shop, customer) {
    const { count } = await db.customerBackupRecord.deleteMany({
      where: { shop, customerId: customer.gid },
    });
    return count;
  },
};

export const CUSTOMER_MANAGEMENT_DATA = [pickedData, backupData];

export const CUSTOMER_MANAGEMENT_NO_CUSTOMER_DATA: NoCustomerData = {
  CustomerSettings: "the shop's settings",
};
