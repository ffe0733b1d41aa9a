import { afterAll, beforeAll, describe, expect, it } from "vitest";
import db from "../../app/db/db.server";
import { createJob } from "../../app/jobs/jobs.server";
import { getQueue } from "../../app/jobs/queue.server";
import { killWorkerRepeatedly } from "./crash";
import { customerIds, installApp, invitable, invitesPerCustomer } from "./jobs";
import { useStoreSimulator } from "./store-simulator";

/**
 * The crash test both drivers must pass: a 2,000-customer invitation job
 * whose worker process is killed with SIGKILL 20 times at random moments.
 */
export function crashScenario(driver: string, shop: string, env: () => Record<string, string>) {
  describe(`kill -9 of the worker during a 2,000-customer job (${driver})`, () => {
    const simulator = useStoreSimulator([
      // A rate limit that keeps the job running through all 20 kills (about 40 s of calls).
      {
        domain: shop,
        plan: "STANDARD",
        restoreRate: 300,
        bucketSize: 2000,
        seed: { customers: 2000, seed: 11 },
      },
    ]);
    beforeAll(() => installApp(shop.replace(".myshopify.com", "")));
    afterAll(() => getQueue().close());

    it("GIVEN 20 kills at random points THEN the job completes and every customer got exactly one invitation", async () => {
      const expected = customerIds(simulator().shop(shop), invitable);
      const job = await createJob(
        { db, queue: getQueue() },
        { shop, kind: "invite", audience: { query: "state:DISABLED" }, mode: "paced" },
      );
      const report = await killWorkerRepeatedly(db, job.id, {
        STORE_SIMULATOR_URL: simulator().url,
        DATABASE_URL: process.env.DATABASE_URL!,
        PATRON_WORKER_SHOPS: shop,
        PATRON_LEASE_MS: "1500",
        PATRON_SLICE_MS: "3000",
        PATRON_RECONCILE_GRACE_MS: "1000",
        ...env(),
      });
      console.log(
        `${driver}: ${report.kills} kills, ${report.killedWhileInFlight} with calls in flight`,
      );
      expect(report.kills).toBe(20);
      expect(report.killedWhileInFlight).toBeGreaterThan(5);

      const done = await db.job.findUniqueOrThrow({ where: { id: job.id } });
      expect(done.status).toBe("completed");
      const sent = invitesPerCustomer(simulator().outbox(shop));
      expect([...sent.keys()].sort()).toEqual(expected.sort());
      expect([...sent.values()].filter((n) => n !== 1)).toEqual([]);
      const open = await db.jobItem.count({
        where: { jobId: job.id, status: { in: ["pending", "in_flight"] } },
      });
      expect(open).toBe(0);
      expect(await db.jobItem.count({ where: { jobId: job.id, status: "succeeded" } })).toBe(
        expected.length,
      );
    }, 300_000);
  });
}
