import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { SimClock } from "./clock";
import type { ShopSettings } from "./model";
import { seedShop } from "./seed";
import { ShopStore } from "./state";

const NOW = Date.UTC(2026, 10, 1);

function emptyStore(): ShopStore {
  const settings: ShopSettings = {
    id: 1,
    name: "Seed",
    email: "owner@seed.test",
    myshopifyDomain: "seed.myshopify.com",
    primaryDomain: "seed.example",
    currencyCode: "EUR",
    plan: "STANDARD",
    partnerDevelopment: false,
    customerAccountsVersion: "CLASSIC",
    customerAccounts: "OPTIONAL",
    customerAccountUrl: null,
    ianaTimezone: "UTC",
    bucketSize: null,
    restoreRate: null,
    paginationLimit: 25_000,
    bulkMinDurationMs: 0,
    latencyMs: 0,
    staffEmails: [],
    protectedCustomerData: "level2",
    createdAt: 0,
  };
  return new ShopStore(settings, new SimClock(NOW));
}

function snapshot(store: ShopStore) {
  return JSON.stringify({
    customers: [...store.customers.values()].map(({ searchText: _s, ...c }) => c),
    orders: [...store.orders.values()],
    discounts: [...store.discounts.values()].map((d) => ({
      ...d,
      usedByCustomerIds: [...d.usedByCustomerIds],
    })),
    segments: [...store.segments.values()],
  });
}

describe("seedShop", () => {
  it("is deterministic: same seed and now give the same shop, another seed another", () => {
    const a = emptyStore();
    const b = emptyStore();
    const c = emptyStore();
    seedShop(a, { seed: 7, customers: 500, now: NOW });
    seedShop(b, { seed: 7, customers: 500, now: NOW });
    seedShop(c, { seed: 8, customers: 500, now: NOW });
    expect(snapshot(a)).toBe(snapshot(b));
    expect(snapshot(a)).not.toBe(snapshot(c));
  });

  it("builds a realistic shop of 2,000 customers by default", () => {
    const store = emptyStore();
    const summary = seedShop(store, { now: NOW });
    const customers = [...store.customers.values()];
    expect(summary.customers).toBe(2000);
    const share = (n: number) => n / customers.length;
    // Most never had an account; some enabled or invited; few declined.
    expect(share(summary.byState.DISABLED)).toBeGreaterThan(0.7);
    expect(share(summary.byState.ENABLED)).toBeGreaterThan(0.08);
    expect(share(summary.byState.INVITED)).toBeGreaterThan(0.03);
    expect(share(summary.byState.DECLINED)).toBeLessThan(0.05);
    expect(share(customers.filter((c) => c.numberOfOrders > 0).length)).toBeGreaterThan(0.2);
    expect(
      share(customers.filter((c) => c.marketingState === "SUBSCRIBED").length),
    ).toBeGreaterThan(0.25);
    expect(customers.some((c) => c.hasActiveSubscription)).toBe(true);
    expect(customers.some((c) => c.pendingDataErasure)).toBe(true);
    expect(customers.some((c) => c.email === null)).toBe(true);
    // Names from the seeds' languages.
    expect(new Set(customers.map((c) => c.locale))).toEqual(new Set(["fr", "sv", "nb", "en"]));
    expect(customers.some((c) => /[åäöø]/i.test(`${c.firstName}${c.lastName}`))).toBe(true);
    // Emails are unique, ids increase with creation time.
    const emails = customers.flatMap((c) => (c.email ? [c.email.toLowerCase()] : []));
    expect(new Set(emails).size).toBe(emails.length);
    for (let i = 1; i < customers.length; i++)
      expect(customers[i]!.createdAt).toBeGreaterThan(customers[i - 1]!.createdAt);
    // Order totals add up to amountSpent.
    for (const c of customers.slice(0, 200)) {
      const total = (c.orderIds ?? []).reduce(
        (sum, id) => sum + store.orders.get(id)!.totalCents,
        0,
      );
      expect(c.amountSpentCents).toBe(total);
      expect(c.numberOfOrders).toBe(c.orderIds?.length ?? 0);
    }
    expect(store.discounts.size).toBe(5);
    expect(store.segments.size).toBe(5);
  });

  it("includes spam sign-ups in bursts, with random names, links and disposable domains", () => {
    const store = emptyStore();
    const summary = seedShop(store, { now: NOW, customers: 3000 });
    const customers = [...store.customers.values()];
    const spam = customers.filter(
      (c) =>
        !c.verifiedEmail &&
        c.numberOfOrders === 0 &&
        /@(mailinator|guerrillamail|10minutemail|yopmail|tempmail|sharklasers|trashmail)\./.test(
          c.email ?? "",
        ),
    );
    expect(summary.spam).toBeGreaterThan(30);
    expect(spam.length).toBeGreaterThan(10);
    expect(customers.some((c) => /^(https?:\/\/|www\.)/.test(c.firstName ?? ""))).toBe(true);
    expect(customers.some((c) => /^[bcdfghjklmnpqrstvwxz]{5,}/.test(c.firstName ?? ""))).toBe(true);
    // A burst: at least 10 sign-ups less than 6 seconds apart.
    let run = 1;
    let longest = 1;
    for (let i = 1; i < customers.length; i++) {
      run = customers[i]!.createdAt - customers[i - 1]!.createdAt <= 5000 ? run + 1 : 1;
      longest = Math.max(longest, run);
    }
    expect(longest).toBeGreaterThanOrEqual(10);
  });

  it("includes valid and invalid US military addresses", () => {
    const store = emptyStore();
    const summary = seedShop(store, { now: NOW, customers: 2000, militaryShare: 0.1 });
    const addresses = [...store.customers.values()].flatMap((c) => c.addresses);
    const military = addresses.filter(
      (a) =>
        ["APO", "FPO", "DPO"].includes(a.city ?? "") ||
        ["AA", "AE", "AP"].includes(a.provinceCode ?? ""),
    );
    const valid = military.filter(
      (a) =>
        ["APO", "FPO", "DPO"].includes(a.city!) &&
        ["AA", "AE", "AP"].includes(a.provinceCode!) &&
        a.countryCode === "US" &&
        /(PSC|UNIT|CMR)\s*\d+.*BOX|\(\w+-\d+\)/i.test(a.address1 ?? ""),
    );
    expect(valid.length).toBe(summary.military.valid);
    expect(military.length - valid.length).toBe(summary.military.invalid);
    expect(summary.military.invalid).toBeGreaterThan(10);
    expect(addresses.some((a) => a.address1 === "USS Ronald Reagan (CVN-76)")).toBe(true);
  });

  it("generates 100,000 customers (with their orders) in a few seconds and well under 200 MB", () => {
    // A real GC between measurements, so garbage from generation is not counted.
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    const store = emptyStore();
    const started = performance.now();
    const summary = seedShop(store, { now: NOW, customers: 100_000 });
    const elapsed = performance.now() - started;
    gc();
    const retainedMb = (process.memoryUsage().heapUsed - before) / 1e6;
    expect(summary.customers).toBe(100_000);
    expect(store.customers.size).toBe(100_000);
    expect(elapsed).toBeLessThan(8000);
    expect(retainedMb).toBeLessThan(150);
  }, 30_000);
});
