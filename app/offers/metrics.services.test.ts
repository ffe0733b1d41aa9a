// The metrics queries on PostgreSQL (services tier): the same events and the
// same figures as on SQLite, with this process in New York and the database
// session in Kolkata, so a day taken in local time anywhere would show.
import { beforeAll, describe, expect, it } from "vitest";
import db from "../db/db.server";
import { automationMetrics, shopMetrics } from "./metrics.server";
import { EXPECTED, NOW, seedScenario } from "../../test/support/offer-metrics-scenario";

const SHOP = "offer-metrics-pg.myshopify.com";
const OTHER = "offer-metrics-pg-other.myshopify.com";

describe("offer metrics on PostgreSQL", () => {
  let ids: Awaited<ReturnType<typeof seedScenario>>;
  beforeAll(async () => {
    expect(process.env.DATABASE_URL).toMatch(/^postgres/);
    ids = await seedScenario(db, SHOP, OTHER);
  });

  it("GIVEN the scenario's events WHEN one automation's metrics are read THEN the figures and days are SQLite's", async () => {
    const metrics = await automationMetrics(db, SHOP, ids.first, { now: NOW });
    const { daily, from: _from, to: _to, days: _days, ...totals } = metrics;
    expect(totals).toEqual(EXPECTED.first);
    expect(daily).toHaveLength(31);
    expect(daily[0]!.day).toBe("2026-05-16");
    const nonZero = Object.fromEntries(
      daily
        .filter(
          (d) => d.issued || d.redeemed || d.salesMinor || d.cancelledMinor || d.refundedMinor,
        )
        .map(({ day, ...figures }) => [day, figures]),
    );
    expect(nonZero).toEqual(EXPECTED.firstDays);
  });

  it("GIVEN the scenario's events WHEN the shop's metrics are read THEN an order is counted once, deleted automations and the other shop never", async () => {
    const metrics = await shopMetrics(db, SHOP, { now: NOW });
    const { daily, perAutomation, from: _f, to: _t, days: _d, ...totals } = metrics;
    expect(totals).toEqual(EXPECTED.shop);
    expect(perAutomation).toEqual({ [ids.first]: EXPECTED.first, [ids.second]: EXPECTED.second });
    expect(daily.reduce((sum, d) => sum + d.salesMinor, 0)).toBe(EXPECTED.shop.salesMinor);
    const gone = await automationMetrics(db, SHOP, ids.gone, { now: NOW });
    expect(gone.redeemedOrders).toBe(0);
  });
});
