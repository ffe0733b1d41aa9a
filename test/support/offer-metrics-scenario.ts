// One shop's offer events around the edges of a 30-day window, recorded
// through the app's own functions, and the figures they must give. Shared by
// the unit tier (SQLite) and the services tier (PostgreSQL) so both databases
// are held to the same numbers.
import type { Database } from "../../app/db/db.server";
import { deleteAutomation } from "../../app/offers/automations.server";
import { recordOfferEvent, type OfferEventInput } from "../../app/offers/events.server";
import { orderCancelled, orderRefunded } from "../../app/offers/orders.server";

export const NOW = new Date("2026-06-15T12:00:00.000Z");
const DAY = 86_400_000;
export const FROM = new Date(NOW.getTime() - 30 * DAY);
const at = (iso: string) => new Date(iso);
const ms = (date: Date, offset: number) => new Date(date.getTime() + offset);

export async function makeAutomation(db: Database, shop: string, name: string) {
  const automation = await db.offerAutomation.create({
    data: {
      shop,
      name,
      status: "active",
      discountKind: "percentage",
      value: "15",
      currencyCode: "EUR",
      codeMode: "unique",
    },
  });
  return automation.id;
}

export async function record(
  db: Database,
  shop: string,
  event: Omit<OfferEventInput, "offerId" | "sourceId" | "currencyCode"> & {
    sourceId?: string;
  },
) {
  await recordOfferEvent(db, shop, {
    offerId: null,
    sourceId: event.orderId,
    currencyCode: "EUR",
    ...event,
  });
}

const issued = (automationId: string, orderId: string, customerId: string, when: Date) => ({
  automationId,
  kind: "issued" as const,
  orderId,
  customerId,
  amountMinor: 0,
  at: when,
});
const redeemed = (
  automationId: string,
  orderId: string,
  customerId: string,
  amountMinor: number,
  when: Date,
) => ({ automationId, kind: "redeemed" as const, orderId, customerId, amountMinor, at: when });

/**
 * Shop `shop`: automations "first" and "second" (an order used a code of
 * each), "deleted" (deleted, then an event recorded late); `otherShop` has
 * events under the same automation ids.
 */
export async function seedScenario(db: Database, shop: string, otherShop: string) {
  const first = await makeAutomation(db, shop, "First");
  const second = await makeAutomation(db, shop, "Second");
  const gone = await makeAutomation(db, shop, "Deleted");
  const order = (n: string) => `gid://shopify/Order/${shop}-${n}`;
  const events = [
    // Window edges: (now - 30 days, now].
    issued(first, order("edge-in"), "c1", ms(FROM, 1)),
    issued(first, order("edge-from"), "c1", FROM),
    issued(first, order("edge-out"), "c1", ms(FROM, -1)),
    issued(first, order("edge-now"), "c2", NOW),
    issued(first, order("future"), "c2", ms(NOW, 1)),
    // The last millisecond of a day, and the first of the next.
    issued(first, order("late"), "c1", at("2026-06-01T23:59:59.999Z")),
    redeemed(first, order("r1"), "c1", 8000, at("2026-06-02T00:00:00.000Z")),
    // An order that used codes of two automations, then cancelled and refunded.
    redeemed(first, order("r2"), "c2", 5000, at("2026-06-03T10:00:00.000Z")),
    redeemed(second, order("r2"), "c2", 5000, at("2026-06-03T10:00:00.000Z")),
    issued(second, order("s1"), "c3", at("2026-06-03T09:00:00.000Z")),
    // Partly refunded.
    redeemed(first, order("r3"), "c1", 3000, at("2026-06-05T08:00:00.000Z")),
    // Redeemed before the window, refunded in it: not the window's order.
    redeemed(first, order("r4"), "c2", 9999, ms(FROM, -DAY)),
    // The automation to be deleted.
    issued(gone, order("g1"), "c4", at("2026-06-10T10:00:00.000Z")),
    redeemed(gone, order("g2"), "c4", 7000, at("2026-06-10T11:00:00.000Z")),
  ];
  for (const event of events) await record(db, shop, event);
  await orderCancelled(db, shop, order("r2"), at("2026-06-04T09:00:00.000Z"));
  // The cancellation's refund: part of the cancellation, not counted again.
  await orderRefunded(db, shop, {
    refundId: `${shop}-refund-r2`,
    orderId: order("r2"),
    amount: "50.00",
    currencyCode: "EUR",
    at: at("2026-06-04T09:00:01.000Z"),
  });
  await orderRefunded(db, shop, {
    refundId: `${shop}-refund-r3`,
    orderId: order("r3"),
    amount: "10.00",
    currencyCode: "EUR",
    at: at("2026-06-06T08:00:00.000Z"),
  });
  await orderRefunded(db, shop, {
    refundId: `${shop}-refund-r4`,
    orderId: order("r4"),
    amount: "5.00",
    currencyCode: "EUR",
    at: at("2026-06-07T08:00:00.000Z"),
  });
  await deleteAutomation(db, shop, gone);
  // A redemption recorded while the automation was being deleted.
  await record(db, shop, redeemed(gone, order("g3"), "c4", 6000, at("2026-06-11T11:00:00.000Z")));

  // Another shop: its own automation, and events under this shop's ids.
  const theirs = await makeAutomation(db, otherShop, "Theirs");
  for (const automationId of [first, second, theirs]) {
    await record(
      db,
      otherShop,
      issued(automationId, "gid://shopify/Order/x1", "c9", ms(NOW, -DAY)),
    );
    await record(
      db,
      otherShop,
      redeemed(automationId, "gid://shopify/Order/x2", "c9", 123_456, ms(NOW, -DAY)),
    );
  }
  return { first, second, gone };
}

/** What seedScenario must give, with `now: NOW`. */
export const EXPECTED = {
  first: {
    currencyCode: "EUR",
    issued: 3,
    recipients: 2,
    redeemedOrders: 3,
    salesMinor: 16_000,
    cancelledMinor: 5_000,
    refundedMinor: 1_000,
    netSalesMinor: 10_000,
    conversionRate: 1,
  },
  second: {
    currencyCode: "EUR",
    issued: 1,
    recipients: 1,
    redeemedOrders: 1,
    salesMinor: 5_000,
    cancelledMinor: 5_000,
    refundedMinor: 0,
    netSalesMinor: 0,
    conversionRate: 1,
  },
  // The order redeemed through both automations counts once.
  shop: {
    currencyCode: "EUR",
    issued: 4,
    recipients: 3,
    redeemedOrders: 3,
    salesMinor: 16_000,
    cancelledMinor: 5_000,
    refundedMinor: 1_000,
    netSalesMinor: 10_000,
    conversionRate: 0.75,
  },
  /** The first automation's days that are not all zero. */
  firstDays: {
    "2026-05-16": { issued: 1, redeemed: 0, salesMinor: 0, cancelledMinor: 0, refundedMinor: 0 },
    "2026-06-01": { issued: 1, redeemed: 0, salesMinor: 0, cancelledMinor: 0, refundedMinor: 0 },
    "2026-06-02": { issued: 0, redeemed: 1, salesMinor: 8000, cancelledMinor: 0, refundedMinor: 0 },
    "2026-06-03": {
      issued: 0,
      redeemed: 1,
      salesMinor: 5000,
      cancelledMinor: 5000,
      refundedMinor: 0,
    },
    "2026-06-05": {
      issued: 0,
      redeemed: 1,
      salesMinor: 3000,
      cancelledMinor: 0,
      refundedMinor: 1000,
    },
    "2026-06-15": { issued: 1, redeemed: 0, salesMinor: 0, cancelledMinor: 0, refundedMinor: 0 },
  } as Record<string, object>,
};
