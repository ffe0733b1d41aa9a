import { afterAll, beforeAll, describe, expect, it } from "vitest";
import db from "../db/db.server";
import { FEATURES } from "../features.server";
import { createJob } from "../jobs/jobs.server";
import type { Worker } from "../jobs/queue";
import { taskHandlers } from "../jobs/worker.server";
import { action as dataRequest } from "../routes/webhooks.customers.data_request";
import { routeArgs } from "../../test/support/route-args";
import { useStoreSimulator } from "../../test/support/store-simulator";
import { customerIds, installApp, invitable, testQueue, waitForJob } from "../../test/support/jobs";
import { webhookRequest } from "../../test/support/webhook-request";
import { receivingBurst } from "./receive.server";

const SHOP = "forged-burst.myshopify.com";

describe("forged deliveries while a job runs", () => {
  const simulator = useStoreSimulator([
    { domain: SHOP, plan: "STANDARD", restoreRate: 100, seed: { customers: 120 } },
  ]);
  const queue = testQueue(db);
  let worker: Worker;
  beforeAll(async () => {
    await installApp("forged-burst");
    // The embedded worker: it lets a burst of (signed) deliveries through first.
    worker = queue.startWorker(taskHandlers(db, queue, FEATURES), {
      concurrency: 4,
      workerId: "forged-burst-worker",
      shops: [SHOP],
      yieldWhile: receivingBurst,
    });
  });
  afterAll(() => worker.stop());

  it("GIVEN hundreds of forged deliveries a second THEN the embedded worker does not wait for them: the job keeps progressing", async () => {
    const targets = customerIds(simulator().shop(SHOP), invitable)
      .slice(0, 40)
      .map((target) => ({ target, data: { state: "DISABLED" } }));
    const job = await createJob(
      { db, queue },
      { shop: SHOP, kind: "invite", targets, mode: "paced" },
    );
    await waitForJob(db, job.id, ["running"]);
    const done = () => db.jobItem.count({ where: { jobId: job.id, status: "succeeded" } });
    const before = await done();
    const forged = () =>
      dataRequest(
        routeArgs(
          webhookRequest({
            topic: "customers/data_request",
            shop: SHOP,
            payload: { shop_domain: SHOP, customer: { id: 1 } },
            secret: "an attacker's guess",
          }),
        ),
      );
    // Two seconds of about 300 forged requests a second.
    const until = Date.now() + 2_000;
    const statuses = new Set<number>();
    while (Date.now() < until) {
      for (const response of await Promise.all(Array.from({ length: 30 }, forged)))
        statuses.add(response.status);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect([...statuses]).toEqual([401]);
    // At 100 points/s, about 10 invitations a second: well over a handful in two seconds.
    expect((await done()) - before).toBeGreaterThan(8);
    expect((await waitForJob(db, job.id)).status).toBe("completed");
  });
});
