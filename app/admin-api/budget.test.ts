import { describe, expect, it } from "vitest";
import { Budget } from "./budget";

function clock(start = 0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("Budget", () => {
  it("sends the first request at once: nothing is known yet", () => {
    expect(new Budget().waitFor(10)).toBe(0);
  });

  it("restores at the learned rate and caps at the bucket size", () => {
    const c = clock();
    const budget = new Budget(c.now);
    budget.observe({ maximumAvailable: 2000, currentlyAvailable: 5, restoreRate: 100 });
    expect(budget.waitFor(10)).toBe(50); // 5 points missing at 100/s
    c.advance(50);
    expect(budget.waitFor(10)).toBe(0);
    c.advance(60_000);
    expect(budget.available()).toBe(2000);
  });

  it("counts requests in flight against the bucket", () => {
    const c = clock();
    const budget = new Budget(c.now);
    budget.observe({ maximumAvailable: 1000, currentlyAvailable: 25, restoreRate: 50 });
    budget.reserve(10);
    budget.reserve(10);
    expect(budget.waitFor(10)).toBe(100); // 5 left after reservations, 5 missing at 50/s
    budget.release(10);
    expect(budget.waitFor(10)).toBe(0);
  });

  it("learns a faster plan from the responses (Plus restores 1,000 points/s)", () => {
    const c = clock();
    const budget = new Budget(c.now);
    budget.observe({ maximumAvailable: 20000, currentlyAvailable: 0, restoreRate: 1000 });
    expect(budget.waitFor(10)).toBe(10);
  });

  it("after THROTTLED without a status, assumes an empty bucket", () => {
    const c = clock();
    const budget = new Budget(c.now);
    budget.observe({ maximumAvailable: 2000, currentlyAvailable: 2000, restoreRate: 100 });
    budget.observeThrottled(null);
    expect(budget.waitFor(10)).toBe(100);
  });

  it("waits for a full bucket for a request that costs more than it holds", () => {
    const budget = new Budget(() => 0);
    budget.observe({ maximumAvailable: 50, currentlyAvailable: 0, restoreRate: 10 });
    expect(budget.waitFor(500)).toBe(5000);
  });
});
