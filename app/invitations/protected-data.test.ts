// A store where Shopify has not approved Patron's protected customer data
// request (level 1 only): names and emails come back as ACCESS_DENIED. The
// campaign stops with that reason, in the merchant's words, and sends nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executorFor } from "../admin-api/client.server";
import db from "../db/db.server";
import { FEATURES } from "../features.server";
import type { Worker } from "../jobs/queue";
import { taskHandlers } from "../jobs/worker.server";
import { storeOverviewVia } from "../shop/store-overview.server";
import { useStoreSimulator } from "../../test/support/store-simulator";
import { installApp, testQueue, waitForJob } from "../../test/support/jobs";
import { createCampaign, NewCampaign } from "./campaigns.server";

const SHOP = "campaigns-level1.myshopify.com";

describe("protected customer data not approved", () => {
  const simulator = useStoreSimulator([
    {
      domain: SHOP,
      plan: "PLUS",
      protectedCustomerData: "level1",
      seed: { customers: 60, seed: 3 },
    },
  ]);
  const queue = testQueue(db);
  let worker: Worker;
  beforeAll(async () => {
    await installApp(SHOP.replace(".myshopify.com", ""));
    worker = queue.startWorker(taskHandlers(db, queue, FEATURES), {
      concurrency: 2,
      workerId: "level1-worker",
      shops: [SHOP],
    });
  });
  afterAll(() => worker.stop());

  it("GIVEN Shopify hides names and emails THEN the campaign's read fails with protected_data, explained, and nothing is sent", async () => {
    const executor = executorFor(SHOP);
    const campaign = await createCampaign(
      { db, queue, executor },
      SHOP,
      NewCampaign.parse({
        name: "Hidden",
        audience: {
          source: { type: "all" },
          exclusions: { declined: true, recentDays: null, requireConsent: true, excludeTag: null },
        },
        message: { fallback: { subject: "", body: "" } },
      }),
      { store: await storeOverviewVia(executor), staff: "user:1" },
    );
    const job = await waitForJob(db, campaign.jobId, ["failed", "ready"]);
    expect(job.status).toBe("failed");
    expect(job.errorCode).toBe("protected_data");
    expect(job.error).toMatch(/not approved to use the \w+ field/);
    expect(simulator().outbox(SHOP)).toEqual([]);
    expect(await db.invitation.count({ where: { shop: SHOP } })).toBe(0);
  });
});
