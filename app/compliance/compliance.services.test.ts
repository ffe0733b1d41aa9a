import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import db from "../db/db.server";
import { FEATURES } from "../features.server";
import type { Worker } from "../jobs/queue";
import { getQueue } from "../jobs/queue.server";
import { taskHandlers } from "../jobs/worker.server";
import { action as customersRedact } from "../routes/webhooks.customers.redact";
import { action as dataRequest } from "../routes/webhooks.customers.data_request";
import { action as shopRedact } from "../routes/webhooks.shop.redact";
import { deleteShopData } from "../shop/shop-data.server";
import { expectConsoleError } from "../../test/support/console";
import { routeArgs } from "../../test/support/route-args";
import { webhookRequest } from "../../test/support/webhook-request";

// GDPR requests on the scale-out stores: PostgreSQL and BullMQ on the real Redis.
process.env.PATRON_QUEUE_PREFIX = `patron-privacy-${process.pid}`;

const SHOP = "privacy-redis.myshopify.com";
const CUSTOMER = { id: 8_800_001, email: "sanna.lund@example.se", phone: "+46701234567" };
const payload = (extra: object = {}) => ({
  shop_id: 3,
  shop_domain: SHOP,
  customer: CUSTOMER,
  ...extra,
});

/** Every job BullMQ holds under this run's prefix, in any state, as text. */
async function redisContents() {
  const queue = new Queue("patron-tasks", {
    connection: { url: process.env.REDIS_URL },
    prefix: process.env.PATRON_QUEUE_PREFIX,
  });
  try {
    const jobs = await queue.getJobs(
      ["wait", "delayed", "active", "completed", "failed", "paused", "prioritized"],
      0,
      -1,
    );
    return { count: jobs.length, text: JSON.stringify(jobs.map((j) => j.data)) };
  } finally {
    await queue.close();
  }
}

async function settled() {
  for (let i = 0; i < 200; i++) {
    const queue = new Queue("patron-tasks", {
      connection: { url: process.env.REDIS_URL },
      prefix: process.env.PATRON_QUEUE_PREFIX,
    });
    const counts = await queue.getJobCounts("wait", "active");
    await queue.close();
    if ((counts.wait ?? 0) + (counts.active ?? 0) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the queue did not settle");
}

describe("GDPR requests with BullMQ on Redis and PostgreSQL", () => {
  const queue = getQueue();
  let worker: Worker;
  beforeAll(() => {
    worker = queue.startWorker(taskHandlers(db, queue, FEATURES), {
      workerId: `privacy-${randomUUID()}`,
    });
  });
  afterAll(async () => {
    await worker.stop();
    await deleteShopData(db, SHOP);
    await queue.purgeShop(SHOP);
    await queue.close();
    await db.$disconnect();
  });

  it("GIVEN deliveries about the customer kept, waiting and dead in Redis WHEN customers/redact is handled THEN Redis holds none of their data", async () => {
    expectConsoleError(/task webhook for privacy-redis.* failed/);
    // Waiting: a delivery scheduled for later.
    await queue.enqueueOnce({
      name: "webhook",
      shop: SHOP,
      dedupeKey: `webhook:${randomUUID()}`,
      runAt: new Date(Date.now() + 3_600_000),
      payload: {
        topic: "customers/data_request",
        webhookId: "w1",
        triggeredAt: null,
        payload: payload(),
      },
    });
    // Dead: a delivery whose handler failed for good.
    await queue.enqueueOnce({
      name: "webhook",
      shop: SHOP,
      dedupeKey: `webhook:${randomUUID()}`,
      maxAttempts: 1,
      payload: { topic: "no/such_topic", webhookId: "w2", triggeredAt: null, payload: payload() },
    });
    // Done and kept (the record of its webhook id): a data request the worker answered.
    const response = await dataRequest(
      routeArgs(
        webhookRequest({ topic: "customers/data_request", shop: SHOP, payload: payload() }),
      ),
    );
    expect(response.status).toBe(200);
    await settled();
    expect((await redisContents()).text).toContain(CUSTOMER.email);

    await customersRedact(
      routeArgs(webhookRequest({ topic: "customers/redact", shop: SHOP, payload: payload() })),
    );
    await settled();
    const { count, text } = await redisContents();
    expect(count).toBeGreaterThanOrEqual(4); // the records of the webhook ids stay
    for (const trace of [CUSTOMER.email, CUSTOMER.phone, String(CUSTOMER.id)])
      expect(text).not.toContain(trace);
    const export_ = await db.complianceRequest.findFirstOrThrow({
      where: { shop: SHOP, topic: "customers/data_request" },
    });
    expect(export_.export).toBeNull();
  });

  it("GIVEN the shop's tasks in Redis WHEN shop/redact is handled THEN none of them is left", async () => {
    await queue.enqueue({
      name: "job.run",
      shop: SHOP,
      payload: { jobId: "later" },
      runAt: new Date(Date.now() + 3_600_000),
    });
    await shopRedact(
      routeArgs(
        webhookRequest({
          topic: "shop/redact",
          shop: SHOP,
          payload: { shop_id: 3, shop_domain: SHOP },
        }),
      ),
    );
    await settled();
    const { text } = await redisContents();
    // Only the shop/redact delivery's own record may remain (it was running during the purge).
    const left = JSON.parse(text) as { shop: string; payload: unknown }[];
    expect(left.filter((d) => d.shop === SHOP && d.payload !== null)).toEqual([]);
    expect(left.filter((d) => d.shop === SHOP).length).toBeLessThanOrEqual(1);
  });
});
