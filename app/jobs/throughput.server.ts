import type { Database } from "../db/db.server";

export type ThroughputPoint = { at: string; count: number };

/** The chart shows at most this many buckets: the most recent ones. */
export const MAX_BUCKETS = 120;

/**
 * Items finished per bucket (a minute by default), from the first bucket with a
 * finished item to the last, empty buckets included. Bucketed here rather than
 * in SQL so it reads the same on SQLite and PostgreSQL; only the window the
 * chart shows is read (the [jobId, finishedAt] index covers it).
 */
export async function throughputSeries(
  db: Database,
  shop: string,
  jobId: string,
  bucketMs = 60_000,
): Promise<ThroughputPoint[]> {
  const where = { jobId, shop, finishedAt: { not: null } };
  const { _max } = await db.jobItem.aggregate({ where, _max: { finishedAt: true } });
  if (!_max.finishedAt) return [];
  const last = bucketStart(_max.finishedAt.getTime(), bucketMs);
  const windowStart = last - (MAX_BUCKETS - 1) * bucketMs;
  const rows = await db.jobItem.findMany({
    where: { jobId, shop, finishedAt: { gte: new Date(windowStart) } },
    select: { finishedAt: true },
  });

  const counts = new Map<number, number>();
  let first = last;
  for (const { finishedAt } of rows) {
    if (!finishedAt) continue;
    const bucket = bucketStart(finishedAt.getTime(), bucketMs);
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
    first = Math.min(first, bucket);
  }
  const series: ThroughputPoint[] = [];
  for (let at = first; at <= last; at += bucketMs) {
    series.push({ at: new Date(at).toISOString(), count: counts.get(at) ?? 0 });
  }
  return series;
}

function bucketStart(time: number, bucketMs: number) {
  return Math.floor(time / bucketMs) * bucketMs;
}
