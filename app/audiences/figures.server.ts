import type { Database } from "../db/db.server";

export type PreviewFigures = {
  /** Customers read so far (all of them once the read is over). */
  read: number;
  recipients: number;
  skipped: Record<string, number>;
};

/** The reason code of a skipped item ("email_typo:gmail.com" → email_typo). */
export const reasonOf = (error: string | null) => (error ?? "unknown").split(":")[0]!;

/**
 * An audience job's figures from its items, the same for the preview, the
 * dry run and the run: who it reaches, who is left out and why.
 */
export async function previewFigures(
  db: Database,
  shop: string,
  jobId: string,
): Promise<PreviewFigures> {
  const groups = await db.jobItem.groupBy({
    by: ["status", "error"],
    where: { jobId, shop },
    _count: { _all: true },
  });
  const figures: PreviewFigures = { read: 0, recipients: 0, skipped: {} };
  for (const group of groups) {
    const n = group._count._all;
    figures.read += n;
    if (group.status === "skipped") {
      const reason = reasonOf(group.error);
      figures.skipped[reason] = (figures.skipped[reason] ?? 0) + n;
    } else if (group.status !== "cancelled") figures.recipients += n;
  }
  return figures;
}

