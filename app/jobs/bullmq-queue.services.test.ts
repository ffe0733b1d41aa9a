import { afterAll, describe, expect, it } from "vitest";
import { BullmqQueue } from "./bullmq-queue.server";

const SHOP = "bullmq-once.myshopify.com";

describe("the BullMQ queue's once-only tasks (webhook ids)", () => {
  const queue = new BullmqQueue(process.env.REDIS_URL!, { prefix: `patron-once-${process.pid}` });
  afterAll(async () => {
    await queue.purgeShop(SHOP);
    await queue.close();
  });

  it("GIVEN a delivery queued, run and finished THEN its redelivery is recognised and not run again, and nothing of its payload is kept", async () => {
    const ran: unknown[] = [];
    const worker = queue.startWorker(
      { webhook: async (payload) => void ran.push(payload) },
      { workerId: `once-${process.pid}` },
    );
    const task = {
      name: "webhook",
      shop: SHOP,
      dedupeKey: "webhook:abc-1",
      payload: { email: "kari@example.no" },
    };
    expect(await queue.enqueueOnce(task)).toBe(true);
    expect(await queue.enqueueOnce(task)).toBe(false);
    for (let i = 0; i < 100 && ran.length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Shopify retries the same delivery after it was handled.
    expect(await queue.enqueueOnce(task)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await worker.stop();
    expect(ran).toEqual([{ email: "kari@example.no" }]);
    expect(await queue.scrub(SHOP, () => true)).toBe(0); // already without its payload
  });
});
