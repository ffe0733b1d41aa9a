// Offer metrics from stored events: the rolling window's edges, cancellations
// and refunds shown apart and net, deleted automations and other shops never
// counted, days zero-filled, and (a property) the days adding up to the totals.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import db from "../db/db.server";
import { automationMetrics, shopMetrics, type OfferMetrics } from "./metrics.server";
import {
  EXPECTED,
  FROM,
  NOW,
  makeAutomation,
  record,
  seedScenario,
} from "../../test/support/offer-metrics-scenario";
import { orderCancelled, orderRefunded } from "./orders.server";

const SHOP = "offer-metrics.myshopify.com";
const OTHER = "offer-metrics-other.myshopify.com";
const DAY = 86_400_000;

const totalsOf = (m: Omit<OfferMetrics, "daily" | "from" | "to" | "days">) => ({
  currencyCode: m.currencyCode,
  issued: m.issued,
  recipients: m.recipients,
  redeemedOrders: m.redeemedOrders,
  salesMinor: m.salesMinor,
  cancelledMinor: m.cancelledMinor,
  refundedMinor: m.refundedMinor,
  netSalesMinor: m.netSalesMinor,
  conversionRate: m.conversionRate,
});

describe("offer metrics", () => {
  let ids: Awaited<ReturnType<typeof seedScenario>>;
  beforeAll(async () => {
    ids = await seedScenario(db, SHOP, OTHER);
  });

  it("GIVEN events around the window's edges WHEN one automation's metrics are read THEN only (now - 30 days, now] counts", async () => {
    const metrics = await automationMetrics(db, SHOP, ids.first, { now: NOW });
    expect(metrics.from).toEqual(FROM);
    expect(metrics.to).toEqual(NOW);
    expect(metrics.days).toBe(30);
    // Issued 30 days + 1 ms ago, exactly 30 days ago and 1 ms in the future: out.
    expect(totalsOf(metrics)).toEqual(EXPECTED.first);
  });

  it("GIVEN a cancelled order and refunds WHEN metrics are read THEN they are shown apart and the net subtracts them, a cancelled order's refund once", async () => {
    const metrics = await automationMetrics(db, SHOP, ids.second, { now: NOW });
    expect(totalsOf(metrics)).toEqual(EXPECTED.second);
    expect(metrics.netSalesMinor).toBe(0);
  });

  it("GIVEN a refund in the window of an order redeemed before it WHEN metrics are read THEN it is not this window's", async () => {
    const metrics = await automationMetrics(db, SHOP, ids.first, { now: NOW });
    expect(metrics.refundedMinor).toBe(1000);
  });

  it("GIVEN the window WHEN the days are listed THEN one row per UTC day, oldest first, zero-filled", async () => {
    const metrics = await automationMetrics(db, SHOP, ids.first, { now: NOW });
    expect(metrics.daily).toHaveLength(31);
    expect(metrics.daily[0]!.day).toBe("2026-05-16");
    expect(metrics.daily.at(-1)!.day).toBe("2026-06-15");
    const nonZero = Object.fromEntries(
      metrics.daily
        .filter(
          (d) => d.issued || d.redeemed || d.salesMinor || d.cancelledMinor || d.refundedMinor,
        )
        .map(({ day, ...figures }) => [day, figures]),
    );
    expect(nonZero).toEqual(EXPECTED.firstDays);
  });

  it("GIVEN an order that used codes of two automations WHEN the shop's metrics are read THEN it is one order overall and each automation has its own figures", async () => {
    const metrics = await shopMetrics(db, SHOP, { now: NOW });
    expect(totalsOf(metrics)).toEqual(EXPECTED.shop);
    expect(Object.keys(metrics.perAutomation).sort()).toEqual([ids.first, ids.second].sort());
    expect(metrics.perAutomation[ids.first]).toEqual(EXPECTED.first);
    expect(metrics.perAutomation[ids.second]).toEqual(EXPECTED.second);
    expect(metrics.daily).toHaveLength(31);
  });

  it("GIVEN a deleted automation, even with an event recorded late WHEN metrics are read THEN its events count nowhere", async () => {
    const gone = await automationMetrics(db, SHOP, ids.gone, { now: NOW });
    expect(gone.issued + gone.redeemedOrders + gone.salesMinor).toBe(0);
    const metrics = await shopMetrics(db, SHOP, { now: NOW });
    expect(metrics.perAutomation[ids.gone]).toBeUndefined();
    expect(metrics.salesMinor).toBe(EXPECTED.shop.salesMinor);
  });

  it("GIVEN another shop's events under the same automation ids WHEN either shop reads THEN neither sees the other's", async () => {
    const theirs = await shopMetrics(db, OTHER, { now: NOW });
    expect(theirs.issued).toBe(1);
    expect(theirs.salesMinor).toBe(123_456);
    const mine = await automationMetrics(db, OTHER, ids.first, { now: NOW });
    // The other shop has no automation with this id.
    expect(mine.issued).toBe(0);
  });

  it("GIVEN an automation with no offers issued WHEN metrics are read THEN the conversion rate is null and the currency unknown", async () => {
    const idle = await makeAutomation(db, SHOP, "Idle");
    const metrics = await automationMetrics(db, SHOP, idle, { now: NOW });
    expect(metrics.conversionRate).toBeNull();
    expect(metrics.currencyCode).toBeNull();
    expect(metrics.daily.every((d) => d.issued === 0 && d.salesMinor === 0)).toBe(true);
    const empty = await shopMetrics(db, "offer-metrics-empty.myshopify.com", { now: NOW });
    expect(empty.conversionRate).toBeNull();
    expect(empty.perAutomation).toEqual({});
    expect(empty.daily).toHaveLength(31);
  });

  it("GIVEN a window of 7 days WHEN metrics are read THEN 8 days touched and the older events out", async () => {
    const metrics = await automationMetrics(db, SHOP, ids.first, { now: NOW, days: 7 });
    expect(metrics.daily.map((d) => d.day)).toEqual([
      "2026-06-08",
      "2026-06-09",
      "2026-06-10",
      "2026-06-11",
      "2026-06-12",
      "2026-06-13",
      "2026-06-14",
      "2026-06-15",
    ]);
    expect(metrics.issued).toBe(1);
    expect(metrics.redeemedOrders).toBe(0);
    await expect(automationMetrics(db, SHOP, ids.first, { days: 0 })).rejects.toThrow(RangeError);
  });

  it("GIVEN any events WHEN metrics are read THEN the daily rows add up to the totals", async () => {
    let run = 0;
    const event = fc.record({
      automation: fc.integer({ min: 0, max: 1 }),
      customer: fc.integer({ min: 0, max: 5 }),
      offsetMs: fc.integer({ min: -40 * DAY, max: DAY }),
      issued: fc.boolean(),
      redeemedMinor: fc.option(fc.integer({ min: 1, max: 100_000 })),
      cancelAfterMs: fc.option(fc.integer({ min: 0, max: 10 * DAY })),
      refunds: fc.array(
        fc.record({
          afterMs: fc.integer({ min: 0, max: 10 * DAY }),
          minor: fc.integer({ min: 1, max: 5000 }),
        }),
        { maxLength: 2 },
      ),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(event, { maxLength: 12 }),
        fc.integer({ min: 1, max: 45 }),
        async (events, days) => {
          const shop = `offer-metrics-prop-${++run}.myshopify.com`;
          const automations = [
            await makeAutomation(db, shop, "A"),
            await makeAutomation(db, shop, "B"),
          ];
          for (const [i, e] of events.entries()) {
            const orderId = `gid://shopify/Order/${i}`;
            const when = new Date(NOW.getTime() + e.offsetMs);
            const automationId = automations[e.automation]!;
            const base = { automationId, orderId, customerId: `c${e.customer}`, at: when };
            if (e.issued) await record(db, shop, { ...base, kind: "issued", amountMinor: 0 });
            if (e.redeemedMinor === null) continue;
            await record(db, shop, { ...base, kind: "redeemed", amountMinor: e.redeemedMinor });
            for (const [n, refund] of e.refunds.entries())
              await orderRefunded(db, shop, {
                refundId: `${orderId}-${n}`,
                orderId,
                amount: (refund.minor / 100).toFixed(2),
                currencyCode: "EUR",
                at: new Date(when.getTime() + refund.afterMs),
              });
            if (e.cancelAfterMs !== null)
              await orderCancelled(db, shop, orderId, new Date(when.getTime() + e.cancelAfterMs));
          }
          for (const metrics of [
            await shopMetrics(db, shop, { now: NOW, days }),
            await automationMetrics(db, shop, automations[0]!, { now: NOW, days }),
          ]) {
            const sum = (
              key: "issued" | "redeemed" | "salesMinor" | "cancelledMinor" | "refundedMinor",
            ) => metrics.daily.reduce((total, d) => total + d[key], 0);
            expect(sum("issued")).toBe(metrics.issued);
            expect(sum("redeemed")).toBe(metrics.redeemedOrders);
            expect(sum("salesMinor")).toBe(metrics.salesMinor);
            expect(sum("cancelledMinor")).toBe(metrics.cancelledMinor);
            expect(sum("refundedMinor")).toBe(metrics.refundedMinor);
            expect(metrics.netSalesMinor).toBe(
              Math.max(0, metrics.salesMinor - metrics.cancelledMinor - metrics.refundedMinor),
            );
            expect(metrics.recipients).toBeLessThanOrEqual(metrics.issued);
            expect(metrics.daily.length).toBeGreaterThanOrEqual(days);
            expect(metrics.daily.length).toBeLessThanOrEqual(days + 1);
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});
