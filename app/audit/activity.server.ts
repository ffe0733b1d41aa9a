import type { Database } from "../db/db.server";

/**
 * The app's activity log: every destructive or bulk action, by whom and when,
 * with its counts and a link to its report or backup. Features write to it;
 * it is not any one feature's. Counts only: no customer's name or email.
 */
export type ActivityAction =
  | "tags.add"
  | "tags.remove"
  | "tags.undo"
  | "customers.delete"
  | "customers.backup"
  | "customers.backup_download"
  | "campaign.send"
  | "offers.create"
  | "offers.update"
  | "offers.activate"
  | "offers.pause"
  | "offers.resume"
  | "offers.delete";

export type ActivityDetails = {
  customers?: number;
  tags?: string[];
  /** A page or file of the app, relative (the report, the backup). */
  link?: string;
  [key: string]: unknown;
};

export const ACTIVITY_PAGE_SIZE = 25;

export async function recordActivity(
  db: Database,
  shop: string,
  entry: {
    staff: string | null;
    action: ActivityAction;
    subject?: string | null;
    jobId?: string | null;
    details?: ActivityDetails;
  },
) {
  await db.activityEntry.create({
    data: {
      shop,
      staff: entry.staff,
      action: entry.action,
      subject: entry.subject ?? null,
      jobId: entry.jobId ?? null,
      details: JSON.stringify(entry.details ?? {}),
    },
  });
}

export async function listActivity(db: Database, shop: string, page: number) {
  const [total, rows] = await Promise.all([
    db.activityEntry.count({ where: { shop } }),
    db.activityEntry.findMany({
      where: { shop },
      orderBy: { at: "desc" },
      skip: (page - 1) * ACTIVITY_PAGE_SIZE,
      take: ACTIVITY_PAGE_SIZE,
    }),
  ]);
  const jobIds = rows.map((r) => r.jobId).filter((id): id is string => id !== null);
  const [jobs, groups] = await Promise.all([
    db.job.findMany({ where: { shop, id: { in: jobIds } }, select: { id: true, status: true } }),
    db.jobItem.groupBy({
      by: ["jobId", "status"],
      where: { shop, jobId: { in: jobIds } },
      _count: { _all: true },
    }),
  ]);
  const jobOf = new Map(
    jobs.map((j) => [j.id, { id: j.id, status: j.status, counts: {} as Record<string, number> }]),
  );
  for (const g of groups) {
    const job = jobOf.get(g.jobId);
    if (job) job.counts[g.status] = g._count._all;
  }
  return {
    entries: rows.map((r) => ({
      id: r.id,
      staff: r.staff,
      action: r.action,
      subject: r.subject,
      details: JSON.parse(r.details) as ActivityDetails,
      at: r.at.toISOString(),
      job: r.jobId ? (jobOf.get(r.jobId) ?? null) : null,
    })),
    pages: Math.max(1, Math.ceil(total / ACTIVITY_PAGE_SIZE)),
  };
}
