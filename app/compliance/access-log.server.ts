import type { Database } from "../db/db.server";

/**
 * The log of access to customers' personal data (Shopify's protected customer
 * data rules, level 2): every page or file that shows names or emails records
 * who opened it and how many customers it held, never the data itself.
 */
export type DataAccessAction =
  | "campaign_report"
  | "campaign_people"
  | "customer_search"
  | "audience_upload"
  | "privacy_export"
  | "deletion_backup"
  | "military_addresses"
  | "spam_review";

export const ACCESS_LOG_PAGE_SIZE = 25;
// A year of evidence, then it goes.
const KEEP_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * Records one access. A page that refreshes itself while open (a campaign
 * sending) records it once per `onceWithinMs` for the same person and subject.
 */
export async function logDataAccess(
  db: Database,
  shop: string,
  entry: {
    staff: string | null;
    action: DataAccessAction;
    subject?: string | null;
    records: number;
    onceWithinMs?: number;
  },
) {
  const subject = entry.subject ?? null;
  if (entry.onceWithinMs) {
    const recent = await db.dataAccess.findFirst({
      where: {
        shop,
        staff: entry.staff,
        action: entry.action,
        subject,
        at: { gt: new Date(Date.now() - entry.onceWithinMs) },
      },
      select: { id: true },
    });
    if (recent) return;
  }
  await db.dataAccess.create({
    data: { shop, staff: entry.staff, action: entry.action, subject, records: entry.records },
  });
}

export async function listDataAccess(db: Database, shop: string, page: number) {
  const [total, rows] = await Promise.all([
    db.dataAccess.count({ where: { shop } }),
    db.dataAccess.findMany({
      where: { shop },
      orderBy: { at: "desc" },
      skip: (page - 1) * ACCESS_LOG_PAGE_SIZE,
      take: ACCESS_LOG_PAGE_SIZE,
      select: { id: true, staff: true, action: true, subject: true, records: true, at: true },
    }),
  ]);
  return {
    entries: rows.map((r) => ({ ...r, at: r.at.toISOString() })),
    pages: Math.max(1, Math.ceil(total / ACCESS_LOG_PAGE_SIZE)),
  };
}

export async function pruneDataAccess(db: Database, now = Date.now()) {
  await db.dataAccess.deleteMany({ where: { at: { lt: new Date(now - KEEP_MS) } } });
}
