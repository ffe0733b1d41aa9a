// orders/create: a new order shipped to a US military address that breaks a
// rule is tagged for review, through the real webhook route (signed
// delivery, queue, worker) and the store simulator's Admin API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import db from "../db/db.server";
import { FEATURES } from "../features.server";
import type { LocalQueue } from "../jobs/local-queue.server";
import { getQueue } from "../jobs/queue.server";
import { taskHandlers } from "../jobs/worker.server";
import { action as ordersCreate } from "../routes/webhooks.orders.create";
import { deleteShopData } from "../shop/shop-data.server";
import type { Address } from "../../test/store/model";
import { expectConsoleWarn } from "../../test/support/console";
import { installApp } from "../../test/support/jobs";
import { routeArgs } from "../../test/support/route-args";
import { useStoreSimulator } from "../../test/support/store-simulator";
import { webhookRequest } from "../../test/support/webhook-request";
import { saveAddressSettings } from "./address-settings.server";

const SHOP = "military-orders.myshopify.com";
const LEVEL1 = "military-orders-l1.myshopify.com";

const BROKEN = {
  address1: "PSC 1234, Box 5678",
  city: "Ramstein",
  provinceCode: "AE",
  countryCode: "US",
  zip: "09012",
};
const VALID = { ...BROKEN, city: "APO" };
const ORDINARY = { address1: "Storgata 5", city: "Oslo", countryCode: "NO", zip: "0155" };

describe("orders/create: military shipping addresses", () => {
  const simulator = useStoreSimulator([
    { domain: SHOP, seed: false },
    { domain: LEVEL1, seed: false, protectedCustomerData: "level1" },
  ]);
  const queue = getQueue() as LocalQueue;
  const work = () => queue.drain(taskHandlers(db, queue, FEATURES), { shops: [SHOP, LEVEL1] });
  let customerId = 0;

  beforeAll(async () => {
    for (const shop of [SHOP, LEVEL1]) await deleteShopData(db, shop);
    await installApp("military-orders");
    await installApp("military-orders-l1");
    customerId = simulator().actions(SHOP).createCustomer({ email: "buyer@example.com" }).id;
  });
  afterAll(async () => {
    for (const shop of [SHOP, LEVEL1]) await deleteShopData(db, shop);
  });

  /** An order placed in the simulated store, and its orders/create payload as Shopify sent it. */
  function placeOrder(shippingAddress: Partial<Address> | null, shop = SHOP, tags: string[] = []) {
    const actions = simulator().actions(shop);
    const buyer = shop === SHOP ? customerId : actions.createCustomer({}).id;
    // No shipping address given: the customer's default, which this buyer has none of.
    const order = actions.placeOrder({
      customerId: buyer,
      ...(shippingAddress ? { shippingAddress } : {}),
      tags,
    });
    const event = simulator()
      .simulator.webhooks.events(shop)
      .filter((e) => e.topic === "orders/create")
      .at(-1)!;
    return { order, payload: event.payload as Record<string, unknown> };
  }

  async function deliver(payload: unknown, shop = SHOP) {
    const response = await ordersCreate(
      routeArgs(webhookRequest({ topic: "orders/create", shop, payload })),
    );
    await work();
    return response.status;
  }

  const tagsOf = (shop: string, id: number) => simulator().shop(shop).orders.get(id)!.tags;

  it("GIVEN an order to a military address that breaks a rule THEN it is tagged for review, its own tags kept", async () => {
    const { order, payload } = placeOrder(BROKEN, SHOP, ["gift"]);
    expect(payload.shipping_address).toMatchObject({ city: "Ramstein", province_code: "AE" });
    expect(await deliver(payload)).toBe(200);
    expect(tagsOf(SHOP, order.id)).toEqual(["gift", "military-address-review"]);
    // Delivered again (Shopify retries): the tag is there once.
    expect(await deliver(payload)).toBe(200);
    expect(tagsOf(SHOP, order.id)).toEqual(["gift", "military-address-review"]);
  });

  it("GIVEN the merchant's own review tag THEN that tag is added", async () => {
    await saveAddressSettings(db, SHOP, { reviewTag: "Check APO" });
    const { order, payload } = placeOrder({ ...BROKEN, zip: "96278" });
    await deliver(payload);
    expect(tagsOf(SHOP, order.id)).toEqual(["Check APO"]);
    await saveAddressSettings(db, SHOP, { reviewTag: "military-address-review" });
  });

  it("GIVEN a valid military address, or an ordinary one THEN the order is left as it is", async () => {
    for (const address of [VALID, ORDINARY]) {
      const { order, payload } = placeOrder(address);
      expect(await deliver(payload)).toBe(200);
      expect(tagsOf(SHOP, order.id)).toEqual([]);
    }
  });

  it("GIVEN an order without a shipping address (null, or no key at all) THEN nothing is asked of Shopify", async () => {
    const { order, payload } = placeOrder(null);
    expect(payload.shipping_address).toBeNull();
    expect(await deliver(payload)).toBe(200);
    const broken = placeOrder(BROKEN);
    const { shipping_address: _dropped, ...without } = broken.payload;
    expect(await deliver(without)).toBe(200);
    expect(tagsOf(SHOP, order.id)).toEqual([]);
    expect(tagsOf(SHOP, broken.order.id)).toEqual([]);
  });

  it("GIVEN a redacted address (every field null), or a payload without level 2 data THEN it is not military and nothing is tagged", async () => {
    const nulls = placeOrder({
      address1: null,
      address2: null,
      city: null,
      provinceCode: null,
      countryCode: null,
      zip: null,
    });
    expect(await deliver(nulls.payload)).toBe(200);
    expect(tagsOf(SHOP, nulls.order.id)).toEqual([]);
    const redacted = placeOrder(BROKEN, LEVEL1);
    expect(redacted.payload.shipping_address).toBeNull();
    expect(await deliver(redacted.payload, LEVEL1)).toBe(200);
    expect(tagsOf(LEVEL1, redacted.order.id)).toEqual([]);
  });

  it("GIVEN a malformed shipping address THEN the delivery is still accepted and handled, read as no address", async () => {
    for (const shipping_address of [
      "not an address",
      42,
      { address1: 12, city: ["APO"], province_code: { code: "AE" }, zip: 9012 },
    ]) {
      const { order, payload } = placeOrder(BROKEN);
      expect(await deliver({ ...payload, shipping_address })).toBe(200);
      expect(tagsOf(SHOP, order.id)).toEqual([]);
    }
    // Without an order id it is not an orders/create payload at all.
    expect(await deliver({ shipping_address: BROKEN })).toBe(400);
  });

  it("GIVEN an order deleted before the delivery is handled THEN Shopify's refusal is logged and the delivery not retried", async () => {
    const { payload } = placeOrder(BROKEN);
    expectConsoleWarn(/not tagged \(id: Order does not exist\)/);
    expect(await deliver({ ...payload, id: 999_999_999 })).toBe(200);
    expect(await db.task.count({ where: { shop: SHOP, status: { in: ["queued", "dead"] } } })).toBe(
      0,
    );
  });
});
