import { describe, expect, it } from "vitest";
import { SimClock } from "./clock";
import { addCustomer, gql, makeSimulator, SHOP } from "./testing";
import { LeakyBucket, PLAN_LIMITS } from "./throttle";

const PAGE = "{ customers(first: 50) { nodes { id } } }"; // requested 52

describe("LeakyBucket", () => {
  it("restores at the restore rate up to the bucket size", () => {
    const clock = new SimClock(0);
    const bucket = new LeakyBucket(1000, 50, clock);
    expect(bucket.tryTake(800)).toBe(true);
    expect(bucket.status()).toEqual({
      maximumAvailable: 1000,
      currentlyAvailable: 200,
      restoreRate: 50,
    });
    clock.advance(2000);
    expect(bucket.status().currentlyAvailable).toBe(300);
    clock.advance(60_000);
    expect(bucket.status().currentlyAvailable).toBe(1000);
  });

  it("refuses a cost above what is available, then allows it once restored", () => {
    const clock = new SimClock(0);
    const bucket = new LeakyBucket(100, 10, clock);
    expect(bucket.tryTake(90)).toBe(true);
    expect(bucket.tryTake(20)).toBe(false);
    clock.advance(1000);
    expect(bucket.tryTake(20)).toBe(true);
  });

  it("uses the published restore rates per plan", () => {
    expect(PLAN_LIMITS.STANDARD.restoreRate).toBe(100);
    expect(PLAN_LIMITS.ADVANCED.restoreRate).toBe(200);
    expect(PLAN_LIMITS.PLUS.restoreRate).toBe(1000);
    expect(PLAN_LIMITS.ENTERPRISE.restoreRate).toBe(2000);
  });
});

describe("throttling GraphQL requests", () => {
  it("reports cost and throttle status on every response and refunds the unused part", () => {
    const sim = makeSimulator({ bucketSize: 1000, restoreRate: 50 });
    addCustomer(sim, { email: "a@x.com" });
    const res = gql(sim, PAGE);
    expect(res.extensions.cost).toEqual({
      requestedQueryCost: 52,
      actualQueryCost: 3,
      throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 997, restoreRate: 50 },
    });
  });

  it("answers THROTTLED (HTTP 200, no data) when the requested cost exceeds what is available", () => {
    const sim = makeSimulator({ bucketSize: 100, restoreRate: 10 });
    const runtime = sim.runtime(SHOP);
    runtime.bucket.tryTake(60);
    const res = gql(sim, PAGE);
    expect(res).toEqual({
      errors: [
        {
          message: "Throttled",
          extensions: {
            code: "THROTTLED",
            documentation: "https://shopify.dev/api/usage/rate-limits",
          },
        },
      ],
      extensions: {
        cost: {
          requestedQueryCost: 52,
          actualQueryCost: null,
          throttleStatus: { maximumAvailable: 100, currentlyAvailable: 40, restoreRate: 10 },
        },
      },
    });
    sim.clock.advance(1200);
    expect(gql(sim, PAGE).data.customers.nodes).toEqual([]);
  });

  it("sustains about restoreRate points per second under load", () => {
    const sim = makeSimulator({ bucketSize: 200, restoreRate: 100 });
    let accepted = 0;
    for (let tick = 0; tick < 100; tick++) {
      // 10 ms steps; 5 attempts each: far more than the bucket allows.
      for (let i = 0; i < 5; i++) if (!gql(sim, PAGE).errors) accepted++;
      sim.clock.advance(10);
    }
    // 200 points at start + 100/s × 1 s = 300 points. Each request needs 52
    // available and costs 2 once refunded, so the last 52 can't be spent.
    const spent = accepted * 2;
    expect(spent).toBeGreaterThanOrEqual(300 - 52);
    expect(spent).toBeLessThanOrEqual(300);
  });

  it("refuses a query over 1,000 points before execution with MAX_COST_EXCEEDED", () => {
    const sim = makeSimulator();
    const res = gql(
      sim,
      "{ customers(first: 250) { nodes { id orders(first: 10) { nodes { id } } } } }",
    );
    expect(res.data).toBeUndefined();
    expect(res.errors[0].extensions).toMatchObject({
      code: "MAX_COST_EXCEEDED",
      cost: 2 + 250 * 13,
      maxCost: 1000,
    });
    expect(res.extensions.cost.actualQueryCost).toBeNull();
  });

  it("changing plan changes restore rate and bucket size", () => {
    const sim = makeSimulator({ bucketSize: null, restoreRate: null });
    expect(gql(sim, "{ shop { id } }").extensions.cost.throttleStatus).toEqual({
      maximumAvailable: 2000,
      currentlyAvailable: 1999,
      restoreRate: 100,
    });
    sim.actions(SHOP).setPlan("PLUS");
    expect(gql(sim, "{ shop { id } }").extensions.cost.throttleStatus).toMatchObject({
      maximumAvailable: 20000,
      restoreRate: 1000,
    });
    sim.actions(SHOP).setPlan("PLUS", { bucketSize: 500, restoreRate: 25 });
    expect(gql(sim, "{ shop { id } }").extensions.cost.throttleStatus).toMatchObject({
      maximumAvailable: 500,
      restoreRate: 25,
    });
  });
});
