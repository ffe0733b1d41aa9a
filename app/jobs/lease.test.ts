import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executorFor } from "../admin-api/client.server";
import db from "../db/db.server";
import { FEATURES } from "../features.server";
import { useStoreSimulator } from "../../test/support/store-simulator";
import { installApp, startTestWorker, testQueue, waitForJob } from "../../test/support/jobs";
import { createJob } from "./jobs.server";
import type { Worker } from "./queue";
import { runJob } from "./runner.server";

process.env.PATRON_LEASE_MS = "300";
const SHOP = "lease-throttled.myshopify.com";

describe("a job's lease while its run waits", () => {
  const simulator = useStoreSimulator([
    { domain: SHOP, plan: "STANDARD", seed: { customers: 40 } },
  ]);
  const queue = testQueue(db);
  let worker: Worker;
  beforeAll(async () => {
    await installApp("lease-throttled");
    worker = startTestWorker(db, queue, [SHOP], "lease-worker-a");
  });
  afterAll(() => worker.stop());

  it("GIVEN every call throttled for longer than the lease THEN the lease is renewed and no other worker takes the job", async () => {
    simulator().setFaults(SHOP, { throttleForMs: 2_500 });
    const job = await createJob(
      { db, queue },
      { shop: SHOP, kind: "invite", audience: { query: "state:DISABLED" }, mode: "paced" },
    );
    const until = Date.now() + 2_000;
    let checks = 0;
    while (Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      const row = await db.job.findUniqueOrThrow({ where: { id: job.id } });
      if (row.runnerId !== "lease-worker-a") continue;
      checks++;
      expect(row.runnerUntil!.getTime()).toBeGreaterThan(Date.now());
      // Another worker finds the job held and comes back later.
      const other = await runJob(
        {
          db,
          kinds: FEATURES.kinds,
          executorFor,
          workerId: "lease-worker-b",
          signal: new AbortController().signal,
        },
        SHOP,
        job.id,
      );
      expect(other).toMatchObject({ retryAt: expect.any(Date) });
    }
    expect(checks).toBeGreaterThan(2);
    expect((await waitForJob(db, job.id)).status).toBe("completed");
  });
});
