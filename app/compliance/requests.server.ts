import type { Database } from "../db/db.server";

export const REQUESTS_PAGE_SIZE = 25;

/** The shop's GDPR requests, newest first, a page at a time. */
export async function listComplianceRequests(db: Database, shop: string, page: number) {
  const [rows, total] = await Promise.all([
    db.complianceRequest.findMany({
      where: { shop },
      orderBy: { receivedAt: "desc" },
      skip: (page - 1) * REQUESTS_PAGE_SIZE,
      take: REQUESTS_PAGE_SIZE,
      select: {
        id: true,
        topic: true,
        customerId: true,
        receivedAt: true,
        completedAt: true,
        export: true,
      },
    }),
    db.complianceRequest.count({ where: { shop } }),
  ]);
  return {
    total,
    pages: Math.max(1, Math.ceil(total / REQUESTS_PAGE_SIZE)),
    requests: rows.map(({ export: document, ...row }) => ({
      ...row,
      receivedAt: row.receivedAt.toISOString(),
      completedAt: row.completedAt?.toISOString() ?? null,
      hasExport: document !== null,
    })),
  };
}

/** A data request's export, for the merchant to download; null when there is none (any more). */
export async function complianceExport(db: Database, shop: string, id: string) {
  const row = await db.complianceRequest.findFirst({
    where: { id, shop, topic: "customers/data_request" },
    select: { export: true, customerId: true, receivedAt: true },
  });
  if (!row?.export) return null;
  const day = row.receivedAt.toISOString().slice(0, 10);
  return { document: row.export, filename: `customer-${row.customerId}-data-${day}.json` };
}
