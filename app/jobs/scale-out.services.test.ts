import { describe, expect, it } from "vitest";
import { runScaleOut } from "../../test/support/scale-out";
import db from "../db/db.server";

// A shop's two jobs are often leased by two different worker processes, which
// then spend one rate limit. Each pacing only its own calls, they were
// THROTTLED on 20-37 % of such a shop's requests in this scenario (measured
// with the budget unshared); sharing it through Redis brought that to 0-0.3 %.
// 5 % leaves room for the odd race between processes and still fails when the
// budget is not shared.
const MAX_THROTTLED_SHARE = 0.05;

describe("scale-out: three worker processes on Redis and PostgreSQL", () => {
  it("GIVEN 12 shops with two 150-customer invitation jobs each and one worker killed with -9 mid-run THEN every customer got exactly one invitation, every job completed, the work was shared and throttling stayed rare", async () => {
    const report = await runScaleOut({
      db,
      databaseUrl: process.env.DATABASE_URL!,
      redisUrl: process.env.REDIS_URL!,
      name: "scale-out",
      shops: 12,
      jobsPerShop: 2,
      customersPerJob: 150,
      workers: 3,
      // Standard's restore rate (100 points/s) with a bucket of 2 s instead of
      // 20 s: nearly all of each shop's 3,000 points are spent at the restore
      // rate, where the workers contend for the budget (~28 s). A full bucket
      // would pay for two thirds of the work up front and hide the contention.
      shop: { plan: "STANDARD", bucketSize: 200, latencyMs: 50 },
      // Short leases and grace: the killed worker's jobs and calls are taken over within seconds.
      workerEnv: {
        PATRON_LEASE_MS: "3000",
        PATRON_SLICE_MS: "3000",
        PATRON_RECONCILE_GRACE_MS: "1000",
      },
      killAt: 0.3,
      timeoutMs: 150_000,
    });
    console.info(JSON.stringify({ ...report, jobs: undefined, progress: undefined }));

    expect(report.killed).not.toBeNull();
    expect(report.jobs.map((j) => j.status)).toEqual(report.jobs.map(() => "completed"));
    expect(report.invitations).toEqual({
      none: 0,
      once: report.items,
      more: 0,
      extra: 0,
      strays: 0,
    });
    const runners = new Set(report.jobs.flatMap((j) => j.runners));
    expect(runners.size).toBeGreaterThanOrEqual(2);
    const overBound = report.shops.filter((s) => s.throttled > s.requests * MAX_THROTTLED_SHARE);
    expect(overBound).toEqual([]);
  }, 180_000);
});
