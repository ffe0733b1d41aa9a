import type { CustomerDataHolder, NoCustomerData } from "../compliance/customer-data.server";

/**
 * A customer's spam score (the finder's list): the score and its reason
 * codes, no name or email. Exported as it is; erased: deleted.
 */
const spamScoreData: CustomerDataHolder = {
  name: "spamScores",
  models: ["SpamScore"],
  async export(db, shop, customer) {
    const rows = await db.spamScore.findMany({
      where: { shop, customerId: customer.gid },
      select: { scanId: true, score: true, reasons: true, burst: true, pattern: true },
    });
    const scans = await db.spamScan.findMany({
      where: { shop, id: { in: rows.map((r) => r.scanId) } },
      select: { id: true, createdAt: true },
    });
    const scannedAt = new Map(scans.map((s) => [s.id, s.createdAt]));
    return rows.map((row) => ({
      scan: row.scanId,
      scannedAt: scannedAt.get(row.scanId) ?? null,
      score: row.score,
      reasons: [
        ...row.reasons.split(",").filter(Boolean),
        ...(row.burst ? ["burst"] : []),
        ...(row.pattern ? ["repeated_pattern"] : []),
      ],
    }));
  },
  async erase(db, shop, customer) {
    const { count } = await db.spamScore.deleteMany({ where: { shop, customerId: customer.gid } });
    return count;
  },
};

export const SPAM_CUSTOMER_DATA = [spamScoreData];

export const SPAM_NO_CUSTOMER_DATA: NoCustomerData = {
  SpamScan: "a spam scan's figures (customers read, customers flagged), no customer",
};
