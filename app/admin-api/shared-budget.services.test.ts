import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { useStoreSimulator } from "../../test/support/store-simulator";
import { adminTransport } from "./client.server";
import { AdminExecutor } from "./executor.server";
import { redisBudget } from "./shared-budget.server";

// Three worker processes serving one shop, as three executors (each with its
// own local view of the budget), against the real Redis.
const SHOP = "shared-budget";
const CUSTOMERS = `query { customers(first: 60, query: "state:disabled") { nodes { id email } } }`;
const INVITE = `mutation Invite($customerId: ID!) {
  customerSendAccountInviteEmail(customerId: $customerId) { customer { id } userErrors { message } }
}`;

describe("one shop's API budget shared by several worker processes", () => {
  const sim = useStoreSimulator([
    {
      domain: SHOP,
      bucketSize: 100,
      restoreRate: 100,
      latencyMs: 20,
      seed: { customers: 200, seed: 5 },
    },
  ]);
  const redis = new Redis(process.env.REDIS_URL!);
  afterAll(() => redis.quit());

  async function run(shared: boolean, prefix: string) {
    const shop = `${SHOP}.myshopify.com`;
    const token = sim().issueAccessToken(SHOP);
    const executors = [1, 2, 3].map(
      () =>
        new AdminExecutor(shop, adminTransport(shop, token), {
          maxInFlight: 4,
          shared: shared ? redisBudget(redis, shop, { prefix }) : null,
        }),
    );
    const { customers } = await executors[0]!.query<{
      customers: { nodes: { id: string; email: string | null }[] };
    }>(CUSTOMERS);
    const ids = customers.nodes
      .filter((c) => c.email)
      .map((c) => c.id)
      .slice(0, 36);
    // Let the bucket refill between the two runs.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await Promise.all(ids.map((id, i) => executors[i % 3]!.mutate(INVITE, { customerId: id })));
    return executors.reduce((sum, e) => sum + e.stats.throttled, 0);
  }

  it("GIVEN three processes inviting at once through a 100-point bucket THEN sharing the budget keeps Shopify from throttling them, where each alone would not", async () => {
    const prefix = `budget-test-${process.pid}`;
    const alone = await run(false, prefix);
    const together = await run(true, prefix);
    expect(alone).toBeGreaterThan(5);
    expect(together).toBeLessThanOrEqual(2);
  }, 30_000);

  it("GIVEN a worker killed with calls in flight THEN its reservations expire instead of holding the budget", async () => {
    const budget = redisBudget(redis, "killed.myshopify.com", {
      prefix: `budget-kill-${process.pid}`,
      reservationMs: 200,
    });
    await budget.observe(
      { maximumAvailable: 100, currentlyAvailable: 100, restoreRate: 1 },
      Date.now(),
    );
    // The dead process's calls: reserved, never released.
    for (let i = 0; i < 9; i++) expect((await budget.take(10)).waitMs).toBe(0);
    expect((await budget.take(20)).waitMs).toBeGreaterThan(1000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await budget.take(20)).waitMs).toBe(0);
  });
});
